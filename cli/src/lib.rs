//! Renderers for `sockbind table`: the 6×6 table computed by the rules, as Markdown or JSON.

use sockbind_core::{computed_table, CellKey, TableId, ARTICLE};

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

/// JSON in the `bind-tables.json` shape for one table, rows and columns in the article's
/// order: `{ "<id>": { row: { column: result } } }`.
pub fn json(table: TableId) -> String {
    let keys = CellKey::all();
    let rows = computed_table(table);
    let row_entries: Vec<String> = keys
        .iter()
        .zip(rows)
        .map(|(r, row)| {
            let cells: Vec<String> = keys
                .iter()
                .zip(row)
                .map(|(c, cell)| {
                    format!("      {}: {}", quote(&c.key()), quote(cell.result.name()))
                })
                .collect();
            format!("    {}: {{\n{}\n    }}", quote(&r.key()), cells.join(",\n"))
        })
        .collect();
    format!(
        "{{\n  {}: {{\n{}\n  }}\n}}",
        quote(table.id()),
        row_entries.join(",\n")
    )
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialize")
}
