//! The scenario as a C program using Winsock (`x86_64-w64-mingw32-gcc prog.c -lws2_32`, or
//! `cl prog.c ws2_32.lib`). The runtime is `core/src/codegen/runtime.c`.

use super::{quote, render_calls, CaseCalls};
use crate::platform::Platform;
use crate::probe::{CasePlan, NotRunCase};

/// The fixed part of every generated C program: the step semantics of [`crate::probe`].
pub const RUNTIME: &str = include_str!("runtime.c");

/// A C program running `plans` in order and printing one probe result (`tool` names the
/// program in the output; `platform` is the model platform the embedded answers are for).
pub fn program(
    tool: &str,
    plans: &[CasePlan],
    not_run: &[NotRunCase],
    platform: Platform,
) -> String {
    super::from_plans(program_from_calls, tool, plans, not_run, platform)
}

/// The same program from the cases' runtime calls ([`super::calls`]), the not-run cases as
/// JSON and the model platform's id (what the generator module `gen/` builds from).
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

/// A C program for one scenario's plan.
pub fn scenario_program(plan: &CasePlan) -> String {
    program(
        "sockbind-generated-c",
        std::slice::from_ref(plan),
        &[],
        plan.model_platform,
    )
}
