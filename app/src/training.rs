//! The lesson player: the built-in course, the classroom examples, drills, and instructors'
//! lesson files (`?lesson=<same-origin URL>` or a picked file), one question at a time in
//! predict mode ([`crate::predict`]), with the score, the streak, a summary with the missed
//! questions as links, a handout print, and progress kept per lesson in the browser's local
//! storage (in memory where a frame refuses storage; nothing leaves the browser).
//!
//! Lessons come from the on-demand module (`gen/src/lessons.rs`, loaded by
//! [`crate::probe_gen`] the first time a lesson opens, not with the page): it reads lesson
//! files ([`sockbind_core::lesson`]), holds the built-in course and builds drills
//! ([`sockbind_core::drill`]), and hands each lesson over as plain text, read here by
//! [`sockbind_core::lesson::decode_lesson`] (with the page's own link reader). Answers are
//! computed by the core ([`sockbind_core::predict`]); references and progress by
//! [`sockbind_core::training`]. Links: `lesson=` and `q=` (see [`sockbind_core::share`]).

use std::sync::Arc;

use leptos::prelude::*;
use sockbind_core::lesson::{
    decode_lesson, decode_problems, Lesson, Question, ShownProblem, MAX_LESSON_BYTES,
};
use sockbind_core::training::{file_storage_key, LessonRef, Progress, DRILL_LENGTH};
use sockbind_core::Platform;
use wasm_bindgen::JsCast;

use crate::predict::{choice_label, Predict};
use crate::state::AppState;

/// A lesson being taken.
#[derive(Clone)]
pub struct Session {
    /// What `lesson=` names (`None` for a picked file, which has no address).
    pub reference: Option<LessonRef>,
    /// Where its progress is stored.
    pub key: String,
    /// The lesson.
    pub lesson: Arc<Lesson>,
}

/// Why a lesson could not be opened: where from, and the lines to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The catalog key of the first line (`lesson-error-file`, `lesson-error-fetch`, …).
    pub key: &'static str,
    /// The URL or file name.
    pub source: String,
    /// The lesson reader's problems in both languages, each naming its field (or a
    /// browser's or the module's reason, the same text in both).
    pub details: Vec<ShownProblem>,
}

/// The player's state (provided through context).
#[derive(Clone, Copy)]
pub struct Training {
    /// The lesson open.
    pub session: RwSignal<Option<Session>>,
    /// Where the learner is and how it went.
    pub progress: RwSignal<Progress>,
    /// The last lesson that could not be opened.
    pub error: RwSignal<Option<LoadError>>,
    /// Whether the browser keeps the progress (false: in memory only).
    pub stored: RwSignal<bool>,
    /// A handout being printed: `Some(with_answers)`.
    pub handout: RwSignal<Option<bool>>,
    /// Platforms a new drill draws from.
    pub drill_platforms: RwSignal<Vec<Platform>>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Training {
    /// Creates the player, provides it, hooks it to the predict panel, and opens the lesson
    /// the link names (`lesson=`, `q=`).
    pub fn provide(state: AppState, p: Predict) -> Training {
        let t = Training {
            session: RwSignal::new(None),
            progress: RwSignal::new(Progress::default()),
            error: RwSignal::new(None),
            stored: RwSignal::new(true),
            handout: RwSignal::new(None),
            drill_platforms: RwSignal::new(vec![]),
        };
        provide_context(t);
        p.on_graded.set_value(Some(Callback::new(
            move |g: sockbind_core::predict::Grade| t.record(state, g.correct),
        )));
        p.on_next
            .set_value(Some(Callback::new(move |_| t.go(state, 1))));
        if let Some((param, q)) = state.lesson.get_untracked() {
            t.open_ref(state, LessonRef::parse(&param), q);
        }
        t
    }

    /// Opens a lesson reference: built-in lessons and drills from the training module, URLs
    /// once fetched (and read by the module).
    pub fn open_ref(&self, state: AppState, r: LessonRef, at: Option<usize>) {
        let request = match &r {
            LessonRef::Builtin(name) => format!("builtin\n{name}"),
            LessonRef::Drill { seed, platforms } => {
                let ids: Vec<&str> = platforms.iter().map(|p| p.id()).collect();
                format!("drill\n{seed}\n{DRILL_LENGTH}\n{}", ids.join(","))
            }
            LessonRef::Url(url) => return self.fetch(state, url.clone(), at),
            LessonRef::Unknown(v) => {
                self.error.set(Some(LoadError {
                    key: "lesson-error-ref",
                    source: url_for_display(v),
                    details: vec![],
                }));
                return;
            }
        };
        let source = r.to_param();
        self.load(state, Some(r), request, source, at);
    }

    /// Asks the training module for a lesson (loading the module on first use) and opens
    /// it; a lesson with errors, or a module that cannot be loaded, is shown as an error.
    /// `reference`: what `lesson=` names (`None`: a picked file, keyed by its title); `source`:
    /// the name errors show.
    fn load(
        &self,
        state: AppState,
        reference: Option<LessonRef>,
        request: String,
        source: String,
        at: Option<usize>,
    ) {
        let t = *self;
        leptos::task::spawn_local(async move {
            let answer = crate::probe_gen::lesson(&request).await;
            let err = |key, details| {
                t.error.set(Some(LoadError {
                    key,
                    source: url_for_display(&source),
                    details,
                }))
            };
            let text = match answer {
                Err(why) => return err("lesson-error-module", plain(why)),
                Ok(text) => text,
            };
            if let Some(errors) = text.strip_prefix("error\n") {
                return err("lesson-error-file", decode_problems(errors));
            }
            match decode_lesson(&text) {
                Err(why) => err("lesson-error-module", plain(why)),
                Ok(l) => {
                    let key = match &reference {
                        Some(r) => r.storage_key(),
                        None => {
                            let title = l.title.get(crate::i18n::Lang::En);
                            file_storage_key(title, l.questions.len())
                        }
                    };
                    t.open(state, reference, key, l, at);
                }
            }
        });
    }

    /// Opens `lesson`: progress from storage (or fresh), at question `at` if given (the
    /// link's `q=`), else where the learner left off.
    pub fn open(
        &self,
        state: AppState,
        reference: Option<LessonRef>,
        key: String,
        lesson: Lesson,
        at: Option<usize>,
    ) {
        let len = lesson.questions.len();
        let (mut progress, stored) = match storage() {
            Some(s) => (
                s.get_item(&key)
                    .ok()
                    .flatten()
                    .and_then(|text| Progress::from_json(&text, len))
                    .unwrap_or_else(|| Progress::new(len)),
                true,
            ),
            None => (Progress::new(len), false),
        };
        // A linked question past the end opens the last one (never the summary, which only
        // answering reaches).
        if let Some(q) = at {
            if q >= len {
                // Said in the link notice: what the link asked for, and what opened.
                use sockbind_core::share::{Instead, LinkNote, Reason};
                let note = LinkNote::new(
                    "q",
                    &(q + 1).to_string(),
                    Reason::QuestionPastEnd,
                    Instead::Value(len.to_string()),
                );
                state.link_notes.update(|n| n.push(note));
            }
            progress.go(q.min(len.saturating_sub(1)));
        }
        self.stored.set(stored);
        self.error.set(None);
        self.session.set(Some(Session {
            reference,
            key,
            lesson: Arc::new(lesson),
        }));
        self.progress.set(progress);
        state.predict.set(true);
        self.show(state);
    }

    /// Fetches a lesson file from this page's own origin and opens it.
    fn fetch(&self, state: AppState, url: String, at: Option<usize>) {
        let t = *self;
        let Some(w) = web_sys::window() else { return };
        let loc = w.location();
        let (Ok(href), Ok(origin)) = (loc.href(), loc.origin()) else {
            return;
        };
        let resolved = web_sys::Url::new_with_base(&url, &href).ok();
        // Only a page served over HTTP(S) fetches: a file on disk (whose origin may read as
        // `file://`) and a sandboxed frame (`null`) have no site of their own to fetch from.
        let served = matches!(loc.protocol().as_deref(), Ok("http:" | "https:"));
        let same = resolved
            .as_ref()
            .is_some_and(|u| served && origin != "null" && u.origin() == origin);
        let Some(resolved) = resolved.filter(|_| same) else {
            t.error.set(Some(LoadError {
                key: "lesson-error-origin",
                source: url_for_display(&url),
                details: vec![],
            }));
            return;
        };
        let promise = w.fetch_with_str(&resolved.href());
        let r = LessonRef::Url(url.clone());
        leptos::task::spawn_local(async move {
            let text = async {
                let resp: web_sys::Response = wasm_bindgen_futures::JsFuture::from(promise)
                    .await
                    .map_err(|_| state.t("lesson-fetch-network"))?
                    .dyn_into()
                    .map_err(|_| state.t("lesson-fetch-network"))?;
                if !resp.ok() {
                    return Err(format!("HTTP {}", resp.status()));
                }
                // A file the server says is too big is refused before its body is read.
                let declared = resp
                    .headers()
                    .get("content-length")
                    .ok()
                    .flatten()
                    .and_then(|n| n.trim().parse::<u64>().ok());
                if declared.is_some_and(|n| n > MAX_LESSON_BYTES as u64) {
                    return Err(too_big(state));
                }
                let body = resp.text().map_err(|_| state.t("lesson-fetch-network"))?;
                wasm_bindgen_futures::JsFuture::from(body)
                    .await
                    .ok()
                    .and_then(|v| v.as_string())
                    .ok_or_else(|| state.t("lesson-fetch-network"))
            }
            .await;
            match text {
                Err(why) => t.error.set(Some(LoadError {
                    key: "lesson-error-fetch",
                    source: url_for_display(&url),
                    details: plain(why),
                })),
                Ok(text) => t.load(state, Some(r), format!("file\n{text}"), url, at),
            }
        });
    }

    /// Opens a lesson file picked by the learner (the way in for the offline file and
    /// sandboxed frames). Files over [`MAX_LESSON_BYTES`] are refused unread.
    pub fn open_file(&self, state: AppState, file: web_sys::File) {
        let name = file.name();
        if file.size() > MAX_LESSON_BYTES as f64 {
            self.error.set(Some(LoadError {
                key: "lesson-error-file",
                source: url_for_display(&name),
                details: plain(too_big(state)),
            }));
            return;
        }
        let t = *self;
        let promise = file.text();
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            t.load(state, None, format!("file\n{text}"), name, None);
        });
    }

    /// Shows the current question (or nothing, at the summary) and writes the link.
    fn show(&self, state: AppState) {
        let Some(s) = self.session.get_untracked() else {
            return;
        };
        let i = self.progress.with_untracked(|p| p.question);
        state.lesson.set(
            s.reference
                .as_ref()
                .map(|r| (r.to_param(), Some(i.min(s.lesson.questions.len() - 1)))),
        );
        if let Some(q) = s.lesson.questions.get(i) {
            // Not `state.update`: the link's notes stay up while its lesson opens.
            state.scenario.set(q.scenario.clone());
            state.current.set(q.ask);
            state.revision.update(|r| *r = r.wrapping_add(1));
        }
        self.save();
    }

    /// Whether the page shows question `i` of the lesson as the lesson asks it.
    fn on_question(&self, state: AppState, i: usize) -> bool {
        self.session.with_untracked(|s| {
            s.as_ref()
                .and_then(|s| s.lesson.questions.get(i))
                .is_some_and(|q| {
                    state.current.get_untracked() == q.ask
                        && state.scenario.with_untracked(|sc| *sc == q.scenario)
                })
        })
    }

    /// Records a reveal for the current question (only if the page still shows it as asked).
    fn record(&self, state: AppState, correct: bool) {
        let i = self.progress.with_untracked(|p| p.question);
        if self.on_question(state, i) {
            self.progress.update(|p| {
                p.record(i, correct);
            });
            self.save();
        }
    }

    /// Moves `delta` questions (to the summary after the last).
    pub fn go(&self, state: AppState, delta: isize) {
        if self.session.with_untracked(Option::is_none) {
            return;
        }
        self.progress.update(|p| {
            let to = (p.question as isize + delta).max(0) as usize;
            p.go(to);
        });
        self.show(state);
    }

    /// Forgets this lesson's progress and starts again at question 1.
    pub fn reset(&self, state: AppState) {
        let len = self.progress.with_untracked(|p| p.results.len());
        self.progress.set(Progress::new(len));
        self.show(state);
    }

    /// Closes the lesson (predict mode off).
    pub fn close(&self, state: AppState) {
        self.session.set(None);
        self.handout.set(None);
        state.lesson.set(None);
        state.predict.set(false);
    }

    /// Writes the progress to local storage; where that is refused, says so (kept in memory).
    fn save(&self) {
        let Some(key) = self
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.key.clone()))
        else {
            return;
        };
        let text = self.progress.with_untracked(Progress::to_json);
        let ok = storage().is_some_and(|s| s.set_item(&key, &text).is_ok());
        if self.stored.get_untracked() != ok {
            self.stored.set(ok);
        }
    }
}

/// One reason from the browser or the module (already in the page's language).
fn plain(why: String) -> Vec<ShownProblem> {
    vec![ShownProblem {
        names_field: false,
        en: why.clone(),
        zh_tw: why,
    }]
}

/// Why a lesson file over [`MAX_LESSON_BYTES`] is refused unread (picked or fetched).
fn too_big(state: AppState) -> String {
    state.ta(
        "lesson-too-big",
        &[("limit", (MAX_LESSON_BYTES / 1024).to_string())],
    )
}

/// A URL or file name, escaped and shortened for display.
fn url_for_display(u: &str) -> String {
    sockbind_core::error::escape(u, 120)
}

/// Text escaped for HTML (element content and double-quoted attributes).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Appends `<tag attrs>text</tag>` (text escaped; `attrs` written as given).
fn el(out: &mut String, tag: &str, attrs: &str, text: &str) {
    out.push_str(&format!("<{tag}{attrs}>{}</{tag}>", esc(text)));
}

/// The predict switch: on, the answer waits for a prediction (any scenario).
fn predict_switch(out: &mut String, state: AppState) {
    let on = state.predict.get();
    el(
        out,
        "button",
        &format!(r#" type="button" id="predict-toggle" data-act="predict" aria-pressed="{on}""#),
        &state.t("predict-switch"),
    );
}

/// A button with an action (read by the panel's one click handler).
fn button(out: &mut String, id: &str, act: &str, text: &str, disabled: bool) {
    let d = if disabled { " disabled" } else { "" };
    el(
        out,
        "button",
        &format!(r#" type="button" id="{id}" data-act="{act}"{d}"#),
        text,
    );
}

/// A lesson's title in the page language (a drill's from the catalog).
fn title(state: AppState, s: &Session) -> String {
    match &s.reference {
        Some(LessonRef::Drill { .. }) => state.t("drill-title"),
        _ => s.lesson.title.get(state.lang.get()).to_string(),
    }
}

/// The link that replays question `q` on its own, in predict mode.
fn replay_link(q: &Question) -> String {
    format!(
        "{}{}&predict=1",
        crate::share::page_base(),
        q.link_at_step()
    )
}

/// One question of the handout: the scenario in words, the step asked, the choices and the
/// hint; with answers, the answer, the article's where it differs, the rule and what to notice.
fn handout_question(out: &mut String, state: AppState, i: usize, q: &Question, answers: bool) {
    let lang = state.lang.get();
    let s = &q.scenario;
    out.push_str(r#"<li class="handout-question">"#);
    el(
        out,
        "h4",
        "",
        &format!(
            "{} · {} · {}",
            state.ta("handout-question", &[("i", (i + 1).to_string())]),
            crate::text::platform_name(state, s.platform),
            s.protocol.id().to_uppercase()
        ),
    );
    out.push_str("<ul>");
    for (k, spec) in s.sockets.iter().enumerate() {
        let options = if spec.options.is_empty() {
            state.t("option-default")
        } else {
            let names: Vec<&str> = spec.options.iter().map(|o| o.name()).collect();
            names.join(" + ")
        };
        let line = state.ta(
            "handout-socket",
            &[
                ("name", state.ta("socket-title", &[("n", k.to_string())])),
                ("address", spec.address.clone()),
                ("port", spec.port.to_string()),
                ("options", options),
                ("account", spec.account.clone()),
            ],
        );
        el(out, "li", "", &line);
    }
    out.push_str(r#"</ul><ol class="handout-steps">"#);
    for (k, st) in s.effective_steps().iter().enumerate() {
        let label = crate::text::step_label(state, st, s);
        if k == q.ask {
            el(out, "li", r#" class="asked""#, &format!("{label} ← ?"));
        } else {
            el(out, "li", "", &label);
        }
    }
    out.push_str("</ol>");
    let choices: Vec<String> = q
        .choices()
        .into_iter()
        .enumerate()
        .map(|(k, c)| format!("{}) {}", k + 1, choice_label(state, c)))
        .collect();
    el(out, "p", "", &choices.join("   "));
    if let Some(h) = &q.hint {
        el(
            out,
            "p",
            "",
            &state.ta("lesson-hint", &[("text", h.get(lang).into())]),
        );
    }
    if let Some(a) = answers.then(|| q.answer().ok()).flatten() {
        let best = state.ta(
            "handout-answer-line",
            &[("answer", choice_label(state, a.best))],
        );
        el(out, "p", r#" class="handout-answer""#, &best);
        if let Some(d) = a.documented {
            let doc = state.ta(
                "handout-article-line",
                &[("answer", choice_label(state, d))],
            );
            el(out, "p", "", &doc);
        }
        el(out, "p", "", &state.t(&a.explanation_key()));
        if let Some(n) = &q.note {
            el(
                out,
                "p",
                "",
                &state.ta("lesson-notice", &[("text", n.get(lang).into())]),
            );
        }
    }
    out.push_str("</li>");
}

/// The handout (printed only): every question, with or without the answers.
fn handout_html(out: &mut String, state: AppState, s: &Session, answers: bool) {
    out.push_str(&format!(
        r#"<div class="handout" data-answers="{answers}">"#
    ));
    el(out, "h2", "", &title(state, s));
    if let Some(t) = &s.lesson.intro {
        el(out, "p", "", t.get(state.lang.get()));
    }
    out.push_str(r#"<ol class="handout-list">"#);
    for (i, q) in s.lesson.questions.iter().enumerate() {
        handout_question(out, state, i, q, answers);
    }
    out.push_str("</ol></div>");
}

/// The player for the lesson open (reactive).
fn player_html(out: &mut String, state: AppState, t: Training, p: Predict, s: &Session) {
    let lang = state.lang.get();
    let len = s.lesson.questions.len();
    let pr = t.progress.get();
    el(out, "h3", r#" class="lesson-title""#, &title(state, s));
    let question = if pr.finished() {
        state.t("lesson-finished")
    } else {
        state.ta(
            "lesson-question",
            &[("i", (pr.question + 1).to_string()), ("n", len.to_string())],
        )
    };
    let status = state.ta(
        "lesson-status",
        &[
            ("question", question),
            ("score", pr.score().to_string()),
            ("answered", pr.answered().to_string()),
            ("streak", pr.streak.to_string()),
        ],
    );
    el(
        out,
        "p",
        &format!(
            r#" id="lesson-status" class="lesson-status" data-score="{}" data-answered="{}" data-question="{}""#,
            pr.score(),
            pr.answered(),
            pr.question
        ),
        &status,
    );
    if let Some(q) = s.lesson.questions.get(pr.question) {
        let revealed = p.graded.with(Option::is_some);
        if let Some(intro) = s
            .lesson
            .intro
            .as_ref()
            .filter(|_| pr.question == 0 && !revealed)
        {
            el(out, "p", r#" class="lesson-intro""#, intro.get(lang));
        }
        let line = if revealed {
            q.note.as_ref().map(|n| ("lesson-notice", n))
        } else {
            q.hint.as_ref().map(|h| ("lesson-hint", h))
        };
        if let Some((k, x)) = line {
            el(
                out,
                "p",
                r#" class="lesson-text" id="lesson-text""#,
                &state.ta(k, &[("text", x.get(lang).into())]),
            );
        }
    } else {
        out.push_str(r#"<div class="lesson-summary" id="lesson-summary">"#);
        let score = state.ta(
            "lesson-score",
            &[
                ("score", pr.score().to_string()),
                ("n", len.to_string()),
                ("best", pr.best_streak.to_string()),
            ],
        );
        el(out, "p", r#" class="lesson-score""#, &score);
        let missed = pr.missed();
        let key = if missed.is_empty() {
            "lesson-missed-none"
        } else {
            "lesson-missed"
        };
        el(out, "p", "", &state.t(key));
        out.push_str(r#"<ul class="missed">"#);
        for i in missed {
            if let Some(q) = s.lesson.questions.get(i) {
                let label = state.ta(
                    "lesson-question",
                    &[("i", (i + 1).to_string()), ("n", len.to_string())],
                );
                out.push_str("<li>");
                el(
                    out,
                    "a",
                    &format!(r#" class="replay" href="{}""#, esc(&replay_link(q))),
                    &label,
                );
                out.push_str("</li>");
            }
        }
        out.push_str("</ul></div>");
    }
    out.push_str(&format!(
        r#"<div class="lesson-nav" role="group" aria-label="{}">"#,
        esc(&state.t("lesson-nav"))
    ));
    button(
        out,
        "lesson-prev",
        "prev",
        &state.t("lesson-prev"),
        pr.question == 0,
    );
    button(
        out,
        "lesson-next",
        "next",
        &state.t("lesson-next"),
        pr.finished(),
    );
    button(
        out,
        "lesson-reset",
        "reset",
        &state.t("lesson-reset"),
        false,
    );
    button(
        out,
        "lesson-print",
        "print",
        &state.t("lesson-print"),
        false,
    );
    button(
        out,
        "lesson-print-answers",
        "print-answers",
        &state.t("lesson-print-answers"),
        false,
    );
    button(
        out,
        "lesson-close",
        "close",
        &state.t("lesson-close"),
        false,
    );
    out.push_str("</div>");
    let stored = if t.stored.get() {
        "lesson-stored"
    } else {
        "lesson-not-stored"
    };
    el(
        out,
        "p",
        r#" class="hint" id="lesson-storage""#,
        &state.t(stored),
    );
    file_input(out, state, "lesson-file-other", "lesson-file-other");
    // A file that could not be opened is shown here, beside the picker it came from; the
    // lesson open stays as it was, and the notice says so.
    if let Some(e) = t.error.get() {
        error_html(out, state, &e, Some(&title(state, s)));
    }
    if let Some(a) = t.handout.get() {
        handout_html(out, state, s, a);
    }
}

/// The launcher: the course, the examples, a drill over chosen platforms, a lesson file.
fn launcher_html(out: &mut String, state: AppState, t: Training) {
    el(out, "p", r#" class="hint""#, &state.t("training-intro"));
    out.push_str(r#"<div class="training-start">"#);
    predict_switch(out, state);
    button(
        out,
        "start-course",
        "course",
        &state.t("training-course"),
        false,
    );
    button(
        out,
        "start-examples",
        "examples",
        &state.t("training-examples"),
        false,
    );
    out.push_str(r#"</div><fieldset class="drill-setup">"#);
    el(
        out,
        "legend",
        "",
        &state.ta("drill-legend", &[("n", DRILL_LENGTH.to_string())]),
    );
    out.push_str(r#"<div class="drill-platforms">"#);
    let chosen = t.drill_platforms.get_untracked();
    for pl in Platform::ALL.iter().copied() {
        let checked = if chosen.contains(&pl) { " checked" } else { "" };
        out.push_str(&format!(
            r#"<label class="checkbox"><input type="checkbox" data-platform="{}"{checked}> {}</label>"#,
            pl.id(),
            esc(&crate::text::platform_name(state, pl))
        ));
    }
    out.push_str("</div>");
    button(out, "start-drill", "drill", &state.t("drill-start"), false);
    out.push_str("</fieldset>");
    file_input(out, state, "pick-lesson", "lesson-file-label");
}

/// A file picker that opens the picked lesson file (read by the panel's change handler).
fn file_input(out: &mut String, state: AppState, id: &str, label: &str) {
    out.push_str(&format!(
        r#"<label class="lesson-file">{} <input type="file" id="{id}" accept=".json,application/json"></label>"#,
        esc(&state.t(label))
    ));
}

/// The error of the last lesson that could not be opened; with `kept` (the title of the
/// lesson still open), a line saying that lesson stays as it was.
fn error_html(out: &mut String, state: AppState, e: &LoadError, kept: Option<&str>) {
    out.push_str(r#"<div class="lesson-error" id="lesson-error" role="alert">"#);
    el(
        out,
        "p",
        "",
        &state.ta(e.key, &[("source", e.source.clone())]),
    );
    out.push_str("<ul>");
    let lang = state.lang.get();
    for d in &e.details {
        out.push_str("<li>");
        el(out, "code", "", d.get(lang));
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    // Only a problem that names a field can be fixed there.
    if e.details.iter().any(|d| d.names_field) {
        el(
            out,
            "p",
            r#" class="lesson-error-help""#,
            &state.t("lesson-error-help"),
        );
    }
    if let Some(title) = kept {
        el(
            out,
            "p",
            r#" class="lesson-error-kept""#,
            &state.ta("lesson-error-kept", &[("title", title.to_string())]),
        );
    }
    out.push_str("</div>");
}

/// Runs a panel button's action (`data-act`).
fn act(state: AppState, t: Training, root: &web_sys::Element, action: &str) {
    match action {
        "course" => t.open_ref(state, LessonRef::Builtin("course"), None),
        "examples" => t.open_ref(state, LessonRef::Builtin("examples"), None),
        "drill" => {
            let mut platforms = vec![];
            if let Ok(list) = root.query_selector_all("input[data-platform]:checked") {
                for k in 0..list.length() {
                    let id = list
                        .item(k)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                        .and_then(|e| e.get_attribute("data-platform"));
                    if let Some(pl) = id.and_then(|id| Platform::from_id(&id, "").ok()) {
                        platforms.push(pl);
                    }
                }
            }
            t.drill_platforms.set(platforms.clone());
            let seed = (js_sys::Math::random() * 4_294_967_296.0) as u64;
            t.open_ref(state, LessonRef::Drill { seed, platforms }, Some(0));
        }
        "predict" => state.predict.update(|p| *p = !*p),
        "prev" => t.go(state, -1),
        "next" => t.go(state, 1),
        "reset" => t.reset(state),
        "close" => t.close(state),
        "print" | "print-answers" => {
            t.handout.set(Some(action == "print-answers"));
            set_timeout(
                || {
                    if let Some(w) = web_sys::window() {
                        let _ = w.print();
                    }
                },
                std::time::Duration::from_millis(50),
            );
        }
        _ => {}
    }
}

/// The training panel: the launcher, or the player for the lesson open; the error of a
/// lesson that could not be opened; the key map. Its body is plain markup rebuilt when what it
/// shows changes (one click and one change handler serve every control), which keeps the
/// page's first load small; the focused control keeps the focus across a rebuild.
#[component]
pub fn TrainingPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = expect_context::<Training>();
    let p = expect_context::<Predict>();
    let root = NodeRef::<leptos::html::Div>::new();
    let html = move || {
        let mut out = String::new();
        match t.session.get() {
            Some(s) => player_html(&mut out, state, t, p, &s),
            None => {
                if let Some(e) = t.error.get() {
                    error_html(&mut out, state, &e, None);
                }
                launcher_html(&mut out, state, t)
            }
        }
        out
    };
    let refocus = move |id: String| {
        request_animation_frame(move || {
            let doc = web_sys::window().and_then(|w| w.document());
            let target = doc
                .as_ref()
                .and_then(|d| d.get_element_by_id(&id))
                .filter(|e| !e.has_attribute("disabled"))
                .or_else(|| {
                    doc.as_ref()
                        .and_then(|d| d.get_element_by_id("training-title"))
                });
            if let Some(e) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = e.focus();
            }
        });
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(el) = ev
            .target()
            .and_then(|x| x.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-act]").ok().flatten())
        else {
            return;
        };
        let Some(r) = root.get_untracked() else {
            return;
        };
        let action = el.get_attribute("data-act").unwrap_or_default();
        act(state, t, &r, &action);
        refocus(el.id());
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|x| x.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if input.type_() == "file" {
            if let Some(f) = input.files().and_then(|f| f.get(0)) {
                t.open_file(state, f);
            }
        }
    };
    view! {
        <section class="training" aria-labelledby="training-title">
            <h2 id="training-title" tabindex="-1">{move || state.t("training-title")}</h2>
            <div class="training-body" node_ref=root inner_html=html on:click=on_click on:change=on_change></div>
            <details class="keys" id="training-keys">
                <summary>{move || state.t("keys-title")}</summary>
                <ul>
                    <li>{move || state.t("keys-class")}</li>
                    <li>{move || state.t("keys-normal")}</li>
                </ul>
            </details>
        </section>
    }
}
