//! "Still getting 10013 or 10048?": what else to check when no binding on the port explains
//! the error. Our words; sources named.

use leptos::prelude::*;
use sockbind_core::evidence::{
    DISABLE_ADDRESS_SHARING_DOC, DUAL_STACK_REPORTS, EXCLUDED_RANGES_REPORTS,
};

use crate::state::AppState;

/// One item: title key, text key, commands to show, and a source citation.
const ITEMS: [(&str, &str, &[&str], &str); 5] = [
    (
        "trouble-excluded-title",
        "trouble-excluded",
        &["netsh int ipv4 show excludedportrange protocol=tcp"],
        EXCLUDED_RANGES_REPORTS.cite,
    ),
    (
        "trouble-other-user-title",
        "trouble-other-user",
        &["netstat -ano -p tcp", "tasklist /fi \"pid eq N\""],
        "",
    ),
    (
        "trouble-dual-stack-title",
        "trouble-dual-stack",
        &[],
        DUAL_STACK_REPORTS.cite,
    ),
    (
        "trouble-sharing-off-title",
        "trouble-sharing-off",
        &["DisableAddressSharing"],
        DISABLE_ADDRESS_SHARING_DOC.cite,
    ),
    ("trouble-closing-title", "trouble-closing", &[], ""),
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
                                {(!cite.is_empty())
                                    .then(|| view! {
                                        <span class="cite">{move || state.ta("source-line", &[("cite", cite.to_string())])}</span>
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
