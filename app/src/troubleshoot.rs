//! "Still getting 10013 or 10048?": what else to check when no binding on the port explains
//! the error. Our words; sources named.

use leptos::prelude::*;
use sockbind_core::evidence::{
    Source, DISABLE_ADDRESS_SHARING_DOC, DUAL_STACK_REPORTS, EXCLUDED_RANGES_REPORTS,
};

use crate::state::AppState;

/// One item: title key, text key, commands to show, and a source citation.
const ITEMS: [(&str, &str, &[&str], Option<Source>); 5] = [
    (
        "trouble-excluded-title",
        "trouble-excluded",
        &["netsh int ipv4 show excludedportrange protocol=tcp"],
        Some(EXCLUDED_RANGES_REPORTS),
    ),
    (
        "trouble-other-user-title",
        "trouble-other-user",
        &["netstat -ano -p tcp", "tasklist /fi \"pid eq N\""],
        None,
    ),
    (
        "trouble-dual-stack-title",
        "trouble-dual-stack",
        &[],
        Some(DUAL_STACK_REPORTS),
    ),
    (
        "trouble-sharing-off-title",
        "trouble-sharing-off",
        &["DisableAddressSharing"],
        Some(DISABLE_ADDRESS_SHARING_DOC),
    ),
    ("trouble-closing-title", "trouble-closing", &[], None),
];

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
                    .map(|(title, text, commands, cite)| {
                        view! {
                            <li>
                                <strong>{move || state.t(title)}</strong>
                                " "
                                {move || state.t(text)}
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
