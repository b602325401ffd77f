//! Golden-file tests for the probe program generators: a fixed scenario (every step kind, a
//! second account, a mapped and an unmappable address, a non-ASCII account name) rendered in C,
//! C#, Python and PowerShell must equal the files under `core/tests/golden/`. Each program
//! starts with its language's fixed runtime (`core/src/codegen/runtime.{c,cs,py}`, a source
//! file of its own, compiled and run by `scripts/wine-test.sh`): the test checks that prefix
//! exactly and the golden file holds what the generator writes after it; the PowerShell
//! golden file holds its wrapper, with the embedded C# program (checked whole) as a marker.
//! `UPDATE_GOLDEN=1 cargo test -p sockbind-core --test codegen` rewrites them after a reviewed
//! change. Compiling and running the programs is `scripts/wine-test.sh`'s job.

use sockbind_core::codegen::{c, case_calls, csharp, not_run_json, python, Language};
use sockbind_core::probe::{plan, CasePlan};
use sockbind_core::{parse_scenario, Platform};
use std::path::PathBuf;

/// The golden scenario's program in `lang`.
fn program(lang: Language) -> String {
    let p = golden_plan();
    lang.program(std::slice::from_ref(&p), &[], p.model_platform)
}

fn golden_plan() -> CasePlan {
    let s = parse_scenario(include_str!("golden/scenario.json")).unwrap();
    plan("scenario", "scenario", &s, Platform::Windows7, &[]).unwrap()
}

/// Compares `text` with the golden file `name`: `text` must start with `runtime` exactly, and
/// the rest must equal the file.
fn check(name: &str, runtime: &str, text: &str) {
    let text = text
        .strip_prefix(runtime)
        .unwrap_or_else(|| panic!("{name} does not start with its runtime"));
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1 once)", path.display()));
    if want != text {
        let line = want
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(text.lines().count()));
        panic!("{name} differs from the golden file from line {}", line + 1);
    }
}

#[test]
fn c_program_matches_golden() {
    check("probe.c", c::RUNTIME, &program(Language::C));
}

#[test]
fn csharp_program_matches_golden() {
    check("probe.cs", csharp::RUNTIME, &program(Language::Csharp));
}

#[test]
fn python_program_matches_golden() {
    check("probe.py", python::RUNTIME, &program(Language::Python));
}

#[test]
fn powershell_program_matches_golden() {
    let p = golden_plan();
    let cs = Language::Csharp.program_from_calls(
        &Language::Powershell.tool(),
        &case_calls(std::slice::from_ref(&p)),
        &not_run_json(&[]),
        p.model_platform.id(),
    );
    let ps1 = program(Language::Powershell);
    assert_eq!(
        ps1.matches(&cs).count(),
        1,
        "the script embeds the C# program whole"
    );
    check(
        "probe.ps1",
        "",
        &ps1.replacen(&cs, "<csharp::program>\n", 1),
    );
}

#[test]
fn programs_carry_each_step_and_its_model_answer() {
    let p = golden_plan();
    let text = program(Language::Python);
    // Every step appears once, run or not run, with its model answer embedded.
    for st in &p.steps {
        let needle = format!("({}, ", st.step);
        assert!(text.contains(&needle), "step {} missing", st.step);
    }
    assert!(
        text.contains("not_run(2, "),
        "second account's bind is not run"
    );
    assert!(
        text.contains("not_run(7, "),
        "the second unmappable IPv6 address is not run"
    );
    assert!(
        text.contains(r#"def_sock(3, 1, 0, "::1", 0)"#),
        "the first other IPv6 address maps onto ::1"
    );
    assert!(
        text.contains(r#""127.0.0.2""#),
        "10.0.0.1 maps onto 127.0.0.2"
    );
    assert!(text.contains(r#"us\u00e9r-b"#), "non-ASCII text is escaped");
}
