//! `sockbind probe` on a system other than Windows: one line and exit code 2 without `--emit`;
//! `--emit` prints the programs; bad `--map`/`--url` are one-line errors. (The Windows runner
//! itself is tested under Wine by scripts/wine-test.sh.)

use std::process::Output;

mod common;
use common::run;

const EXAMPLE: &str = r#"{"platform":"windows-7","sockets":[{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150},{"address":"10.0.0.1","port":5150}]}"#;

fn one_error_line(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(e.trim_end().lines().count(), 1, "{e}");
    e
}

#[cfg(not(windows))]
#[test]
fn probe_elsewhere_exits_2_saying_it_runs_only_on_windows() {
    let o = run(&["probe"], EXAMPLE);
    let e = one_error_line(&o);
    assert!(e.contains("runs only on Windows"), "{e}");
    assert!(o.stdout.is_empty());
    let o = run(&["probe", "--matrix"], "");
    assert!(one_error_line(&o).contains("runs only on Windows"));
}

#[test]
fn emit_prints_a_program_for_the_scenario_in_each_language() {
    for (lang, needle) in [
        ("c", "int main(void)"),
        ("csharp", "public static string Run()"),
        ("python", "def main():"),
        ("powershell", "Add-Type -TypeDefinition $source"),
    ] {
        let o = run(&["probe", "--emit", lang], EXAMPLE);
        assert!(
            o.status.success(),
            "{lang}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(text.contains(needle), "{lang}");
        // 10.0.0.1 is bound on the default loopback alias.
        assert!(text.contains("127.0.0.2"), "{lang}");
    }
    let o = run(
        &["probe", "--emit", "c", "--map", "10.0.0.1=192.168.7.7"],
        EXAMPLE,
    );
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("\"192.168.7.7\"") && !text.contains("\"127.0.0.2\""));
}

#[test]
fn emit_matrix_has_every_runnable_case_and_lists_the_rest() {
    let o = run(&["probe", "--matrix", "--emit", "c"], "");
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(text.matches("static void case_").count(), 102);
    assert!(text.contains("different-account-ipv4/default/wildcard/default/wildcard"));
}

#[test]
fn bad_map_and_url_are_one_line_errors() {
    let e = one_error_line(&run(
        &["probe", "--emit", "c", "--map", "10.0.0.1"],
        EXAMPLE,
    ));
    assert!(e.contains("--map"), "{e}");
    let e = one_error_line(&run(
        &[
            "probe",
            "--emit",
            "c",
            "--url",
            "https://x/?v=1&platform=windows-99",
        ],
        "",
    ));
    assert!(e.contains("--url"), "{e}");
    let e = one_error_line(&run(&["probe", "--emit", "c"], "{"));
    assert!(e.starts_with("error:"), "{e}");
}

#[test]
fn emit_reads_links() {
    let o = run(
        &["probe", "--emit", "python", "--url", "https://x/?v=1&platform=windows-7&s0.opt=SO_REUSEADDR&s0.addr=0.0.0.0&s1.opt=SO_REUSEADDR&s1.addr=0.0.0.0"],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("add_opt(0, 1)") && text.contains("add_opt(1, 1)"));
}
