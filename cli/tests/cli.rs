//! Runs the real `sockbind` binary.

use std::process::Output;

mod common;
use common::{run, run_bytes};

/// The one stderr line: printable (no control character but the final newline), short.
fn stderr_line(o: &Output) -> String {
    let s = String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8");
    assert!(s.ends_with('\n'), "{s:?}");
    let line = &s[..s.len() - 1];
    assert!(
        !line.chars().any(char::is_control),
        "control character on stderr: {line:?}"
    );
    assert!(!line.contains('\u{2028}'), "{line:?}");
    assert!(line.len() <= 1000, "{} bytes on stderr", line.len());
    assert!(!s.contains("panicked"), "{s}");
    line.to_string()
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

#[test]
fn hostile_keys_and_values_give_one_escaped_short_line() {
    for (stdin, needle) in [
        (
            "{\"platform\":\"windows-7\",\"sockets\":[{\"address\":\"1.2.3.4\\n\\u001b[2J\\u0000\\u007f\",\"port\":1}]}",
            r#"sockets[0].address = "1.2.3.4\n\u{1b}[2J\u{0}\u{7f}""#,
        ),
        (
            "{\"platform\":\"windows-7\",\"sock\\nets\\u001b\":[]}",
            r"unknown field `sock\nets\u{1b}`",
        ),
        (
            "{\"platform\":\"windows-7\",\"sockets\":[{\"address\":\"0.0.0.0\",\"port\":1,\"account\":\"\\u2028\\u202e\"}]}",
            r#"sockets[0].account = "\u{2028}\u{202e}""#,
        ),
    ] {
        let o = run(&["decide"], stdin);
        assert_eq!(o.status.code(), Some(2));
        let line = stderr_line(&o);
        assert!(line.contains(needle), "{line}");
    }
    // A long value is echoed shortened, with its size.
    let long = "9".repeat(500_000);
    let o = run(
        &["decide"],
        &format!(r#"{{"platform":"windows-7","sockets":[{{"address":"{long}","port":1}}]}}"#),
    );
    let line = stderr_line(&o);
    assert!(line.contains("… (500000 bytes)"), "{line}");
    let o = run(
        &["decide"],
        &format!(r#"{{"platform":"windows-7","sockets":[{{"{long}":1}}]}}"#),
    );
    stderr_line(&o);
    // Clap's messages too (clap drops the escape sequence; the line break becomes a space).
    let o = run(&["table", "--platform", "x\n\u{1b}[31mred\u{7}"], "");
    let line = stderr_line(&o);
    assert!(line.contains("'x"), "{line}");
    let o = run(&["table", "--platform", &"y".repeat(100_000)], "");
    stderr_line(&o);
}

#[test]
fn a_50_mb_input_gives_one_short_line_without_reading_it_all() {
    let big = format!(
        r#"{{"platform":"windows-7","sockets":[{{"address":"{}","port":1}}]}}"#,
        "x".repeat(50_000_000)
    );
    let o = run_bytes(&["decide"], big.into_bytes());
    assert_eq!(o.status.code(), Some(2));
    let line = stderr_line(&o);
    assert!(line.contains("larger than 1048576 bytes"), "{line}");
}

#[test]
fn exactly_one_object_is_read() {
    for (stdin, needle) in [
        (format!("{EXAMPLE} extra"), "text after the scenario object"),
        (
            format!("{EXAMPLE}\n{EXAMPLE}"),
            "text after the scenario object (line 2, column 1)",
        ),
        (format!("[{EXAMPLE}]"), "found an array"),
    ] {
        let o = run(&["decide"], &stdin);
        assert_eq!(o.status.code(), Some(2), "{stdin}");
        let line = stderr_line(&o);
        assert!(line.contains(needle), "{line}");
    }
}

#[test]
fn files_with_a_byte_order_mark_or_in_utf16_are_read() {
    let dir = std::env::temp_dir().join(format!("sockbind-enc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plain = run(&["decide"], EXAMPLE);
    assert!(plain.status.success());
    let encodings: [(&str, Vec<u8>); 3] = [
        (
            "bom.json",
            [&[0xEF, 0xBB, 0xBF][..], EXAMPLE.as_bytes()].concat(),
        ),
        (
            // What Windows PowerShell 5 writes for `... > scenario.json`.
            "utf16le.json",
            [0xFF, 0xFE]
                .into_iter()
                .chain(EXAMPLE.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
        ),
        (
            "utf16be.json",
            [0xFE, 0xFF]
                .into_iter()
                .chain(EXAMPLE.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        ),
    ];
    for (name, bytes) in encodings {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap();
        let o = run(&["decide", path.to_str().unwrap()], "");
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(o.stdout, plain.stdout, "{name}");
        let o = run_bytes(&["decide"], bytes);
        assert_eq!(o.stdout, plain.stdout, "{name} on stdin");
    }
    let o = run_bytes(&["decide"], b"{\"platform\":\"windows-7\xff\"}".to_vec());
    let line = stderr_line(&o);
    assert!(
        line.contains("not UTF-8 text (byte 0xff at offset 22)"),
        "{line}"
    );
}

#[test]
fn cost_is_bounded_for_the_issues_worst_case() {
    // One UDP socket with 40,000 groups and 255 sends: refused at once by the group limit.
    let groups: Vec<String> = (0..40_000)
        .map(|i| format!("\"239.0.{}.{}\"", i / 256 % 256, i % 256))
        .collect();
    let steps = vec![r#"{"op":"send","to":"239.0.0.1"}"#; 255].join(",");
    let json = format!(
        r#"{{"platform":"windows-7","protocol":"udp","sockets":[{{"address":"0.0.0.0","port":1,"groups":[{}]}}],"steps":[{{"op":"bind","socket":0}},{steps}]}}"#,
        groups.join(",")
    );
    let t = std::time::Instant::now();
    let o = run(&["decide"], &json);
    assert!(t.elapsed().as_secs() < 10);
    assert!(stderr_line(&o).contains("too many groups; at most 8 per socket"));
    // Within the limits: 8 groups and 255 sends print what changed, not 256 tables.
    let groups: Vec<String> = (0..8).map(|g| format!("\"239.0.0.{g}\"")).collect();
    let json = format!(
        r#"{{"platform":"windows-7","protocol":"udp","sockets":[{{"address":"0.0.0.0","port":1,"groups":[{}]}}],"steps":[{{"op":"bind","socket":0}},{steps}]}}"#,
        groups.join(",")
    );
    let o = run(&["decide"], &json);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], 2);
    assert_eq!(v["timeline"].as_array().unwrap().len(), 256);
    assert_eq!(v["timeline"][0]["changes"]["added"][0]["socket"], 0);
    assert!(v["timeline"][1].get("port_table").is_none());
    assert!(o.stdout.len() < 1_000_000, "{} bytes", o.stdout.len());
}

#[test]
fn decide_accepts_runtime_presets_and_names_the_known_ones_for_an_unknown_one() {
    // golang/go#45150 with presets alone: both Go listeners bind.
    let o = run(
        &["decide"],
        r#"{"platform":"windows-7","sockets":[{"preset":"go-listen-tcp4","port":8080},{"preset":"go-listen","port":8080}]}"#,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["binds"][1]["result"], "success");
    assert_eq!(v["presets"][1]["preset"], "go-listen");
    assert_eq!(v["presets"][1]["overridden"], serde_json::json!([]));
    // An unknown preset: one line naming the field, the value and every known preset.
    let o = run(
        &["decide"],
        r#"{"platform":"windows-7","sockets":[{"preset":"node","port":80}]}"#,
    );
    assert_eq!(o.status.code(), Some(2));
    let line = stderr_line(&o);
    assert!(
        line.starts_with(r#"error: sockets[0].preset = "node": not a runtime preset; known presets: node-listen, "#),
        "{line}"
    );
    for id in sockbind_core::Preset::IDS {
        assert!(line.contains(id), "{line}");
    }
}

/// The README's "Runtime presets" table is `sockbind presets` verbatim, so the preset facts
/// have one home (`core/src/presets.rs`); regenerate it with `cargo run -p sockbind-cli --
/// presets` when the table changes.
#[test]
fn the_readme_presets_table_is_the_presets_command_output() {
    let out = run(&["presets"], "");
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        table.lines().count(),
        2 + sockbind_core::presets::PRESETS.len()
    );
    assert_eq!(
        common::readme_block("presets"),
        table.trim_end(),
        "README's presets table differs: paste `cargo run -p sockbind-cli -- presets` between the marks"
    );
}

/// The README's "The rules" table is `sockbind rules` verbatim, so each rule's facts have one
/// home (`core/src/rules.rs` and the English catalog); regenerate it with `cargo run -p
/// sockbind-cli -- rules` when a rule changes.
#[test]
fn the_readme_rules_table_is_the_rules_command_output() {
    let out = run(&["rules"], "");
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8(out.stdout).unwrap();
    // Two tables: a header, its rule, and one row per rule, each naming the rule's id and its
    // explanation; the bind rules, then the traffic rules.
    let (binds, traffic) = table.split_once("\n\n").expect("two tables");
    assert_eq!(binds.lines().count(), 2 + sockbind_core::Rule::ALL.len());
    assert_eq!(
        traffic.lines().count(),
        2 + sockbind_core::DeliveryRule::ALL.len()
    );
    for (line, rule) in traffic
        .lines()
        .skip(2)
        .zip(sockbind_core::DeliveryRule::ALL)
    {
        let why = sockbind_core::text::message(
            sockbind_core::text::Lang::En,
            &rule.explanation_key(),
            &[],
        );
        assert_eq!(*line, format!("| `{}` | {why} |", rule.id()));
    }
    for (line, rule) in binds.lines().skip(2).zip(sockbind_core::Rule::ALL) {
        assert!(line.starts_with(&format!("| `{}` |", rule.id())), "{line}");
        let why = sockbind_core::text::message(
            sockbind_core::text::Lang::En,
            rule.explanation_key(),
            &[],
        );
        assert!(line.ends_with(&format!("| {why} |")), "{line}");
    }
    assert_eq!(
        common::readme_block("rules"),
        table.trim_end(),
        "README's rules table differs: paste `cargo run -p sockbind-cli -- rules` between the marks"
    );
}

/// Output that cannot be written (a full disk) is one error line and exit code 1, not a
/// silent success.
#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_is_an_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sockbind"))
        .arg("rules")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: could not write the output: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}
