//! Lesson files: a small, versioned JSON format for instructors (documented in the README,
//! "Lesson files"), the parser, and the two lessons kept in the core: the built-in course
//! ([`course`], `core/data/course.json`) and the classroom examples ([`examples_lesson`],
//! `core/data/examples.json`, also read by [`crate::edit::examples`]).
//!
//! ```json
//! {
//!   "version": 1,
//!   "title": {"en": "Binding basics", "zh-TW": "繫結基礎"},
//!   "intro": {"en": "…", "zh-TW": "…"},
//!   "questions": [
//!     {"id": "xp-hijack",
//!      "scenario": "?v=1&platform=windows-xp&s0.opt=none&s0.addr=0.0.0.0&s1.opt=SO_REUSEADDR&s1.addr=10.0.0.1&s1.user=user-b",
//!      "ask": 2,
//!      "hint": {"en": "…"}, "note": {"en": "…", "zh-TW": "…"}},
//!     {"scenario": {"platform": "windows-7", "sockets": [ … ]}}
//!   ]
//! }
//! ```
//!
//! - `version` (required): [`LESSON_VERSION`].
//! - `title` (required), `intro` (optional): [`Texts`], an object of texts per language
//!   (`en`, `zh-TW`), or one string used for every language.
//! - `questions` (1 to [`MAX_QUESTIONS`]), each an object with `scenario` (required: a link
//!   query starting with `?` as [`crate::share`] reads it, or a full link containing one; or
//!   scenario JSON as [`crate::scenario`] reads it), `ask` (optional: the step asked, counted
//!   from 1 as the page and the link's `step=` count; default: the link's `step=` if it has
//!   one, else the last step with something to predict, [`crate::predict::default_ask`]), `id`
//!   (optional, 1 to [`MAX_ID_CHARS`] of `a-z 0-9 -`, unique), `hint` and `note` (optional
//!   [`Texts`]). The answer is never in the file: [`Question::answer`] computes it.
//!
//! A question's scenario must stay within what links and the page hold
//! ([`crate::share::MAX_URL_SOCKETS`] sockets, [`crate::share::MAX_URL_STEPS`] steps), run,
//! and its asked step must have something to predict.
//!
//! Errors ([`Problem`]) name the field (`questions[3].scenario.sockets[1].address =
//! "10.0.0.300": …`) and carry a reason id ([`Why`]) with the values it quotes, so the page
//! shows them in its language from the catalogs (`lesson-why-*`); the CLI prints them in
//! English. Every question, and every field of a question, is checked; up to [`MAX_ERRORS`]
//! problems are listed and the rest counted. A key given twice in one object is refused
//! (JSON leaves that undefined; a plain JSON reader silently keeps the last one). Cost is
//! bounded: at most [`MAX_LESSON_BYTES`] are read, [`MAX_QUESTIONS`] questions of at most
//! the link limits each.
//! Never panics (property test in `core/tests/lesson.rs`, fuzz target `lesson_reader`).

use serde_json::{Map, Value};
use std::sync::OnceLock;

use crate::error::{is_unprintable, InputError};
use crate::predict::{self, Answer, AskError, Choice};
use crate::scenario::{parse_scenario, Scenario};
use crate::share::{self, MAX_URL_SOCKETS, MAX_URL_STEPS};

use crate::text::Lang;

/// The lesson format version this code reads and writes.
pub const LESSON_VERSION: u32 = 1;
/// Largest lesson file read, in bytes (256 KiB; the built-in course takes about 10 KB).
pub const MAX_LESSON_BYTES: usize = 256 * 1024;
/// Most questions in one lesson.
pub const MAX_QUESTIONS: usize = 100;
/// Longest text (title, intro, hint, note; per language), in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// Longest question id, in characters.
pub const MAX_ID_CHARS: usize = 40;
/// Most errors reported for one file (the rest are counted in the last one).
pub const MAX_ERRORS: usize = 20;

/// Texts per language. In a file: `{"en": "…", "zh-TW": "…"}` (at least one of them), or one
/// string used for every language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Texts {
    /// English.
    pub en: Option<String>,
    /// Traditional Chinese (Taiwan).
    pub zh_tw: Option<String>,
}

impl Texts {
    /// The same text for every language.
    pub fn all(text: &str) -> Texts {
        Texts {
            en: Some(text.to_string()),
            zh_tw: None,
        }
    }

    /// The text in `lang`, else in English, else in the other language ("" if none).
    pub fn get(&self, lang: Lang) -> &str {
        let own = match lang {
            Lang::En => &self.en,
            Lang::ZhTw => &self.zh_tw,
        };
        own.as_deref()
            .or(self.en.as_deref())
            .or(self.zh_tw.as_deref())
            .unwrap_or("")
    }

    /// Whether `lang` has its own text (not a fallback).
    pub fn has(&self, lang: Lang) -> bool {
        match lang {
            Lang::En => self.en.is_some(),
            Lang::ZhTw => self.zh_tw.is_some(),
        }
    }

    fn to_value(&self) -> Value {
        let mut m = Map::new();
        if let Some(t) = &self.en {
            m.insert("en".into(), Value::String(t.clone()));
        }
        if let Some(t) = &self.zh_tw {
            m.insert("zh-TW".into(), Value::String(t.clone()));
        }
        Value::Object(m)
    }
}

/// One question: a scenario and the step asked. The answer is computed
/// ([`Question::answer`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// Optional stable id (`a-z 0-9 -`), unique in its lesson.
    pub id: Option<String>,
    /// The scenario (validated; within the link limits).
    pub scenario: Scenario,
    /// The index of the step asked, 0-based (resolved: the file's `ask` − 1, or the default).
    pub ask: usize,
    /// Whether the step was given (by `ask`, or by the link's `step`), not the default;
    /// [`Lesson::to_json`] writes `ask` only then.
    pub ask_given: bool,
    /// A hint shown before the answer.
    pub hint: Option<Texts>,
    /// What to notice, shown with the answer.
    pub note: Option<Texts>,
}

impl Question {
    /// A question on `scenario`, asking step index `ask` (0-based; default: the last step with something to
    /// predict). Errors: as [`predict::answer`]; with no `ask` and no step that can be asked,
    /// [`AskError::NothingToPredict`] for the last step ([`AskError::OutOfRange`] for an empty
    /// timeline).
    pub fn new(scenario: Scenario, ask: Option<usize>) -> Result<Question, AskError> {
        let ask_given = ask.is_some();
        let ask = match ask.or_else(|| predict::default_ask(&scenario)) {
            Some(a) => a,
            None => {
                let steps = scenario.effective_steps();
                return Err(match steps.last() {
                    Some(last) => AskError::NothingToPredict {
                        step: steps.len() - 1,
                        op: last.op(),
                    },
                    None => AskError::OutOfRange { step: 0, len: 0 },
                });
            }
        };
        predict::answer(&scenario, ask)?;
        Ok(Question {
            id: None,
            scenario,
            ask,
            ask_given,
            hint: None,
            note: None,
        })
    }

    /// The computed answer for the asked step. Errors only if the fields were changed into
    /// something invalid after parsing.
    pub fn answer(&self) -> Result<Answer, AskError> {
        predict::answer(&self.scenario, self.ask)
    }

    /// The choices offered ([`predict::choices`]).
    pub fn choices(&self) -> Vec<Choice> {
        predict::choices(&self.scenario, self.ask)
    }

    /// The scenario as a link query (`?v=1&…`, see [`link_query`]), without the step.
    pub fn link(&self) -> String {
        link_query(&self.scenario, None)
    }

    /// The link query that opens the scenario at the asked step (`…&step=N`, 1-based as the
    /// link form writes it).
    pub fn link_at_step(&self) -> String {
        link_query(&self.scenario, Some(self.ask))
    }
}

/// A parsed lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// The format version read ([`LESSON_VERSION`]).
    pub version: u32,
    /// The title.
    pub title: Texts,
    /// An optional introduction.
    pub intro: Option<Texts>,
    /// The questions, in order (at least one).
    pub questions: Vec<Question>,
}

crate::id_enum! {
    #[id_enum(array, no_display)]
    /// Why a lesson file, or a part of it, was refused. [`Why::key`] is the catalog key of its
    /// explanation (`lesson-why-<id>`, in `core/locales/*.ftl`, English and zh-TW), filled in
    /// with the [`Problem`]'s arguments.
    pub enum Why {
        /// Larger than [`MAX_LESSON_BYTES`] (`limit`).
        TooBig = "too-big",
        /// Not JSON: it ends too early (`line`, `column`).
        JsonEndsEarly = "json-ends-early",
        /// Not JSON: a syntax error (`line`, `column`).
        JsonSyntax = "json-syntax",
        /// Not JSON: valid syntax, but data that cannot be read (`line`, `column`).
        JsonData = "json-data",
        /// A key given twice in one object (the field is that key's path).
        DuplicateKey = "duplicate-key",
        /// The document is not a lesson object.
        ExpectedLesson = "expected-lesson",
        /// Not a string.
        ExpectedString = "expected-string",
        /// Not texts per language or a string.
        ExpectedTexts = "expected-texts",
        /// `questions` is not an array.
        ExpectedQuestions = "expected-questions",
        /// A question is not an object.
        ExpectedQuestion = "expected-question",
        /// `scenario` is neither a link query string nor a scenario JSON object.
        ExpectedScenario = "expected-scenario",
        /// `ask` is not a whole number.
        ExpectedStep = "expected-step",
        /// A field this format does not have (`allowed`: the fields it has there).
        UnknownField = "unknown-field",
        /// A required field is missing.
        Missing = "missing",
        /// `version` is missing (`version`: the one read).
        VersionMissing = "version-missing",
        /// `version` is not a number, e.g. `"1"` (`version`: the one read; `found`: what was
        /// given, as JSON, shortened).
        VersionNotNumber = "version-not-number",
        /// `version` is a number this reader does not read (`version`: the one read).
        VersionUnknown = "version-unknown",
        /// A text longer than [`MAX_TEXT_CHARS`] (`n`, `limit`).
        TextTooLong = "text-too-long",
        /// An empty (or blank) text.
        TextEmpty = "text-empty",
        /// A text with a control character (`code`, e.g. `U+0007`).
        TextControl = "text-control",
        /// Texts per language with neither `en` nor `zh-TW`.
        TextsNeedLanguage = "texts-need-language",
        /// An id outside `a-z 0-9 -` or longer than [`MAX_ID_CHARS`] (`limit`).
        BadId = "bad-id",
        /// An id given to an earlier question too.
        DuplicateId = "duplicate-id",
        /// `questions` is empty.
        NoQuestions = "no-questions",
        /// More than [`MAX_QUESTIONS`] questions (`limit`).
        TooManyQuestions = "too-many-questions",
        /// A question without `scenario`.
        ScenarioMissing = "scenario-missing",
        /// A scenario string without `?`.
        LinkNeedsQuery = "link-needs-query",
        /// A link with no parameters.
        LinkEmpty = "link-empty",
        /// A link parameter that cannot be used as given (`url`: the link reader's
        /// [`share::Reason`] id, shown with its own catalog message `url-<id>`).
        LinkParam = "link-param",
        /// The scenario does not read or run (`detail`: the scenario reader's own message,
        /// which is English only).
        Scenario = "scenario",
        /// More sockets than links and the page hold (`limit`).
        TooManySockets = "too-many-sockets",
        /// More steps than links and the page hold (`limit`).
        TooManySteps = "too-many-steps",
        /// `ask` is 0.
        AskZero = "ask-zero",
        /// `ask` is past the timeline (`len`: its number of steps).
        AskOutOfRange = "ask-out-of-range",
        /// `ask` names a step with nothing to predict (`step`, `op`).
        AskNothing = "ask-nothing",
        /// No step of the scenario has anything to predict.
        NothingToPredict = "nothing-to-predict",
        /// The link's `step=` names a step with nothing to predict, and there is no `ask`
        /// (`step`, `op`).
        LinkStepNothing = "link-step-nothing",
        /// Not a problem itself: how many more problems were found than are listed (`n`).
        More = "more",
    }
}

impl Why {
    /// The catalog key of the explanation: `lesson-why-<id>`.
    pub fn key(self) -> String {
        format!("lesson-why-{}", self.id())
    }
}

/// One thing wrong with a lesson file: the field (a path such as `questions[3].ask`; empty for
/// the whole file), the value as given (possibly empty), why ([`Why`]) and the values its
/// explanation quotes (name, value). Shown in a language by [`Problem::text`]; `Display` is
/// the English line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Path of the field (empty: the whole file).
    pub field: String,
    /// The value at fault, as given (empty when it is an object or array, or not needed).
    pub value: String,
    /// Why it was refused.
    pub why: Why,
    /// The explanation's arguments, by placeable name.
    pub args: Vec<(String, String)>,
}

impl Problem {
    /// A problem with `field`, `value`, `why` and `args`.
    pub fn new(
        field: impl Into<String>,
        value: impl Into<String>,
        why: Why,
        args: &[(&str, String)],
    ) -> Problem {
        Problem {
            field: field.into(),
            value: value.into(),
            why,
            args: args
                .iter()
                .map(|(n, v)| (n.to_string(), v.clone()))
                .collect(),
        }
    }

    /// Why, in `lang`, from the catalogs (a link parameter's reason in the link reader's own
    /// words, `url-<id>`).
    pub fn reason(&self, lang: Lang) -> String {
        let mut args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(n, v)| (n.as_str(), v.clone()))
            .collect();
        if let Some(url) = self
            .args
            .iter()
            .find(|(n, _)| n == "url")
            .and_then(|(_, id)| share::Reason::parse_id(id))
        {
            args.push(("reason", url.text(lang)));
        }
        crate::text::module_message(lang, &self.why.key(), &args)
    }

    /// The problem as one line in `lang`: `field = "value": reason` (as [`InputError`] shows
    /// it: escaped and shortened), or the reason alone for the whole file.
    pub fn text(&self, lang: Lang) -> String {
        if self.field.is_empty() {
            let reason = crate::error::one_line(&self.reason(lang), '`');
            if self.value.is_empty() {
                return reason;
            }
            return format!("{}: {reason}", crate::error::quote(&self.value));
        }
        self.input_error(lang).to_string()
    }

    /// The problem as an [`InputError`] with the reason in `lang` (what the CLI prints).
    pub fn input_error(&self, lang: Lang) -> InputError {
        InputError::new(self.field.clone(), self.value.clone(), self.reason(lang))
    }

    /// From a scenario reader's or validator's error (its reason, English only, becomes the
    /// `detail` of [`Why::Scenario`]); `field` and `value` are kept.
    fn scenario(e: InputError) -> Problem {
        Problem::new(e.field, e.value, Why::Scenario, &[("detail", e.reason)])
    }

    /// From an [`AskError`], fields under `prefix` (as [`AskError::error`] names them).
    fn ask(e: &AskError, prefix: &str) -> Problem {
        let at = e.error(prefix);
        match e {
            AskError::Scenario(_) => Problem::scenario(at),
            AskError::OutOfRange { len, .. } => Problem::new(
                at.field,
                at.value,
                Why::AskOutOfRange,
                &[("len", len.to_string())],
            ),
            AskError::NothingToPredict { step, op } => Problem::new(
                at.field,
                at.value,
                Why::AskNothing,
                &[("step", (step + 1).to_string()), ("op", op.to_string())],
            ),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// Everything wrong with a lesson file: at least one problem, at most [`MAX_ERRORS`], in the
/// order checked (the top level, then question by question), and how many more were found.
/// Displays as the first one (English).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    /// The problems, each naming its field.
    pub errors: Vec<Problem>,
    /// How many more problems were found than [`LessonError::errors`] lists.
    pub more: usize,
}

impl LessonError {
    fn one(p: Problem) -> LessonError {
        LessonError {
            errors: vec![p],
            more: 0,
        }
    }

    /// The error for a file larger than [`MAX_LESSON_BYTES`] (the CLI's too, which reads
    /// files of up to 1 MiB before it decodes them).
    pub fn too_big() -> LessonError {
        LessonError::one(Problem::new(
            "",
            "",
            Why::TooBig,
            &[("limit", MAX_LESSON_BYTES.to_string())],
        ))
    }

    /// The first problem.
    pub fn first(&self) -> &Problem {
        &self.errors[0]
    }

    /// Each problem as a line in `lang`, then, if some were not listed, a line saying how
    /// many ([`Why::More`]).
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        self.problems().iter().map(|p| p.text(lang)).collect()
    }

    /// The problems listed, then a [`Why::More`] problem if some were not.
    pub fn problems(&self) -> Vec<Problem> {
        let mut all = self.errors.clone();
        if self.more > 0 {
            all.push(Problem::new(
                "",
                "",
                Why::More,
                &[("n", self.more.to_string())],
            ));
        }
        all
    }
}

impl std::fmt::Display for LessonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.first().fmt(f)?;
        let rest = self.errors.len() - 1 + self.more;
        if rest > 0 {
            write!(f, " (and {rest} more)")?;
        }
        Ok(())
    }
}

impl std::error::Error for LessonError {}

/// One problem as the page shows it: whether it names a field, and its line in English and
/// in zh-TW (the page switches language without asking the module again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownProblem {
    /// Whether the line names a field of the file (the page then says to fix it).
    pub names_field: bool,
    /// The line in English.
    pub en: String,
    /// The line in Traditional Chinese (zh-TW).
    pub zh_tw: String,
}

impl ShownProblem {
    /// The line in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::ZhTw => &self.zh_tw,
        }
    }
}

/// A lesson file's problems as plain text for the page, one line each (the listed problems,
/// then how many more, [`LessonError::problems`]): `1` or `0` (names a field), the line in
/// English, the line in zh-TW, tab-separated and escaped. The training module writes it, so
/// the explanations' catalog entries (`lesson-why-*`) stay out of the page's first load;
/// [`decode_problems`] reads it back.
pub fn encode_problems(e: &LessonError) -> String {
    let mut out = String::new();
    for (i, p) in e.problems().iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push(if p.field.is_empty() { '0' } else { '1' });
        for lang in Lang::ALL {
            out.push('\t');
            crate::tabtext::push_escaped(&mut out, &p.text(lang));
        }
    }
    out
}

/// Reads [`encode_problems`]'s text back; a line not in that form is kept whole as its own
/// English and zh-TW text (naming no field).
pub fn decode_problems(text: &str) -> Vec<ShownProblem> {
    text.lines()
        .map(|line| {
            let f: Option<Vec<String>> = line.split('\t').map(crate::tabtext::unescape).collect();
            match f.as_deref() {
                Some([flag, en, zh]) => ShownProblem {
                    names_field: flag == "1",
                    en: en.clone(),
                    zh_tw: zh.clone(),
                },
                _ => ShownProblem {
                    names_field: false,
                    en: line.to_string(),
                    zh_tw: line.to_string(),
                },
            }
        })
        .collect()
}

/// Percent-decodes a query component (`+` is a space; a malformed `%` stays as it is).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a query component: keeps `A–Z a–z 0–9 - . _ ~ : ,`, encodes the rest.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:,".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Splits a link into decoded query pairs: the part after the first `?` (the whole text if
/// there is none), up to any `#`; `+` and `%XX` decoded. At most
/// [`share::MAX_URL_PARAMS`] + 1 pairs are returned (enough for the link reader to say there
/// were too many).
pub fn query_pairs(link: &str) -> Vec<(String, String)> {
    let query = link.split_once('?').map_or(link, |(_, q)| q);
    let query = query.split('#').next().unwrap_or("");
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .take(share::MAX_URL_PARAMS + 1)
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// The scenario as a link query, `?v=1&platform=…` ([`share::to_query`], values
/// percent-encoded), with `step=` (written 1-based) when `step` (0-based) is given.
pub fn link_query(scenario: &Scenario, step: Option<usize>) -> String {
    let view = share::ViewState {
        step,
        ..Default::default()
    };
    let pairs = share::to_query(scenario, &view);
    let mut out = String::from("?");
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&percent_encode(k));
        out.push('=');
        out.push_str(&percent_encode(v));
    }
    out
}

/// The scenario a link's parameters are applied on: the page's ([`Scenario::start`]).
fn link_base() -> Scenario {
    Scenario::start()
}

/// Page parameters a lesson question's link may carry that say nothing about the scenario:
/// ignored by [`read_link`] (the page's predict switch, lesson and question).
pub const IGNORED_LINK_PARAMS: &[&str] = &["predict", "lesson", "q"];

/// Reads a scenario from a link: every scenario parameter must be used as given (no link
/// notes). View parameters (`lang`, `view`, `embed`, `sections`) and
/// [`IGNORED_LINK_PARAMS`] are ignored; `step` (1-based, as the page writes it) is returned as
/// a 0-based index when it names a step of the scenario. Errors name `field` with the
/// parameter at fault ([`Why::LinkEmpty`], or [`Why::LinkParam`] with the link reader's
/// reason).
pub fn read_link(link: &str, field: &str) -> Result<(Scenario, Option<usize>), Problem> {
    use share::Reason;
    let pairs = query_pairs(link);
    if pairs.is_empty() {
        return Err(Problem::new(field, link, Why::LinkEmpty, &[]));
    }
    let d = share::from_query(&pairs, &link_base());
    let mut step_ok = true;
    for n in &d.notes {
        match n.reason {
            Reason::BadView | Reason::BadLang | Reason::UnknownSection => continue,
            Reason::BadStepNumber => {
                step_ok = false;
                continue;
            }
            Reason::UnknownParameter if IGNORED_LINK_PARAMS.contains(&n.param.as_str()) => continue,
            _ => {}
        }
        return Err(Problem::new(
            field,
            format!("{}={}", n.param, n.value),
            Why::LinkParam,
            &[("url", n.reason.id().to_string())],
        ));
    }
    let step = d.view.step.filter(|_| step_ok);
    Ok((d.scenario, step))
}

/// The scenario of a link ([`read_link`] without the step).
pub fn scenario_from_link(link: &str, field: &str) -> Result<Scenario, Problem> {
    read_link(link, field).map(|(s, _)| s)
}

/// A JSON document read whole, with a key given twice in one object refused: `serde_json`'s
/// own `Value` keeps the last of them silently. `dup` receives the path of the first repeated
/// key.
mod strict {
    use serde::de::{DeserializeSeed, Error, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Value};
    use std::cell::RefCell;

    /// Where a value sits: the key or index under its parent (no copy of the path is made
    /// unless a key repeats).
    pub(super) enum Seg<'a> {
        Root,
        Key(&'a str, &'a Seg<'a>),
        Index(usize, &'a Seg<'a>),
    }

    impl Seg<'_> {
        fn path(&self) -> String {
            match self {
                Seg::Root => String::new(),
                Seg::Key(k, up) => {
                    let up = up.path();
                    let k: String = k.chars().take(60).collect();
                    if up.is_empty() {
                        k
                    } else {
                        format!("{up}.{k}")
                    }
                }
                Seg::Index(i, up) => format!("{}[{i}]", up.path()),
            }
        }
    }

    pub(super) struct Strict<'a> {
        pub(super) at: &'a Seg<'a>,
        pub(super) dup: &'a RefCell<Option<String>>,
    }

    impl<'de> DeserializeSeed<'de> for Strict<'_> {
        type Value = Value;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Strict<'_> {
        type Value = Value;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_string()))
        }
        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut out = vec![];
            loop {
                let at = Seg::Index(out.len(), self.at);
                let seed = Strict {
                    at: &at,
                    dup: self.dup,
                };
                match seq.next_element_seed(seed)? {
                    Some(v) => out.push(v),
                    None => return Ok(Value::Array(out)),
                }
            }
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut out = Map::new();
            while let Some(k) = map.next_key::<String>()? {
                let at = Seg::Key(&k, self.at);
                if out.contains_key(&k) {
                    *self.dup.borrow_mut() = Some(at.path());
                    return Err(A::Error::custom("a key given twice"));
                }
                let v = map.next_value_seed(Strict {
                    at: &at,
                    dup: self.dup,
                })?;
                out.insert(k, v);
            }
            Ok(Value::Object(out))
        }
    }
}

/// Reads `text` as one JSON value, refusing a key given twice in one object
/// ([`Why::DuplicateKey`], naming the key's path) and anything that is not JSON (line and
/// column).
fn read_json(text: &str) -> Result<Value, Problem> {
    use serde::de::DeserializeSeed;
    let dup = std::cell::RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let read = strict::Strict {
        at: &strict::Seg::Root,
        dup: &dup,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    read.map_err(|e| {
        if let Some(path) = dup.take() {
            return Problem::new(path, "", Why::DuplicateKey, &[]);
        }
        let why = match e.classify() {
            serde_json::error::Category::Eof => Why::JsonEndsEarly,
            serde_json::error::Category::Syntax => Why::JsonSyntax,
            serde_json::error::Category::Data | serde_json::error::Category::Io => Why::JsonData,
        };
        Problem::new(
            "",
            "",
            why,
            &[
                ("line", e.line().to_string()),
                ("column", e.column().to_string()),
            ],
        )
    })
}

fn short_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.chars().take(200).collect(),
        Value::Array(_) | Value::Object(_) => String::new(),
        other => other.to_string(),
    }
}

fn wrong_type(field: &str, v: &Value, why: Why) -> Problem {
    Problem::new(field, short_value(v), why, &[])
}

/// Adds a problem for every key of `m` not in `allowed`.
fn check_keys(field: &str, m: &Map<String, Value>, allowed: &[&str], out: &mut Vec<Problem>) {
    for k in m.keys() {
        if !allowed.contains(&k.as_str()) {
            let f = if field.is_empty() {
                k.clone()
            } else {
                format!("{field}.{k}")
            };
            out.push(Problem::new(
                f,
                "",
                Why::UnknownField,
                &[("allowed", allowed.join(", "))],
            ));
        }
    }
}

fn text(field: &str, v: &Value) -> Result<String, Problem> {
    let Value::String(s) = v else {
        return Err(wrong_type(field, v, Why::ExpectedString));
    };
    let n = s.chars().count();
    if n > MAX_TEXT_CHARS {
        return Err(Problem::new(
            field,
            s.as_str(),
            Why::TextTooLong,
            &[("n", n.to_string()), ("limit", MAX_TEXT_CHARS.to_string())],
        ));
    }
    if s.trim().is_empty() {
        return Err(Problem::new(field, s.as_str(), Why::TextEmpty, &[]));
    }
    if let Some(c) = s.chars().find(|c| *c != '\n' && is_unprintable(*c)) {
        return Err(Problem::new(
            field,
            s.as_str(),
            Why::TextControl,
            &[("code", format!("U+{:04X}", c as u32))],
        ));
    }
    Ok(s.clone())
}

/// Reads [`Texts`] at `field`; every problem found goes to `out` (`None` then).
fn texts(field: &str, v: &Value, out: &mut Vec<Problem>) -> Option<Texts> {
    match v {
        Value::String(_) => match text(field, v) {
            Ok(t) => Some(Texts::all(&t)),
            Err(p) => {
                out.push(p);
                None
            }
        },
        Value::Object(m) => {
            let before = out.len();
            check_keys(field, m, &["en", "zh-TW"], out);
            let mut one = |lang: &str| {
                m.get(lang)
                    .map(|v| text(&format!("{field}.{lang}"), v))
                    .transpose()
                    .unwrap_or_else(|p| {
                        out.push(p);
                        None
                    })
            };
            let en = one("en");
            let zh_tw = one("zh-TW");
            if m.is_empty() {
                out.push(Problem::new(field, "", Why::TextsNeedLanguage, &[]));
            }
            (out.len() == before).then_some(Texts { en, zh_tw })
        }
        other => {
            out.push(wrong_type(field, other, Why::ExpectedTexts));
            None
        }
    }
}

fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= MAX_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Reads a question's scenario (link or JSON) within the link limits, and the link's step.
fn question_scenario(field: &str, v: Option<&Value>) -> Result<(Scenario, Option<usize>), Problem> {
    let sfield = format!("{field}.scenario");
    let (scenario, link_step) = match v {
        None => return Err(Problem::new(sfield, "", Why::ScenarioMissing, &[])),
        Some(Value::String(link)) => {
            if !link.contains('?') {
                return Err(Problem::new(
                    sfield,
                    link.as_str(),
                    Why::LinkNeedsQuery,
                    &[],
                ));
            }
            read_link(link, &sfield)?
        }
        Some(obj @ Value::Object(_)) => {
            let json = obj.to_string();
            let s = parse_scenario(&json)
                .map_err(|e| Problem::scenario(AskError::Scenario(e).error(field)))?;
            (s, None)
        }
        Some(other) => return Err(wrong_type(&sfield, other, Why::ExpectedScenario)),
    };
    if scenario.sockets.len() > MAX_URL_SOCKETS {
        return Err(Problem::new(
            format!("{sfield}.sockets"),
            scenario.sockets.len().to_string(),
            Why::TooManySockets,
            &[("limit", MAX_URL_SOCKETS.to_string())],
        ));
    }
    let n_steps = scenario.steps.as_ref().map_or(0, Vec::len);
    if n_steps > MAX_URL_STEPS {
        return Err(Problem::new(
            format!("{sfield}.steps"),
            n_steps.to_string(),
            Why::TooManySteps,
            &[("limit", MAX_URL_STEPS.to_string())],
        ));
    }
    if let Err(e) = scenario.validate() {
        return Err(Problem::ask(&AskError::Scenario(e.error()), field));
    }
    Ok((scenario, link_step))
}

/// Reads question `i`; every problem found goes to `out` (then `None`): each field is checked
/// on its own, so a question with several bad fields reports each of them.
fn question(i: usize, v: &Value, out: &mut Vec<Problem>) -> Option<Question> {
    let field = format!("questions[{i}]");
    let Value::Object(m) = v else {
        out.push(wrong_type(&field, v, Why::ExpectedQuestion));
        return None;
    };
    let before = out.len();
    check_keys(&field, m, &["id", "scenario", "ask", "hint", "note"], out);
    let id = match m.get("id") {
        None => None,
        Some(Value::String(s)) if id_ok(s) => Some(s.clone()),
        Some(Value::String(s)) => {
            out.push(Problem::new(
                format!("{field}.id"),
                s.as_str(),
                Why::BadId,
                &[("limit", MAX_ID_CHARS.to_string())],
            ));
            None
        }
        Some(other) => {
            out.push(wrong_type(
                &format!("{field}.id"),
                other,
                Why::ExpectedString,
            ));
            None
        }
    };
    let afield = format!("{field}.ask");
    let ask = match m.get("ask") {
        None => Ok(None),
        Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n >= 1) => {
            let n = n.as_u64().unwrap_or(u64::MAX);
            Ok(Some(usize::try_from(n - 1).unwrap_or(usize::MAX)))
        }
        Some(Value::Number(n)) if n.as_u64() == Some(0) => {
            Err(Problem::new(afield, "0", Why::AskZero, &[]))
        }
        Some(other) => Err(wrong_type(&afield, other, Why::ExpectedStep)),
    };
    let scenario = question_scenario(&field, m.get("scenario"));
    let hint = m
        .get("hint")
        .and_then(|v| texts(&format!("{field}.hint"), v, out));
    let note = m
        .get("note")
        .and_then(|v| texts(&format!("{field}.note"), v, out));
    let (ask, (scenario, link_step)) = match (ask, scenario) {
        (Ok(a), Ok(s)) => (a, s),
        (a, s) => {
            out.extend(a.err());
            out.extend(s.err());
            return None;
        }
    };
    let sfield = format!("{field}.scenario");
    if ask.is_none() && predict::default_ask(&scenario).is_none() {
        out.push(Problem::new(
            format!("{sfield}.steps"),
            "",
            Why::NothingToPredict,
            &[],
        ));
        return None;
    }
    let q = match (ask, link_step) {
        (None, Some(step)) => Question::new(scenario, Some(step)).map_err(|e| match e {
            AskError::NothingToPredict { op, .. } => Problem::new(
                sfield.clone(),
                format!("step={}", step + 1),
                Why::LinkStepNothing,
                &[("step", (step + 1).to_string()), ("op", op.to_string())],
            ),
            other => Problem::ask(&other, &field),
        }),
        _ => Question::new(scenario, ask).map_err(|e| Problem::ask(&e, &field)),
    };
    let mut q = q.map_err(|p| out.push(p)).ok()?;
    if out.len() > before {
        return None;
    }
    q.id = id;
    q.hint = hint;
    q.note = note;
    Some(q)
}

impl Lesson {
    /// Parses a lesson file (see the module docs). A leading byte-order mark is skipped.
    ///
    /// Errors: [`LessonError`], each [`Problem`] naming its field: too large, not JSON (line
    /// and column), a key given twice in one object, not an object, an unknown field, a
    /// missing, non-number or unknown `version`, a bad `title`/`intro`, no questions or more
    /// than [`MAX_QUESTIONS`], and per question (every question, and every field of it, is
    /// checked) a bad scenario, `ask`, `id` (or a repeated one), `hint` or `note`. At most
    /// [`MAX_ERRORS`] are listed; [`LessonError::more`] counts the rest.
    pub fn parse(text: &str) -> Result<Lesson, LessonError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.len() > MAX_LESSON_BYTES {
            return Err(LessonError::too_big());
        }
        let doc = read_json(text).map_err(LessonError::one)?;
        let Value::Object(m) = &doc else {
            return Err(LessonError::one(wrong_type("", &doc, Why::ExpectedLesson)));
        };
        let mut out = vec![];
        check_keys("", m, &["version", "title", "intro", "questions"], &mut out);
        let version = LESSON_VERSION.to_string();
        match m.get("version") {
            None => out.push(Problem::new(
                "version",
                "",
                Why::VersionMissing,
                &[("version", version)],
            )),
            Some(Value::Number(n)) if n.as_u64() == Some(LESSON_VERSION as u64) => {}
            // Another version's file may read otherwise: nothing more is said about it.
            Some(n @ Value::Number(_)) => {
                return Err(LessonError::one(Problem::new(
                    "version",
                    short_value(n),
                    Why::VersionUnknown,
                    &[("version", version)],
                )))
            }
            Some(other) => {
                let json = other.to_string();
                let found: String = json.chars().take(40).collect();
                let found = if found.len() < json.len() {
                    format!("{found}…")
                } else {
                    found
                };
                out.push(Problem::new(
                    "version",
                    "",
                    Why::VersionNotNumber,
                    &[("version", version), ("found", found)],
                ))
            }
        }
        let title = match m.get("title") {
            None => {
                out.push(Problem::new("title", "", Why::Missing, &[]));
                None
            }
            Some(v) => texts("title", v, &mut out),
        };
        let intro = m.get("intro").and_then(|v| texts("intro", v, &mut out));
        let mut questions = vec![];
        match m.get("questions") {
            None => out.push(Problem::new("questions", "", Why::Missing, &[])),
            Some(Value::Array(a)) if a.is_empty() => {
                out.push(Problem::new("questions", "", Why::NoQuestions, &[]))
            }
            Some(Value::Array(a)) if a.len() > MAX_QUESTIONS => out.push(Problem::new(
                "questions",
                a.len().to_string(),
                Why::TooManyQuestions,
                &[("limit", MAX_QUESTIONS.to_string())],
            )),
            Some(Value::Array(list)) => {
                for (i, v) in list.iter().enumerate() {
                    let Some(q) = question(i, v, &mut out) else {
                        continue;
                    };
                    if let Some(id) = &q.id {
                        if questions
                            .iter()
                            .any(|p: &Question| p.id.as_deref() == Some(id))
                        {
                            out.push(Problem::new(
                                format!("questions[{i}].id"),
                                id.as_str(),
                                Why::DuplicateId,
                                &[],
                            ));
                            continue;
                        }
                    }
                    questions.push(q);
                }
            }
            Some(other) => out.push(wrong_type("questions", other, Why::ExpectedQuestions)),
        }
        if !out.is_empty() {
            let more = out.len().saturating_sub(MAX_ERRORS);
            out.truncate(MAX_ERRORS);
            return Err(LessonError { errors: out, more });
        }
        Ok(Lesson {
            version: LESSON_VERSION,
            title: title.unwrap_or_default(),
            intro,
            questions,
        })
    }
    /// The lesson as a lesson file (version [`LESSON_VERSION`]; scenarios as link queries,
    /// `ask` only where the file gave it). Parsing it gives this lesson back.
    pub fn to_json(&self) -> String {
        let mut m = Map::new();
        m.insert("version".into(), Value::from(LESSON_VERSION));
        m.insert("title".into(), self.title.to_value());
        if let Some(t) = &self.intro {
            m.insert("intro".into(), t.to_value());
        }
        let qs = self
            .questions
            .iter()
            .map(|q| {
                let mut o = Map::new();
                if let Some(id) = &q.id {
                    o.insert("id".into(), Value::String(id.clone()));
                }
                o.insert("scenario".into(), Value::String(q.link()));
                if q.ask_given {
                    o.insert("ask".into(), Value::from(q.ask + 1));
                }
                if let Some(t) = &q.hint {
                    o.insert("hint".into(), t.to_value());
                }
                if let Some(t) = &q.note {
                    o.insert("note".into(), t.to_value());
                }
                Value::Object(o)
            })
            .collect();
        m.insert("questions".into(), Value::Array(qs));
        serde_json::to_string_pretty(&Value::Object(m)).expect("JSON values serialize")
    }

    /// A short stable key for this lesson's content, `lesson-` and 16 hex digits (FNV-1a 64 of
    /// [`Lesson::to_json`]): what the page keys saved progress by. Any change to the
    /// questions or texts gives a new key (old progress does not carry over to a changed file).
    pub fn key(&self) -> String {
        let h = self
            .to_json()
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        format!("lesson-{h:016x}")
    }

    /// The question with this id, if any.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id.as_deref() == Some(id))
    }
}

/// The built-in course file (lesson format).
pub const COURSE_JSON: &str = include_str!("../data/course.json");
/// The classroom examples file (lesson format; every question has an id, whose title is the
/// catalog key `example-<id>`).
pub const EXAMPLES_JSON: &str = include_str!("../data/examples.json");

/// The built-in course: the article's story in questions, each with a note in both
/// languages. Parsed once (tested to parse).
pub fn course() -> &'static Lesson {
    static COURSE: OnceLock<Lesson> = OnceLock::new();
    COURSE.get_or_init(|| Lesson::parse(COURSE_JSON).expect("the built-in course parses (tested)"))
}

/// The classroom examples as a lesson. Parsed once (tested to parse).
pub fn examples_lesson() -> &'static Lesson {
    static EXAMPLES: OnceLock<Lesson> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        Lesson::parse(EXAMPLES_JSON).expect("the classroom examples parse (tested)")
    })
}

/// A built-in lesson by name: `course` or `examples`.
pub fn builtin(name: &str) -> Option<&'static Lesson> {
    match name {
        "course" => Some(course()),
        "examples" => Some(examples_lesson()),
        _ => None,
    }
}

fn push_texts(out: &mut String, t: Option<&Texts>) {
    let t = t.cloned().unwrap_or_default();
    crate::tabtext::push_escaped(out, t.en.as_deref().unwrap_or(""));
    out.push('\t');
    crate::tabtext::push_escaped(out, t.zh_tw.as_deref().unwrap_or(""));
}

/// The lesson as plain text, for the page (which then needs no JSON or lesson parser: the
/// training module, `gen/src/lessons.rs`, parses files and builds drills, and hands lessons
/// over in this form; [`decode_lesson`] reads it back).
///
/// Lines separated by `\n`, fields by `\t`, each field escaped (`\\`, `\t`, `\n`, `\r`); an
/// empty text field is an absent text:
/// - line 1: `sockbind-lesson 1`, the question count;
/// - line 2: title in English, in zh-TW; line 3: the intro in English, in zh-TW;
/// - one line per question: the link query at the asked step ([`Question::link_at_step`]),
///   the asked step (0-based), whether it was given (`1`/`0`), the id, the hint in English,
///   in zh-TW, the note in English, in zh-TW.
pub fn encode_lesson(lesson: &Lesson) -> String {
    let mut out = format!(
        "sockbind-lesson {LESSON_VERSION}\t{}\n",
        lesson.questions.len()
    );
    push_texts(&mut out, Some(&lesson.title));
    out.push('\n');
    push_texts(&mut out, lesson.intro.as_ref());
    for q in &lesson.questions {
        out.push('\n');
        crate::tabtext::push_escaped(&mut out, &q.link_at_step());
        out.push_str(&format!("\t{}\t{}\t", q.ask, u8::from(q.ask_given)));
        crate::tabtext::push_escaped(&mut out, q.id.as_deref().unwrap_or(""));
        out.push('\t');
        push_texts(&mut out, q.hint.as_ref());
        out.push('\t');
        push_texts(&mut out, q.note.as_ref());
    }
    out
}

/// Reads [`encode_lesson`]'s form back (what the page does with the training module's
/// answer): each question's scenario is read from its link by [`share::from_query`], the link
/// reader the page already has. Costs one pass over the text; at most [`MAX_QUESTIONS`]
/// questions are read.
///
/// Errors: one line, when the text is not that form (cut short, a field missing or
/// mis-escaped, a link that does not read whole, an asked step that cannot be predicted).
pub fn decode_lesson(text: &str) -> Result<Lesson, String> {
    let bad = |what: &str| format!("the training module's lesson is not readable: {what}");
    let mut lines = text.split('\n');
    let mut fields = |want: usize| -> Result<Vec<String>, String> {
        let line = lines.next().ok_or_else(|| bad("cut short"))?;
        let f: Vec<String> = line
            .split('\t')
            .map(crate::tabtext::unescape)
            .collect::<Option<_>>()
            .ok_or_else(|| bad("a badly escaped field"))?;
        if f.len() == want {
            Ok(f)
        } else {
            Err(bad("a line with too few or too many fields"))
        }
    };
    let head = fields(2)?;
    if head[0] != format!("sockbind-lesson {LESSON_VERSION}") {
        return Err(bad("another form or version"));
    }
    let n: usize = head[1].parse().map_err(|_| bad("no question count"))?;
    if n == 0 || n > MAX_QUESTIONS {
        return Err(bad("a question count out of range"));
    }
    let texts = |en: &str, zh: &str| Texts {
        en: (!en.is_empty()).then(|| en.to_string()),
        zh_tw: (!zh.is_empty()).then(|| zh.to_string()),
    };
    let some = |t: Texts| (t.en.is_some() || t.zh_tw.is_some()).then_some(t);
    let t = fields(2)?;
    let title = texts(&t[0], &t[1]);
    let i = fields(2)?;
    let intro = some(texts(&i[0], &i[1]));
    let mut questions = Vec::with_capacity(n);
    for k in 0..n {
        let f = fields(8)?;
        let d = share::from_query(&query_pairs(&f[0]), &link_base());
        if !d.notes.is_empty() {
            return Err(bad(&format!(
                "question {} has a link that does not read",
                k + 1
            )));
        }
        let ask: usize = f[1].parse().map_err(|_| bad("an asked step"))?;
        let mut q = Question::new(d.scenario, Some(ask))
            .map_err(|e| bad(&format!("question {}: {}", k + 1, e.error("ask"))))?;
        q.ask_given = f[2] == "1";
        q.id = (!f[3].is_empty()).then(|| f[3].clone());
        q.hint = some(texts(&f[4], &f[5]));
        q.note = some(texts(&f[6], &f[7]));
        questions.push(q);
    }
    if lines.next().is_some() {
        return Err(bad("more questions than it counts"));
    }
    Ok(Lesson {
        version: LESSON_VERSION,
        title,
        intro,
        questions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_coding_round_trips() {
        for s in [
            "::",
            "0.0.0.0",
            "a b&c=d%e+f#g",
            "bind~0,send~tcp~::1~5150",
            "使用者",
        ] {
            assert_eq!(percent_decode(&percent_encode(s)), s);
        }
        assert_eq!(percent_decode("a%20b+c%3"), "a b c%3");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
