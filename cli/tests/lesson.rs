//! `sockbind lesson check|show` and `sockbind drill`, and drills checked against
//! `sockbind decide`.

use sockbind_core::drill::drill;
use sockbind_core::lesson::{course, Lesson};
use sockbind_core::predict::Choice;
use sockbind_core::{BindResult, Platform};
use std::ffi::OsString;

mod common;

fn run(args: &[&str], stdin: &str) -> sockbind_cli::Outcome {
    let args: Vec<OsString> = std::iter::once("sockbind")
        .chain(args.iter().copied())
        .map(OsString::from)
        .collect();
    sockbind_cli::run(args, &mut stdin.as_bytes())
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sockbind-lesson-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The answer `sockbind decide` gives for step `step` of `scenario` (its verdict JSON).
fn decide_answer(scenario: &sockbind_core::Scenario, step: usize) -> Choice {
    let json = serde_json::to_string(scenario).unwrap();
    let o = run(&["decide"], &json);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let outcome = &v["timeline"][step]["outcome"];
    assert_eq!(outcome["kind"], "call", "{outcome}");
    let r = BindResult::from_name(outcome["result"].as_str().unwrap(), "result").unwrap();
    // The bind asked is the second of the verdict's binds too.
    assert_eq!(v["binds"][1]["result"], outcome["result"]);
    Choice::from_result(r)
}

#[test]
fn drills_ask_well_formed_questions_whose_answer_matches_decide() {
    let subsets: [&[Platform]; 4] = [
        &[],
        &[Platform::WindowsXp],
        &[Platform::Windows7, Platform::WindowsServer2003],
        &[Platform::Windows95, Platform::WindowsVista],
    ];
    let mut seen = std::collections::BTreeSet::new();
    for seed in [0u64, 1, 42, 2026, u64::MAX] {
        for platforms in subsets {
            let qs = drill(seed, 20, platforms);
            assert_eq!(qs.len(), 20);
            for q in &qs {
                // Well-formed: two sockets, default timeline, the second bind asked, on a
                // platform the learner picked, and valid.
                assert_eq!(q.scenario.sockets.len(), 2);
                assert!(q.scenario.steps.is_none());
                assert_eq!(q.ask, 1);
                assert!(platforms.is_empty() || platforms.contains(&q.scenario.platform));
                q.scenario.validate().unwrap();
                let a = q.answer().unwrap();
                assert!(q.choices().contains(&a.best));
                assert_eq!(a.best, decide_answer(&q.scenario, q.ask), "{}", q.link());
                seen.insert(a.best);
                // The link replays the same scenario.
                let l = Lesson::parse(&format!(
                    r#"{{"version":1,"title":"t","questions":[{{"scenario":"{}"}}]}}"#,
                    q.link()
                ))
                .unwrap();
                assert_eq!(l.questions[0].scenario, q.scenario);
            }
        }
    }
    // Drills are not all one answer.
    for c in [Choice::Success, Choice::AddrInUse, Choice::Access] {
        assert!(seen.contains(&c), "no drill question answers {c}");
    }
}

#[test]
fn drill_prints_links_the_same_for_the_same_seed() {
    let a = run(&["drill", "--seed", "7", "--count", "20"], "");
    assert_eq!(a.code, 0, "{}", a.stderr);
    let lines: Vec<&str> = a.stdout.lines().collect();
    assert_eq!(lines.len(), 20);
    assert!(lines.iter().all(|l| l.starts_with("?v=1&platform=")));
    assert_eq!(
        run(&["drill", "--seed", "7", "--count", "20"], "").stdout,
        a.stdout
    );
    let qs = drill(7, 20, &[]);
    for (l, q) in lines.iter().zip(&qs) {
        assert_eq!(*l, q.link());
    }
    let with = run(
        &[
            "drill",
            "--seed",
            "7",
            "--count",
            "5",
            "--platform",
            "windows-xp,windows-7",
            "--answers",
        ],
        "",
    );
    assert_eq!(with.code, 0, "{}", with.stderr);
    for (line, q) in
        with.stdout
            .lines()
            .zip(drill(7, 5, &[Platform::WindowsXp, Platform::Windows7]))
    {
        let (link, answer) = line.split_once('\t').unwrap();
        assert_eq!(link, q.link());
        assert_eq!(answer, q.answer().unwrap().best.id());
    }
    let lesson = run(&["drill", "--seed", "3", "--count", "4", "--lesson"], "");
    let l = Lesson::parse(&lesson.stdout).unwrap();
    assert_eq!(l.questions.len(), 4);
    let bad = run(&["drill", "--seed", "3", "--platform", "windows-12"], "");
    assert_eq!(bad.code, 2);
    assert_eq!(bad.stderr.lines().count(), 1, "{}", bad.stderr);
    assert!(bad.stderr.contains("windows-12"));
    let zero = run(&["drill", "--seed", "3", "--count", "0"], "");
    assert_eq!(zero.code, 2);
}

#[test]
fn lesson_check_summarises_a_good_file() {
    let p = temp_file("course.json", sockbind_core::lesson::COURSE_JSON);
    let o = run(&["lesson", "check", p.to_str().unwrap()], "");
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.starts_with("ok: "), "{}", o.stdout);
    assert!(o.stdout.contains("14 questions"), "{}", o.stdout);
    assert!(o.stdout.contains("14 in both en and zh-TW"), "{}", o.stdout);
    // stdin too.
    let o = run(&["lesson", "check"], sockbind_core::lesson::EXAMPLES_JSON);
    assert_eq!(o.code, 0, "{}", o.stderr);
}

#[test]
fn lesson_check_prints_one_line_per_error_and_exits_2() {
    let text = r#"{"version":1,"title":"t","questions":[
        {"scenario":"?v=1&platform=windows-7"},
        {"scenario":"?v=1&s0.addr=10.0.0.300"},
        {"scenario":{"platform":"windows-7","sockets":[{"address":"::","port":"x"}]}},
        {"scenario":"?v=1&platform=windows-7","ask":9}
    ]}"#;
    let p = temp_file("bad.json", text);
    let o = run(&["lesson", "check", p.to_str().unwrap()], "");
    assert_eq!(o.code, 2);
    assert!(o.stdout.is_empty());
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", o.stderr);
    assert!(lines[0].starts_with("error: questions[1].scenario = \"s0.addr=10.0.0.300\""));
    assert!(lines[1].starts_with("error: questions[2].scenario.sockets[0].port"));
    assert!(lines[2].starts_with("error: questions[3].ask = 9: no such step"));
    let o = run(&["lesson", "check"], "{");
    assert_eq!(o.code, 2);
    assert_eq!(o.stderr.lines().count(), 1);
    assert!(o.stderr.contains("not JSON"), "{}", o.stderr);
    let o = run(&["lesson", "check", "/no/such/file.json"], "");
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("cannot be read"), "{}", o.stderr);
}

#[test]
fn lesson_show_prints_questions_with_computed_answers() {
    let o = run(&["lesson", "show", "--builtin", "course"], "");
    assert_eq!(o.code, 0, "{}", o.stderr);
    let c = course();
    assert!(o
        .stdout
        .starts_with(&format!("# {}", c.title.en.as_deref().unwrap())));
    for (i, q) in c.questions.iter().enumerate() {
        assert!(o
            .stdout
            .contains(&format!("\n{}. ({})", i + 1, q.id.as_deref().unwrap())));
    }
    assert_eq!(o.stdout.matches("\n   Answer: ").count(), c.questions.len());
    assert_eq!(
        o.stdout.matches("\n   What to notice: ").count(),
        c.questions.len()
    );
    assert!(o.stdout.contains("The article says: WSAEADDRINUSE"));
    assert!(
        o.stdout.contains("\n     2. bind socket 1   ← ?\n"),
        "{}",
        o.stdout
    );
    let handout = run(
        &["lesson", "show", "--builtin", "course", "--questions-only"],
        "",
    );
    assert!(!handout.stdout.contains("Answer:"));
    assert!(!handout.stdout.contains("What to notice:"));
    assert!(handout.stdout.contains("Choices: 1) "));
    let zh = run(
        &["lesson", "show", "--builtin", "course", "--lang", "zh-TW"],
        "",
    );
    assert!(zh.stdout.contains("通訊端"), "{}", zh.stdout);
    // Labels come from the zh-TW catalog too.
    for label in ["答案: ", "值得注意: ", "選項: ", "步驟:"] {
        assert!(zh.stdout.contains(label), "{label}");
    }
    let json = run(&["lesson", "show", "--builtin", "examples", "--json"], "");
    assert_eq!(
        &Lesson::parse(&json.stdout).unwrap(),
        sockbind_core::lesson::examples_lesson()
    );
}

#[test]
fn the_binary_exits_2_on_a_bad_lesson() {
    let o = common::run(&["lesson", "check"], r#"{"version":3}"#);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(
        err,
        "error: version = 3: not a version this reader reads (it reads 1)\n"
    );
}

/// Each problem is one English line: several in one question, a repeated key, a version
/// given as a string; past [`MAX_ERRORS`] the last line counts the rest.
#[test]
fn lesson_check_reports_every_problem_in_plain_lines() {
    let text = r#"{"version":"1","title":"t","title":"u","questions":[]}"#;
    let o = run(&["lesson", "check"], text);
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        "error: title: this key appears twice in the same object; give each field once\n"
    );
    let text = r#"{"version":"1","title":"t","questions":[{"scenario":"?v=1&platform=windows-7","ask":0,"hint":5}]}"#;
    let o = run(&["lesson", "check"], text);
    assert_eq!(
        o.stderr.lines().collect::<Vec<_>>(),
        [
            r#"error: version: must be the number 1 (no quotes), not "1""#,
            "error: questions[0].hint = 5: expected texts per language (en, zh-TW) or one string",
            "error: questions[0].ask = 0: steps are counted from 1 (the first step is 1)",
        ]
    );
    let many = ["{}"; 25].join(",");
    let o = run(
        &["lesson", "check"],
        &format!(r#"{{"version":1,"title":"t","questions":[{many}]}}"#),
    );
    let lines: Vec<&str> = o.stderr.lines().collect();
    // One problem per line, then a line of its own saying how many were not listed.
    assert_eq!(
        lines.len(),
        sockbind_core::lesson::MAX_ERRORS + 1,
        "{}",
        o.stderr
    );
    assert!(
        lines[..lines.len() - 1]
            .iter()
            .all(|l| !l.contains("not listed")),
        "{}",
        o.stderr
    );
    assert_eq!(
        lines[lines.len() - 1],
        "error: lesson: … and 5 more problems, not listed",
        "{}",
        o.stderr
    );
}

/// A file over 1 MiB (more than the CLI reads) is refused with the lesson limit, not the
/// scenario JSON's; so is one between the two limits.
#[test]
fn lesson_check_names_the_lesson_size_limit() {
    let limit = sockbind_core::lesson::MAX_LESSON_BYTES;
    for size in [limit + 10, 2 * 1024 * 1024] {
        let big = format!(r#"{{"version":1,"title":"{}"}}"#, "x".repeat(size));
        let p = temp_file("big.json", &big);
        let o = run(&["lesson", "check", p.to_str().unwrap()], "");
        assert_eq!(o.code, 2);
        assert_eq!(
            o.stderr,
            format!(
                "error: input: a lesson file holds at most {limit} bytes; this one is larger\n"
            ),
            "{size}"
        );
    }
}

#[test]
fn a_drill_printed_as_a_lesson_keeps_to_the_lesson_limit() {
    let o = common::run(&["drill", "--seed", "7", "--count", "101", "--lesson"], "");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.starts_with("error: --count = 101: a lesson file holds at most 100 questions"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    let o = common::run(&["drill", "--seed", "7", "--count", "100", "--lesson"], "");
    assert_eq!(o.status.code(), Some(0));
    let l = Lesson::parse(&String::from_utf8(o.stdout).unwrap()).expect("a valid lesson");
    assert_eq!(l.questions.len(), 100);
}
