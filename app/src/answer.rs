//! The answer: the result of the second bind (name and number), what happened and why in our
//! words, the rule that fired and its source, announced to screen readers.

use leptos::prelude::*;
use sockbind_core::{BindVerdict, DocumentedTables, Step, TableId, ARTICLE};

use crate::state::AppState;

/// One line naming a result, e.g. `✗ WSAEACCES (10013) at bind()` or `✓ bind() succeeds`.
pub fn headline(v: &BindVerdict) -> String {
    let call = match v.step {
        Step::Setsockopt => "setsockopt()",
        Step::Bind => "bind()",
    };
    if v.result.is_success() {
        format!("✓ {call} succeeds")
    } else {
        format!("✗ {call} fails with {} ({})", v.result.name(), v.code)
    }
}

fn verdict_view(label: &'static str, v: BindVerdict) -> impl IntoView {
    let ok = v.result.is_success();
    let cell = v.table.as_ref().map(|t| {
        let documented = DocumentedTables::bundled()
            .lookup(t)
            .map(|r| r.short())
            .unwrap_or("?");
        format!(
            "Documented cell: table “{}”, first bind {}, second bind {} → {}.",
            t.id.title(),
            t.row,
            t.column,
            documented
        )
    });
    let blocked = v.blocked_by.map(|i| {
        format!(
            "Refused because of socket {} (the {} bind).",
            i + 1,
            ordinal(i)
        )
    });
    view! {
        <div class="verdict" class:ok=ok class:err=!ok data-result=v.result.name()>
            <h3>{label}</h3>
            <p class="headline">
                <strong class="result-name">{headline(&v)}</strong>
            </p>
            <p class="explanation">{v.explanation.clone()}</p>
            {blocked.map(|b| view! { <p class="blocked">{b}</p> })}
            <p class="rule">
                "Rule "
                <code>{v.rule.id()}</code>
                " — source: “"
                {ARTICLE}
                "”, section “"
                {v.section.clone()}
                "”."
            </p>
            {cell.map(|c| view! { <p class="cell-ref">{c}</p> })}
        </div>
    }
}

fn ordinal(i: usize) -> &'static str {
    match i {
        0 => "first",
        1 => "second",
        _ => "earlier",
    }
}

/// The answer panel (an `aria-live` region).
#[component]
pub fn Answer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let body = move || match state.steps.get() {
        Err(e) => view! {
            <div class="verdict err">
                <p class="headline"><strong>"This scenario cannot be decided"</strong></p>
                <p>{e.to_string()}</p>
            </div>
        }
        .into_any(),
        Ok(steps) => {
            let first = steps.first().map(|s| s.verdict.clone());
            let second = steps.get(1).map(|s| s.verdict.clone());
            view! {
                {first
                    .filter(|v| !v.result.is_success())
                    .map(|v| verdict_view("First socket", v))}
                {second.map(|v| verdict_view("Second socket", v))}
            }
            .into_any()
        }
    };
    view! {
        <section class="answer" aria-labelledby="answer-title">
            <h2 id="answer-title">"What Windows answers"</h2>
            <div id="answer" role="status" aria-live="polite" aria-atomic="true">
                {body}
            </div>
            <p class="hint">
                {move || {
                    (state.current_table() != TableId::XpAndEarlier)
                        .then_some(
                            "Since Windows Server 2003 the user accounts matter: pick “another user” for the second socket to see the stricter table.",
                        )
                }}
            </p>
        </section>
    }
}
