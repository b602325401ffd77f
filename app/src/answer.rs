//! The answer for the step shown: the result (name and number), what happened and why in our
//! words, the rule and its sources, the evidence, and — where the article and current Windows
//! differ or sources disagree — both answers side by side. Announced to screen readers.

use leptos::prelude::*;
use sockbind_core::{
    BindResult, BindVerdict, Delivery, Evidence, Outcome, Protocol, Receivers, Rule, Source,
    TimelineEntry,
};
use std::fmt::Write;
use wasm_bindgen::JsCast;

use crate::state::AppState;
use crate::text::esc;

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

/// `<p class="…">text</p>` (or `<p>` without a class), the text escaped.
fn para(out: &mut String, class: &str, text: &str) {
    if class.is_empty() {
        let _ = write!(out, "<p>{}</p>", esc(text));
    } else {
        let _ = write!(out, r#"<p class="{class}">{}</p>"#, esc(text));
    }
}

fn sources_html(out: &mut String, state: AppState, sources: &[Source]) {
    let lang = state.lang.get();
    out.push_str(r#"<ul class="sources">"#);
    for s in sources {
        let _ = write!(out, "<li>{}</li>", esc(&s.cite_in(lang)));
    }
    out.push_str("</ul>");
}

fn how_we_know(out: &mut String, state: AppState, sources: &[Source]) {
    let _ = write!(
        out,
        r#"<details class="how-we-know"><summary>{}</summary>"#,
        esc(&state.t("how-we-know"))
    );
    sources_html(out, state, sources);
    out.push_str("</details>");
}

fn evidence_badge(out: &mut String, state: AppState, e: Evidence) {
    let _ = write!(
        out,
        r#"<span class="badge ev-{id}" data-evidence="{id}">{}</span>"#,
        esc(&state.ta(
            "evidence",
            &[("kind", state.t(&format!("evidence-{}", e.id())))]
        )),
        id = e.id(),
    );
}

/// The article's answer and the best-known one side by side, plus alternatives.
fn comparison(out: &mut String, state: AppState, v: &BindVerdict) {
    let differs = v.documented != Some(v.result);
    if !differs && v.alternatives.is_empty() {
        return;
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
    let _ = write!(
        out,
        r#"<div class="compare" data-compare="true"><div class="col current"><h4>{}</h4><p class="big">{}</p></div><div class="col documented"><h4>{}</h4><p class="big" data-documented="{}">{}</p>"#,
        esc(&current_title),
        esc(&result_text(state, v.result)),
        esc(&state.t("compare-article")),
        v.documented.map(|d| d.name()).unwrap_or("none"),
        esc(&documented),
    );
    if let Some(t) = doc_rule {
        para(out, "", &t);
    }
    out.push_str("</div>");
    for a in &v.alternatives {
        let title = state.ta(
            "compare-other",
            &[("kind", state.t(&format!("evidence-{}", a.evidence.id())))],
        );
        let _ = write!(
            out,
            r#"<div class="col alternative" data-alternative="{}"><h4>{}</h4><p class="big">{}</p>"#,
            a.result.name(),
            esc(&title),
            esc(&result_text(state, a.result)),
        );
        para(out, "", &state.t(&format!("alt-{}", a.id)));
        if let Some(r) = a.rule {
            para(out, "", &state.t(r.explanation_key()));
        }
        sources_html(out, state, &a.sources);
        out.push_str("</div>");
    }
    out.push_str("</div>");
}

fn verdict_html(out: &mut String, state: AppState, label: &str, v: &BindVerdict) {
    let ok = v.result.is_success();
    let _ = write!(
        out,
        r#"<div class="verdict {}" data-result="{}" data-evidence="{}" data-rule="{}""#,
        if ok { "ok" } else { "err" },
        v.result.name(),
        v.evidence.id(),
        v.rule.id(),
    );
    if let Some(r) = v.extended {
        let _ = write!(out, r#" data-extended="{}""#, r.id());
    }
    let _ = write!(out, "><h3>{}</h3>", esc(label));
    if let Some(f) = &v.failed_setsockopt {
        let line = state.ta(
            "failed-setsockopt",
            &[
                ("error", f.result.name().to_string()),
                ("code", f.code.to_string()),
            ],
        );
        let _ = write!(
            out,
            r#"<div class="failed-setsockopt" data-failed="{}"><p><strong>{}</strong></p>"#,
            f.result.name(),
            esc(&line)
        );
        para(out, "", &state.t(f.rule.explanation_key()));
        para(
            out,
            "rule",
            &state.ta("rule-only", &[("rule", f.rule.id().to_string())]),
        );
        out.push_str("</div>");
    }
    let _ = write!(
        out,
        r#"<p class="headline"><strong class="result-name">{}</strong> "#,
        esc(&headline(state, v))
    );
    evidence_badge(out, state, v.evidence);
    out.push_str("</p>");
    para(out, "explanation", &state.t(v.rule.explanation_key()));
    if let Some(r) = v.extended {
        para(
            out,
            "extended",
            &state.ta("extended-rule", &[("rule", r.id().to_string())]),
        );
    }
    if let Some(i) = v.blocked_by {
        para(
            out,
            "blocked",
            &state.ta("blocked-by", &[("n", i.to_string())]),
        );
    }
    comparison(out, state, v);
    para(
        out,
        "rule",
        &state.ta(
            // The reference pages are not a section of the article.
            if v.rule.section() == sockbind_core::Section::WinsockReference {
                "rule-line-reference"
            } else {
                "rule-line"
            },
            &[
                ("rule", v.rule.id().to_string()),
                ("article", state.t("article-title")),
                ("section", state.t(&v.rule.section().key())),
            ],
        ),
    );
    if let Some(t) = &v.table {
        let cell = state.ta(
            "cell-ref",
            &[
                ("table", state.t(&format!("table-{}", t.id.id()))),
                ("row", state.cell_label(t.row)),
                ("column", state.cell_label(t.column)),
            ],
        );
        para(out, "cell-ref", &cell);
    }
    how_we_know(out, state, &v.sources);
    trouble_link(out, state, v);
    out.push_str("</div>");
}

/// "If Windows still refuses…": a link to the troubleshooting panel under a bind that
/// succeeds or fails with 10013/10048 (not in the embed, which has no panel).
fn trouble_link(out: &mut String, state: AppState, v: &BindVerdict) {
    let fits = v.call == sockbind_core::Call::Bind
        && matches!(
            v.result,
            BindResult::Success | BindResult::Access | BindResult::AddrInUse
        );
    if fits && !state.embed {
        let _ = write!(
            out,
            r##"<p class="see-trouble"><a href="#trouble-title">{}</a></p>"##,
            esc(&state.t("trouble-see"))
        );
    }
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

fn delivery_html(out: &mut String, state: AppState, d: &Delivery) {
    let title = state.ta(
        if d.protocol == Protocol::Tcp {
            "delivery-tcp"
        } else {
            "delivery-udp"
        },
        &[("to", d.to.to_string()), ("port", d.port.to_string())],
    );
    let _ = write!(
        out,
        r#"<div class="verdict delivery" data-rule="{}" data-evidence="{}"><h3>{}</h3><p class="headline"><strong class="receivers">{}</strong> "#,
        d.rule.id(),
        d.evidence.id(),
        esc(&title),
        esc(&state.ta("received-by", &[("list", receivers_text(state, &d.result))])),
    );
    evidence_badge(out, state, d.evidence);
    out.push_str("</p>");
    para(
        out,
        "explanation",
        &state.t(&format!("delivery-{}", d.rule.id())),
    );
    if d.result != d.documented {
        let _ = write!(
            out,
            r#"<div class="compare" data-compare="true"><div class="col current"><h4>{}</h4><p class="big">{}</p></div><div class="col documented"><h4>{}</h4><p class="big">{}</p><p>{}</p></div></div>"#,
            esc(&state.t("compare-current-windows")),
            esc(&receivers_text(state, &d.result)),
            esc(&state.t("compare-article")),
            esc(&receivers_text(state, &d.documented)),
            esc(&state.t(&format!("delivery-{}", d.documented_rule.id()))),
        );
    }
    para(
        out,
        "rule",
        &state.ta("rule-only", &[("rule", d.rule.id().to_string())]),
    );
    how_we_know(out, state, &d.sources);
    out.push_str("</div>");
}

fn close_html(
    out: &mut String,
    state: AppState,
    title: &str,
    socket: usize,
    removed: bool,
    lingering: bool,
) {
    let key = match (removed, lingering) {
        (true, true) => "close-lingering",
        (true, false) => "close-removed",
        (false, _) => "close-nothing",
    };
    let _ = write!(
        out,
        r#"<div class="verdict ok" data-result="close"><h3>{}</h3>"#,
        esc(title)
    );
    para(
        out,
        "explanation",
        &state.ta(key, &[("n", socket.to_string())]),
    );
    out.push_str("</div>");
}

/// The answer's body for the step shown, as markup (reactive).
fn body_html(state: AppState) -> String {
    let mut out = String::new();
    if let Some(e) = state.timeline.with(|t| t.as_ref().err().cloned()) {
        let _ = write!(
            out,
            r#"<div class="verdict err"><p class="headline"><strong>{}</strong></p><p>{}</p></div>"#,
            esc(&state.t("scenario-error")),
            esc(&e.to_string())
        );
        return out;
    }
    let Some(entry) = state.current_entry() else {
        para(&mut out, "", &state.t("no-steps"));
        return out;
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
    match &entry.outcome {
        Outcome::Call(v) => verdict_html(&mut out, state, &title, v),
        Outcome::Send(d) => delivery_html(&mut out, state, d),
        Outcome::Close {
            socket,
            removed,
            lingering,
        } => close_html(&mut out, state, &title, *socket, *removed, *lingering),
    }
    // Earlier calls that failed change what the port holds: show them too.
    state.timeline.with(|t| {
        let Ok(t) = t.as_ref() else { return };
        let mut earlier = t
            .iter()
            .take(entry.step)
            .filter_map(|e| {
                e.verdict()
                    .filter(|v| !v.result.is_success() || v.failed_setsockopt.is_some())
                    .map(|v| (e, v))
            })
            .peekable();
        if earlier.peek().is_none() {
            return;
        }
        let _ = write!(
            out,
            r#"<div class="earlier"><h3>{}</h3>"#,
            esc(&state.t("earlier-title"))
        );
        for (e, v) in earlier {
            verdict_html(&mut out, state, &label(e), v);
        }
        out.push_str("</div>");
    });
    out
}

/// The answer panel (an `aria-live` region) for the step shown.
///
/// Cost: the body is markup built from the step shown and written only when it differs from
/// what is shown, as one `innerHTML` (no per-element calls; nothing here has handlers). A
/// "How we know" box the reader opened stays open across a change.
#[component]
pub fn Answer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let root = NodeRef::<leptos::html::Div>::new();
    let body = Memo::new(move |_| body_html(state));
    Effect::new(move |_| {
        let html = body.get();
        let Some(el) = root.get() else { return };
        // Which "How we know" boxes are open, so they stay open in the new body.
        let mut open = vec![];
        if let Ok(list) = el.query_selector_all("details.how-we-know") {
            for i in 0..list.length() {
                open.push(
                    list.get(i)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                        .is_some_and(|d| d.has_attribute("open")),
                );
            }
        }
        el.set_inner_html(&html);
        if open.contains(&true) {
            if let Ok(list) = el.query_selector_all("details.how-we-know") {
                for (i, was_open) in open.into_iter().enumerate() {
                    if let Some(d) = list
                        .get(i as u32)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    {
                        if was_open {
                            let _ = d.set_attribute("open", "");
                        }
                    }
                }
            }
        }
    });
    view! {
        <section class="answer" aria-labelledby="answer-title">
            <h2 id="answer-title">{move || state.t("answer-title")}</h2>
            <p class="notice" role="status">{move || state.notice.get().map(|n| n.text(&state))}</p>
            <div id="answer" role="status" aria-live="polite" aria-atomic="true" node_ref=root></div>
        </section>
    }
}
