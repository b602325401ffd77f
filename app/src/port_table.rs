//! The port's binding table before and after the second bind, animated: the new row slides
//! in, or is shown refused with the blocking row marked. No motion under
//! `prefers-reduced-motion` (see `public/style.css`).

use leptos::prelude::*;
use sockbind_core::{BindStep, Binding, Protocol};

use crate::state::AppState;

fn row_cells(b: &Binding) -> impl IntoView {
    let proto = match b.protocol {
        Protocol::Tcp => "TCP",
        Protocol::Udp => "UDP",
    };
    let port = if b.port == 0 {
        "ephemeral".to_string()
    } else {
        b.port.to_string()
    };
    view! {
        <td>{format!("socket {}", b.socket + 1)}</td>
        <td>{proto}</td>
        <td><code>{b.address.to_string()}</code></td>
        <td>{port}</td>
        <td>{b.option.label()}</td>
        <td>{b.account.clone()}</td>
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
                <th scope="col">"Change"</th>
            </tr>
        </thead>
    }
}

fn empty_row() -> impl IntoView {
    view! { <tr class="empty"><td colspan="7">"(no bindings)"</td></tr> }
}

/// Before/after view of the last bind in `steps`, with the refused attempt shown in place.
fn after_view(step: &BindStep) -> impl IntoView {
    let v = &step.verdict;
    let blocked = v.blocked_by;
    let mut rows: Vec<AnyView> = step
        .before
        .iter()
        .map(|b| {
            let is_blocker = blocked == Some(b.socket);
            let b = b.clone();
            view! {
                <tr class="kept" class:blocking=is_blocker data-socket=b.socket>
                    {row_cells(&b)}
                    <td>{if is_blocker { "◀ blocks the new bind" } else { "kept" }}</td>
                </tr>
            }
            .into_any()
        })
        .collect();
    if v.result.is_success() {
        if let Some(new) = step.after.iter().find(|b| b.socket == v.socket).cloned() {
            rows.push(
                view! {
                    <tr class="added" data-socket=new.socket>
                        {row_cells(&new)}
                        <td>"＋ added"</td>
                    </tr>
                }
                .into_any(),
            );
        }
    } else {
        rows.push(
            view! {
                <tr class="refused" data-socket=v.socket>
                    <td>{format!("socket {}", v.socket + 1)}</td>
                    <td colspan="5">"bind attempt"</td>
                    <td>{format!("✗ refused: {} ({})", v.result.name(), v.code)}</td>
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
        // Re-render (and so replay the animation) on every change.
        let _ = state.revision.get();
        match state.steps.get() {
            Err(_) => view! { <p>"No port table: the scenario has an error (see the answer)."</p> }
                .into_any(),
            Ok(steps) => {
                let last = steps.last().cloned();
                let before = last.as_ref().map(|s| s.before.clone()).unwrap_or_default();
                view! {
                    <div class="port-tables">
                        <figure>
                            <figcaption>"Before the second bind"</figcaption>
                            <table id="port-before">
                                {header()}
                                <tbody>
                                    {if before.is_empty() {
                                        empty_row().into_any()
                                    } else {
                                        before
                                            .iter()
                                            .map(|b| {
                                                view! { <tr data-socket=b.socket>{row_cells(b)}<td>"bound"</td></tr> }
                                            })
                                            .collect_view()
                                            .into_any()
                                    }}
                                </tbody>
                            </table>
                        </figure>
                        <figure>
                            <figcaption>"After the second bind"</figcaption>
                            <table id="port-after">
                                {header()}
                                <tbody>{last.as_ref().map(after_view)}</tbody>
                            </table>
                        </figure>
                    </div>
                }
                .into_any()
            }
        }
    };
    view! {
        <section class="port-table" aria-labelledby="port-title">
            <h2 id="port-title">"The port's binding table"</h2>
            {content}
        </section>
    }
}
