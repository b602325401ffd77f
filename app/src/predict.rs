//! Predict, then reveal: on any scenario (the “Predict first” switch, or `predict=1`), the step
//! shown is a question. Until the learner picks an answer and reveals it, everything that gives
//! the answer away is hidden.
//!
//! The switch is in the training panel ([`crate::training`]).
//!
//! One mechanism hides it: [`Predict::pending`] puts the class `predicting` on `<main>`, and
//! one rule in `public/style.css` (under "Predict mode") hides with `display: none` — so also
//! from the accessibility tree — the answer body (`#answer`, the page's live region, so
//! nothing is announced either), the timeline's result marks, the drawing, the port table, the
//! documented tables (with the highlighted cell), the JSON panel and the probe panel. The page
//! title never carries the answer. Views need no edits for it.
//!
//! Choices, the answer and its grading come from the core ([`sockbind_core::predict`]); this
//! module holds the signals and the panel. Class mode keys (presenter view): see
//! [`class_key`].

use leptos::prelude::*;
use sockbind_core::predict::{answer_in, choices, Answer, Choice, Grade};

use crate::state::AppState;

/// The prediction for the step shown (provided through context).
#[derive(Clone, Copy)]
pub struct Predict {
    /// The choice picked, before or after the reveal.
    pub pick: RwSignal<Option<Choice>>,
    /// The graded pick, once revealed.
    pub graded: RwSignal<Option<Grade>>,
    /// The answer for the step shown, or `None` when it has nothing to predict (a close, a
    /// scenario that does not run).
    pub answer: Memo<Option<Answer>>,
    /// Called with each graded reveal (the lesson player keeps the score).
    pub on_graded: StoredValue<Option<Callback<Grade>>>,
    /// Called by → in class mode after a reveal (the lesson player's next question).
    pub on_next: StoredValue<Option<Callback<()>>>,
}

impl Predict {
    /// Creates the prediction state for `state`, provides it, and forgets the pick whenever
    /// the scenario or the step shown changes (a new question).
    pub fn provide(state: AppState) -> Predict {
        let answer = Memo::new(move |_| {
            let step = state.current.get();
            state
                .timeline
                .with(|t| t.as_ref().ok().and_then(|t| answer_in(t, step).ok()))
        });
        let p = Predict {
            pick: RwSignal::new(None),
            graded: RwSignal::new(None),
            answer,
            on_graded: StoredValue::new(None),
            on_next: StoredValue::new(None),
        };
        Effect::new(move |_| {
            state.scenario.track();
            state.current.track();
            p.pick.set(None);
            p.graded.set(None);
        });
        provide_context(p);
        p
    }

    /// Whether the answer is hidden now: predict mode is on, the step shown has something to
    /// predict, and it has not been revealed (reactive).
    pub fn pending(&self, state: AppState) -> bool {
        state.predict.get()
            && self.graded.with(Option::is_none)
            && self.answer.with(Option::is_some)
    }

    /// The choices for the step shown (empty when there is nothing to predict; reactive).
    pub fn choices(&self, state: AppState) -> Vec<Choice> {
        if self.answer.with(Option::is_none) {
            return vec![];
        }
        let step = state.current.get();
        state.scenario.with(|s| choices(s, step))
    }

    /// Picks the `n`th choice (0-based), if there is one and the answer is still hidden.
    pub fn pick_nth(&self, state: AppState, n: usize) {
        if self.graded.with_untracked(Option::is_some) {
            return;
        }
        if let Some(c) = untrack(|| self.choices(state)).get(n) {
            self.pick.set(Some(*c));
        }
    }

    /// Reveals: grades the pick (nothing happens without one), tells the lesson player, and
    /// replays the step's animation.
    pub fn reveal(&self, state: AppState) {
        let (Some(pick), Some(answer)) = (self.pick.get_untracked(), self.answer.get_untracked())
        else {
            return;
        };
        if self.graded.with_untracked(Option::is_some) {
            return;
        }
        let g = answer.grade(pick);
        self.graded.set(Some(g.clone()));
        if let Some(cb) = self.on_graded.get_value() {
            cb.run(g);
        }
        state.revision.update(|r| *r = r.wrapping_add(1));
    }
}

/// A choice's label in the page language. Sockets are numbered as everywhere on the page
/// (from 0), so `socket-N` reads "Socket N".
pub fn choice_label(state: AppState, c: Choice) -> String {
    match c {
        Choice::Receiver(k) => state.ta(c.label_key(), &[("n", k.to_string())]),
        _ => state.t(c.label_key()),
    }
}

/// The question for the step shown, e.g. "What does step 3 (bind socket 1) return?".
pub fn question_text(state: AppState, answer: &Answer) -> String {
    let label = state.scenario.with(|s| {
        s.effective_steps()
            .get(answer.step)
            .map(|st| crate::text::step_label(state, st, s))
            .unwrap_or_default()
    });
    let key = match answer.kind {
        sockbind_core::predict::AskKind::Call => "predict-question-call",
        sockbind_core::predict::AskKind::Send => "predict-question-send",
    };
    state.ta(
        key,
        &[("i", (answer.step + 1).to_string()), ("label", label)],
    )
}

/// The verdict of a reveal as markup: right or wrong, the answer, the rule in words, the
/// cell, and the article's answer beside it where it differs.
fn reveal_html(state: AppState, g: &Grade) -> String {
    use crate::training::esc;
    let a = &g.answer;
    let verdict = if g.correct {
        state.ta("predict-right", &[("answer", choice_label(state, a.best))])
    } else {
        state.ta(
            "predict-wrong",
            &[
                ("pick", choice_label(state, g.pick)),
                ("answer", choice_label(state, a.best)),
            ],
        )
    };
    let mut out = format!(
        r#"<div class="predict-result {}" data-correct="{}" data-best="{}"><p class="predict-verdict"><strong>{}</strong></p>"#,
        if g.correct { "right" } else { "wrong" },
        g.correct,
        esc(&a.best.id()),
        esc(&verdict)
    );
    let p = |out: &mut String, class: &str, text: &str| {
        out.push_str(&format!(r#"<p class="{class}">{}</p>"#, esc(text)));
    };
    if let Some(r) = a
        .result
        .filter(|r| Choice::from_result(*r) == Choice::OtherError)
    {
        p(
            &mut out,
            "exact",
            &state.ta("predict-exact", &[("error", r.name().to_string())]),
        );
    }
    p(&mut out, "explanation", &state.t(&a.explanation_key()));
    if let Some(t) = &a.table {
        let cell = state.ta(
            "cell-ref",
            &[
                ("table", state.t(&format!("table-{}", t.id.id()))),
                ("row", state.cell_label(t.row)),
                ("column", state.cell_label(t.column)),
            ],
        );
        p(&mut out, "cell-ref", &cell);
    }
    if let Some(d) = a.documented {
        p(&mut out, "predict-differs", &state.t("predict-differs"));
        out.push_str(&format!(
            r#"<div class="compare" data-compare="true"><div class="col current"><h3>{}</h3><p class="big">{}</p></div><div class="col documented" data-documented="{}"><h3>{}</h3><p class="big">{}</p>"#,
            esc(&state.t("compare-current")),
            esc(&choice_label(state, a.best)),
            esc(&d.id()),
            esc(&state.t("compare-article")),
            esc(&choice_label(state, d)),
        ));
        if g.picked_documented {
            p(&mut out, "", &state.t("predict-picked-article"));
        }
        if let Some(r) = a.documented_rule {
            p(&mut out, "", &state.t(&r.explanation_key()));
        }
        out.push_str("</div></div>");
    }
    out.push_str("</div>");
    out
}

/// The question and its numbered choices as markup (rebuilt only when the question or the
/// language changes, so a pick keeps the focus; [`PredictPanel`] marks the pick).
fn ask_html(state: AppState, p: Predict) -> String {
    use crate::training::esc;
    let Some(answer) = p.answer.get() else {
        return format!(
            r#"<p class="hint">{}</p>"#,
            esc(&state.t("predict-nothing"))
        );
    };
    let mut out = format!(
        r#"<p class="predict-question" id="predict-question">{}</p><ol class="choices" aria-labelledby="predict-question">"#,
        esc(&question_text(state, &answer))
    );
    for (i, c) in p.choices(state).into_iter().enumerate() {
        out.push_str(&format!(
            r#"<li><button type="button" class="choice" data-choice="{}" data-index="{i}" aria-pressed="false"><span class="num" aria-hidden="true">{}</span> {}</button></li>"#,
            esc(&c.id()),
            i + 1,
            esc(&choice_label(state, c))
        ));
    }
    out.push_str("</ol>");
    out
}

/// The predict panel above the answer: the question, the numbered choices, the reveal button,
/// then the verdict (a live region). Shown only in predict mode. The question and the verdict
/// are plain markup (one click handler serves the choices), which keeps the first load small.
#[component]
pub fn PredictPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let p = expect_context::<Predict>();
    let ask = NodeRef::<leptos::html::Div>::new();
    // Marks the pick and disables the choices once revealed, without rebuilding them.
    Effect::new(move |_| {
        let pick = p.pick.get().map(|c| c.id());
        let revealed = p.graded.with(Option::is_some);
        p.answer.track();
        state.lang.track();
        let Some(root) = ask.get() else { return };
        if let Ok(list) = root.query_selector_all("button.choice") {
            for k in 0..list.length() {
                let Some(b) = list
                    .item(k)
                    .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
                else {
                    continue;
                };
                let on = pick.is_some() && b.get_attribute("data-choice") == pick;
                let _ = b.set_attribute("aria-pressed", if on { "true" } else { "false" });
                if revealed {
                    let _ = b.set_attribute("disabled", "");
                } else {
                    let _ = b.remove_attribute("disabled");
                }
            }
        }
    });
    let on_click = move |ev: web_sys::MouseEvent| {
        let index = ev
            .target()
            .and_then(|x| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(x).ok())
            .and_then(|e| e.closest("button.choice").ok().flatten())
            .and_then(|b| b.get_attribute("data-index"))
            .and_then(|i| i.parse::<usize>().ok());
        if let Some(i) = index {
            p.pick_nth(state, i);
        }
    };
    let revealed = move || p.graded.with(Option::is_some);
    view! {
        <section class="predict" aria-labelledby="predict-title">
            <h2 id="predict-title">{move || state.t("predict-title")}</h2>
            <div class="predict-ask" node_ref=ask inner_html=move || ask_html(state, p) on:click=on_click></div>
            <p class="predict-actions">
                <button type="button" id="predict-reveal"
                    prop:disabled=move || p.pick.with(Option::is_none) || revealed()
                    on:click=move |_| p.reveal(state)>
                    {move || state.t("predict-reveal")}
                </button>
                " "
                <span class="hint">{move || if revealed() { String::new() } else { state.t("predict-hidden") }}</span>
            </p>
            <div id="predict-outcome" role="status" aria-live="polite"
                inner_html=move || p.graded.with(|g| g.as_ref().map(|g| reveal_html(state, g)).unwrap_or_default())>
            </div>
        </section>
    }
}

/// Class mode keys (presenter view with predict mode on), read before any other handler:
/// `1`–`9` pick a choice while the answer is hidden, Enter reveals, → goes to the next
/// question once revealed (in a lesson or drill). In class mode ← → Home End never step the
/// timeline, and Enter never presses the focused button, so no key does two things. Keys in
/// text fields and with Ctrl/Alt/Meta are left alone. Returns whether the key was taken.
pub fn class_key(state: AppState, p: Predict, ev: &web_sys::KeyboardEvent) -> bool {
    if !(state.presenter.get_untracked() && state.predict.get_untracked()) {
        return false;
    }
    if !crate::keys::shortcut_may_take(ev) {
        return false;
    }
    let key = ev.key();
    match key.as_str() {
        "Enter" => p.reveal(state),
        "ArrowRight" => {
            if p.graded.with_untracked(Option::is_some) {
                if let Some(next) = p.on_next.get_value() {
                    next.run(());
                }
            }
        }
        "ArrowLeft" | "Home" | "End" => {}
        k => match k.parse::<usize>() {
            Ok(n @ 1..=9) => p.pick_nth(state, n - 1),
            _ => return false,
        },
    }
    true
}

/// Installs [`class_key`] as a capture-phase listener on the window, so it runs before the
/// timeline's arrow keys and the focused button's Enter.
pub fn install_class_keys(state: AppState, p: Predict) {
    use wasm_bindgen::prelude::*;
    let Some(w) = web_sys::window() else { return };
    let cb =
        Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
            if class_key(state, p, &ev) {
                ev.prevent_default();
                ev.stop_immediate_propagation();
            }
        });
    let _ =
        w.add_event_listener_with_callback_and_bool("keydown", cb.as_ref().unchecked_ref(), true);
    cb.forget();
}
