//! Query pairs through the link reader. Checks: no panic; the scenario is valid; every note
//! is printable and short; the link written for the result reads back with no notes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sockbind_core::error::is_unprintable;
use sockbind_core::share::{from_query, to_query, MAX_NOTE_CHARS};
use sockbind_core::{parse_scenario, Scenario};

fn base() -> Scenario {
    parse_scenario(r#"{"platform":"windows-7","sockets":[{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150},{"address":"10.0.0.1","port":5150,"account":"user-b"}]}"#).unwrap()
}

fuzz_target!(|data: &[u8]| {
    // `&`-separated `k=v` pairs, as the browser's URLSearchParams gives them (already decoded).
    let text = String::from_utf8_lossy(data);
    let pairs: Vec<(String, String)> = text
        .split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_string(), v.to_string())
        })
        .collect();
    let d = from_query(&pairs, &base());
    assert!(d.scenario.validate().is_ok());
    for n in &d.notes {
        for s in [&n.param, &n.value] {
            assert!(!s.chars().any(is_unprintable), "{n:?}");
            assert!(s.chars().count() <= MAX_NOTE_CHARS + 24, "{n:?}");
        }
    }
    let again = from_query(&to_query(&d.scenario, &d.view), &base());
    assert!(again.notes.is_empty(), "{:?}", again.notes);
    assert_eq!(again.scenario, d.scenario);
});
