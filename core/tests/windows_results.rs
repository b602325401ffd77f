//! The loader for committed results from real Windows, on invented fixtures
//! (`core/tests/fixtures/windows-results/`, never real evidence): agreeing machines make a pair
//! tested on Windows, disagreeing ones make it disputed, Wine output is refused.

use sockbind_core::evidence::Evidence;
use sockbind_core::windows_results::{bundled, observe, parse, PairKey};
use sockbind_core::{parse_scenario, Platform};

const A: &str = include_str!("fixtures/windows-results/fixture-a.json");
const B: &str = include_str!("fixtures/windows-results/fixture-b.json");
const WINE: &str = include_str!("fixtures/windows-results/fixture-wine.json");

fn pair(json: &str) -> PairKey {
    PairKey::of(&parse_scenario(json).unwrap()).unwrap()
}

#[test]
fn agreeing_machines_count_as_tested_and_disagreeing_ones_as_disputed() {
    let results = vec![parse("a", A).unwrap(), parse("b", B).unwrap()];
    let shared = pair(
        r#"{"platform":"windows-7","sockets":[{"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":1},{"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":1}]}"#,
    );
    let o = observe(&results, Platform::Windows7, shared).unwrap();
    assert_eq!(o.evidence, Evidence::TestedOnWindows);
    assert_eq!(o.observed.len(), 2);
    let split = pair(
        r#"{"platform":"windows-7","sockets":[{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":1},{"address":"0.0.0.0","port":1}]}"#,
    );
    let o = observe(&results, Platform::Windows7, split).unwrap();
    assert_eq!(o.evidence, Evidence::Disputed);
    assert_eq!(
        o.observed,
        vec![
            (
                "windows-results/fixture-a (invented for tests)".to_string(),
                10048
            ),
            (
                "windows-results/fixture-b (invented for tests)".to_string(),
                10013
            )
        ]
    );
    // Other versions and unprobed pairs have no observation.
    assert!(observe(&results, Platform::WindowsXp, split).is_none());
    let unprobed = pair(
        r#"{"platform":"windows-7","sockets":[{"address":"::","port":1},{"address":"::1","port":1}]}"#,
    );
    assert!(observe(&results, Platform::Windows7, unprobed).is_none());
}

#[test]
fn wine_output_and_malformed_files_are_refused() {
    let e = parse("wine.json", WINE).unwrap_err();
    assert!(e.reason.contains("Wine"), "{e}");
    assert!(parse("x", "{}").is_err());
    let bad_date = A.replace("2026-11-30", "30.11.2026");
    assert!(parse("x", &bad_date)
        .unwrap_err()
        .reason
        .contains("YYYY-MM-DD"));
    let newer = A.replacen("\"version\": 1", "\"version\": 2", 1);
    assert!(parse("x", &newer).is_err());
}

#[test]
fn the_bundled_files_read() {
    // No real Windows results are committed yet; whatever is committed must read.
    bundled().unwrap();
}

#[test]
fn only_two_socket_pairs_on_one_account_have_a_key() {
    let three = r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1},{"address":"0.0.0.0","port":1},{"address":"0.0.0.0","port":1}]}"#;
    assert!(PairKey::of(&parse_scenario(three).unwrap()).is_none());
    let two_accounts = r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1},{"address":"0.0.0.0","port":1,"account":"b"}]}"#;
    assert!(PairKey::of(&parse_scenario(two_accounts).unwrap()).is_none());
}
