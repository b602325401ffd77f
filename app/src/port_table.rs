//! The port's binding table before and after the step shown, animated: new rows slide in,
//! closed rows fade out, a refused bind shakes with the blocking row marked, and traffic
//! travels to its receivers (every member for multicast, "?" where nobody can say which).
//! No motion under `prefers-reduced-motion` (see `public/style.css`).

use leptos::prelude::*;
use sockbind_core::{Binding, Outcome, Protocol, TimelineEntry};
use std::fmt::Write;

use crate::state::{AppState, OptionChoice};
use crate::text::esc;

/// `TCP` or `UDP`.
pub fn proto(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "TCP",
        Protocol::Udp => "UDP",
    }
}

/// One table row as markup: its opening tag and each cell.
#[derive(Clone, PartialEq, Default)]
struct Row {
    open: String,
    cells: Vec<String>,
}

impl Row {
    fn new(open: String) -> Row {
        Row {
            open,
            cells: Vec::with_capacity(8),
        }
    }

    /// Adds a cell `<td{attrs}>{inner}</td>` (`inner` is markup).
    fn cell(&mut self, attrs: &str, inner: &str) {
        self.cells.push(format!("<td{attrs}>{inner}</td>"));
    }

    fn html(&self) -> String {
        format!("{}{}</tr>", self.open, self.cells.concat())
    }
}

/// The seven cells describing binding `b` (socket … state).
fn row_cells(row: &mut Row, state: AppState, b: &Binding) {
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
    row.cell(
        "",
        &esc(&state.ta("socket-name", &[("n", b.socket.to_string())])),
    );
    row.cell("", proto(b.protocol));
    row.cell("", &format!("<code>{}</code>", esc(&b.address.to_string())));
    row.cell("", &esc(&port));
    row.cell("", &esc(&state.option_label(b.option)));
    row.cell("", &esc(&b.account));
    row.cell("", &esc(&notes.join(&state.t("list-sep"))));
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

/// Brings `tbody` from the rows `old` to `new`. A row whose opening tag (so its classes) is
/// unchanged keeps its element, and only its changed cells are rewritten; other rows are
/// replaced, added or removed. So, as when each row was a view rebuilt in place, a row that
/// stays does not replay its animation.
fn patch(tbody: &web_sys::Element, old: &[Row], new: &[Row]) {
    let rows = tbody.children();
    for (i, n) in new.iter().enumerate() {
        match (old.get(i), rows.item(i as u32)) {
            (Some(o), Some(_)) if o == n => {}
            (Some(o), Some(tr)) if o.open == n.open && o.cells.len() == n.cells.len() => {
                let cells = tr.children();
                for (j, (oc, nc)) in o.cells.iter().zip(&n.cells).enumerate() {
                    if oc != nc {
                        if let Some(td) = cells.item(j as u32) {
                            td.set_outer_html(nc);
                        }
                    }
                }
            }
            (_, Some(tr)) => tr.set_outer_html(&n.html()),
            (_, None) => {
                let _ = tbody.insert_adjacent_html("beforeend", &n.html());
            }
        }
    }
    while tbody.child_element_count() > new.len() as u32 {
        match tbody.last_element_child() {
            Some(last) => last.remove(),
            None => break,
        }
    }
}

/// One of the two tables: caption and header are built once (their words follow the
/// language); the body follows `rows`, patched (see [`patch`]).
fn table(
    state: AppState,
    id: &'static str,
    caption_key: &'static str,
    rows: Memo<Vec<Row>>,
) -> impl IntoView {
    let body = NodeRef::<leptos::html::Tbody>::new();
    let shown = StoredValue::new_local(Vec::<Row>::new());
    Effect::new(move |_| {
        let Some(tbody) = body.get() else { return };
        rows.with(|new| {
            shown.with_value(|old| patch(&tbody, old, new));
            shown.set_value(new.clone());
        });
    });
    view! {
        <figure>
            <figcaption>{move || state.t(caption_key)}</figcaption>
            <div class="scroll" tabindex="0">
                <table id=id>
                    <thead>
                        <tr>{COLUMNS.map(|k| view! { <th scope="col">{move || state.t(k)}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody node_ref=body></tbody>
                </table>
            </div>
        </figure>
    }
}

/// The placeholder row of an empty table.
fn empty_row(state: AppState) -> Row {
    let mut row = Row::new(r#"<tr class="empty">"#.into());
    row.cell(r#" colspan="8""#, &esc(&state.t("port-empty")));
    row
}

/// The "before" rows for one entry.
fn before_rows(e: &TimelineEntry, state: AppState) -> Vec<Row> {
    if e.before.is_empty() {
        return vec![empty_row(state)];
    }
    e.before
        .iter()
        .map(|b| {
            let mut row = Row::new(format!(r#"<tr data-socket="{}">"#, b.socket));
            row_cells(&mut row, state, b);
            row.cell("", "");
            row
        })
        .collect()
}

/// The "after" rows for one entry, each marked with what this step did to it.
fn after_rows(e: &TimelineEntry, state: AppState) -> Vec<Row> {
    let in_before = |k: usize| e.before.iter().any(|b| b.socket == k);
    let (blocked, refused) = match &e.outcome {
        Outcome::Call(v) if !v.result.is_success() => (v.blocked_by, Some(v)),
        _ => (None, None),
    };
    let delivery = match &e.outcome {
        Outcome::Send(d) => Some(d),
        _ => None,
    };
    let mut rows = vec![];
    for b in e.port_table.iter() {
        let added = !in_before(b.socket);
        let newly_lingering = b.lingering
            && e.before
                .iter()
                .any(|o| o.socket == b.socket && !o.lingering);
        let blocking = blocked == Some(b.socket);
        let receives = delivery.is_some_and(|d| d.result.sockets.contains(&b.socket));
        let maybe = delivery
            .is_some_and(|d| !d.result.determinate && d.result.candidates.contains(&b.socket));
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
        let classes: Vec<&str> = [
            (added, "added"),
            (blocking, "blocking"),
            (receives, "receives"),
            (maybe, "maybe"),
            (b.lingering, "lingering"),
        ]
        .into_iter()
        .filter_map(|(on, c)| on.then_some(c))
        .collect();
        let mut open = format!(r#"<tr data-socket="{}""#, b.socket);
        if !classes.is_empty() {
            let _ = write!(open, r#" class="{}""#, classes.join(" "));
        }
        open.push('>');
        let mut row = Row::new(open);
        row_cells(&mut row, state, b);
        let packet = if receives || maybe {
            format!(
                r#"<span class="packet" aria-hidden="true">{}</span>"#,
                if maybe { "?" } else { "●" }
            )
        } else {
            String::new()
        };
        row.cell(r#" class="change""#, &format!("{packet}{}", esc(&label)));
        rows.push(row);
    }
    // Rows that left with this step.
    for b in e
        .before
        .iter()
        .filter(|b| !e.port_table.iter().any(|a| a.socket == b.socket))
    {
        let mut row = Row::new(format!(r#"<tr class="closed" data-socket="{}">"#, b.socket));
        row_cells(&mut row, state, b);
        row.cell(r#" class="change""#, &esc(&state.t("change-closed")));
        rows.push(row);
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
        let mut row = Row::new(format!(
            r#"<tr class="refused" data-socket="{}">"#,
            v.socket
        ));
        row.cell(
            "",
            &esc(&state.ta("socket-name", &[("n", v.socket.to_string())])),
        );
        row.cell(
            r#" class="attempt" colspan="6""#,
            &esc(&state.ta("change-tried", &[("address", addr), ("option", opt)])),
        );
        row.cell(
            r#" class="change""#,
            &esc(&state.ta(
                "change-refused",
                &[
                    ("error", v.result.name().to_string()),
                    ("code", v.code.to_string()),
                ],
            )),
        );
        rows.push(row);
    }
    if rows.is_empty() {
        rows.push(empty_row(state));
    }
    rows
}

/// The port table panel.
///
/// Cost: the tables' frame (captions, headers) is built once and follows the language; the
/// rows are markup computed from the step shown (memos, compared as text), and only the rows
/// and cells that differ are rewritten (see [`patch`]). A change that leaves the port table as
/// it was touches nothing here.
#[component]
pub fn PortTableView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_entry = Memo::new(move |_| state.entry.with(Option::is_some));
    let before = Memo::new(move |_| {
        state.entry.with(|e| {
            e.as_ref()
                .map(|e| before_rows(e, state))
                .unwrap_or_default()
        })
    });
    let after = Memo::new(move |_| {
        state
            .entry
            .with(|e| e.as_ref().map(|e| after_rows(e, state)).unwrap_or_default())
    });
    let packet = Memo::new(move |_| {
        state.entry.with(|e| match e.as_ref().map(|e| &e.outcome) {
            Some(Outcome::Send(d)) => Some(state.ta(
                if d.protocol == Protocol::Tcp {
                    "packet-tcp"
                } else {
                    "packet-udp"
                },
                &[("to", d.to.to_string()), ("port", d.port.to_string())],
            )),
            _ => None,
        })
    });
    let content = move || {
        if !has_entry.get() {
            return view! { <p>{move || state.t("port-none")}</p> }.into_any();
        }
        view! {
            <div class="port-tables">
                {table(state, "port-before", "port-before", before)}
                {move || packet.get().map(|p| view! { <p class="packet-line" id="packet">{p}</p> })}
                {table(state, "port-after", "port-after", after)}
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
