//! Lesson file text through the lesson parser and grading; the checks are the lesson property
//! tests' own (`core/tests/common/lesson_check.rs`): no panic; every error is one short
//! printable line; a parsed lesson's questions are all gradeable, offer their answer among the
//! choices, and the lesson reads back the same from its own JSON and its text form.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../core/tests/common/lesson_check.rs"]
mod lesson_check;

fuzz_target!(|data: &[u8]| {
    lesson_check::check_lesson_text(&String::from_utf8_lossy(data));
});
