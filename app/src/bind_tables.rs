//! The article's three documented tables, with the cell that applies highlighted. Every cell is
//! a button: activating it sets the scenario to that cell.

use leptos::prelude::*;
use sockbind_core::{CellKey, DocumentedTables, TableId, ARTICLE};

use crate::state::AppState;

/// The documented cell of the step shown, if a table covers it: `(table, row, column)`.
fn highlighted(state: AppState) -> Option<(TableId, String, String)> {
    let e = state.current_entry()?;
    let t = e.verdict()?.table.as_ref()?;
    Some((t.id, t.row.clone(), t.column.clone()))
}

#[component]
fn OneTable(table: TableId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let keys = CellKey::all();
    let applies = move || {
        highlighted(state)
            .map(|h| h.0 == table)
            .unwrap_or(state.current_table() == table)
    };
    let header = keys
        .iter()
        .map(|k| {
            view! {
                <th scope="col">
                    {k.option.label()}
                    <br />
                    {k.address.label()}
                </th>
            }
        })
        .collect_view();
    let rows = keys
        .iter()
        .map(|&r| {
            let cells = keys
                .iter()
                .map(|&c| {
                    let result = DocumentedTables::bundled().get(table, r, c);
                    let is_hit = move || {
                        highlighted(state).is_some_and(|(t, row, col)| {
                            t == table && row == r.key() && col == c.key()
                        })
                    };
                    let label = format!(
                        "{}: first {}, second {}: {}",
                        table.title(),
                        r.label(),
                        c.label(),
                        result.short()
                    );
                    view! {
                        <td
                            class=format!("cell r-{}", result.short().to_lowercase())
                            class:highlight=is_hit
                            data-row=r.key()
                            data-column=c.key()
                        >
                            <button
                                type="button"
                                aria-label=label
                                aria-current=move || if is_hit() { Some("true") } else { None }
                                on:click=move |_| state.set_cell(table, r, c)
                            >
                                <span class="marker" aria-hidden="true">
                                    {move || if is_hit() { "▶ " } else { "" }}
                                </span>
                                {result.short()}
                            </button>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{r.option.label()} <br /> {r.address.label()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="bind-table" class:applies=applies data-table=table.id()>
            <figcaption>
                {table.title()}
                <span class="applies-tag">
                    {move || if applies() { " — applies to this scenario" } else { "" }}
                </span>
            </figcaption>
            <div class="scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"First bind ↓ / second bind →"</th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </figure>
    }
}

/// All three documented tables.
#[component]
pub fn BindTables() -> impl IntoView {
    view! {
        <section class="tables" aria-labelledby="tables-title">
            <h2 id="tables-title">"The documented tables"</h2>
            <p class="source">
                "Values from the article “" {ARTICLE}
                "”. Rows: the socket that bound first; columns: the second bind. “Specific” means the same specific address on both sides. Choose any cell to load it as a two-socket scenario."
            </p>
            {TableId::ALL.into_iter().map(|t| view! { <OneTable table=t /> }).collect_view()}
        </section>
    }
}
