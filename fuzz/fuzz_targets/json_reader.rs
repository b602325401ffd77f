//! Scenario JSON bytes (any encoding) through decoding, parsing, validation and the whole
//! timeline. Checks: no panic; an error is one short printable line; a verdict is
//! deterministic and serializes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sockbind_core::{decide_bytes, error::is_unprintable};

fuzz_target!(|data: &[u8]| {
    match decide_bytes(data) {
        Ok(v) => {
            let a = serde_json::to_string(&v).expect("verdict serializes");
            let b = serde_json::to_string(&decide_bytes(data).expect("same input")).unwrap();
            assert_eq!(a, b, "deterministic");
        }
        Err(e) => {
            let line = e.to_string();
            assert!(!line.chars().any(is_unprintable), "{line:?}");
            assert!(
                line.chars().count() < 700,
                "{} characters",
                line.chars().count()
            );
        }
    }
});
