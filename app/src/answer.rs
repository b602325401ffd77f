//! The answer for the step shown: the result (name and number), what happened and why in our
//! words, the rule and its sources, the evidence, and — where the article and current Windows
//! differ or sources disagree — both answers side by side. Announced to screen readers.

use leptos::prelude::*;
use sockbind_core::{
    BindResult, BindVerdict, Delivery, Evidence, Outcome, Protocol, Receivers, Rule, Source,
    TimelineEntry,
};

use crate::state::AppState;

/// One line naming a result, e.g. `✗ bind() fails with WSAEACCES (10013)`.
pub fn headline(state: AppState, v: &BindVerdict) -> String {
    let call = v.call.name().to_string();
    if v.result.is_success() {
        state.ta("headline-success", &[("call", call)])
    } else {
        state.ta(
            "headline-error",
            &[
                ("call", call),
                ("error", v.result.name().to_string()),
                ("code", v.code.to_string()),
            ],
        )
    }
}

fn result_text(state: AppState, r: BindResult) -> String {
    if r.is_success() {
        state.t("result-success")
    } else {
        format!("{} ({})", r.name(), r.code())
    }
}

fn sources_view(state: AppState, sources: &[Source]) -> impl IntoView {
    let lang = state.lang.get();
    view! {
        <ul class="sources">
            {sources.iter().map(|s| view! { <li>{s.cite_in(lang)}</li> }).collect_view()}
        </ul>
    }
}

fn evidence_badge(state: AppState, e: Evidence) -> impl IntoView {
    view! {
        <span class=format!("badge ev-{}", e.id()) data-evidence=e.id()>
            {state.ta("evidence", &[("kind", state.t(&format!("evidence-{}", e.id())))])}
        </span>
    }
}

/// The article's answer and the best-known one side by side, plus alternatives.
fn comparison(state: AppState, v: &BindVerdict) -> Option<impl IntoView> {
    let differs = v.documented != Some(v.result);
    if !differs && v.alternatives.is_empty() {
        return None;
    }
    let current_title = state.t(match v.evidence {
        Evidence::TestedOnWindows => "compare-current-tested",
        Evidence::Disputed => "compare-current-disputed",
        Evidence::Implementation => "compare-current-implementation",
        Evidence::Reports => "compare-current-reports",
        Evidence::Documented => "compare-current",
    });
    let documented = match v.documented {
        Some(d) => result_text(state, d),
        None => state.t("compare-article-silent"),
    };
    let dual = matches!(
        v.rule,
        Rule::DualStackExclusiveHoldsIpv4 | Rule::DualStackIpv4SideUnclaimed
    );
    let doc_rule = v.documented_rule.map(|r| {
        let text = state.t(r.explanation_key());
        if dual {
            state.ta("compare-dual-reading", &[("rule", text)])
        } else {
            text
        }
    });
    let alternatives = v.alternatives.clone();
    Some(view! {
        <div class="compare" data-compare="true">
            <div class="col current">
                <h4>{current_title}</h4>
                <p class="big">{result_text(state, v.result)}</p>
            </div>
            <div class="col documented">
                <h4>{state.t("compare-article")}</h4>
                <p class="big" data-documented=v.documented.map(|d| d.name()).unwrap_or("none")>
                    {documented}
                </p>
                {doc_rule.map(|t| view! { <p>{t}</p> })}
            </div>
            {alternatives
                .into_iter()
                .map(|a| {
                    let title = state.ta(
                        "compare-other",
                        &[("kind", state.t(&format!("evidence-{}", a.evidence.id())))],
                    );
                    view! {
                        <div class="col alternative" data-alternative=a.result.name()>
                            <h4>{title}</h4>
                            <p class="big">{result_text(state, a.result)}</p>
                            <p>{state.t(&format!("alt-{}", a.id))}</p>
                            {a.rule.map(|r| view! { <p>{state.t(r.explanation_key())}</p> })}
                            {sources_view(state, &a.sources)}
                        </div>
                    }
                })
                .collect_view()}
        </div>
    })
}

fn verdict_view(state: AppState, label: String, v: BindVerdict) -> impl IntoView {
    let ok = v.result.is_success();
    let cell = v.table.as_ref().map(|t| {
        state.ta(
            "cell-ref",
            &[
                ("table", state.t(&format!("table-{}", t.id.id()))),
                ("row", state.cell_label(t.row)),
                ("column", state.cell_label(t.column)),
            ],
        )
    });
    let blocked = v
        .blocked_by
        .map(|i| state.ta("blocked-by", &[("n", i.to_string())]));
    let rule_line = state.ta(
        "rule-line",
        &[
            ("rule", v.rule.id().to_string()),
            ("article", state.t("article-title")),
            ("section", state.t(&v.rule.section().key())),
        ],
    );
    let failed = v.failed_setsockopt.as_ref().map(|f| {
        let line = state.ta(
            "failed-setsockopt",
            &[
                ("error", f.result.name().to_string()),
                ("code", f.code.to_string()),
            ],
        );
        let why = state.t(f.rule.explanation_key());
        let rule = state.ta("rule-only", &[("rule", f.rule.id().to_string())]);
        view! {
            <div class="failed-setsockopt" data-failed=f.result.name()>
                <p><strong>{line}</strong></p>
                <p>{why}</p>
                <p class="rule">{rule}</p>
            </div>
        }
    });
    let extended = v
        .extended
        .map(|r| state.ta("extended-rule", &[("rule", r.id().to_string())]));
    view! {
        <div
            class="verdict"
            class:ok=ok
            class:err=!ok
            data-result=v.result.name()
            data-evidence=v.evidence.id()
            data-rule=v.rule.id()
            data-extended=v.extended.map(|r| r.id())
        >
            <h3>{label}</h3>
            {failed}
            <p class="headline">
                <strong class="result-name">{headline(state, &v)}</strong>
                " "
                {evidence_badge(state, v.evidence)}
            </p>
            <p class="explanation">{state.t(v.rule.explanation_key())}</p>
            {extended.map(|e| view! { <p class="extended">{e}</p> })}
            {blocked.map(|b| view! { <p class="blocked">{b}</p> })}
            {comparison(state, &v)}
            <p class="rule">{rule_line}</p>
            {cell.map(|c| view! { <p class="cell-ref">{c}</p> })}
            <details class="how-we-know">
                <summary>{state.t("how-we-know")}</summary>
                {sources_view(state, &v.sources)}
            </details>
            {trouble_link(state, &v)}
        </div>
    }
}

/// "If Windows still refuses…": a link to the troubleshooting panel under a bind that
/// succeeds or fails with 10013/10048 (not in the embed, which has no panel).
fn trouble_link(state: AppState, v: &BindVerdict) -> Option<impl IntoView> {
    let fits = v.call == sockbind_core::Call::Bind
        && matches!(
            v.result,
            BindResult::Success | BindResult::Access | BindResult::AddrInUse
        );
    (fits && !state.embed).then(|| {
        view! { <p class="see-trouble"><a href="#trouble-title">{state.t("trouble-see")}</a></p> }
    })
}

fn receivers_text(state: AppState, r: &Receivers) -> String {
    let list = |v: &[usize]| {
        v.iter()
            .map(|k| state.ta("socket-name", &[("n", k.to_string())]))
            .collect::<Vec<_>>()
            .join(&state.t("list-sep"))
    };
    if !r.determinate {
        state.ta("receivers-unknown", &[("list", list(&r.candidates))])
    } else if r.sockets.is_empty() {
        state.t("receivers-nobody")
    } else {
        list(&r.sockets)
    }
}

fn delivery_view(state: AppState, d: Delivery) -> impl IntoView {
    let title = state.ta(
        if d.protocol == Protocol::Tcp {
            "delivery-tcp"
        } else {
            "delivery-udp"
        },
        &[("to", d.to.to_string()), ("port", d.port.to_string())],
    );
    let differs = d.result != d.documented;
    view! {
        <div class="verdict delivery" data-rule=d.rule.id() data-evidence=d.evidence.id()>
            <h3>{title}</h3>
            <p class="headline">
                <strong class="receivers">
                    {state.ta("received-by", &[("list", receivers_text(state, &d.result))])}
                </strong>
                " "
                {evidence_badge(state, d.evidence)}
            </p>
            <p class="explanation">{state.t(&format!("delivery-{}", d.rule.id()))}</p>
            {differs
                .then(|| {
                    view! {
                        <div class="compare" data-compare="true">
                            <div class="col current">
                                <h4>{state.t("compare-current-windows")}</h4>
                                <p class="big">{receivers_text(state, &d.result)}</p>
                            </div>
                            <div class="col documented">
                                <h4>{state.t("compare-article")}</h4>
                                <p class="big">{receivers_text(state, &d.documented)}</p>
                                <p>{state.t(&format!("delivery-{}", d.documented_rule.id()))}</p>
                            </div>
                        </div>
                    }
                })}
            <p class="rule">{state.ta("rule-only", &[("rule", d.rule.id().to_string())])}</p>
            <details class="how-we-know">
                <summary>{state.t("how-we-know")}</summary>
                {sources_view(state, &d.sources)}
            </details>
        </div>
    }
}

fn close_view(
    state: AppState,
    title: String,
    socket: usize,
    removed: bool,
    lingering: bool,
) -> impl IntoView {
    let key = match (removed, lingering) {
        (true, true) => "close-lingering",
        (true, false) => "close-removed",
        (false, _) => "close-nothing",
    };
    view! {
        <div class="verdict ok" data-result="close">
            <h3>{title}</h3>
            <p class="explanation">{state.ta(key, &[("n", socket.to_string())])}</p>
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
                    <p class="headline"><strong>{state.t("scenario-error")}</strong></p>
                    <p>{e.to_string()}</p>
                </div>
            }
            .into_any();
        }
        let Some(entry) = state.current_entry() else {
            return view! { <p>{state.t("no-steps")}</p> }.into_any();
        };
        let label = |e: &TimelineEntry| {
            state.scenario.with(|s| {
                state.ta(
                    "step-title",
                    &[
                        ("i", (e.step + 1).to_string()),
                        ("label", crate::text::step_label(state, &e.op, s)),
                    ],
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
                                .filter(|v| !v.result.is_success() || v.failed_setsockopt.is_some())
                                .map(|v| (label(e), v.clone()))
                        })
                        .collect()
                })
                .unwrap_or_default()
        });
        let earlier = (!earlier.is_empty()).then(|| {
            view! {
                <div class="earlier">
                    <h3>{state.t("earlier-title")}</h3>
                    {earlier.into_iter().map(|(l, v)| verdict_view(state, l, v)).collect_view()}
                </div>
            }
        });
        let main = match entry.outcome {
            Outcome::Call(v) => verdict_view(state, title, v).into_any(),
            Outcome::Send(d) => delivery_view(state, d).into_any(),
            Outcome::Close {
                socket,
                removed,
                lingering,
            } => close_view(state, title, socket, removed, lingering).into_any(),
        };
        view! { {main} {earlier} }.into_any()
    };
    view! {
        <section class="answer" aria-labelledby="answer-title">
            <h2 id="answer-title">{move || state.t("answer-title")}</h2>
            <p class="notice" role="status">{move || state.notice.get().map(|n| n.text(&state))}</p>
            <div id="answer" role="status" aria-live="polite" aria-atomic="true">
                {body}
            </div>
        </section>
    }
}
