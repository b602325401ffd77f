//! Generates one test per documented cell (3 tables × 36) from the project's copy of the
//! tables, `data/bind-tables.json`, into `$OUT_DIR/documented_cells.rs`.

use std::collections::BTreeMap;
use std::fmt::Write;

type Raw = BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>;

fn ident(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn main() {
    println!("cargo:rerun-if-changed=data/bind-tables.json");
    let text = std::fs::read_to_string("data/bind-tables.json").expect("data/bind-tables.json");
    let raw: Raw = serde_json::from_str(&text).expect("bind-tables.json is valid JSON");
    let mut out = String::new();
    for (table, rows) in &raw {
        for (row, cols) in rows {
            for (col, expected) in cols {
                writeln!(
                    out,
                    "#[test]\nfn cell_{}_{}_then_{}() {{ check_cell({:?}, {:?}, {:?}, {:?}); }}",
                    ident(table),
                    ident(row),
                    ident(col),
                    table,
                    row,
                    col,
                    expected
                )
                .unwrap();
            }
        }
    }
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("documented_cells.rs");
    std::fs::write(dest, out).unwrap();
}
