//! Lesson file text through the lesson parser and grading. Checks: no panic; every error is one
//! short printable line naming its field; a parsed lesson's questions are all gradeable, offer
//! their answer among the choices, and the lesson reads back the same from its own JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sockbind_core::error::is_unprintable;
use sockbind_core::lesson::{Lesson, MAX_ERRORS};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Lesson::parse(&text) {
        Ok(l) => {
            for q in &l.questions {
                let a = q.answer().expect("a parsed question is gradeable");
                assert!(q.choices().contains(&a.best));
            }
            let again = Lesson::parse(&l.to_json()).expect("its own JSON reads back");
            assert_eq!(again, l);
        }
        Err(e) => {
            assert!(!e.errors.is_empty() && e.errors.len() <= MAX_ERRORS);
            for e in &e.errors {
                let line = e.to_string();
                assert!(!line.chars().any(is_unprintable), "{line:?}");
                assert!(line.chars().count() < 700, "{line}");
            }
        }
    }
});
