//! Lesson files, the built-in course, the classroom examples and grading
//! (`core/src/lesson.rs`, `core/src/predict.rs`).

use proptest::prelude::*;
use sockbind_core::lesson::{
    self, course, decode_lesson, encode_lesson, examples_lesson, query_pairs, Lesson, Why,
    MAX_ERRORS, MAX_LESSON_BYTES, MAX_QUESTIONS,
};
use sockbind_core::predict::{self, AnswerRule, AskError, AskKind, Choice};
use sockbind_core::share::from_query;
use sockbind_core::text::{message, Lang};
use sockbind_core::{examples, parse_scenario, BindResult, DeliveryRule, Platform, Rule};
use std::collections::BTreeSet;

fn err(text: &str) -> String {
    match Lesson::parse(text) {
        Ok(_) => panic!("parsed: {text}"),
        Err(e) => e.to_string(),
    }
}

fn one(q: &str) -> String {
    format!(r#"{{"version":1,"title":"t","questions":[{q}]}}"#)
}

const HIJACK: &str = "?v=1&platform=windows-xp&s0.opt=none&s0.addr=0.0.0.0&s1.opt=SO_REUSEADDR&s1.addr=10.0.0.1&s1.user=user-b";

#[test]
fn a_minimal_lesson_parses_and_its_answer_is_computed() {
    let l = Lesson::parse(&one(&format!(r#"{{"scenario":"{HIJACK}"}}"#))).unwrap();
    assert_eq!(l.questions.len(), 1);
    let q = &l.questions[0];
    assert_eq!(q.ask, 1, "default: the last step");
    assert!(!q.ask_given);
    let a = q.answer().unwrap();
    assert_eq!(a.kind, AskKind::Call);
    assert_eq!(a.best, Choice::Success);
    assert_eq!(a.rule, AnswerRule::Call(Rule::LegacyReuseForcesShare));
    assert_eq!(a.explanation_key(), "rule-legacy-reuse-forces-share");
    assert!(a.table.is_some());
    assert_eq!(q.choices(), Choice::CALL_CHOICES.to_vec());
    assert_eq!(
        l.title.get(Lang::ZhTw),
        "t",
        "a plain string serves every language"
    );
}

#[test]
fn the_scenario_may_be_json_and_a_full_link() {
    let json = r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":5150},{"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":5150}]}"#;
    let l = Lesson::parse(&one(&format!(r#"{{"scenario":{json}}}"#))).unwrap();
    assert_eq!(l.questions[0].scenario, parse_scenario(json).unwrap());
    assert_eq!(l.questions[0].answer().unwrap().best, Choice::Access);
    let full = format!("https://example.org/sockbind/{HIJACK}#top");
    let l2 = Lesson::parse(&one(&format!(r#"{{"scenario":"{full}"}}"#))).unwrap();
    let l3 = Lesson::parse(&one(&format!(r#"{{"scenario":"{HIJACK}"}}"#))).unwrap();
    assert_eq!(l2, l3);
    // Percent-encoded values, as a browser copies them.
    let enc = HIJACK.replace("0.0.0.0", "0%2E0%2E0%2E0");
    let l4 = Lesson::parse(&one(&format!(r#"{{"scenario":"{enc}"}}"#))).unwrap();
    assert_eq!(l4, l3);
}

#[test]
fn errors_name_the_field() {
    let cases: Vec<(String, &str)> = vec![
        ("not json".into(), "not JSON"),
        ("[1]".into(), "expected a lesson object"),
        (r#"{"title":"t","questions":[]}"#.into(), "version"),
        (
            r#"{"version":2,"title":"t","questions":[]}"#.into(),
            "version = 2:",
        ),
        (r#"{"version":1,"questions":[]}"#.into(), "title"),
        (
            r#"{"version":1,"title":"t","questions":[],"extra":1}"#.into(),
            "extra",
        ),
        (
            r#"{"version":1,"title":{"fr":"x"},"questions":[]}"#.into(),
            "title.fr",
        ),
        (r#"{"version":1,"title":{},"questions":[]}"#.into(), "title"),
        (
            r#"{"version":1,"title":"t","questions":[]}"#.into(),
            "questions",
        ),
        (
            r#"{"version":1,"title":"t","questions":{}}"#.into(),
            "questions",
        ),
        (one("1"), "questions[0]"),
        (one("{}"), "questions[0].scenario"),
        (one(r#"{"scenario":"v=1"}"#), "questions[0].scenario"),
        (
            one(r#"{"scenario":"?v=1&s0.addr=10.0.0.300"}"#),
            "questions[0].scenario = \"s0.addr=10.0.0.300\"",
        ),
        (
            one(
                r#"{"scenario":{"platform":"windows-7","sockets":[{"address":"10.0.0.300","port":1}]}}"#,
            ),
            "questions[0].scenario.sockets[0].address",
        ),
        (
            one(
                r#"{"scenario":{"platform":"windows-7","sockets":[{"address":"::","port":1}],"nope":1}}"#,
            ),
            "unknown field",
        ),
        (
            one(&format!(r#"{{"scenario":"{HIJACK}","ask":3}}"#)),
            "questions[0].ask = 3: no such step; the timeline's steps are 1 to 2",
        ),
        (
            one(&format!(r#"{{"scenario":"{HIJACK}","ask":0}}"#)),
            "questions[0].ask = 0: steps are counted from 1",
        ),
        (
            one(&format!(r#"{{"scenario":"{HIJACK}","ask":-1}}"#)),
            "questions[0].ask",
        ),
        (
            one(&format!(r#"{{"scenario":"{HIJACK}","ask":"last"}}"#)),
            "questions[0].ask",
        ),
        (
            one(&format!(
                r#"{{"scenario":"{HIJACK}&steps=bind~0,close~0","ask":2}}"#
            )),
            "questions[0].ask = 2: step 2 is a close, which has nothing to predict",
        ),
        (
            one(&format!(
                r#"{{"scenario":"{HIJACK}&steps=close~0,expire~0"}}"#
            )),
            "questions[0].scenario.steps: no step has anything to predict",
        ),
        (
            one(&format!(r#"{{"scenario":"{HIJACK}","id":"Bad Id"}}"#)),
            "questions[0].id",
        ),
        (
            one(&format!(r#"{{"scenario":"{HIJACK}","hint":5}}"#)),
            "questions[0].hint",
        ),
        (
            one(&format!(r#"{{"scenario":"{HIJACK}","note":{{"en":""}}}}"#)),
            "questions[0].note.en",
        ),
        (
            one(&format!(
                r#"{{"scenario":"{HIJACK}","note":{{"en":"a\u0007b"}}}}"#
            )),
            "control character",
        ),
        (
            one(&format!(r#"{{"scenario":"{HIJACK}","answer":"success"}}"#)),
            "questions[0].answer",
        ),
    ];
    for (text, want) in cases {
        let e = err(&text);
        assert!(e.contains(want), "{text}\n  gave: {e}\n  want: {want}");
        assert!(!e.contains('\n'));
    }
}

#[test]
fn every_question_is_checked_and_ids_are_unique() {
    let q = format!(r#"{{"id":"a","scenario":"{HIJACK}"}}"#);
    let text = format!(
        r#"{{"version":1,"title":"t","questions":[{q},{{"scenario":"?s0.addr=x"}},{q},{{}}]}}"#
    );
    let e = Lesson::parse(&text).unwrap_err();
    let fields: Vec<&str> = e.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "questions[1].scenario",
            "questions[2].id",
            "questions[3].scenario"
        ]
    );
    // At most MAX_ERRORS lines; the last says how many more there were.
    let many = ["{}"; 30].join(",");
    let e = Lesson::parse(&format!(
        r#"{{"version":1,"title":"t","questions":[{many}]}}"#
    ))
    .unwrap_err();
    assert_eq!(e.errors.len(), MAX_ERRORS);
    assert_eq!(e.more, 10);
    let lines = e.lines(Lang::En);
    assert_eq!(lines.len(), MAX_ERRORS + 1);
    assert_eq!(lines[MAX_ERRORS], "… and 10 more problems, not listed");
    assert_eq!(e.lines(Lang::ZhTw)[MAX_ERRORS], "…… 另有 10 個問題未列出");
}

/// A question with several bad fields reports each of them, not only the first; so does the
/// lesson's own top level.
#[test]
fn every_bad_field_of_a_question_is_reported() {
    let e = Lesson::parse(&one(
        r#"{"id":"Bad Id","scenario":"?v=1&s0.addr=10.0.0.300","ask":0,"hint":5,"note":{"en":"","zh-TW":7},"x":1}"#,
    ))
    .unwrap_err();
    let fields: Vec<&str> = e.errors.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "questions[0].x",
            "questions[0].id",
            "questions[0].hint",
            "questions[0].note.en",
            "questions[0].note.zh-TW",
            "questions[0].ask",
            "questions[0].scenario",
        ]
    );
    let e = Lesson::parse(r#"{"version":"1","title":{},"questions":[]}"#).unwrap_err();
    let whys: Vec<Why> = e.errors.iter().map(|p| p.why).collect();
    assert_eq!(
        whys,
        [
            Why::VersionNotNumber,
            Why::TextsNeedLanguage,
            Why::NoQuestions
        ]
    );
    // Another version's file is not read further.
    let e = Lesson::parse(r#"{"version":2,"title":{},"questions":[]}"#).unwrap_err();
    assert_eq!(e.errors.len(), 1);
    assert_eq!(e.first().why, Why::VersionUnknown);
}

/// A key given twice in one object is refused, naming the key's path (a plain JSON reader
/// keeps the last one silently).
#[test]
fn a_key_given_twice_is_refused_naming_it() {
    let e = Lesson::parse(r#"{"version":1,"title":"a","title":"b","questions":[]}"#).unwrap_err();
    assert_eq!(e.errors.len(), 1);
    assert_eq!(e.first().why, Why::DuplicateKey);
    assert_eq!(
        e.to_string(),
        "title: this key appears twice in the same object; give each field once"
    );
    let nested = one(&format!(
        r#"{{"scenario":"{HIJACK}","note":{{"en":"a","en":"b"}}}}"#
    ));
    let e = Lesson::parse(&nested).unwrap_err();
    assert_eq!(e.first().field, "questions[0].note.en");
    let in_json = one(
        r#"{"scenario":{"platform":"windows-7","sockets":[{"address":"::","port":1,"port":2}]}}"#,
    );
    let e = Lesson::parse(&in_json).unwrap_err();
    assert_eq!(e.first().field, "questions[0].scenario.sockets[0].port");
    // Keys only repeated across objects are fine.
    let ok = format!(
        r#"{{"version":1,"title":{{"en":"t"}},"intro":{{"en":"i"}},"questions":[{{"scenario":"{HIJACK}"}},{{"scenario":"{HIJACK}"}}]}}"#
    );
    Lesson::parse(&ok).unwrap();
}

#[test]
fn a_version_written_as_a_string_is_told_to_be_the_number() {
    let e = err(r#"{"version":"1","title":"t","questions":[]}"#);
    assert!(
        e.starts_with(r#"version: must be the number 1 (no quotes), not "1""#),
        "{e}"
    );
    let e = err(r#"{"version":3,"title":"t","questions":[{}]}"#);
    assert!(
        e.starts_with("version = 3: not a version this reader reads (it reads 1)"),
        "{e}"
    );
}

/// Problems carry a reason id and are shown in either language from the catalogs, the link
/// reader's reasons included: no English reason in the zh-TW line.
#[test]
fn problems_read_in_both_languages() {
    let e = Lesson::parse(&format!(
        r#"{{"version":"1","title":{{"fr":"x"}},"questions":[{{"scenario":"?v=1&s0.addr=10.0.0.300","ask":0}},{{"scenario":"{HIJACK}","ask":9}}]}}"#
    ))
    .unwrap_err();
    let zh = e.lines(Lang::ZhTw);
    assert_eq!(
        zh,
        [
            r#"version: 必須是數字 1（不加引號），而不是 "1""#,
            "title.fr: 這裡不是課程檔的欄位；這裡的欄位有 en, zh-TW",
            "questions[0].ask = 0: 步驟從 1 起算（第一個步驟是 1）",
            "questions[0].scenario = \"s0.addr=10.0.0.300\": 無法使用此連結參數：不是 IP 位址",
            "questions[1].ask = 9: 沒有這個步驟；時間軸的步驟是 1 到 2",
        ]
    );
    for line in &zh {
        let reason = line.rsplit_once(": ").map_or(line.as_str(), |(_, r)| r);
        assert!(
            reason.contains(|c: char| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "no zh-TW reason: {line}"
        );
        assert!(
            !reason.contains("cannot") && !reason.contains("expected"),
            "{line}"
        );
    }
    let en = e.lines(Lang::En);
    assert_eq!(
        en[3],
        "questions[0].scenario = \"s0.addr=10.0.0.300\": link parameter cannot be used: not an IP address"
    );
    // A link reason that names what is known says it (no placeable left unfilled).
    let preset = err(&one(&format!(
        r#"{{"scenario":"{HIJACK}&s0.preset=nope"}}"#
    )));
    assert!(
        preset.contains("s0.preset=nope") && !preset.contains("{$"),
        "{preset}"
    );
    // Every reason id has its text in both catalogs.
    for why in Why::ALL {
        for lang in Lang::ALL {
            let t = sockbind_core::text::module_message(lang, &why.key(), &[]);
            assert!(!t.starts_with('⟦'), "{} in {lang:?}", why.key());
        }
    }
    // What the module hands the page reads back whole, in both languages.
    let shown = lesson::decode_problems(&lesson::encode_problems(&e));
    assert_eq!(shown.len(), 5);
    assert!(shown.iter().all(|p| p.names_field));
    assert_eq!(shown[4].get(Lang::ZhTw), zh[4]);
    assert_eq!(shown[4].get(Lang::En), en[4]);
    let whole = Lesson::parse("{").unwrap_err();
    let shown = lesson::decode_problems(&lesson::encode_problems(&whole));
    assert!(!shown[0].names_field, "not JSON names no field");
    assert!(shown[0].get(Lang::ZhTw).starts_with("不是 JSON"));
}

#[test]
fn limits_are_enforced() {
    let big = format!(
        r#"{{"version":1,"title":"{}","questions":[]}}"#,
        "x".repeat(MAX_LESSON_BYTES)
    );
    assert!(err(&big).contains("at most"));
    let qs = vec![format!(r#"{{"scenario":"{HIJACK}"}}"#); MAX_QUESTIONS + 1].join(",");
    assert!(err(&format!(
        r#"{{"version":1,"title":"t","questions":[{qs}]}}"#
    ))
    .contains("too many questions"));
    let long = "x".repeat(lesson::MAX_TEXT_CHARS + 1);
    assert!(err(&one(&format!(
        r#"{{"scenario":"{HIJACK}","note":"{long}"}}"#
    )))
    .contains("questions[0].note"));
    // Nine sockets: scenario JSON allows them, a lesson question (as links) does not.
    let sockets = [r#"{"address":"0.0.0.0","port":1}"#; 9].join(",");
    assert!(err(&one(&format!(
        r#"{{"scenario":{{"platform":"windows-7","sockets":[{sockets}]}}}}"#
    )))
    .contains("questions[0].scenario.sockets = 9:"));
}

#[test]
fn a_lesson_round_trips_through_its_json() {
    for l in [course(), examples_lesson()] {
        let again = Lesson::parse(&l.to_json()).unwrap();
        assert_eq!(&again, l);
        assert_eq!(again.key(), l.key());
        assert!(l.key().starts_with("lesson-") && l.key().len() == 23);
    }
}

#[test]
fn a_changed_lesson_gets_another_key() {
    let mut l = course().clone();
    assert_ne!(l.key(), examples_lesson().key());
    l.questions.pop();
    assert_ne!(l.key(), course().key());
}

#[test]
fn the_course_follows_the_story_with_notes_in_both_languages() {
    let c = course();
    assert!(
        (10..=14).contains(&c.questions.len()),
        "{}",
        c.questions.len()
    );
    let mut rules = BTreeSet::new();
    let mut platforms = BTreeSet::new();
    let mut differs = 0;
    let mut sends = 0;
    for q in &c.questions {
        let id = q.id.as_deref().expect("every course question has an id");
        let note = q.note.as_ref().unwrap_or_else(|| panic!("{id}: a note"));
        assert!(note.has(Lang::En) && note.has(Lang::ZhTw), "{id}");
        assert_ne!(note.get(Lang::En), note.get(Lang::ZhTw), "{id}");
        let a = q.answer().unwrap();
        rules.insert(a.rule.id());
        platforms.insert(q.scenario.platform);
        differs += usize::from(a.documented.is_some());
        sends += usize::from(a.kind == AskKind::Send);
        assert!(q.choices().contains(&a.best), "{id}");
    }
    // The story: hijacking before 2003, the exclusive defence and its price, enhanced socket
    // security, same vs other account, specific under wildcard, dual-stack, lingering, traffic.
    for r in [
        "legacy-reuse-forces-share",
        "legacy-exclusive-refuses-reuse",
        "exclusiveaddruse-admin-only",
        "exclusive-wildcard-needs-free-port",
        "other-user-specific-under-wildcard",
        "same-user-specific-under-wildcard",
        "exclusive-wildcard-guards-port",
        "dual-stack-ipv4-side-unclaimed",
        "exclusive-rebind-after-close",
        "specific-beats-wildcard",
    ] {
        assert!(rules.contains(r), "the course has no question on {r}");
    }
    assert!(platforms.contains(&Platform::WindowsXp));
    assert!(platforms.contains(&Platform::WindowsServer2003));
    assert!(
        differs >= 2,
        "places where current Windows and the article differ"
    );
    assert!(sends >= 2);
    let zh: String = c
        .questions
        .iter()
        .map(|q| q.note.as_ref().unwrap().get(Lang::ZhTw))
        .collect();
    for term in [
        "通訊端",
        "繫結",
        "連接埠",
        "萬用字元位址",
        "特定位址",
        "雙堆疊",
    ] {
        assert!(zh.contains(term), "zh-TW notes use {term}");
    }
}

mod common;

#[test]
fn no_run_of_six_words_of_the_article_is_in_the_lessons() {
    let runs = common::article_runs();
    for l in [course(), examples_lesson()] {
        let mut texts = vec![l.title.get(Lang::En).to_string()];
        texts.extend(l.intro.iter().map(|t| t.get(Lang::En).to_string()));
        for q in &l.questions {
            texts.extend(q.hint.iter().map(|t| t.get(Lang::En).to_string()));
            texts.extend(q.note.iter().map(|t| t.get(Lang::En).to_string()));
        }
        for t in texts {
            if let Some(run) = common::article_run_in(&runs, &t) {
                panic!("copies the article: “{run}”");
            }
        }
    }
}

#[test]
fn the_examples_are_read_from_their_lesson_file() {
    // Which examples there are is checked once, in `edit.rs`; here each one's question.
    let list = examples();
    assert!(!list.is_empty());
    for ex in list {
        let q = examples_lesson().question(ex.id).unwrap();
        assert_eq!(ex.scenario(), q.scenario);
        // The link loads whole, to the same scenario.
        let base = ex.scenario();
        let d = from_query(&query_pairs(ex.query), &base);
        assert!(d.notes.is_empty(), "{}: {:?}", ex.id, d.notes);
        assert_eq!(d.scenario, q.scenario);
        assert!(!message(Lang::En, &ex.title_key(), &[]).starts_with('⟦'));
    }
}

#[test]
fn choice_labels_exist_in_both_languages() {
    let mut all = Choice::CALL_CHOICES.to_vec();
    all.extend([
        Choice::Receiver(1),
        Choice::NoReceiver,
        Choice::CannotTell,
        Choice::EveryMember,
    ]);
    for c in all {
        for lang in Lang::ALL {
            let l = c.label(lang);
            assert!(!l.contains('⟦') && !l.contains("{$"), "{c} {lang:?}: {l}");
        }
    }
    assert_eq!(Choice::Receiver(1).label(Lang::En), "Socket 1 receives it");
}

#[test]
fn grading_says_right_wrong_and_the_articles_answer() {
    let c = course();
    let q = c.question("lingering-restart").unwrap();
    let a = q.answer().unwrap();
    assert_eq!(a.best, Choice::Success);
    assert_eq!(a.result, Some(BindResult::Success));
    assert_eq!(a.documented, Some(Choice::AddrInUse));
    assert_eq!(
        a.documented_rule,
        Some(AnswerRule::Call(Rule::LingeringBlocksExclusiveRebind))
    );
    let right = a.grade(Choice::Success);
    assert!(right.correct && !right.picked_documented);
    let article = a.grade(Choice::AddrInUse);
    assert!(!article.correct && article.picked_documented);
    let wrong = a.grade(Choice::Access);
    assert!(!wrong.correct && !wrong.picked_documented);

    let q = c.question("shared-listeners").unwrap();
    let a = q.answer().unwrap();
    assert_eq!(a.kind, AskKind::Send);
    assert_eq!(a.best, Choice::Receiver(0));
    assert_eq!(a.documented, Some(Choice::CannotTell));
    assert_eq!(
        a.rule,
        AnswerRule::Delivery(DeliveryRule::OldestListenerAccepts)
    );
    assert_eq!(a.explanation_key(), "delivery-oldest-listener-accepts");
    assert_eq!(
        q.choices(),
        [
            Choice::Receiver(0),
            Choice::Receiver(1),
            Choice::NoReceiver,
            Choice::CannotTell
        ]
    );
    let mc = examples_lesson().question("multicast").unwrap();
    // The multicast example asks its last send (unicast): every-member is still offered,
    // as the send before it is to the group.
    let s = &mc.scenario;
    let steps = s.effective_steps();
    let to_group = steps
        .iter()
        .position(
            |st| matches!(st, sockbind_core::StepSpec::Send { to, .. } if to.starts_with("239.")),
        )
        .unwrap();
    let g = predict::answer(s, to_group).unwrap();
    assert_eq!(g.best, Choice::EveryMember);
    assert!(predict::choices(s, to_group).contains(&Choice::EveryMember));
    // Asking a close step, or past the end.
    let l = examples_lesson().question("lingering").unwrap();
    let close = l
        .scenario
        .effective_steps()
        .iter()
        .position(|st| st.op() == "close")
        .unwrap();
    assert!(matches!(
        predict::answer(&l.scenario, close),
        Err(AskError::NothingToPredict { op: "close", .. })
    ));
    assert!(predict::choices(&l.scenario, close).is_empty());
    assert!(matches!(
        predict::answer(&l.scenario, 99),
        Err(AskError::OutOfRange { step: 99, .. })
    ));
}

#[test]
fn the_answer_is_the_verdicts_result_for_every_documented_cell() {
    use sockbind_core::{CellKey, Scenario, TableId};
    for t in TableId::ALL {
        for r in CellKey::all() {
            for c in CellKey::all() {
                let s = Scenario::for_cell(t, r, c);
                let v = s.evaluate().unwrap();
                let a = predict::answer(&s, 1).unwrap();
                assert_eq!(a.best, Choice::from_result(v.binds[1].result));
                assert_eq!(a.rule, AnswerRule::Call(v.binds[1].rule));
                assert_eq!(
                    a.documented,
                    v.binds[1]
                        .documented
                        .map(Choice::from_result)
                        .filter(|d| *d != a.best)
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Arbitrary text never panics; an error is short printable lines naming a field.
    #[test]
    fn any_text_parses_or_fails_cleanly(s in ".{0,400}") {
        check(&s);
    }

    /// Lesson-shaped JSON with mutated parts never panics.
    #[test]
    fn lesson_shaped_input_parses_or_fails_cleanly(
        version in prop_oneof![Just("1".to_string()), "[0-9-]{1,3}", Just("\"1\"".to_string())],
        link in "[?]?[a-z0-9.=&~,:%]{0,120}",
        ask in prop_oneof![Just(String::new()), "[0-9]{1,3}".prop_map(|n| format!(",\"ask\":{n}"))],
        note in ".{0,30}",
    ) {
        let note = serde_json::to_string(&note).unwrap();
        let text = format!(
            r#"{{"version":{version},"title":{{"en":"t"}},"questions":[{{"scenario":"{link}"{ask},"note":{{"zh-TW":{note}}}}}]}}"#
        );
        check(&text);
        let hijack = format!(
            r#"{{"version":1,"title":"t","questions":[{{"scenario":"{HIJACK}{link}"{ask}}}]}}"#
        );
        check(&hijack);
    }
}

fn check(text: &str) {
    common::lesson_check::check_lesson_text(text);
}

#[test]
fn the_readme_example_is_a_valid_lesson() {
    let readme = include_str!("../../README.md");
    let section = readme
        .split("## Lesson files")
        .nth(1)
        .expect("README has a Lesson files section");
    let json = section
        .split("```json\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("an example");
    let l = Lesson::parse(json).unwrap();
    assert_eq!(l.questions.len(), 2);
    assert_eq!(l.questions[0].answer().unwrap().best, Choice::Success);
    assert_eq!(l.questions[1].answer().unwrap().best, Choice::Access);
    assert_eq!(l.title.get(Lang::ZhTw), "繫結基礎");
}

#[test]
fn a_question_needs_a_step_to_ask() {
    use sockbind_core::lesson::Question;
    let mut s = course().questions[0].scenario.clone();
    s.steps = Some(vec![
        sockbind_core::StepSpec::Bind { socket: 0 },
        sockbind_core::StepSpec::Close {
            socket: 0,
            lingering: false,
        },
    ]);
    assert_eq!(Question::new(s.clone(), None).unwrap().ask, 0);
    s.steps = Some(vec![sockbind_core::StepSpec::Close {
        socket: 0,
        lingering: false,
    }]);
    assert!(matches!(
        Question::new(s.clone(), None),
        Err(AskError::NothingToPredict {
            step: 0,
            op: "close"
        })
    ));
    s.steps = Some(vec![]);
    assert!(matches!(
        Question::new(s, None),
        Err(AskError::OutOfRange { step: 0, len: 0 })
    ));
}

#[test]
fn a_link_copied_from_the_page_asks_the_step_it_opens_at() {
    let parse = |q: &str| Lesson::parse(&one(q));
    let l = parse(&format!(
        r#"{{"scenario":"{HIJACK}&step=1&lang=zh-TW&view=presenter"}}"#
    ))
    .unwrap();
    assert_eq!(l.questions[0].ask, 0);
    assert!(l.questions[0].ask_given);
    assert_eq!(Lesson::parse(&l.to_json()).unwrap(), l);
    // `ask` wins over the link's step.
    let l = parse(&format!(r#"{{"scenario":"{HIJACK}&step=1","ask":2}}"#)).unwrap();
    assert_eq!(l.questions[0].ask, 1);
    // A step that cannot be asked is named, with what to do.
    let e = err(&one(&format!(
        r#"{{"scenario":"{HIJACK}&steps=bind~0,close~0&step=2"}}"#
    )));
    assert!(
        e.starts_with("questions[0].scenario = \"step=2\": the link opens at step 2, a close"),
        "{e}"
    );
    // Page parameters are ignored; an unknown one is an error.
    assert!(parse(&format!(
        r#"{{"scenario":"{HIJACK}&predict=1&lesson=x.json&q=3&embed=1&sections=answer,nope"}}"#
    ))
    .is_ok());
    let e = err(&one(&format!(r#"{{"scenario":"{HIJACK}&nope=1"}}"#)));
    assert!(e.contains("nope=1") && e.contains("not a parameter"), "{e}");
}

/// The plain-text form the training module hands the page gives every lesson back whole: the
/// built-in ones, drills, scenarios given as JSON, texts with tabs, newlines and backslashes.
#[test]
fn lessons_survive_the_plain_text_form_the_page_reads() {
    for l in [course(), examples_lesson()] {
        assert_eq!(decode_lesson(&encode_lesson(l)).as_ref(), Ok(l));
    }
    for seed in 0..40 {
        let platforms: &[Platform] = if seed % 2 == 0 {
            &[]
        } else {
            &[Platform::WindowsXp, Platform::Windows7]
        };
        let l = Lesson {
            version: 1,
            title: Default::default(),
            intro: None,
            questions: sockbind_core::drill::drill(seed, 20, platforms),
        };
        assert_eq!(decode_lesson(&encode_lesson(&l)), Ok(l), "seed {seed}");
    }
    let json = r#"{"platform":"windows-7","protocol":"udp","sockets":[{"address":"::","port":5150,"dual_stack":true},{"options":["SO_REUSEADDR"],"address":"10.0.0.1","port":5150,"account":"user-b"}]}"#;
    let text = format!(
        r#"{{"version":1,"title":{{"zh-TW":"a b\\c\nd"}},"intro":"x\\ty","questions":[{{"id":"q-1","scenario":{json},"ask":2,"hint":{{"en":"h\\\\n"}},"note":"n"}}]}}"#
    );
    let mut l = Lesson::parse(&text).unwrap();
    assert_eq!(l.title.zh_tw.as_deref(), Some("a b\\c\nd"));
    l.title.en = Some("tab\there \\t\r".into());
    assert_eq!(decode_lesson(&encode_lesson(&l)), Ok(l));
}

#[test]
fn a_damaged_plain_text_lesson_is_one_line_never_a_panic() {
    let good = encode_lesson(course());
    let bad = [
        String::new(),
        "sockbind-lesson 2\t1".into(),
        "sockbind-lesson 1\t0\n\t\n\t".into(),
        good.replacen("\t", "\\q", 1),
        good.lines().take(5).collect::<Vec<_>>().join("\n"),
        format!("{good}\nmore"),
        good.replace("platform=windows", "platform=os2"),
        good.replace("\t1\t", "\t99\t"),
    ];
    for b in bad {
        let e = decode_lesson(&b).unwrap_err();
        assert!(!e.contains('\n'), "{e}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_plain_text_decodes_or_fails_cleanly(s in "(sockbind-lesson 1\t[0-9]\n)?[a-z?=&.0-9\t\n\\\\-]{0,300}") {
        let _ = decode_lesson(&s);
    }
}
