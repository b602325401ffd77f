//! The scenario as a C# program (.NET `System.Net.Sockets.Socket`; C# 5 syntax so Windows
//! PowerShell 5.1 can compile it too). The runtime is `core/src/codegen/runtime.cs`.

use super::{calls, not_run_json, quote, render_calls};
use crate::platform::Platform;
use crate::probe::{CasePlan, NotRunCase};

/// The fixed part of every generated C# program (the class is left open for the cases).
pub const RUNTIME: &str = include_str!("runtime.cs");

/// The C# source: the runtime, one method per case, `Run()` returning the JSON and `Main`
/// printing it. `tool` names the program in the output; `platform` is the model platform.
pub fn program(
    tool: &str,
    plans: &[CasePlan],
    not_run: &[NotRunCase],
    platform: Platform,
) -> String {
    let mut out = String::from(RUNTIME);
    for (i, plan) in plans.iter().enumerate() {
        out.push_str(&format!(
            "\n    // {}\n    static void case_{i}()\n    {{\n",
            plan.id.replace('\n', " ")
        ));
        out.push_str(&render_calls(&calls(plan), "        ", ";", true, "L"));
        out.push_str("    }\n");
    }
    out.push_str(&format!(
        "\n    public static string Run()\n    {{\n        system({}, {});\n",
        quote(tool, true),
        quote(platform.id(), true)
    ));
    for i in 0..plans.len() {
        out.push_str(&format!("        case_{i}();\n"));
    }
    out.push_str(&format!(
        "        finish({});\n        return Out.ToString();\n    }}\n\n    public static void Main()\n    {{\n        Console.Write(Run());\n    }}\n}}\n",
        quote(&not_run_json(not_run), true)
    ));
    out
}
