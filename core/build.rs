//! Build-time data for the core, generated into `$OUT_DIR`:
//! - `documented_cells.rs`: one test per documented cell (3 tables × 36), from
//!   `data/bind-tables.json`;
//! - `tables_data.rs`: the same tables as a static array (no JSON parsed at start-up);
//! - `catalogs.rs`: the message catalogs `locales/*.ftl`, compiled to static Rust (keys
//!   starting with one of `MODULE_PREFIXES` in tables of their own, `*_MODULE`). The
//!   catalogs use only text, `{ $var }` placeables and string literals such as `{" "}`;
//!   anything else is a build error;
//! - `windows_results.rs`: the committed probe results from real Windows.

use std::collections::BTreeMap;
use std::fmt::Write;

type Raw = BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>;

/// Table ids, row/column keys and results in the order `tables.rs` declares them.
const TABLES: [&str; 3] = [
    "xp_and_earlier",
    "2003_and_later_same_user",
    "2003_and_later_different_user",
];
const KEYS: [&str; 6] = [
    "default/wildcard",
    "default/specific",
    "reuseaddr/wildcard",
    "reuseaddr/specific",
    "exclusiveaddruse/wildcard",
    "exclusiveaddruse/specific",
];

fn ident(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn out_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join(name)
}

fn tables() {
    println!("cargo:rerun-if-changed=data/bind-tables.json");
    let text = std::fs::read_to_string("data/bind-tables.json").expect("data/bind-tables.json");
    let raw: Raw = serde_json::from_str(&text).expect("bind-tables.json is valid JSON");
    let mut tests = String::new();
    for (table, rows) in &raw {
        for (row, cols) in rows {
            for (col, expected) in cols {
                writeln!(
                    tests,
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
    std::fs::write(out_path("documented_cells.rs"), tests).unwrap();

    let mut data = String::from("[\n");
    for t in TABLES {
        data.push_str("  [\n");
        for r in KEYS {
            data.push_str("    [");
            for c in KEYS {
                let v = raw
                    .get(t)
                    .and_then(|rows| rows.get(r))
                    .and_then(|cols| cols.get(c))
                    .unwrap_or_else(|| panic!("bind-tables.json: {t}.{r}.{c} is missing"));
                let variant = match v.as_str() {
                    "success" => "Success",
                    "WSAEADDRINUSE" => "AddrInUse",
                    "WSAEACCES" => "Access",
                    other => panic!("bind-tables.json: {t}.{r}.{c}: unexpected {other:?}"),
                };
                write!(data, "BindResult::{variant}, ").unwrap();
            }
            data.push_str("],\n");
        }
        data.push_str("  ],\n");
    }
    data.push(']');
    std::fs::write(out_path("tables_data.rs"), data).unwrap();
}

/// One catalog: `(key, parts)` in file order.
fn compile_catalog(path: &str) -> Vec<(String, Vec<(bool, String)>)> {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};
    println!("cargo:rerun-if-changed={path}");
    let source = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let res = fluent_syntax::parser::parse(source.as_str())
        .unwrap_or_else(|(_, errors)| panic!("{path}: parse errors {errors:?}"));
    let mut out = vec![];
    for entry in res.body {
        match entry {
            Entry::Message(m) => {
                let key = m.id.name.to_string();
                assert!(
                    m.attributes.is_empty(),
                    "{path}: {key}: attributes unsupported"
                );
                let pattern = m
                    .value
                    .unwrap_or_else(|| panic!("{path}: {key} has no value"));
                let mut parts: Vec<(bool, String)> = vec![];
                let push_text = |parts: &mut Vec<(bool, String)>, t: &str| match parts.last_mut() {
                    Some((false, prev)) => prev.push_str(t),
                    _ => parts.push((false, t.to_string())),
                };
                for el in pattern.elements {
                    match el {
                        PatternElement::TextElement { value } => push_text(&mut parts, value),
                        PatternElement::Placeable {
                            expression:
                                Expression::Inline(InlineExpression::VariableReference { id }),
                        } => parts.push((true, id.name.to_string())),
                        PatternElement::Placeable {
                            expression:
                                Expression::Inline(InlineExpression::StringLiteral { value }),
                        } => {
                            assert!(!value.contains('\\'), "{path}: {key}: escapes unsupported");
                            push_text(&mut parts, value)
                        }
                        other => panic!("{path}: {key}: unsupported Fluent syntax {other:?}"),
                    }
                }
                out.push((key, parts));
            }
            Entry::Comment(_)
            | Entry::GroupComment(_)
            | Entry::ResourceComment(_)
            | Entry::Junk { .. } => {}
            Entry::Term(t) => panic!("{path}: term -{} unsupported", t.id.name),
        }
    }
    out
}

/// Catalog keys compiled into the on-demand module's table (`*_MODULE`), not the page's.
const MODULE_PREFIXES: [&str; 1] = ["lesson-why-"];

fn catalogs() {
    let mut code = String::new();
    for (name, path) in [("EN", "locales/en.ftl"), ("ZH_TW", "locales/zh-TW.ftl")] {
        let mut entries = compile_catalog(path);
        writeln!(code, "/// Keys of `{path}`, in file order.").unwrap();
        write!(code, "pub(crate) static {name}_ORDER: &[&str] = &[").unwrap();
        for (k, _) in &entries {
            write!(code, "{k:?},").unwrap();
        }
        code.push_str("];\n");
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        // Messages only the on-demand module shows (lesson-file problems) go in a table of
        // their own, which the page's first load does not link.
        let (module, page): (Vec<_>, Vec<_>) = entries
            .into_iter()
            .partition(|(k, _)| MODULE_PREFIXES.iter().any(|p| k.starts_with(p)));
        for (table, list, what) in [
            (name.to_string(), page, "sorted by key"),
            (
                format!("{name}_MODULE"),
                module,
                "the on-demand module's messages, sorted by key",
            ),
        ] {
            writeln!(code, "/// `{path}`, {what}.").unwrap();
            writeln!(code, "pub(crate) static {table}: &[(&str, &[Part])] = &[").unwrap();
            for (k, parts) in &list {
                write!(code, "({k:?}, &[").unwrap();
                for (var, text) in parts {
                    if *var {
                        write!(code, "Part::Var({text:?}),").unwrap();
                    } else {
                        write!(code, "Part::Text({text:?}),").unwrap();
                    }
                }
                code.push_str("]),\n");
            }
            code.push_str("];\n");
        }
    }
    std::fs::write(out_path("catalogs.rs"), code).unwrap();
}

/// `windows_results.rs`: every committed machine file `data/windows-results/<machine>.json`
/// as `(machine, include_str!(…))`, in name order (read and checked by
/// `windows_results::parse`).
fn windows_results() {
    let dir = std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap())
        .join("data/windows-results");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut code = String::from("&[");
    for p in files {
        println!("cargo:rerun-if-changed={}", p.display());
        let machine = p.file_stem().unwrap().to_string_lossy().to_string();
        write!(
            code,
            "({machine:?}, include_str!({:?})),",
            p.display().to_string()
        )
        .unwrap();
    }
    code.push(']');
    std::fs::write(out_path("windows_results.rs"), code).unwrap();
}

fn main() {
    tables();
    catalogs();
    windows_results();
}
