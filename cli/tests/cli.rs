//! Runs the real `sockbind` binary.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sockbind"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stderr_line(o: &Output) -> String {
    let s = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(
        s.trim_end().lines().count(),
        1,
        "one line on stderr, got: {s}"
    );
    assert!(!s.contains("panicked"), "{s}");
    s
}

const EXAMPLE: &str = r#"{"platform":"windows-7","protocol":"tcp","sockets":[{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150,"account":"user-a"},{"options":[],"address":"10.0.0.1","port":5150,"account":"user-b","admin":true}]}"#;

#[test]
fn decide_reads_stdin_and_prints_the_verdict() {
    let o = run(&["decide"], EXAMPLE);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["binds"][1]["result"], "WSAEACCES");
    assert_eq!(v["binds"][1]["code"], 10013);
    assert_eq!(v["binds"][1]["blocked_by"], 0);
    assert_eq!(v["binds"][1]["table"]["row"], "exclusiveaddruse/wildcard");
    assert_eq!(v["binds"][1]["table"]["column"], "default/specific");
}

#[test]
fn decide_reads_a_file() {
    let dir = std::env::temp_dir().join(format!("sockbind-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.json");
    std::fs::write(&path, EXAMPLE).unwrap();
    let o = run(&["decide", path.to_str().unwrap()], "");
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["binds"][0]["result"], "success");
}

#[test]
fn table_markdown_matches_the_article_for_every_platform_and_accounts() {
    let doc: serde_json::Value = serde_json::from_str(sockbind_core::tables::TABLES_JSON).unwrap();
    for &p in sockbind_core::Platform::ALL {
        for accounts in ["same", "different"] {
            let o = run(
                &[
                    "table",
                    "--platform",
                    p.id(),
                    "--accounts",
                    accounts,
                    "--format",
                    "json",
                ],
                "",
            );
            assert!(o.status.success());
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            let id = sockbind_core::decision::table_for_choice(p, accounts)
                .unwrap()
                .id();
            assert_eq!(v[id], doc[id], "{} {accounts}", p.id());
        }
    }
    let o = run(
        &[
            "table",
            "--platform",
            "windows-7",
            "--accounts",
            "different",
        ],
        "",
    );
    let md = String::from_utf8(o.stdout).unwrap();
    assert!(
        md.contains(
            "| SO_EXCLUSIVEADDRUSE Wildcard | INUSE | ACCESS | ACCESS | ACCESS | INUSE | ACCESS |"
        ),
        "{md}"
    );
    assert!(md.contains("Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE"));
}

#[test]
fn bad_input_gives_one_line_and_exit_2() {
    for (args, stdin, needle) in [
        (vec!["decide"], "{not json", "input"),
        (
            vec!["decide"],
            r#"{"platform":"windows-7","sockets":[{"address":"10.0.0.999","port":1}]}"#,
            "sockets[0].address = \"10.0.0.999\"",
        ),
        (
            vec!["decide"],
            r#"{"platform":"windows-12","sockets":[]}"#,
            "platform",
        ),
        (
            vec!["decide", "/nonexistent/x.json"],
            "",
            "/nonexistent/x.json",
        ),
        (vec!["table", "--platform", "windows-11"], "", "windows-11"),
        (
            vec!["table", "--platform", "windows-7", "--accounts", "both"],
            "",
            "both",
        ),
        (
            vec!["table", "--platform", "windows-7", "--format", "html"],
            "",
            "html",
        ),
        (vec!["bogus"], "", "bogus"),
    ] {
        let o = run(&args, stdin);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let line = stderr_line(&o);
        assert!(line.contains(needle), "{args:?}: {line}");
    }
}

#[test]
fn decide_accepts_timeline_and_dual_stack_and_prints_evidence() {
    let scenario = r#"{"platform":"windows-7","sockets":[
        {"options":["SO_EXCLUSIVEADDRUSE"],"address":"::","port":5000,"dual_stack":true},
        {"address":"0.0.0.0","port":5000}],
      "steps":[{"op":"bind","socket":0},{"op":"listen","socket":0},{"op":"bind","socket":1},
               {"op":"send","to":"127.0.0.1","port":5000},{"op":"close","socket":0}]}"#;
    let o = run(&["decide"], scenario);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let b = &v["binds"][1];
    assert_eq!(b["result"], "WSAEACCES");
    assert_eq!(b["documented"], "WSAEADDRINUSE");
    assert_eq!(b["evidence"], "tested-on-windows");
    assert!(b["sources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s.as_str().unwrap().contains("dlls/ws2_32/tests/sock.c")));
    assert_eq!(v["timeline"].as_array().unwrap().len(), 5);
    assert_eq!(v["timeline"][3]["outcome"]["kind"], "send");
    assert_eq!(v["timeline"][3]["outcome"]["result"]["sockets"][0], 0);
}

#[test]
fn clap_errors_keep_the_missing_argument_and_possible_values_on_one_line() {
    let o = run(&["table"], "");
    assert!(stderr_line(&o).contains("--platform"));
    let o = run(&["table", "--platform", "windows-7", "--format", "csv"], "");
    assert!(stderr_line(&o).contains("markdown, json"));
}
