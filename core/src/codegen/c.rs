//! The scenario as a C program using Winsock (`x86_64-w64-mingw32-gcc prog.c -lws2_32`, or
//! `cl prog.c ws2_32.lib`). The runtime is `core/src/codegen/runtime.c`.

use super::{quote, render_calls, CaseCalls};

/// The fixed part of every generated C program: the step semantics of [`crate::probe`].
pub const RUNTIME: &str = include_str!("runtime.c");

/// A C program running `cases` (their runtime calls, [`super::calls`]) in order and printing one
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
            "\n/* {} */\nstatic void case_{i}(void) {{\n",
            id.replace("*/", "* /")
        ));
        out.push_str(&render_calls(calls, "  ", ";", false, "LL"));
        out.push_str("}\n");
    }
    out.push_str("\nint main(void) {\n  WSADATA wsa;\n  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) { fprintf(stderr, \"WSAStartup failed\\n\"); return 2; }\n");
    out.push_str(&format!(
        "  print_system({}, {});\n",
        quote(tool, false),
        quote(platform, false)
    ));
    for i in 0..cases.len() {
        out.push_str(&format!("  case_{i}();\n"));
    }
    out.push_str(&format!(
        "  finish({});\n  WSACleanup();\n  return 0;\n}}\n",
        quote(not_run_json, false)
    ));
    out
}
