//! What must hold for any text given to the lesson reader, shared by the lesson property tests
//! (`core/tests/lesson.rs`, as `common::lesson_check`) and the `lesson_reader` fuzz target
//! (`fuzz/fuzz_targets/lesson_reader.rs`, which includes this file by path).

use sockbind_core::error::is_unprintable;
use sockbind_core::lesson::{decode_lesson, encode_lesson, Lesson, MAX_ERRORS};

/// Reads `text` as a lesson file and panics unless: a parsed lesson's questions are all
/// gradeable and offer their answer among the choices, and the lesson reads back the same from
/// its own JSON and from the text form the module hands the page; a refusal lists 1 to
/// `MAX_ERRORS` problems, each one short printable line.
pub fn check_lesson_text(text: &str) {
    match Lesson::parse(text) {
        Ok(l) => {
            for q in &l.questions {
                let a = q.answer().expect("a parsed question is gradeable");
                assert!(q.choices().contains(&a.best));
            }
            assert_eq!(decode_lesson(&encode_lesson(&l)).as_ref(), Ok(&l));
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
}
