//! The article's three documented tables, with the cell that applies highlighted. Every cell is
//! a button: activating it sets the scenario to that cell.

use leptos::prelude::*;
use sockbind_core::{CellKey, DocumentedTables, TableId};

use crate::state::AppState;

/// The documented cell of the step shown, if a table covers it: `(table, row, column)`.
fn highlighted(state: AppState) -> Option<(TableId, String, String)> {
    let e = state.current_entry()?;
    let t = e.verdict()?.table.as_ref()?;
    Some((t.id, t.row.key(), t.column.key()))
}

/// The short form of a result in the page language (`Success` translated; `INUSE`/`ACCESS` not).
fn short(state: AppState, r: sockbind_core::BindResult) -> String {
    if r.is_success() {
        state.t("cell-success")
    } else {
        r.short().to_string()
    }
}

#[component]
fn OneTable(
    table: TableId,
    find: RwSignal<String>,
    hit: Memo<Option<(TableId, String, String)>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let keys = CellKey::all();
    let applies = move || {
        hit.get()
            .map(|h| h.0 == table)
            .unwrap_or(state.current_table() == table)
    };
    let header = keys
        .iter()
        .map(|&k| {
            view! {
                <th scope="col">
                    {move || state.option_label(k.option)}
                    <br />
                    {move || state.kind_label(k.address)}
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
                        hit.with(|h| {
                            h.as_ref().is_some_and(|(t, row, col)| {
                                *t == table && *row == r.key() && *col == c.key()
                            })
                        })
                    };
                    let found = move || find.with(|f| f == result.name());
                    let label = move || {
                        state.ta(
                            "cell-aria",
                            &[
                                ("table", state.t(&format!("table-{}", table.id()))),
                                ("row", state.cell_label(r)),
                                ("column", state.cell_label(c)),
                                ("result", short(state, result)),
                            ],
                        )
                    };
                    view! {
                        <td
                            class=format!("cell r-{}", result.short().to_lowercase())
                            class:highlight=is_hit
                            class:found=found
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
                                    {move || if is_hit() { "▶ " } else if found() { "● " } else { "" }}
                                </span>
                                {move || short(state, result)}
                            </button>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">
                        {move || state.option_label(r.option)}
                        <br />
                        {move || state.kind_label(r.address)}
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="bind-table" class:applies=applies data-table=table.id()>
            <figcaption>
                {move || state.t(&format!("table-{}", table.id()))}
                <span class="applies-tag">
                    {move || if applies() { state.t("table-applies") } else { String::new() }}
                </span>
            </figcaption>
            <div class="scroll" tabindex="0">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{move || state.t("table-corner")}</th>
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
    let state = expect_context::<AppState>();
    // "Which combinations give this error?" — for someone who starts from an error code.
    let find = RwSignal::new(String::new());
    // The cell of the step shown, computed once per change for all 108 cells.
    let hit = Memo::new(move |_| highlighted(state));
    let count = move || {
        find.with(|f| {
            TableId::ALL
                .iter()
                .flat_map(|t| {
                    CellKey::all().into_iter().flat_map(move |r| {
                        CellKey::all()
                            .into_iter()
                            .map(move |c| DocumentedTables::bundled().get(*t, r, c).name())
                    })
                })
                .filter(|n| n == f)
                .count()
        })
    };
    view! {
        <section class="tables" aria-labelledby="tables-title">
            <h2 id="tables-title">{move || state.t("tables-title")}</h2>
            <p class="source">
                {move || state.ta("tables-intro", &[("article", state.t("article-title"))])}
            </p>
            <p class="legend">{move || state.t("tables-legend")}</p>
            <p class="find">
                <label for="find-result">{move || state.t("find-label")}</label>
                " "
                <select id="find-result" prop:value=move || find.get() on:change=move |ev| find.set(event_target_value(&ev))>
                    <option value="">{move || state.t("find-none")}</option>
                    <option value="WSAEACCES">"WSAEACCES (10013)"</option>
                    <option value="WSAEADDRINUSE">"WSAEADDRINUSE (10048)"</option>
                    <option value="success">{move || state.t("cell-success")}</option>
                </select>
                " "
                <span id="find-count" role="status">
                    {move || (!find.get().is_empty()).then(|| state.ta("find-count", &[("n", count().to_string())]))}
                </span>
            </p>
            {TableId::ALL.into_iter().map(|t| view! { <OneTable table=t find=find hit=hit /> }).collect_view()}
        </section>
    }
}
