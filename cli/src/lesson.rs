//! `sockbind lesson check|show` and `sockbind drill`: lesson files for instructors and random
//! drills (core modules [`sockbind_core::lesson`], [`sockbind_core::drill`],
//! [`sockbind_core::predict`]).

use clap::{Args, Subcommand, ValueEnum};
use sockbind_core::lesson::{self, Lesson, LessonError, Question, Texts, LESSON_VERSION};
use sockbind_core::predict::{Answer, AskKind, Choice};
use sockbind_core::text::{self, Lang};
use sockbind_core::{drill as core_drill, InputError, Platform, StepSpec};
use std::io::Read;

/// `sockbind lesson …`.
#[derive(Subcommand)]
pub enum LessonAction {
    /// Check a lesson file: one line per error (exit 2), or a summary.
    Check {
        /// Lesson file (JSON); stdin when absent.
        file: Option<std::path::PathBuf>,
    },
    /// Print a lesson's questions with the answers the core computes (a handout).
    Show {
        /// Lesson file (JSON); stdin when absent and no --builtin.
        #[arg(conflicts_with = "builtin")]
        file: Option<std::path::PathBuf>,
        /// A lesson kept in the core instead of a file.
        #[arg(long, value_enum)]
        builtin: Option<Builtin>,
        /// Language of the texts and labels.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Leave the answers out (a handout for the learners).
        #[arg(long)]
        questions_only: bool,
        /// Print the lesson as a lesson file instead (scenarios as links).
        #[arg(long, conflicts_with_all = ["questions_only"])]
        json: bool,
    },
}

/// The lessons kept in the core.
#[derive(Clone, Copy, ValueEnum)]
pub enum Builtin {
    /// The built-in course.
    Course,
    /// The classroom examples.
    Examples,
}

/// A page language.
#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// Traditional Chinese (Taiwan).
    #[value(name = "zh-TW")]
    ZhTw,
}

impl LangArg {
    fn lang(self) -> Lang {
        match self {
            LangArg::En => Lang::En,
            LangArg::ZhTw => Lang::ZhTw,
        }
    }
}

/// `sockbind drill`.
#[derive(Args)]
pub struct DrillArgs {
    /// The seed: the same seed gives the same questions.
    #[arg(long)]
    seed: u64,
    /// How many questions (at most 200; with `--lesson` at most 100, a lesson file's limit).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..=200))]
    count: u16,
    /// Platforms to draw from (repeat or separate with commas); all when absent.
    #[arg(long = "platform", value_delimiter = ',', value_parser = crate::parse_platform)]
    platforms: Vec<Platform>,
    /// After each link, a tab and the computed answer (choice id).
    #[arg(long)]
    answers: bool,
    /// Print the drill as a lesson file instead.
    #[arg(long, conflicts_with = "answers")]
    lesson: bool,
}

/// Why a lesson file could not be read: the file itself, or its content.
enum Bad {
    /// The file or stdin could not be read or decoded.
    Input(InputError),
    /// The lesson reader's problems.
    Lesson(LessonError),
}

fn read_lesson(file: Option<&std::path::Path>, stdin: &mut dyn Read) -> Result<Lesson, Bad> {
    let bytes = crate::read_input(file, stdin).map_err(Bad::Input)?;
    // Files of up to 1 MiB are read (the scenario limit); a lesson's own limit is smaller,
    // and is the one to name.
    if bytes.len() > sockbind_core::scenario::MAX_INPUT_BYTES {
        return Err(Bad::Lesson(LessonError::too_big()));
    }
    let text = sockbind_core::decode_input(&bytes).map_err(Bad::Input)?;
    Lesson::parse(&text).map_err(Bad::Lesson)
}

/// Turns what was wrong into the last error (returned) and the others as `error:` lines on
/// `notes`, so each problem is one English line on stderr; when more problems were found
/// than are listed, a last line of its own (`error: lesson: … and N more problems, not
/// listed`) says how many.
fn all_errors(bad: Bad, notes: &mut String) -> InputError {
    let e = match bad {
        Bad::Input(e) => return e,
        Bad::Lesson(e) => e,
    };
    let mut errors: Vec<InputError> = e.errors.iter().map(|p| p.input_error(Lang::En)).collect();
    if e.more > 0 {
        // A line of its own, so each line stays one problem.
        let more = text::module_message(Lang::En, "lesson-why-more", &[("n", e.more.to_string())]);
        errors.push(InputError::new("lesson", "", more));
    }
    let last = errors.pop().expect("a lesson error holds one or more");
    for e in errors {
        notes.push_str(&format!("error: {e}\n"));
    }
    last
}

/// Runs `sockbind lesson …`. Out: what to print; errors: the last error (the earlier ones
/// are already on `notes`, one line each).
pub fn run(
    action: LessonAction,
    stdin: &mut dyn Read,
    notes: &mut String,
) -> Result<String, InputError> {
    match action {
        LessonAction::Check { file } => {
            let l = read_lesson(file.as_deref(), stdin).map_err(|e| all_errors(e, notes))?;
            Ok(summary(&l))
        }
        LessonAction::Show {
            file,
            builtin,
            lang,
            questions_only,
            json,
        } => {
            let owned;
            let l: &Lesson = match builtin {
                Some(Builtin::Course) => lesson::course(),
                Some(Builtin::Examples) => lesson::examples_lesson(),
                None => {
                    owned =
                        read_lesson(file.as_deref(), stdin).map_err(|e| all_errors(e, notes))?;
                    &owned
                }
            };
            if json {
                return Ok(l.to_json());
            }
            Ok(show(l, lang.lang(), !questions_only))
        }
    }
}

/// The summary `lesson check` prints: title, version, counts, languages.
pub fn summary(l: &Lesson) -> String {
    let n = l.questions.len();
    let sends = l
        .questions
        .iter()
        .filter(|q| q.answer().is_ok_and(|a| a.kind == AskKind::Send))
        .count();
    let both = |t: &Option<Texts>| {
        t.as_ref()
            .is_some_and(|t| t.has(Lang::En) && t.has(Lang::ZhTw))
    };
    let notes_both = l.questions.iter().filter(|q| both(&q.note)).count();
    let with_notes = l.questions.iter().filter(|q| q.note.is_some()).count();
    let disputed = l
        .questions
        .iter()
        .filter(|q| q.answer().is_ok_and(|a| a.documented.is_some()))
        .count();
    format!(
        "ok: \"{}\" (lesson format version {LESSON_VERSION}): {n} question{} ({} on a call, {sends} on who receives traffic), {with_notes} with a note ({notes_both} in both en and zh-TW), {disputed} where the article's answer differs from the best-known one",
        l.title.get(Lang::En),
        if n == 1 { "" } else { "s" },
        n - sends,
    )
}

fn m(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    text::message(lang, key, args)
}

/// A step in words, from the page's catalog (`step-…`), sockets counted from 0, as on the page.
fn step_words(s: &StepSpec, scenario: &sockbind_core::Scenario, lang: Lang) -> String {
    let n = |k: usize| vec![("n", k.to_string())];
    match s {
        StepSpec::Setsockopt { socket } => m(lang, "step-setsockopt", &n(*socket)),
        StepSpec::Bind { socket } => m(lang, "step-bind", &n(*socket)),
        StepSpec::Listen { socket } => m(lang, "step-listen", &n(*socket)),
        StepSpec::Close { socket, lingering } => m(
            lang,
            if *lingering {
                "step-close-lingering"
            } else {
                "step-close"
            },
            &n(*socket),
        ),
        StepSpec::Expire { socket } => m(lang, "step-expire", &n(*socket)),
        StepSpec::Send { to, port, protocol } => {
            let udp = protocol.unwrap_or(scenario.protocol) == sockbind_core::Protocol::Udp;
            let port = port.unwrap_or_else(|| scenario.sockets.first().map_or(0, |k| k.port));
            m(
                lang,
                if udp {
                    "step-send-udp"
                } else {
                    "step-send-tcp"
                },
                &[("to", to.clone()), ("port", port.to_string())],
            )
        }
    }
}

fn scenario_lines(q: &Question, lang: Lang) -> Vec<String> {
    let s = &q.scenario;
    let mut out = vec![format!(
        "{}, {}",
        m(
            lang,
            &format!("platform-{}", text::fkey(s.platform.id())),
            &[]
        ),
        s.protocol.id().to_uppercase()
    )];
    for (i, k) in s.sockets.iter().enumerate() {
        let opts = if k.options.is_empty() {
            m(lang, "option-default", &[])
        } else {
            k.options
                .iter()
                .map(|o| o.name())
                .collect::<Vec<_>>()
                .join("+")
        };
        let mut line = format!(
            "{}: {} :{}, {opts}, {}",
            m(lang, "socket-title", &[("n", i.to_string())]),
            k.address,
            k.port,
            k.account
        );
        if k.dual_stack {
            line.push_str(&format!(", {}", m(lang, "handout-dual-stack", &[])));
        }
        if !k.admin {
            line.push_str(&format!(", {}", m(lang, "handout-not-admin", &[])));
        }
        if let Some(p) = k.protocol {
            line.push_str(&format!(", {}", p.id().to_uppercase()));
        }
        if !k.groups.is_empty() {
            line.push_str(&format!(", {}", k.groups.join(",")));
        }
        out.push(line);
    }
    out.push(format!("{}:", m(lang, "handout-steps", &[])));
    for (i, st) in s.effective_steps().iter().enumerate() {
        let mark = if i == q.ask { "   ← ?" } else { "" };
        out.push(format!("  {}. {}{mark}", i + 1, step_words(st, s, lang)));
    }
    out
}

fn answer_lines(a: &Answer, lang: Lang) -> Vec<String> {
    let mut out = vec![format!(
        "{}: {} [{}] (rule {}, evidence {})",
        m(lang, "handout-answer", &[]),
        a.best.label(lang),
        a.best.id(),
        a.rule.id(),
        a.evidence.id()
    )];
    out.push(format!(
        "{}: {}",
        m(lang, "handout-why", &[]),
        m(lang, &a.explanation_key(), &[])
    ));
    if let Some(d) = a.documented {
        out.push(format!(
            "{}: {} [{}]{}",
            m(lang, "handout-article", &[]),
            d.label(lang),
            d.id(),
            a.documented_rule
                .map(|r| format!(" (rule {})", r.id()))
                .unwrap_or_default()
        ));
    }
    if let Some(t) = &a.table {
        out.push(format!(
            "{}: {}, {} × {}",
            m(lang, "handout-cell", &[]),
            t.id.id(),
            t.row.key(),
            t.column.key()
        ));
    }
    out
}

/// A lesson as text in `lang` (labels from the catalogs): each question's link (opening at
/// the asked step), platform, sockets, steps with the asked one marked, the numbered choices,
/// the hint, and (with `answers`) the computed answer, the article's where it differs, the
/// rule in words, the documented cell and the note.
pub fn show(l: &Lesson, lang: Lang, answers: bool) -> String {
    let mut out = vec![format!("# {}", l.title.get(lang))];
    if let Some(t) = &l.intro {
        out.push(t.get(lang).to_string());
    }
    for (i, q) in l.questions.iter().enumerate() {
        out.push(String::new());
        let id =
            q.id.as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
        out.push(format!("{}.{id} {}", i + 1, q.link_at_step()));
        for line in scenario_lines(q, lang) {
            out.push(format!("   {line}"));
        }
        let choices: Vec<String> = q
            .choices()
            .iter()
            .enumerate()
            .map(|(n, c)| format!("{}) {}", n + 1, c.label(lang)))
            .collect();
        out.push(format!(
            "   {}: {}",
            m(lang, "handout-choices", &[]),
            choices.join("  ")
        ));
        if let Some(h) = &q.hint {
            out.push(format!(
                "   {}: {}",
                m(lang, "handout-hint", &[]),
                h.get(lang)
            ));
        }
        if !answers {
            continue;
        }
        match q.answer() {
            Ok(a) => out.extend(
                answer_lines(&a, lang)
                    .into_iter()
                    .map(|l| format!("   {l}")),
            ),
            Err(e) => out.push(format!("   {}: {e}", m(lang, "handout-answer", &[]))),
        }
        if let Some(n) = &q.note {
            out.push(format!(
                "   {}: {}",
                m(lang, "handout-notice", &[]),
                n.get(lang)
            ));
        }
    }
    out.join("\n")
}

/// Runs `sockbind drill`: one link per line (with `--answers`, a tab and the choice id), or a
/// lesson file with `--lesson`.
pub fn drill(args: DrillArgs) -> Result<String, InputError> {
    if args.lesson && args.count as usize > lesson::MAX_QUESTIONS {
        return Err(InputError::new(
            "--count",
            args.count.to_string(),
            format!(
                "a lesson file holds at most {} questions; use --count 1 to {0} with --lesson",
                lesson::MAX_QUESTIONS
            ),
        ));
    }
    let qs = core_drill::drill(args.seed, args.count as usize, &args.platforms);
    if args.lesson {
        let l = Lesson {
            version: LESSON_VERSION,
            title: Texts {
                en: Some(format!("Drill, seed {}", args.seed)),
                zh_tw: Some(format!("練習，種子 {}", args.seed)),
            },
            intro: None,
            questions: qs,
        };
        return Ok(l.to_json());
    }
    let lines: Vec<String> = qs
        .iter()
        .map(|q| {
            let mut line = q.link();
            if args.answers {
                let a = q.answer().map(|a| a.best).unwrap_or(Choice::OtherError);
                line.push('\t');
                line.push_str(&a.id());
            }
            line
        })
        .collect();
    Ok(lines.join("\n"))
}
