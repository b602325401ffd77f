//! The training module's part of this wasm module: everything that makes a lesson, so none of
//! it is in the page's first load. The page (`app/src/training.rs`, through
//! `app/src/probe_gen.rs`) calls it when the learner opens a lesson, a drill or a lesson file
//! (or a link asks for one with `lesson=`):
//! - the lesson file reader ([`sockbind_core::lesson::Lesson::parse`], with its JSON and
//!   scenario-JSON parsers);
//! - the built-in course and classroom examples as lessons (the course's text lives only
//!   here; the page's timeline keeps its own light list of the examples' links);
//! - drills ([`sockbind_core::drill::drill`]).
//!
//! Lessons go back as plain text ([`sockbind_core::lesson::encode_lesson`]), which the page
//! reads with the link reader it already has ([`sockbind_core::lesson::decode_lesson`]).

use sockbind_core::lesson::{self, encode_lesson, Lesson, Texts, LESSON_VERSION};
use sockbind_core::Platform;

/// Most drill questions one request asks for (the page asks for
/// [`sockbind_core::training::DRILL_LENGTH`]).
pub const MAX_DRILL_REQUEST: usize = sockbind_core::drill::MAX_DRILL;

/// A lesson for a request, as [`encode_lesson`] writes it. Requests (lines):
/// - `builtin`, then `course` or `examples`;
/// - `drill`, the seed (decimal `u64`), the number of questions (at most
///   [`MAX_DRILL_REQUEST`]), then platform ids joined by `,` (empty: every platform);
/// - `file`, then the lesson file's text (the rest of the request, at most
///   [`lesson::MAX_LESSON_BYTES`] read).
///
/// Errors: for a file, the reader's problems one per line, each in English and zh-TW
/// ([`lesson::encode_problems`]: the catalog entries that explain them live in this module,
/// not in the page's first load); else one line saying what is wrong with the request.
pub fn lesson(request: &str) -> Result<String, String> {
    let (kind, rest) = request.split_once('\n').unwrap_or((request, ""));
    match kind {
        "builtin" => lesson::builtin(rest.trim())
            .map(encode_lesson)
            .ok_or_else(|| format!("no built-in lesson {:?}", short(rest))),
        "drill" => {
            let mut f = rest.splitn(3, '\n');
            let seed = f.next().and_then(|s| s.parse::<u64>().ok());
            let count = f.next().and_then(|s| s.parse::<usize>().ok());
            let (Some(seed), Some(count)) = (seed, count) else {
                return Err("a drill request needs a seed and a question count".into());
            };
            let platforms = f
                .next()
                .unwrap_or("")
                .split(',')
                .filter(|p| !p.is_empty())
                .take(Platform::ALL.len())
                .map(|p| Platform::from_id(p, "platforms").map_err(|e| e.to_string()))
                .collect::<Result<Vec<_>, _>>()?;
            let questions =
                sockbind_core::drill::drill(seed, count.clamp(1, MAX_DRILL_REQUEST), &platforms);
            Ok(encode_lesson(&Lesson {
                version: LESSON_VERSION,
                title: Texts::default(),
                intro: None,
                questions,
            }))
        }
        "file" => Lesson::parse(rest)
            .map(|l| encode_lesson(&l))
            .map_err(|e| lesson::encode_problems(&e)),
        other => Err(format!("unknown lesson request {:?}", short(other))),
    }
}

/// [`lesson`] as the page reads it: the lesson's text, or `error` and the errors on the
/// following lines (so the page tells a bad lesson from a module that did not load).
pub fn framed(request: &str) -> Result<String, String> {
    Ok(lesson(request).unwrap_or_else(|e| format!("error\n{e}")))
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockbind_core::lesson::{course, decode_lesson, decode_problems, examples_lesson};

    #[test]
    fn built_in_lessons_and_drills_arrive_whole() {
        let c = decode_lesson(&lesson("builtin\ncourse").unwrap()).unwrap();
        assert_eq!(&c, course());
        let e = decode_lesson(&lesson("builtin\nexamples").unwrap()).unwrap();
        assert_eq!(&e, examples_lesson());
        let d = decode_lesson(&lesson("drill\n42\n10\nwindows-xp,windows-7").unwrap()).unwrap();
        let want = sockbind_core::drill::drill(42, 10, &[Platform::WindowsXp, Platform::Windows7]);
        assert_eq!(d.questions, want);
        let all = decode_lesson(&lesson("drill\n7\n10\n").unwrap()).unwrap();
        assert_eq!(all.questions, sockbind_core::drill::drill(7, 10, &[]));
    }

    #[test]
    fn a_lesson_file_is_read_here_and_its_errors_name_fields() {
        let file = sockbind_core::lesson::COURSE_JSON;
        let l = decode_lesson(&lesson(&format!("file\n{file}")).unwrap()).unwrap();
        assert_eq!(&l, course());
        let bad = r#"{"version":1,"title":"t","questions":[{"scenario":"?v=1&platform=windows-7&s0.addr=10.0.0.300"},{"scenario":7}]}"#;
        let e = lesson(&format!("file\n{bad}")).unwrap_err();
        let shown = decode_problems(&e);
        assert_eq!(shown.len(), 2, "{e}");
        assert!(shown[0].en.starts_with("questions[0].scenario"), "{e}");
        assert!(shown[1].en.starts_with("questions[1].scenario"), "{e}");
        assert!(shown.iter().all(|p| p.names_field));
        // The same problem in zh-TW, from the catalogs (the link reader's reason too).
        assert!(
            shown[0].zh_tw.contains("無法使用此連結參數：不是 IP 位址"),
            "{e}"
        );
        assert!(
            shown[1].zh_tw.contains("應為連結查詢字串或情境 JSON 物件"),
            "{e}"
        );
    }

    #[test]
    fn bad_requests_are_one_line() {
        for bad in [
            "",
            "builtin\nnope",
            "drill\nx\n10\n",
            "drill\n1\n10\nwindows-99",
            "format\nc:",
        ] {
            let e = lesson(bad).unwrap_err();
            assert!(!e.is_empty() && !e.contains('\n'), "{bad:?}: {e}");
        }
        assert!(lesson("file\n{").unwrap_err().contains("not JSON"));
        let framed = framed("file\n{").unwrap();
        assert!(framed.starts_with("error\n") && framed.contains("not JSON"));
    }
}
