//! The port's binding table before and after the step shown, animated: new rows slide in,
//! closed rows fade out, a refused bind shakes with the blocking row marked, and traffic
//! travels to its receivers (every member for multicast, "?" where nobody can say which).
//! No motion under `prefers-reduced-motion` (see `public/style.css`).

use leptos::prelude::*;
use sockbind_core::{Binding, Outcome, Protocol, TimelineEntry};

use crate::state::{AppState, OptionChoice};

fn proto(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "TCP",
        Protocol::Udp => "UDP",
    }
}

fn row_cells(b: &Binding) -> impl IntoView {
    let port = if b.port == 0 {
        "ephemeral".to_string()
    } else {
        b.port.to_string()
    };
    let mut state = vec![];
    if b.dual_stack {
        state.push("dual-stack");
    }
    if b.listening {
        state.push("listening");
    }
    if b.lingering {
        state.push("closed, connection lingers");
    }
    let groups = b
        .groups
        .iter()
        .map(|g| format!("member of {g}"))
        .collect::<Vec<_>>();
    let mut notes: Vec<String> = state.into_iter().map(String::from).collect();
    notes.extend(groups);
    view! {
        <td>{format!("socket {}", b.socket)}</td>
        <td>{proto(b.protocol)}</td>
        <td><code>{b.address.to_string()}</code></td>
        <td>{port}</td>
        <td>{b.option.label()}</td>
        <td>{b.account.clone()}</td>
        <td>{notes.join(", ")}</td>
    }
}

fn header() -> impl IntoView {
    view! {
        <thead>
            <tr>
                <th scope="col">"Socket"</th>
                <th scope="col">"Protocol"</th>
                <th scope="col">"Local address"</th>
                <th scope="col">"Port"</th>
                <th scope="col">"Option"</th>
                <th scope="col">"Account"</th>
                <th scope="col">"State"</th>
                <th scope="col">"This step"</th>
            </tr>
        </thead>
    }
}

fn table(id: &'static str, caption: &'static str, rows: Vec<AnyView>) -> impl IntoView {
    let rows = if rows.is_empty() {
        vec![
            view! { <tr class="empty"><td colspan="8">"(no bindings on this port yet)"</td></tr> }
                .into_any(),
        ]
    } else {
        rows
    };
    view! {
        <figure>
            <figcaption>{caption}</figcaption>
            <div class="scroll">
                <table id=id>{header()}<tbody>{rows}</tbody></table>
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
            let newly_lingering = b.lingering && e.before.iter().any(|o| o.socket == b.socket && !o.lingering);
            let blocking = blocked == Some(b.socket);
            let receives = delivery.as_ref().is_some_and(|d| d.result.sockets.contains(&b.socket));
            let maybe = delivery
                .as_ref()
                .is_some_and(|d| !d.result.determinate && d.result.candidates.contains(&b.socket));
            let label = if blocking {
                "◀ blocks this bind"
            } else if receives {
                "◀ receives it"
            } else if maybe {
                "? may receive it"
            } else if added {
                "+ added"
            } else if newly_lingering {
                "closed; connection lingers"
            } else {
                "unchanged"
            };
            view! {
                <tr
                    data-socket=b.socket
                    class:added=added
                    class:blocking=blocking
                    class:receives=receives
                    class:maybe=maybe
                    class:lingering=b.lingering
                >
                    {row_cells(&b)}
                    <td class="change">
                        {(receives || maybe).then(|| view! { <span class="packet" aria-hidden="true">{if maybe { "?" } else { "●" }}</span> })}
                        {label}
                    </td>
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
        let b = b.clone();
        rows.push(
            view! { <tr class="closed" data-socket=b.socket>{row_cells(&b)}<td class="change">"✕ closed, leaves the table"</td></tr> }
                .into_any(),
        );
    }
    if let Some(v) = refused {
        let spec = state.scenario.with(|s| s.sockets.get(v.socket).cloned());
        let (addr, opt) = spec
            .map(|s| {
                (
                    s.address.clone(),
                    OptionChoice::from_options(&s.options).label(),
                )
            })
            .unwrap_or_default();
        rows.push(
            view! {
                <tr class="refused" data-socket=v.socket>
                    <td>{format!("socket {}", v.socket)}</td>
                    <td colspan="6" class="attempt">{format!("tried {addr} with {opt}")}</td>
                    <td class="change">{format!("✗ refused: {} ({})", v.result.name(), v.code)}</td>
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
    let content = move || {
        // Re-render (and so replay the animation) on every change or step.
        let _ = state.revision.get();
        let Some(e) = state.current_entry() else {
            return view! { <p>"No port table: the scenario has an error (see the answer)."</p> }
                .into_any();
        };
        let packet = match &e.outcome {
            Outcome::Send(d) => Some(format!(
                "→ {} {} to {}:{}",
                proto(d.protocol),
                if d.protocol == Protocol::Tcp {
                    "connection"
                } else {
                    "datagram"
                },
                d.to,
                d.port
            )),
            _ => None,
        };
        let before: Vec<AnyView> = e
            .before
            .iter()
            .map(|b| view! { <tr data-socket=b.socket>{row_cells(b)}<td></td></tr> }.into_any())
            .collect();
        let after = after_rows(&e, state);
        view! {
            <div class="port-tables">
                {table("port-before", "Before this step", before)}
                {packet.map(|p| view! { <p class="packet-line" id="packet">{p}</p> })}
                {table("port-after", "After this step", after)}
            </div>
        }
        .into_any()
    };
    view! {
        <section class="port-table" aria-labelledby="port-title">
            <h2 id="port-title">"The port's binding table"</h2>
            {content}
        </section>
    }
}
