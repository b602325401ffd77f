//! The article's availability table, with the chosen platform's row marked.

use leptos::prelude::*;
use sockbind_core::{Platform, ARTICLE};

use crate::state::AppState;

/// Rows of the availability table: label and one representative platform per row.
const ROWS: [(&str, Platform); 10] = [
    ("Windows 95", Platform::Windows95),
    ("Windows 98", Platform::Windows98),
    ("Windows Me", Platform::WindowsMe),
    ("Windows NT 4.0", Platform::WindowsNt4Sp4),
    ("Windows 2000", Platform::Windows2000),
    ("Windows XP", Platform::WindowsXp),
    ("Windows Server 2003", Platform::WindowsServer2003),
    ("Windows Vista", Platform::WindowsVista),
    ("Windows Server 2008", Platform::WindowsServer2008),
    ("Windows 7 and newer", Platform::Windows7),
];

fn yes_no(b: bool) -> &'static str {
    if b {
        "available"
    } else {
        "not available"
    }
}

/// The availability table.
#[component]
pub fn Availability() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen_row = move || state.scenario.with(|s| s.platform.availability_row());
    let rows = ROWS
        .iter()
        .enumerate()
        .map(|(i, (label, p))| {
            let p = *p;
            let exclusive = if p == Platform::WindowsNt4Sp4 {
                "from Service Pack 4"
            } else {
                yes_no(p.has_exclusiveaddruse())
            };
            let here = move || chosen_row() == i;
            view! {
                <tr class:chosen=here aria-current=move || here().then_some("true")>
                    <th scope="row">
                        <span class="marker" aria-hidden="true">{move || if here() { "▶ " } else { "" }}</span>
                        {*label}
                        {move || here().then_some(" (chosen)")}
                    </th>
                    <td>{yes_no(p.has_reuseaddr())}</td>
                    <td>{exclusive}</td>
                    <td>{yes_no(p.has_enhanced_socket_security())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="availability" aria-labelledby="availability-title">
            <h2 id="availability-title">"What each Windows version offers"</h2>
            <p class="source">"From the availability table of “" {ARTICLE} "”."</p>
            <div class="scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Platform"</th>
                            <th scope="col">"SO_REUSEADDR"</th>
                            <th scope="col">"SO_EXCLUSIVEADDRUSE"</th>
                            <th scope="col">"Enhanced socket security"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
