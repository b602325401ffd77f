//! The answer for the step shown: the result (name and number), what happened and why in our
//! words, the rule and its sources, the evidence, and — where the article and current Windows
//! differ or sources disagree — both answers side by side. Announced to screen readers.

use leptos::prelude::*;
use sockbind_core::{
    BindResult, BindVerdict, CellKey, Delivery, Evidence, Outcome, Receivers, Rule, Source, Step,
    ARTICLE,
};

use crate::state::AppState;

/// One line naming a result, e.g. `✗ bind() fails with WSAEACCES (10013)`.
pub fn headline(v: &BindVerdict) -> String {
    let call = match (v.step, v.rule) {
        (Step::Setsockopt, _) => "setsockopt()",
        (_, Rule::ListenOk | Rule::ListenNotBound | Rule::ListenOnUdp) => "listen()",
        _ => "bind()",
    };
    if v.result.is_success() {
        format!("✓ {call} succeeds")
    } else {
        format!("✗ {call} fails with {} ({})", v.result.name(), v.code)
    }
}

fn result_text(r: BindResult) -> String {
    if r.is_success() {
        "success".into()
    } else {
        format!("{} ({})", r.name(), r.code())
    }
}

fn cell_label(key: &str) -> String {
    CellKey::parse(key, "cell")
        .map(|k| k.label())
        .unwrap_or_else(|_| key.to_string())
}

fn sources_view(sources: &[Source]) -> impl IntoView {
    view! {
        <ul class="sources">
            {sources.iter().map(|s| view! { <li>{s.cite}</li> }).collect_view()}
        </ul>
    }
}

fn evidence_badge(e: Evidence) -> impl IntoView {
    view! {
        <span class=format!("badge ev-{}", e.id()) data-evidence=e.id()>
            {format!("Evidence: {}", e.label())}
        </span>
    }
}

/// The article's answer and the best-known one side by side, plus alternatives.
fn comparison(v: &BindVerdict) -> Option<impl IntoView> {
    let differs = v.documented != Some(v.result);
    if !differs && v.alternatives.is_empty() {
        return None;
    }
    let current_title = match v.evidence {
        Evidence::TestedOnWindows => "Current Windows (tested on Windows 7 and newer)",
        Evidence::Disputed => "Our answer (the article's, until a test settles it)",
        Evidence::Implementation => "Best known (independent re-implementation)",
        Evidence::Reports => "Best known (public reports)",
        Evidence::Documented => "Our answer",
    };
    let documented = match v.documented {
        Some(d) => result_text(d),
        None => "nothing: the article does not cover this case".into(),
    };
    let dual = matches!(
        v.rule,
        Rule::DualStackExclusiveHoldsIpv4 | Rule::DualStackIpv4SideUnclaimed
    );
    let doc_rule = v.documented_rule.map(|r| {
        if dual {
            format!("Read literally, the article's dual-stack paragraph has the :: socket hold 0.0.0.0 as well, and for that pair its table says: {}", r.explanation())
        } else {
            r.explanation().to_string()
        }
    });
    let alternatives = v.alternatives.clone();
    Some(view! {
        <div class="compare" data-compare="true">
            <div class="col current">
                <h4>{current_title}</h4>
                <p class="big">{result_text(v.result)}</p>
            </div>
            <div class="col documented">
                <h4>"The article says"</h4>
                <p class="big" data-documented=v.documented.map(|d| d.name()).unwrap_or("none")>{documented}</p>
                {doc_rule.map(|t| view! { <p>{t}</p> })}
            </div>
            {alternatives.into_iter().map(|a| view! {
                <div class="col alternative" data-alternative=a.result.name()>
                    <h4>{format!("Another answer: {}", a.evidence.label())}</h4>
                    <p class="big">{result_text(a.result)}</p>
                    <p>{a.note.clone()}</p>
                    {sources_view(&a.sources)}
                </div>
            }).collect_view()}
        </div>
    })
}

fn verdict_view(label: String, v: BindVerdict) -> impl IntoView {
    let ok = v.result.is_success();
    let cell = v.table.as_ref().map(|t| {
        format!(
            "The article's table “{}”: first bind {}, second bind {}.",
            t.id.title(),
            cell_label(&t.row),
            cell_label(&t.column)
        )
    });
    let blocked = v
        .blocked_by
        .map(|i| format!("Refused because of socket {i}, which holds the port."));
    view! {
        <div class="verdict" class:ok=ok class:err=!ok data-result=v.result.name() data-evidence=v.evidence.id()>
            <h3>{label}</h3>
            <p class="headline">
                <strong class="result-name">{headline(&v)}</strong>
                " "
                {evidence_badge(v.evidence)}
            </p>
            <p class="explanation">{v.explanation.clone()}</p>
            {blocked.map(|b| view! { <p class="blocked">{b}</p> })}
            {comparison(&v)}
            <p class="rule">
                "Rule " <code>{v.rule.id()}</code> " — “" {ARTICLE} "”, section “" {v.section.clone()} "”."
            </p>
            {cell.map(|c| view! { <p class="cell-ref">{c}</p> })}
            <details class="how-we-know">
                <summary>"How we know"</summary>
                {sources_view(&v.sources)}
            </details>
        </div>
    }
}

fn receivers_text(r: &Receivers) -> String {
    let list = |v: &[usize]| {
        v.iter()
            .map(|k| format!("socket {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !r.determinate {
        format!("? — one of {}, no telling which", list(&r.candidates))
    } else if r.sockets.is_empty() {
        "nobody".into()
    } else {
        list(&r.sockets)
    }
}

fn delivery_view(d: Delivery) -> impl IntoView {
    let what = if d.protocol == sockbind_core::Protocol::Tcp {
        "A TCP connection"
    } else {
        "A UDP datagram"
    };
    let differs = d.result != d.documented;
    view! {
        <div class="verdict delivery" data-rule=d.rule.id() data-evidence=d.evidence.id()>
            <h3>{format!("{what} to {}:{}", d.to, d.port)}</h3>
            <p class="headline">
                <strong class="receivers">{format!("Received by: {}", receivers_text(&d.result))}</strong>
                " "
                {evidence_badge(d.evidence)}
            </p>
            <p class="explanation">{d.explanation.clone()}</p>
            {differs.then(|| view! {
                <div class="compare" data-compare="true">
                    <div class="col current"><h4>"Current Windows"</h4><p class="big">{receivers_text(&d.result)}</p></div>
                    <div class="col documented"><h4>"The article says"</h4><p class="big">{receivers_text(&d.documented)}</p>
                        <p>{d.documented_rule.explanation()}</p></div>
                </div>
            })}
            <p class="rule">"Rule " <code>{d.rule.id()}</code></p>
            <details class="how-we-know"><summary>"How we know"</summary>{sources_view(&d.sources)}</details>
        </div>
    }
}

/// The answer panel (an `aria-live` region) for the step shown.
#[component]
pub fn Answer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let body = move || {
        if let Some(e) = state.timeline.with(|t| t.as_ref().err().cloned()) {
            return view! {
                <div class="verdict err">
                    <p class="headline"><strong>"This scenario cannot be run"</strong></p>
                    <p>{e.to_string()}</p>
                </div>
            }
            .into_any();
        }
        let Some(entry) = state.current_entry() else {
            return view! { <p>"No steps."</p> }.into_any();
        };
        let label = |e: &sockbind_core::TimelineEntry| {
            state.scenario.with(|s| {
                format!(
                    "Step {}: {}",
                    e.step + 1,
                    crate::timeline::step_label(&e.op, s)
                )
            })
        };
        let title = label(&entry);
        // Earlier calls that failed change what the port holds: show them too.
        let earlier: Vec<(String, BindVerdict)> = state.timeline.with(|t| {
            t.as_ref()
                .map(|t| {
                    t.iter()
                        .take(entry.step)
                        .filter_map(|e| {
                            e.verdict()
                                .filter(|v| !v.result.is_success())
                                .map(|v| (label(e), v.clone()))
                        })
                        .collect()
                })
                .unwrap_or_default()
        });
        let earlier = (!earlier.is_empty()).then(|| {
            view! {
                <div class="earlier">
                    <h3>"Earlier in the timeline"</h3>
                    {earlier.into_iter().map(|(l, v)| verdict_view(l, v)).collect_view()}
                </div>
            }
        });
        let main = match entry.outcome {
            Outcome::Call(v) => verdict_view(title, v).into_any(),
            Outcome::Send(d) => delivery_view(d).into_any(),
            Outcome::Close {
                socket,
                removed,
                lingering,
            } => {
                let text = match (removed, lingering) {
                    (true, true) => format!("Socket {socket} is closed, but a connection it accepted is still active: its entry lingers in the port table."),
                    (true, false) => format!("Socket {socket} is closed; its entry leaves the port table."),
                    (false, _) => format!("Socket {socket} held no binding, so closing it changes nothing on the port."),
                };
                view! {
                    <div class="verdict ok" data-result="close">
                        <h3>{title}</h3>
                        <p class="explanation">{text}</p>
                    </div>
                }
                .into_any()
            }
        };
        view! { {main} {earlier} }.into_any()
    };
    view! {
        <section class="answer" aria-labelledby="answer-title">
            <h2 id="answer-title">"What Windows answers"</h2>
            <p class="notice" role="status">{move || state.notice.get()}</p>
            <div id="answer" role="status" aria-live="polite" aria-atomic="true">
                {body}
            </div>
        </section>
    }
}
