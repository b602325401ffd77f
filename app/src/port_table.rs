//! The port's binding table before and after the step shown, animated: new rows slide in,
//! closed rows fade out, a refused bind shakes with the blocking row marked, and traffic
//! travels to its receivers (every member for multicast, "?" where nobody can say which).
//! No motion under `prefers-reduced-motion` (see `public/style.css`).

use leptos::prelude::*;
use sockbind_core::{Binding, Outcome, Protocol, TimelineEntry};

use crate::state::{AppState, OptionChoice};

/// `TCP` or `UDP`.
pub fn proto(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "TCP",
        Protocol::Udp => "UDP",
    }
}

fn row_cells(state: AppState, b: &Binding) -> impl IntoView {
    let port = if b.port == 0 {
        state.t("port-ephemeral")
    } else {
        b.port.to_string()
    };
    let mut notes = vec![];
    if b.dual_stack {
        notes.push(state.t("state-dual-stack"));
    }
    if b.listening {
        notes.push(state.t("state-listening"));
    }
    if b.lingering {
        notes.push(state.t("state-lingering"));
    }
    notes.extend(
        b.groups
            .iter()
            .map(|g| state.ta("state-member", &[("group", g.to_string())])),
    );
    view! {
        <td>{state.ta("socket-name", &[("n", b.socket.to_string())])}</td>
        <td>{proto(b.protocol)}</td>
        <td><code>{b.address.to_string()}</code></td>
        <td>{port}</td>
        <td>{state.option_label(b.option)}</td>
        <td>{b.account.clone()}</td>
        <td>{notes.join(&state.t("list-sep"))}</td>
    }
}

const COLUMNS: [&str; 8] = [
    "col-socket",
    "col-protocol",
    "col-address",
    "col-port",
    "col-option",
    "col-account",
    "col-state",
    "col-step",
];

fn table(state: AppState, id: &'static str, caption: String, rows: Vec<AnyView>) -> impl IntoView {
    let rows = if rows.is_empty() {
        vec![
            view! { <tr class="empty"><td colspan="8">{state.t("port-empty")}</td></tr> }
                .into_any(),
        ]
    } else {
        rows
    };
    view! {
        <figure>
            <figcaption>{caption}</figcaption>
            <div class="scroll" tabindex="0">
                <table id=id>
                    <thead>
                        <tr>{COLUMNS.map(|k| view! { <th scope="col">{state.t(k)}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </figure>
    }
}

/// The "after" rows for one entry, each marked with what this step did to it.
fn after_rows(e: &TimelineEntry, state: AppState) -> Vec<AnyView> {
    let in_before = |k: usize| e.before.iter().any(|b| b.socket == k);
    let (blocked, refused) = match &e.outcome {
        Outcome::Call(v) if !v.result.is_success() => (v.blocked_by, Some(v.clone())),
        _ => (None, None),
    };
    let delivery = match &e.outcome {
        Outcome::Send(d) => Some(d.clone()),
        _ => None,
    };
    let mut rows: Vec<AnyView> = e
        .port_table
        .iter()
        .map(|b| {
            let b = b.clone();
            let added = !in_before(b.socket);
            let newly_lingering =
                b.lingering && e.before.iter().any(|o| o.socket == b.socket && !o.lingering);
            let blocking = blocked == Some(b.socket);
            let receives = delivery
                .as_ref()
                .is_some_and(|d| d.result.sockets.contains(&b.socket));
            let maybe = delivery.as_ref().is_some_and(|d| {
                !d.result.determinate && d.result.candidates.contains(&b.socket)
            });
            let label = state.t(if blocking {
                "change-blocks"
            } else if receives {
                "change-receives"
            } else if maybe {
                "change-maybe"
            } else if added {
                "change-added"
            } else if newly_lingering {
                "change-lingers"
            } else {
                "change-unchanged"
            });
            let packet = (receives || maybe).then(|| {
                view! { <span class="packet" aria-hidden="true">{if maybe { "?" } else { "●" }}</span> }
            });
            view! {
                <tr
                    data-socket=b.socket
                    class:added=added
                    class:blocking=blocking
                    class:receives=receives
                    class:maybe=maybe
                    class:lingering=b.lingering
                >
                    {row_cells(state, &b)}
                    <td class="change">{packet} {label}</td>
                </tr>
            }
            .into_any()
        })
        .collect();
    // Rows that left with this step.
    for b in e
        .before
        .iter()
        .filter(|b| !e.port_table.iter().any(|a| a.socket == b.socket))
    {
        rows.push(
            view! {
                <tr class="closed" data-socket=b.socket>
                    {row_cells(state, b)}
                    <td class="change">{state.t("change-closed")}</td>
                </tr>
            }
            .into_any(),
        );
    }
    if let Some(v) = refused {
        let spec = state.scenario.with(|s| s.sockets.get(v.socket).cloned());
        let (addr, opt) = spec
            .map(|s| {
                (
                    s.address.clone(),
                    state.t(OptionChoice::from_options(&s.options).label_key()),
                )
            })
            .unwrap_or_default();
        rows.push(
            view! {
                <tr class="refused" data-socket=v.socket>
                    <td>{state.ta("socket-name", &[("n", v.socket.to_string())])}</td>
                    <td colspan="6" class="attempt">
                        {state.ta("change-tried", &[("address", addr), ("option", opt)])}
                    </td>
                    <td class="change">
                        {state.ta("change-refused", &[("error", v.result.name().to_string()), ("code", v.code.to_string())])}
                    </td>
                </tr>
            }
            .into_any(),
        );
    }
    rows
}

/// The port table panel.
#[component]
pub fn PortTableView() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Re-rendered when the shown step's entry or the language changes. (It used to read a
    // revision counter bumped on every change, which rebuilt the tables even when nothing
    // they show had changed; the rebuild is in place, so it never replayed an animation.)
    let content = move || {
        let Some(e) = state.current_entry() else {
            return view! { <p>{state.t("port-none")}</p> }.into_any();
        };
        let packet = match &e.outcome {
            Outcome::Send(d) => Some(state.ta(
                if d.protocol == Protocol::Tcp {
                    "packet-tcp"
                } else {
                    "packet-udp"
                },
                &[("to", d.to.to_string()), ("port", d.port.to_string())],
            )),
            _ => None,
        };
        let before: Vec<AnyView> = e
            .before
            .iter()
            .map(|b| {
                view! { <tr data-socket=b.socket>{row_cells(state, b)}<td></td></tr> }.into_any()
            })
            .collect();
        let after = after_rows(&e, state);
        view! {
            <div class="port-tables">
                {table(state, "port-before", state.t("port-before"), before)}
                {packet.map(|p| view! { <p class="packet-line" id="packet">{p}</p> })}
                {table(state, "port-after", state.t("port-after"), after)}
            </div>
        }
        .into_any()
    };
    view! {
        <section class="port-table" aria-labelledby="port-title">
            <h2 id="port-title">{move || state.t("port-title")}</h2>
            {content}
        </section>
    }
}
