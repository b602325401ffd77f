//! The article's availability table, with the chosen platform's row marked.

use leptos::prelude::*;
use sockbind_core::Platform;

use crate::state::AppState;

/// Rows of the availability table: the catalog key of the label and one platform per row.
const ROWS: [(&str, Platform); 10] = [
    ("avail-windows-95", Platform::Windows95),
    ("avail-windows-98", Platform::Windows98),
    ("avail-windows-me", Platform::WindowsMe),
    ("avail-windows-nt-4-0", Platform::WindowsNt4Sp4),
    ("avail-windows-2000", Platform::Windows2000),
    ("avail-windows-xp", Platform::WindowsXp),
    ("avail-windows-server-2003", Platform::WindowsServer2003),
    ("avail-windows-vista", Platform::WindowsVista),
    ("avail-windows-server-2008", Platform::WindowsServer2008),
    ("avail-windows-7", Platform::Windows7),
];

fn yes_no(b: bool) -> &'static str {
    if b {
        "avail-yes"
    } else {
        "avail-no"
    }
}

/// The availability table.
#[component]
pub fn Availability() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen_row = Memo::new(move |_| state.platform.get().availability_row());
    let rows = ROWS
        .iter()
        .enumerate()
        .map(|(i, (label, p))| {
            let (label, p) = (*label, *p);
            let exclusive = if p == Platform::WindowsNt4Sp4 {
                "avail-from-sp4"
            } else {
                yes_no(p.has_exclusiveaddruse())
            };
            let here = Memo::new(move |_| chosen_row.get() == i);
            view! {
                <tr class:chosen=move || here.get() aria-current=move || here.get().then_some("true")>
                    <th scope="row">
                        <span class="marker" aria-hidden="true">
                            {move || if here.get() { "▶ " } else { "" }}
                        </span>
                        {move || state.t(label)}
                        {move || here.get().then(|| state.t("avail-chosen"))}
                    </th>
                    <td>{move || state.t(yes_no(p.has_reuseaddr()))}</td>
                    <td>{move || state.t(exclusive)}</td>
                    <td>{move || state.t(yes_no(p.has_enhanced_socket_security()))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="availability" aria-labelledby="availability-title">
            <h2 id="availability-title">{move || state.t("avail-title")}</h2>
            <p class="source">{move || state.ta("avail-source", &[("article", state.t("article-title"))])}</p>
            <div class="scroll" tabindex="0">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{move || state.t("avail-platform")}</th>
                            <th scope="col">"SO_REUSEADDR"</th>
                            <th scope="col">"SO_EXCLUSIVEADDRUSE"</th>
                            <th scope="col">{move || state.t("avail-enhanced")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
