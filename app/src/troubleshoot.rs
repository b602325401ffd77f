//! "Still getting 10013 or 10048?": what else to check when no binding on the port explains
//! the error. Our words; sources named.

use leptos::prelude::*;
use sockbind_core::evidence::{
    Source, DISABLE_ADDRESS_SHARING_DOC, DUAL_STACK_REPORTS, EXCLUDED_RANGES_REPORTS,
};

use crate::state::AppState;

/// One item: title key, text key, commands to show, a source citation, and the catalog key of
/// the link to the example it mentions (`trouble-load-<example id>`, or `None`).
type Item = (
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<Source>,
    Option<&'static str>,
);

const ITEMS: [Item; 5] = [
    (
        "trouble-excluded-title",
        "trouble-excluded",
        &["netsh int ipv4 show excludedportrange protocol=tcp"],
        Some(EXCLUDED_RANGES_REPORTS),
        None,
    ),
    (
        "trouble-other-user-title",
        "trouble-other-user",
        &[
            "netstat -ano -p tcp",
            "netstat -ano -p tcpv6",
            "tasklist /fi \"pid eq N\"",
        ],
        None,
        None,
    ),
    (
        "trouble-dual-stack-title",
        "trouble-dual-stack",
        &[],
        Some(DUAL_STACK_REPORTS),
        Some("trouble-load-dual-stack"),
    ),
    (
        "trouble-sharing-off-title",
        "trouble-sharing-off",
        &["DisableAddressSharing"],
        Some(DISABLE_ADDRESS_SHARING_DOC),
        None,
    ),
    (
        "trouble-closing-title",
        "trouble-closing",
        &[],
        None,
        Some("trouble-load-lingering"),
    ),
];

/// Loads the built-in example `id` and shows its first step (the link then scrolls to the
/// answer).
pub fn load_example(state: AppState, id: &str) {
    if let Some(ex) = sockbind_core::examples().into_iter().find(|e| e.id == id) {
        crate::timeline::load_example(state, ex);
    }
}

/// The troubleshooting panel.
#[component]
pub fn Troubleshoot() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="troubleshoot" aria-labelledby="trouble-title">
            <h2 id="trouble-title">{move || state.t("trouble-title")}</h2>
            <p>{move || state.t("trouble-intro")}</p>
            <ul>
                {ITEMS
                    .into_iter()
                    .map(|(title, text, commands, cite, example)| {
                        view! {
                            <li>
                                <strong>{move || state.t(title)}</strong>
                                " "
                                {move || state.t(text)}
                                {example.map(|key| (key, key.trim_start_matches("trouble-load-"))).map(|(key, id)| view! {
                                    " "
                                    <a href="#answer-title" class="load-example" data-example=id
                                        on:click=move |_| load_example(state, id)>
                                        {move || state.t(key)}
                                    </a>
                                })}
                                {commands.iter().map(|c| view! { " " <code>{*c}</code> }).collect_view()}
                                {cite.map(|cite| view! {
                                    <span class="cite">{move || state.ta("source-line", &[("cite", cite.cite_in(state.lang.get()))])}</span>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
