//! Committed results from real Windows as evidence, on invented fixtures
//! (`core/tests/fixtures/windows-results/`: clearly marked, never real evidence, read through
//! the same public loader as the committed files and used only inside
//! `windows_results::with_results`, so nothing of them is compiled into the product).

use sockbind_core::evidence::{Evidence, WINE_TEST_REUSEADDR};
use sockbind_core::windows_results::{
    bundled, observe, parse, with_results, Machine, MachineResults, PairKey, BUNDLED,
};
use sockbind_core::*;

const A: &str = include_str!("fixtures/windows-results/fixture-a.json");
const B: &str = include_str!("fixtures/windows-results/fixture-b.json");
const C: &str = include_str!("fixtures/windows-results/fixture-c.json");
const WINE: &str = include_str!("fixtures/windows-results/fixture-wine.json");

fn fixture(name: &str) -> MachineResults {
    let text = match name {
        "fixture-a" => A,
        "fixture-b" => B,
        "fixture-c" => C,
        _ => unreachable!(),
    };
    parse(name, text).unwrap()
}

fn b(socket: usize, opt: OptionState, addr: &str) -> Binding {
    Binding::new(
        socket,
        opt,
        LocalAddress::parse(addr, "a").unwrap(),
        5150,
        Protocol::Tcp,
        "user-a",
    )
}

fn pair(platform: Platform, first: OptionState, second: OptionState) -> PairOutcome {
    decide_pair(platform, &b(0, first, "0.0.0.0"), &b(1, second, "0.0.0.0"))
}

fn ids(sources: &[Source]) -> Vec<&str> {
    sources.iter().map(|s| s.id).collect()
}

const LINGERING: &str = r#"{"platform":"windows-7","sockets":[
    {"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150},
    {"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150}],
    "steps":[{"op":"bind","socket":0},{"op":"listen","socket":0},
    {"op":"close","socket":0,"lingering":true},{"op":"bind","socket":1}]}"#;

use OptionState::{Default as D, ExclusiveAddrUse as X, ReuseAddr as R};

#[test]
fn without_machine_files_the_public_ladder_answers() {
    // The bundled set is empty (no real Windows results yet), and an empty set changes nothing.
    assert!(BUNDLED.is_empty());
    let public = pair(Platform::Windows7, X, D);
    assert_eq!(public.evidence, Evidence::Disputed);
    assert_eq!(
        with_results(vec![], || pair(Platform::Windows7, X, D)),
        public
    );
}

#[test]
fn a_machine_that_agrees_makes_the_answer_tested_and_is_cited_by_file() {
    let before = pair(Platform::Windows7, R, R);
    assert_eq!(before.evidence, Evidence::Documented);
    let (wild, shared) = with_results(vec![fixture("fixture-a")], || {
        (
            pair(Platform::Windows7, X, D),
            pair(Platform::Windows7, R, R),
        )
    });
    // The article's answer, disputed only by Wine, is settled by a test on Windows.
    assert_eq!(wild.result, BindResult::AddrInUse);
    assert_eq!(wild.evidence, Evidence::TestedOnWindows);
    assert!(wild.alternatives.is_empty());
    assert_eq!(
        ids(&wild.sources),
        ["article-enhanced", "windows-results/fixture-a"]
    );
    assert_eq!(shared.result, BindResult::Success);
    assert_eq!(shared.evidence, Evidence::TestedOnWindows);
    // Cited by file and machine in the verdict JSON.
    let v = with_results(vec![fixture("fixture-a")], || {
        decide_json(
            r#"{"platform":"windows-7","sockets":[{"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":5150},{"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":5150}]}"#,
        )
        .unwrap()
    });
    let json = serde_json::to_string(&v).unwrap();
    assert!(
        json.contains("core/data/windows-results/fixture-a.json (sockbind probe on Windows 10.0 build 22631, 2026-11-30)"),
        "{json}"
    );
    assert!(json.contains(r#""evidence":"tested-on-windows""#), "{json}");
    // Only for the platform the machine's version maps to: Windows 10 says nothing about XP.
    let xp = with_results(vec![fixture("fixture-a")], || {
        pair(Platform::WindowsXp, R, R)
    });
    assert_eq!(xp, pair(Platform::WindowsXp, R, R));
}

#[test]
fn machines_that_disagree_with_each_other_are_shown_as_disputed() {
    let o = with_results(vec![fixture("fixture-a"), fixture("fixture-b")], || {
        pair(Platform::Windows7, X, D)
    });
    assert_eq!(o.result, BindResult::AddrInUse);
    assert_eq!(o.evidence, Evidence::Disputed);
    assert!(ids(&o.sources).contains(&"windows-results/fixture-a"));
    let alt = o
        .alternatives
        .iter()
        .find(|a| a.id == "windows-results")
        .expect("the other machine is an alternative");
    assert_eq!(alt.result, BindResult::Access);
    assert_eq!(alt.evidence, Evidence::TestedOnWindows);
    assert_eq!(ids(&alt.sources), ["windows-results/fixture-b"]);
    assert!(!alt.note.is_empty());
}

#[test]
fn a_machine_against_the_public_test_is_disputed_not_overruled() {
    let public = pair(Platform::Windows7, D, D);
    assert_eq!(public.evidence, Evidence::TestedOnWindows);
    assert!(public.sources.contains(&WINE_TEST_REUSEADDR));
    let o = with_results(vec![fixture("fixture-c")], || {
        pair(Platform::Windows7, D, D)
    });
    assert_eq!(
        o.result,
        BindResult::AddrInUse,
        "the public test's answer stays"
    );
    assert_eq!(o.evidence, Evidence::Disputed);
    assert!(o.sources.contains(&WINE_TEST_REUSEADDR));
    assert_eq!(o.alternatives.len(), 1);
    assert_eq!(o.alternatives[0].result, BindResult::Success);
    assert_eq!(
        ids(&o.alternatives[0].sources),
        ["windows-results/fixture-c"]
    );
}

#[test]
fn a_machine_settles_the_lingering_rebind() {
    let before = decide_json(LINGERING).unwrap();
    let after = with_results(vec![fixture("fixture-c")], || {
        decide_json(LINGERING).unwrap()
    });
    let last = |v: &Verdict| v.binds.last().unwrap().clone();
    assert_eq!(last(&before).evidence, Evidence::Reports);
    assert_eq!(last(&after).result, BindResult::Success);
    assert_eq!(last(&after).evidence, Evidence::TestedOnWindows);
    assert!(ids(&last(&after).sources).contains(&"windows-results/fixture-c"));
    // On the platforms before Windows 7 the article still decides (the machine runs Windows 11).
    let vista = LINGERING.replace("windows-7", "windows-vista");
    let v = with_results(vec![fixture("fixture-c")], || decide_json(&vista).unwrap());
    assert_eq!(last(&v).evidence, Evidence::Disputed);
}

#[test]
fn observations_are_keyed_by_pair_platform_and_bind_call() {
    let machines: Vec<Machine> = Vec::new();
    let k = PairKey::of_bindings(&b(0, X, "0.0.0.0"), &b(1, D, "0.0.0.0")).unwrap();
    assert!(observe(&machines, Platform::Windows7, k).is_none());
    // Two different specific addresses are not the probed pair; neither are two accounts.
    assert!(PairKey::of_bindings(&b(0, D, "127.0.0.1"), &b(1, D, "127.0.0.2")).is_none());
    let other = Binding {
        account: "user-b".into(),
        ..b(1, D, "0.0.0.0")
    };
    assert!(PairKey::of_bindings(&b(0, D, "0.0.0.0"), &other).is_none());
    let three = r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1},{"address":"0.0.0.0","port":1},{"address":"0.0.0.0","port":1}]}"#;
    assert!(PairKey::of(&parse_scenario(three).unwrap()).is_none());
}

#[test]
fn wine_output_and_malformed_files_are_refused() {
    let e = parse("fixture-wine", WINE).unwrap_err();
    assert!(e.reason.contains("Wine"), "{e}");
    assert!(e.field.contains("system.wine"), "{e}");
    assert!(parse("x", "{}").is_err());
    let no_date = A.replace(r#""date": "2026-11-30""#, r#""date": null"#);
    assert_ne!(no_date, A);
    assert!(parse("x", &no_date)
        .unwrap_err()
        .reason
        .contains("YYYY-MM-DD"));
    let bad_date = A.replace("2026-11-30", "30.11.2026");
    assert!(parse("x", &bad_date)
        .unwrap_err()
        .reason
        .contains("YYYY-MM-DD"));
    let newer = A.replacen("\"version\": 1", "\"version\": 2", 1);
    assert!(parse("x", &newer).is_err());
    let no_build = A.replace("22631", "0");
    assert!(parse("x", &no_build).is_err());
    // A step that is not its scenario's (another socket, past the timeline) is never cited.
    let other_socket = A.replacen(
        "\"step\": 1,\n     \"op\": {\n      \"op\": \"bind\",\n      \"socket\": 1",
        "\"step\": 1,\n     \"op\": {\n      \"op\": \"bind\",\n      \"socket\": 7",
        1,
    );
    let past_end = A.replacen("\"step\": 1,", "\"step\": 9,", 1);
    for bad in [other_socket, past_end] {
        assert_ne!(bad, A);
        let e = parse("x", &bad).unwrap_err();
        assert!(e.field.ends_with("cases[0].steps[1]"), "{e}");
        assert!(e.reason.contains("not compared"), "{e}");
    }
    for bad_name in ["", "Fixture A", "../a", "a.json"] {
        assert!(parse(bad_name, A).is_err(), "{bad_name:?}");
    }
}

#[test]
fn the_bundled_files_read() {
    // No real Windows results are committed yet; whatever is committed must read (and a
    // file from Wine or without a date fails here, before it reaches the page).
    bundled().unwrap();
}
