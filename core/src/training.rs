//! The lesson player's pure parts: which lesson a link's `lesson=` names ([`LessonRef`]), and
//! a learner's progress through a lesson ([`Progress`]) with its small, versioned storage form
//! (the page keeps it in the browser's local storage, per lesson; nothing leaves the browser).
//!
//! `lesson=` values: `course` and `examples` (built-in lessons, [`crate::lesson::builtin`]);
//! `drill~SEED~PLATFORMS` (a drill of [`DRILL_LENGTH`] questions from
//! [`crate::drill::drill`]: SEED a decimal `u64`, PLATFORMS platform ids joined by `,`, empty
//! for all); anything else is a lesson file's URL, which the page loads only from its own
//! origin.

use crate::platform::Platform;

/// How many questions a drill started on the page asks.
pub const DRILL_LENGTH: usize = 10;

/// The storage form's version ([`Progress::to_json`]).
pub const PROGRESS_VERSION: u32 = 1;

/// Longest lesson reference kept, in bytes (the link form's value limit).
const MAX_REF_LEN: usize = crate::share::MAX_VALUE_LEN;

/// What `lesson=` names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LessonRef {
    /// A built-in lesson: `course` or `examples`.
    Builtin(&'static str),
    /// A drill: its seed and the platforms it draws from (empty: all).
    Drill {
        /// The random seed.
        seed: u64,
        /// The platforms included.
        platforms: Vec<Platform>,
    },
    /// A lesson file's URL (relative or absolute; the page checks the origin).
    Url(String),
    /// A value that names no lesson: empty, or a `drill` that cannot be read (a bad seed or
    /// platform). The page says so and fetches nothing.
    Unknown(String),
}

impl LessonRef {
    /// Reads a `lesson=` value. Never fails: an empty value or an unreadable drill
    /// (`drill~x`) is [`LessonRef::Unknown`], which the page reports without fetching.
    pub fn parse(v: &str) -> LessonRef {
        match v {
            "course" => return LessonRef::Builtin("course"),
            "examples" => return LessonRef::Builtin("examples"),
            _ => {}
        }
        if let Some(rest) = v.strip_prefix("drill~") {
            let (seed, list) = rest.split_once('~').unwrap_or((rest, ""));
            let platforms: Option<Vec<Platform>> = list
                .split(',')
                .filter(|p| !p.is_empty())
                .take(Platform::ALL.len())
                .map(|p| Platform::from_id(p, "lesson").ok())
                .collect();
            if let (Ok(seed), Some(platforms)) = (seed.parse::<u64>(), platforms) {
                return LessonRef::Drill { seed, platforms };
            }
        }
        let mut end = v.len().min(MAX_REF_LEN);
        while !v.is_char_boundary(end) {
            end -= 1;
        }
        let v = v[..end].to_string();
        if v.is_empty() || v == "drill" || v.starts_with("drill~") {
            return LessonRef::Unknown(v);
        }
        LessonRef::Url(v)
    }

    /// The `lesson=` value that reads back as this reference.
    pub fn to_param(&self) -> String {
        match self {
            LessonRef::Builtin(name) => (*name).to_string(),
            LessonRef::Drill { seed, platforms } => format!(
                "drill~{seed}~{}",
                platforms
                    .iter()
                    .map(|p| p.id())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            LessonRef::Url(u) | LessonRef::Unknown(u) => u.clone(),
        }
    }

    /// The local-storage key of this lesson's progress: `sockbind-progress:` and the
    /// parameter (a lesson picked as a file uses [`file_storage_key`]).
    pub fn storage_key(&self) -> String {
        format!("sockbind-progress:{}", self.to_param())
    }
}

/// The storage key for a lesson picked as a file: by its English (else only) title and its
/// number of questions, as a file has no address.
pub fn file_storage_key(title: &str, questions: usize) -> String {
    let title: String = title.chars().take(80).collect();
    format!("sockbind-progress:file:{questions}:{title}")
}

/// A learner's progress through one lesson: the question shown and each question's result.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// The question shown, 0-based; equal to the number of questions once finished.
    pub question: usize,
    /// Per question: `None` not answered yet, `Some(true)` right, `Some(false)` wrong. The
    /// first answer counts; a question answered again keeps it.
    pub results: Vec<Option<bool>>,
    /// Right answers in a row, up to the last answer.
    pub streak: usize,
    /// The longest streak so far.
    pub best_streak: usize,
}

impl Progress {
    /// Fresh progress for a lesson of `len` questions, at question 0.
    pub fn new(len: usize) -> Progress {
        Progress {
            results: vec![None; len],
            ..Progress::default()
        }
    }

    /// Right answers.
    pub fn score(&self) -> usize {
        self.results.iter().filter(|r| **r == Some(true)).count()
    }

    /// Questions answered.
    pub fn answered(&self) -> usize {
        self.results.iter().filter(|r| r.is_some()).count()
    }

    /// The questions answered wrongly, 0-based, in order.
    pub fn missed(&self) -> Vec<usize> {
        (0..self.results.len())
            .filter(|i| self.results[*i] == Some(false))
            .collect()
    }

    /// Whether every question has been passed (the summary is shown).
    pub fn finished(&self) -> bool {
        self.question >= self.results.len()
    }

    /// Records the first answer to question `i` (later answers to it, and out-of-range
    /// questions, change nothing). Returns whether it counted.
    pub fn record(&mut self, i: usize, correct: bool) -> bool {
        match self.results.get_mut(i) {
            Some(slot @ None) => {
                *slot = Some(correct);
                self.streak = if correct { self.streak + 1 } else { 0 };
                self.best_streak = self.best_streak.max(self.streak);
                true
            }
            _ => false,
        }
    }

    /// Moves to question `i`, clamped to `0..=len` (`len`: the summary).
    pub fn go(&mut self, i: usize) {
        self.question = i.min(self.results.len());
    }

    /// The storage form: `{"v":1,"q":N,"r":"ryn..","s":S,"b":B}` where `r` holds one letter
    /// per question (`y` right, `n` wrong, `-` not answered).
    pub fn to_json(&self) -> String {
        let r: String = self
            .results
            .iter()
            .map(|r| match r {
                Some(true) => 'y',
                Some(false) => 'n',
                None => '-',
            })
            .collect();
        serde_json::json!({
            "v": PROGRESS_VERSION,
            "q": self.question,
            "r": r,
            "s": self.streak,
            "b": self.best_streak,
        })
        .to_string()
    }

    /// Reads the storage form for a lesson of `len` questions; `None` when it is not that
    /// form, another version, or for a lesson of another length (the stored progress is then
    /// ignored, not misapplied). Reads at most 4 KB plus one letter per question.
    pub fn from_json(text: &str, len: usize) -> Option<Progress> {
        if text.len() > 4096 + len {
            return None;
        }
        let v: serde_json::Value = serde_json::from_str(text).ok()?;
        if v.get("v")?.as_u64()? != u64::from(PROGRESS_VERSION) {
            return None;
        }
        let r = v.get("r")?.as_str()?;
        if r.chars().count() != len {
            return None;
        }
        let results = r
            .chars()
            .map(|c| match c {
                'y' => Some(Some(true)),
                'n' => Some(Some(false)),
                '-' => Some(None),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        let num = |k: &str| {
            v.get(k)
                .and_then(serde_json::Value::as_u64)
                .map(|n| n.min(len as u64) as usize)
        };
        Some(Progress {
            question: num("q")?,
            results,
            streak: num("s").unwrap_or(0),
            best_streak: num("b").unwrap_or(0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lesson_refs_read_back() {
        for v in [
            "course",
            "examples",
            "drill~42~",
            "drill~7~windows-xp,windows-7",
            "lessons/intro.json",
        ] {
            assert_eq!(LessonRef::parse(v).to_param(), v);
        }
        assert_eq!(
            LessonRef::parse("drill~7~windows-xp"),
            LessonRef::Drill {
                seed: 7,
                platforms: vec![Platform::WindowsXp]
            }
        );
        // A drill that cannot be read, or an empty value, names no lesson (nothing is fetched).
        for v in [
            "drill~x~",
            "drill~1~windows-99",
            "drill",
            "",
            "drill~18446744073709551616~",
        ] {
            assert_eq!(LessonRef::parse(v), LessonRef::Unknown(v.into()), "{v:?}");
            assert_eq!(LessonRef::parse(v).to_param(), v);
        }
        assert_eq!(
            LessonRef::parse("lessons/drill~1.json"),
            LessonRef::Url("lessons/drill~1.json".into())
        );
    }

    #[test]
    fn progress_counts_first_answers_and_streaks() {
        let mut p = Progress::new(4);
        assert!(p.record(0, true));
        assert!(p.record(1, true));
        assert!(!p.record(1, false), "the first answer counts");
        assert!(p.record(2, false));
        assert!(p.record(3, true));
        assert!(!p.record(9, true));
        assert_eq!(
            (p.score(), p.answered(), p.streak, p.best_streak),
            (3, 4, 1, 2)
        );
        assert_eq!(p.missed(), vec![2]);
        p.go(99);
        assert!(p.finished());
        assert_eq!(p.question, 4);
    }

    #[test]
    fn progress_survives_its_storage_form_and_refuses_others() {
        let mut p = Progress::new(3);
        p.record(0, false);
        p.record(1, true);
        p.go(2);
        let text = p.to_json();
        assert_eq!(Progress::from_json(&text, 3), Some(p));
        assert_eq!(Progress::from_json(&text, 4), None, "another lesson length");
        for bad in [
            "",
            "null",
            "{}",
            r#"{"v":2,"q":0,"r":"---"}"#,
            r#"{"v":1,"q":0,"r":"-x-"}"#,
        ] {
            assert_eq!(Progress::from_json(bad, 3), None, "{bad}");
        }
        // A question number past the end is the summary, not a panic.
        let far = Progress::from_json(r#"{"v":1,"q":99,"r":"---"}"#, 3).unwrap();
        assert!(far.finished());
    }
}
