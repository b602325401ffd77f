//! The article's three documented tables, with the cell that applies highlighted. Every cell is
//! a button: activating it sets the scenario to that cell and brings the answer into view.
//!
//! Keyboard: each table is one tab stop (roving `tabindex`): the arrow keys move between its
//! cells, Home/End go to the row's ends (with Ctrl, the table's corners), Enter or Space chooses.
//!
//! Cost: the cells are plain markup, rebuilt only when the language changes. One delegated
//! click and one keydown handler per table serve all 36 cells, and one effect for all three
//! tables moves the highlight (and one the ● marks), touching only the cells that change.

use leptos::prelude::*;
use sockbind_core::{CellKey, DocumentedTables, TableId};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::state::AppState;

/// Cells per side of a documented table.
const SIDE: usize = 6;

/// The documented cell of the step shown, if a table covers it: `(table, row, column)`.
fn highlighted(state: AppState) -> Option<(TableId, String, String)> {
    state.entry.with(|e| {
        let t = e.as_ref()?.verdict()?.table.as_ref()?;
        Some((t.id, t.row.key(), t.column.key()))
    })
}

/// The short form of a result in the page language (`Success` translated; `INUSE`/`ACCESS` not).
fn short(state: AppState, r: sockbind_core::BindResult) -> String {
    if r.is_success() {
        state.t("cell-success")
    } else {
        r.short().to_string()
    }
}

/// The mark before a cell's result: ▶ for the cell that applies, ● for a marked result.
fn marker(hit: bool, found: bool) -> &'static str {
    if hit {
        "▶ "
    } else if found {
        "● "
    } else {
        ""
    }
}

/// Rewrites a cell's mark from its classes (after the highlight or the marks moved).
fn refresh_marker(td: &Element) {
    let classes = td.class_list();
    if let Ok(Some(m)) = td.query_selector(".marker") {
        m.set_text_content(Some(marker(
            classes.contains("highlight"),
            classes.contains("found"),
        )));
    }
}

/// Each element of a selector's matches, in document order.
fn each(root: &Element, selector: &str, mut f: impl FnMut(Element)) {
    if let Ok(list) = root.query_selector_all(selector) {
        for i in 0..list.length() {
            if let Some(e) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                f(e);
            }
        }
    }
}

/// The cell button at `(row, column)` of the table element `table`, if any.
fn cell_button(table: &Element, row: usize, column: usize) -> Option<HtmlElement> {
    table
        .query_selector(&format!("button[data-r='{row}'][data-c='{column}']"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
}

/// The `(row, column)` of a cell button (from its `data-r`/`data-c`).
fn position(button: &Element) -> Option<(usize, usize)> {
    let r = button.get_attribute("data-r")?.parse().ok()?;
    let c = button.get_attribute("data-c")?.parse().ok()?;
    (r < SIDE && c < SIDE).then_some((r, c))
}

/// The cell button an event happened in, if any.
fn event_button(ev: &web_sys::Event) -> Option<Element> {
    ev.target()?
        .dyn_into::<Element>()
        .ok()?
        .closest("button[data-r]")
        .ok()
        .flatten()
}

/// Makes `button` its table's one tab stop (every other cell gets `tabindex=-1`).
fn make_tab_stop(table: &Element, button: &Element) {
    if let Ok(Some(old)) = table.query_selector("button[data-r][tabindex='0']") {
        let _ = old.set_attribute("tabindex", "-1");
    }
    let _ = button.set_attribute("tabindex", "0");
}

/// Where the arrow/Home/End `key` moves from `(r, c)`; `None` for other keys.
pub fn next_cell(key: &str, ctrl: bool, (r, c): (usize, usize)) -> Option<(usize, usize)> {
    let last = SIDE - 1;
    Some(match key {
        "ArrowRight" => (r, (c + 1).min(last)),
        "ArrowLeft" => (r, c.saturating_sub(1)),
        "ArrowDown" => ((r + 1).min(last), c),
        "ArrowUp" => (r.saturating_sub(1), c),
        "Home" if ctrl => (0, 0),
        "End" if ctrl => (last, last),
        "Home" => (r, 0),
        "End" => (r, last),
        _ => return None,
    })
}

/// Scrolls the answer of the page containing `from` to the top of the window (instantly when
/// the reader asked for reduced motion), unless its top is already in the upper half, so a
/// choice made far below shows its result.
pub fn reveal_answer(from: &Element) {
    let Some(answer) = from
        .closest("main")
        .ok()
        .flatten()
        .and_then(|m| m.query_selector(".answer").ok().flatten())
    else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    // Already in view (its top in the upper half of the window): leave the page where it is.
    let top = answer.get_bounding_client_rect().top();
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    if top >= 0.0 && top < height / 2.0 {
        return;
    }
    let reduced = window
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_behavior(if reduced {
        web_sys::ScrollBehavior::Instant
    } else {
        web_sys::ScrollBehavior::Smooth
    });
    opts.set_block(web_sys::ScrollLogicalPosition::Start);
    answer.scroll_into_view_with_scroll_into_view_options(&opts);
}

/// One documented table. Its body is rebuilt only when the language changes; the highlight and
/// marks are applied by [`BindTables`]' effects (and, on a rebuild, right here).
#[component]
fn OneTable(
    table: TableId,
    find: RwSignal<String>,
    hit: Memo<Option<(TableId, String, String)>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let keys = CellKey::all();
    let applies = Memo::new(move |_| {
        hit.with(|h| h.as_ref().map(|h| h.0 == table))
            .unwrap_or_else(|| state.current_table() == table)
    });
    let table_ref = NodeRef::<leptos::html::Table>::new();
    // Everything below reads the language, so it is rebuilt when it changes (rarely).
    let body = move || {
        let title = state.t(&format!("table-{}", table.id()));
        let h = hit.get_untracked();
        let f = find.get_untracked();
        let header = keys
            .iter()
            .map(|&k| {
                view! {
                    <th scope="col">
                        {state.option_label(k.option)}
                        <br />
                        {state.kind_label(k.address)}
                    </th>
                }
            })
            .collect_view();
        let rows = keys
            .iter()
            .enumerate()
            .map(|(ri, &r)| {
                let cells = keys
                    .iter()
                    .enumerate()
                    .map(|(ci, &c)| {
                        let result = DocumentedTables::bundled().get(table, r, c);
                        let is_hit = h.as_ref().is_some_and(|(t, row, col)| {
                            *t == table && *row == r.key() && *col == c.key()
                        });
                        let label = state.ta(
                            "cell-aria",
                            &[
                                ("table", title.clone()),
                                ("row", state.cell_label(r)),
                                ("column", state.cell_label(c)),
                                ("result", short(state, result)),
                            ],
                        );
                        let class = format!(
                            "cell r-{}{}{}",
                            result.short().to_lowercase(),
                            if is_hit { " highlight" } else { "" },
                            if f == result.name() { " found" } else { "" }
                        );
                        view! {
                            <td class=class data-row=r.key() data-column=c.key() data-result=result.name()>
                                <button
                                    type="button"
                                    tabindex=if ri == 0 && ci == 0 { "0" } else { "-1" }
                                    data-r=ri
                                    data-c=ci
                                    aria-label=label
                                    aria-current=is_hit.then_some("true")
                                >
                                    <span class="marker" aria-hidden="true">
                                        {marker(is_hit, f == result.name())}
                                    </span>
                                    {short(state, result)}
                                </button>
                            </td>
                        }
                    })
                    .collect_view();
                view! {
                    <tr>
                        <th scope="row">
                            {state.option_label(r.option)}
                            <br />
                            {state.kind_label(r.address)}
                        </th>
                        {cells}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <thead>
                <tr>
                    <th scope="col">{state.t("table-corner")}</th>
                    {header}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        }
    };
    // One handler for every cell: choose it.
    let on_click = move |ev: web_sys::MouseEvent| {
        let (Some(button), Some(t)) = (event_button(&ev), table_ref.get_untracked()) else {
            return;
        };
        let Some((r, c)) = position(&button) else {
            return;
        };
        make_tab_stop(&t, &button);
        state.set_cell(table, keys[r], keys[c]);
        reveal_answer(&t);
    };
    // One handler for every cell: move within the table. Attached to the table itself (not
    // delegated: Leptos attaches it here), so the timeline's page-wide ← → never sees these keys.
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.alt_key() || ev.meta_key() || ev.shift_key() {
            return;
        }
        let (Some(button), Some(t)) = (event_button(&ev), table_ref.get_untracked()) else {
            return;
        };
        let Some(from) = position(&button) else {
            return;
        };
        let Some((r, c)) = next_cell(&ev.key(), ev.ctrl_key(), from) else {
            return;
        };
        ev.prevent_default();
        ev.stop_propagation();
        if let Some(next) = cell_button(&t, r, c) {
            make_tab_stop(&t, &next);
            let _ = next.focus();
        }
    };
    view! {
        <figure class="bind-table" class:applies=move || applies.get() data-table=table.id()>
            <figcaption>
                {move || state.t(&format!("table-{}", table.id()))}
                <span class="applies-tag">
                    {move || if applies.get() { state.t("table-applies") } else { String::new() }}
                </span>
            </figcaption>
            <div class="scroll">
                <table
                    node_ref=table_ref
                    aria-describedby="tables-keys"
                    on:click=on_click
                    on:keydown=on_keydown
                >
                    {body}
                </table>
            </div>
        </figure>
    }
}

/// Moves the highlight (class, `aria-current`, and the table's tab stop) from the cell that had
/// it to `hit`'s cell, inside `root` (the tables section).
fn move_highlight(root: &Element, hit: &Option<(TableId, String, String)>) {
    each(root, "td.highlight", |td| {
        let _ = td.class_list().remove_1("highlight");
        if let Ok(Some(b)) = td.query_selector("button") {
            let _ = b.remove_attribute("aria-current");
        }
        refresh_marker(&td);
    });
    let Some((t, row, col)) = hit else { return };
    let selector = format!(
        "figure[data-table='{}'] td[data-row='{row}'][data-column='{col}']",
        t.id()
    );
    let Ok(Some(td)) = root.query_selector(&selector) else {
        return;
    };
    let _ = td.class_list().add_1("highlight");
    refresh_marker(&td);
    if let (Ok(Some(b)), Ok(Some(table))) = (td.query_selector("button"), td.closest("table")) {
        let _ = b.set_attribute("aria-current", "true");
        make_tab_stop(&table, &b);
    }
}

/// Marks (class `found`, ●) exactly the cells whose result is `name` inside `root`.
fn mark_found(root: &Element, name: &str) {
    each(root, "td.found", |td| {
        let _ = td.class_list().remove_1("found");
        refresh_marker(&td);
    });
    if !name.is_empty() {
        each(root, &format!("td[data-result='{name}']"), |td| {
            let _ = td.class_list().add_1("found");
            refresh_marker(&td);
        });
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
    let section = NodeRef::<leptos::html::Section>::new();
    // The one effect that moves the highlight (re-run after a language rebuild, too).
    Effect::new(move |_| {
        state.lang.track();
        let h = hit.get();
        if let Some(root) = section.get() {
            move_highlight(&root, &h);
        }
    });
    Effect::new(move |_| {
        state.lang.track();
        let f = find.get();
        if let Some(root) = section.get() {
            mark_found(&root, &f);
        }
    });
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
        <section class="tables" aria-labelledby="tables-title" node_ref=section>
            <h2 id="tables-title">{move || state.t("tables-title")}</h2>
            <p class="source">
                {move || state.ta("tables-intro", &[("article", state.t("article-title"))])}
            </p>
            <p class="legend">{move || state.t("tables-legend")}</p>
            <p class="hint" id="tables-keys">{move || state.t("tables-keys")}</p>
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

#[cfg(test)]
mod tests {
    use super::next_cell;

    #[test]
    fn arrows_move_within_the_table_and_stop_at_its_edges() {
        assert_eq!(next_cell("ArrowRight", false, (0, 0)), Some((0, 1)));
        assert_eq!(next_cell("ArrowRight", false, (2, 5)), Some((2, 5)));
        assert_eq!(next_cell("ArrowLeft", false, (2, 0)), Some((2, 0)));
        assert_eq!(next_cell("ArrowDown", false, (5, 3)), Some((5, 3)));
        assert_eq!(next_cell("ArrowUp", false, (1, 3)), Some((0, 3)));
        assert_eq!(next_cell("Home", false, (3, 4)), Some((3, 0)));
        assert_eq!(next_cell("End", false, (3, 1)), Some((3, 5)));
        assert_eq!(next_cell("Home", true, (3, 4)), Some((0, 0)));
        assert_eq!(next_cell("End", true, (3, 1)), Some((5, 5)));
        assert_eq!(next_cell("Enter", false, (3, 1)), None);
    }
}
