//! The scenario as a C# program (.NET `System.Net.Sockets.Socket`; C# 5 syntax so Windows
//! PowerShell 5.1 can compile it too). The runtime is `core/src/codegen/runtime.cs`.

use super::{quote, render_calls, CaseCalls};

/// The fixed part of every generated C# program (the class is left open for the cases).
pub const RUNTIME: &str = include_str!("runtime.cs");

/// A C# program running `cases` (their runtime calls, [`super::calls`]) in order and printing one
/// probe result naming `tool`, with the not-run cases as JSON and the model platform's id
/// (see [`super::Language::program`]).
pub fn program_from_calls(
    tool: &str,
    cases: &[CaseCalls],
    not_run_json: &str,
    platform: &str,
) -> String {
    let mut out = String::from(RUNTIME);
    for (i, (id, calls)) in cases.iter().enumerate() {
        out.push_str(&format!(
            "\n    // {}\n    static void case_{i}()\n    {{\n",
            id.replace('\n', " ")
        ));
        out.push_str(&render_calls(calls, "        ", ";", true, "L"));
        out.push_str("    }\n");
    }
    out.push_str(&format!(
        "\n    public static string Run()\n    {{\n        system({}, {});\n",
        quote(tool, true),
        quote(platform, true)
    ));
    for i in 0..cases.len() {
        out.push_str(&format!("        case_{i}();\n"));
    }
    out.push_str(&format!(
        "        finish({});\n        return Out.ToString();\n    }}\n\n    public static void Main()\n    {{\n        Console.Write(Run());\n    }}\n}}\n",
        quote(not_run_json, true)
    ));
    out
}
