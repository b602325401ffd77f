//! The scenario as a Python 3 program (the `socket` module; no third-party packages). The
//! runtime is `core/src/codegen/runtime.py`.

use super::{quote, render_calls, CaseCalls};

/// The fixed part of every generated Python program: the step semantics of [`crate::probe`].
pub const RUNTIME: &str = include_str!("runtime.py");

/// A Python program running `cases` (their runtime calls, [`super::calls`]) in order and printing one
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
            "\n\ndef case_{i}():\n    # {}\n",
            id.replace('\n', " ")
        ));
        out.push_str(&render_calls(calls, "    ", "", true, ""));
    }
    out.push_str(&format!(
        "\n\ndef main():\n    report = system({}, {})\n",
        quote(tool, true),
        quote(platform, true)
    ));
    for i in 0..cases.len() {
        out.push_str(&format!("    case_{i}()\n"));
    }
    out.push_str(&format!(
        "    finish(report, {})\n\n\nif __name__ == \"__main__\":\n    main()\n",
        quote(not_run_json, true)
    ));
    out
}
