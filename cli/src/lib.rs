//! Renderers for `sockbind table`: the 6×6 table computed by the rules, as Markdown or JSON.

use sockbind_core::{computed_table, CellKey, TableId, ARTICLE};
use std::collections::BTreeMap;

/// Markdown: a title naming the table and the article, then the 6×6 grid with the article's
/// labels (`Success`, `INUSE`, `ACCESS`). Rows are the first bind, columns the second.
pub fn markdown(table: TableId) -> String {
    let keys = CellKey::all();
    let rows = computed_table(table);
    let mut out = format!(
        "**{}** (`{}`), computed by sockbind's rules; see \"{}\", section \"{}\".\n\n",
        table.title(),
        table.id(),
        ARTICLE,
        table.section()
    );
    out.push_str("| First bind \\ Second bind |");
    for k in keys {
        out.push_str(&format!(" {} |", k.label()));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(keys.len()));
    for (r, row) in keys.iter().zip(rows) {
        out.push_str(&format!("\n| {} |", r.label()));
        for cell in row {
            out.push_str(&format!(" {} |", cell.result.short()));
        }
    }
    out
}

/// JSON in the `bind-tables.json` shape for one table: `{ "<id>": { row: { column: result } } }`.
pub fn json(table: TableId) -> String {
    let keys = CellKey::all();
    let rows = computed_table(table);
    let mut map: BTreeMap<String, BTreeMap<String, &str>> = BTreeMap::new();
    for (r, row) in keys.iter().zip(rows) {
        let entry = map.entry(r.key()).or_default();
        for (c, cell) in keys.iter().zip(row) {
            entry.insert(c.key(), cell.result.name());
        }
    }
    let mut outer = BTreeMap::new();
    outer.insert(table.id(), map);
    serde_json::to_string_pretty(&outer).expect("table serializes")
}
