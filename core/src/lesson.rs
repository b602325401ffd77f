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
//! Errors name the field (`questions[3].scenario.sockets[1].address = "10.0.0.300": …`); every
//! question is checked, and up to [`MAX_ERRORS`] errors are returned. Cost is bounded: at most
//! [`MAX_LESSON_BYTES`] are read, [`MAX_QUESTIONS`] questions of at most the link limits each.
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

/// Everything wrong with a lesson file: at least one error, at most [`MAX_ERRORS`], in
/// document order. Displays as the first one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    /// The errors, each naming its field.
    pub errors: Vec<InputError>,
}

impl LessonError {
    fn one(e: InputError) -> LessonError {
        LessonError { errors: vec![e] }
    }

    /// The first error.
    pub fn first(&self) -> &InputError {
        &self.errors[0]
    }
}

impl std::fmt::Display for LessonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.first().fmt(f)?;
        if self.errors.len() > 1 {
            write!(f, " (and {} more)", self.errors.len() - 1)?;
        }
        Ok(())
    }
}

impl std::error::Error for LessonError {}

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
/// parameter at fault.
pub fn read_link(link: &str, field: &str) -> Result<(Scenario, Option<usize>), InputError> {
    use share::Reason;
    let pairs = query_pairs(link);
    if pairs.is_empty() {
        return Err(InputError::new(
            field,
            link,
            "has no scenario parameters; expected a link query such as ?v=1&platform=windows-7&…",
        ));
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
        let args: Vec<(&str, String)> = n
            .reason
            .limit()
            .map(|l| vec![("limit", l.to_string())])
            .unwrap_or_default();
        let reason = crate::text::message(Lang::En, &format!("url-{}", n.reason.id()), &args);
        return Err(InputError::new(
            field,
            format!("{}={}", n.param, n.value),
            format!("link parameter cannot be used: {reason}"),
        ));
    }
    let step = d.view.step.filter(|_| step_ok);
    Ok((d.scenario, step))
}

/// The scenario of a link ([`read_link`] without the step).
pub fn scenario_from_link(link: &str, field: &str) -> Result<Scenario, InputError> {
    read_link(link, field).map(|(s, _)| s)
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong_type(field: &str, v: &Value, expected: &str) -> InputError {
    InputError::new(
        field,
        short_value(v),
        format!("expected {expected}, found {}", type_name(v)),
    )
}

fn short_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.chars().take(200).collect(),
        Value::Array(_) | Value::Object(_) => String::new(),
        other => other.to_string(),
    }
}

fn check_keys(field: &str, m: &Map<String, Value>, allowed: &[&str]) -> Result<(), InputError> {
    for k in m.keys() {
        if !allowed.contains(&k.as_str()) {
            let f = if field.is_empty() {
                k.clone()
            } else {
                format!("{field}.{k}")
            };
            return Err(InputError::new(
                f,
                "",
                format!("unknown field; expected {}", allowed.join(", ")),
            ));
        }
    }
    Ok(())
}

fn text(field: &str, v: &Value) -> Result<String, InputError> {
    let Value::String(s) = v else {
        return Err(wrong_type(field, v, "a string"));
    };
    let n = s.chars().count();
    if n > MAX_TEXT_CHARS {
        return Err(InputError::new(
            field,
            s.as_str(),
            format!("{n} characters; at most {MAX_TEXT_CHARS}"),
        ));
    }
    if s.trim().is_empty() {
        return Err(InputError::new(field, s.as_str(), "empty text"));
    }
    if let Some(c) = s.chars().find(|c| *c != '\n' && is_unprintable(*c)) {
        return Err(InputError::new(
            field,
            s.as_str(),
            format!("holds the control character U+{:04X}", c as u32),
        ));
    }
    Ok(s.clone())
}

/// Reads [`Texts`] at `field`.
fn texts(field: &str, v: &Value) -> Result<Texts, InputError> {
    match v {
        Value::String(_) => Ok(Texts::all(&text(field, v)?)),
        Value::Object(m) => {
            check_keys(field, m, &["en", "zh-TW"])?;
            let en = m
                .get("en")
                .map(|v| text(&format!("{field}.en"), v))
                .transpose()?;
            let zh_tw = m
                .get("zh-TW")
                .map(|v| text(&format!("{field}.zh-TW"), v))
                .transpose()?;
            if en.is_none() && zh_tw.is_none() {
                return Err(InputError::new(
                    field,
                    "",
                    "needs a text in at least one language (en, zh-TW)",
                ));
            }
            Ok(Texts { en, zh_tw })
        }
        other => Err(wrong_type(
            field,
            other,
            "texts per language {\"en\": …, \"zh-TW\": …} or a string",
        )),
    }
}

fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= MAX_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn question(i: usize, v: &Value) -> Result<Question, InputError> {
    let field = format!("questions[{i}]");
    let Value::Object(m) = v else {
        return Err(wrong_type(&field, v, "a question object {\"scenario\": …}"));
    };
    check_keys(&field, m, &["id", "scenario", "ask", "hint", "note"])?;
    let id = match m.get("id") {
        None => None,
        Some(Value::String(s)) if id_ok(s) => Some(s.clone()),
        Some(Value::String(s)) => {
            return Err(InputError::new(
                format!("{field}.id"),
                s.as_str(),
                format!("an id has 1 to {MAX_ID_CHARS} characters a-z, 0-9 and -"),
            ))
        }
        Some(other) => return Err(wrong_type(&format!("{field}.id"), other, "a string")),
    };
    let sfield = format!("{field}.scenario");
    let mut link_step = None;
    let scenario = match m.get("scenario") {
        None => {
            return Err(InputError::new(
                sfield,
                "",
                "missing; give a link query (?v=1&…) or a scenario JSON object",
            ))
        }
        Some(Value::String(link)) => {
            if !link.contains('?') {
                return Err(InputError::new(
                    sfield,
                    link.as_str(),
                    "a link query starts with ? (e.g. ?v=1&platform=windows-7&…)",
                ));
            }
            let (s, step) = read_link(link, &sfield)?;
            link_step = step;
            s
        }
        Some(obj @ Value::Object(_)) => {
            let json = obj.to_string();
            parse_scenario(&json).map_err(|e| AskError::Scenario(e).error(&field))?
        }
        Some(other) => {
            return Err(wrong_type(
                &sfield,
                other,
                "a link query string or a scenario JSON object",
            ))
        }
    };
    if scenario.sockets.len() > MAX_URL_SOCKETS {
        return Err(InputError::new(
            format!("{sfield}.sockets"),
            scenario.sockets.len().to_string(),
            format!(
                "a lesson question holds at most {MAX_URL_SOCKETS} sockets (as links and the page)"
            ),
        ));
    }
    let n_steps = scenario.steps.as_ref().map_or(0, Vec::len);
    if n_steps > MAX_URL_STEPS {
        return Err(InputError::new(
            format!("{sfield}.steps"),
            n_steps.to_string(),
            format!(
                "a lesson question holds at most {MAX_URL_STEPS} steps (as links and the page)"
            ),
        ));
    }
    let ask = match m.get("ask") {
        None => None,
        Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n >= 1) => {
            let n = n.as_u64().unwrap_or(u64::MAX);
            Some(usize::try_from(n - 1).unwrap_or(usize::MAX))
        }
        Some(Value::Number(n)) if n.as_u64() == Some(0) => {
            return Err(InputError::new(
                format!("{field}.ask"),
                "0",
                "steps are counted from 1 (the first step is 1)",
            ))
        }
        Some(other) => {
            return Err(wrong_type(
                &format!("{field}.ask"),
                other,
                "a step number (a whole number from 1)",
            ))
        }
    };
    if let Err(e) = scenario.validate() {
        return Err(AskError::Scenario(e.error()).error(&field));
    }
    if ask.is_none() && predict::default_ask(&scenario).is_none() {
        return Err(InputError::new(
            format!("{sfield}.steps"),
            "",
            "no step has anything to predict; add a setsockopt, bind, listen or send step",
        ));
    }
    let mut q = match (ask, link_step) {
        (None, Some(step)) => Question::new(scenario, Some(step)).map_err(|e| match e {
            AskError::NothingToPredict { op, .. } => InputError::new(
                sfield.clone(),
                format!("step={}", step + 1),
                format!("the link opens at step {}, a {op}, which has nothing to predict; give ask, or a link at another step", step + 1),
            ),
            other => other.error(&field),
        })?,
        _ => Question::new(scenario, ask).map_err(|e| e.error(&field))?,
    };
    q.id = id;
    q.hint = m
        .get("hint")
        .map(|v| texts(&format!("{field}.hint"), v))
        .transpose()?;
    q.note = m
        .get("note")
        .map(|v| texts(&format!("{field}.note"), v))
        .transpose()?;
    Ok(q)
}

impl Lesson {
    /// Parses a lesson file (see the module docs). A leading byte-order mark is skipped.
    ///
    /// Errors: [`LessonError`], each naming its field: not JSON (line and column), not an
    /// object, an unknown field, a missing or unknown `version`, a bad `title`/`intro`, no
    /// questions or more than [`MAX_QUESTIONS`], and per question (all of them are checked)
    /// a bad scenario, `ask`, `id` (or a repeated one), `hint` or `note`.
    pub fn parse(text: &str) -> Result<Lesson, LessonError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.len() > MAX_LESSON_BYTES {
            return Err(LessonError::one(InputError::new(
                "",
                format!("{} bytes", text.len()),
                format!("a lesson file holds at most {MAX_LESSON_BYTES} bytes"),
            )));
        }
        let doc: Value = serde_json::from_str(text).map_err(|e| {
            LessonError::one(InputError::new(
                "",
                "",
                format!(
                    "not JSON: {} (line {}, column {})",
                    match e.classify() {
                        serde_json::error::Category::Eof => "it ends too early",
                        serde_json::error::Category::Syntax => "a syntax error",
                        serde_json::error::Category::Data => "unexpected data",
                        serde_json::error::Category::Io => "it could not be read",
                    },
                    e.line(),
                    e.column()
                ),
            ))
        })?;
        let Value::Object(m) = &doc else {
            return Err(LessonError::one(wrong_type(
                "",
                &doc,
                "a lesson object {\"version\": 1, …}",
            )));
        };
        let one = LessonError::one;
        check_keys("", m, &["version", "title", "intro", "questions"]).map_err(one)?;
        match m.get("version") {
            None => {
                return Err(one(InputError::new(
                    "version",
                    "",
                    format!("missing; this reader reads version {LESSON_VERSION}"),
                )))
            }
            Some(Value::Number(n)) if n.as_u64() == Some(LESSON_VERSION as u64) => {}
            Some(other) => {
                return Err(one(InputError::new(
                    "version",
                    short_value(other),
                    format!("not a version this reader reads (it reads {LESSON_VERSION})"),
                )))
            }
        }
        let title = match m.get("title") {
            None => return Err(one(InputError::new("title", "", "missing"))),
            Some(v) => texts("title", v).map_err(one)?,
        };
        let intro = m
            .get("intro")
            .map(|v| texts("intro", v))
            .transpose()
            .map_err(one)?;
        let list = match m.get("questions") {
            None => return Err(one(InputError::new("questions", "", "missing"))),
            Some(Value::Array(a)) => a,
            Some(other) => {
                return Err(one(wrong_type("questions", other, "an array of questions")))
            }
        };
        if list.is_empty() {
            return Err(one(InputError::new(
                "questions",
                "",
                "needs at least one question",
            )));
        }
        if list.len() > MAX_QUESTIONS {
            return Err(one(InputError::new(
                "questions",
                list.len().to_string(),
                format!("too many questions; at most {MAX_QUESTIONS}"),
            )));
        }
        let mut errors = vec![];
        let mut questions = vec![];
        let mut more = 0usize;
        for (i, v) in list.iter().enumerate() {
            let r = question(i, v).and_then(|q| {
                if let Some(id) = &q.id {
                    if questions
                        .iter()
                        .any(|p: &Question| p.id.as_deref() == Some(id))
                    {
                        return Err(InputError::new(
                            format!("questions[{i}].id"),
                            id.as_str(),
                            "given to an earlier question too; ids are unique",
                        ));
                    }
                }
                Ok(q)
            });
            match r {
                Ok(q) => questions.push(q),
                Err(e) if errors.len() < MAX_ERRORS => errors.push(e),
                Err(_) => more += 1,
            }
        }
        if !errors.is_empty() {
            if more > 0 {
                let last = errors.last_mut().expect("not empty");
                last.reason = format!("{} ({more} more errors not shown)", last.reason);
            }
            return Err(LessonError { errors });
        }
        Ok(Lesson {
            version: LESSON_VERSION,
            title,
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
