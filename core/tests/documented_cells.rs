//! Every documented cell (108) checked against the rules: one generated test per cell,
//! from `core/data/bind-tables.json` (see `build.rs`). Each runs the real decision path
//! (`computed_cell` builds two bindings and calls `decide_pair`), and also a full scenario
//! through the port table.

use sockbind_core::{
    computed_cell, parse_scenario, BindResult, CellKey, DocumentedTables, TableId,
};

fn check_cell(table: &str, row: &str, col: &str, expected: &str) {
    let t = TableId::from_id(table, "table").unwrap();
    let r = CellKey::parse(row, "row").unwrap();
    let c = CellKey::parse(col, "column").unwrap();
    let expected = BindResult::from_name(expected, "cell").unwrap();

    let out = computed_cell(t, r, c);
    assert_eq!(
        out.result,
        expected,
        "{table} {row} -> {col}: rule {}",
        out.rule.id()
    );
    let tref = out.table.expect("a table covers every documented pair");
    assert_eq!(
        (tref.id, tref.row.as_str(), tref.column.as_str()),
        (t, row, col)
    );

    // The same cell as a two-socket scenario, through JSON, the port table and the verdict.
    let addr = |k: CellKey| {
        if k.address == sockbind_core::AddressKind::Wildcard {
            "0.0.0.0"
        } else {
            "10.0.0.1"
        }
    };
    let opts = |k: CellKey| serde_json::to_string(&k.option.options()).unwrap();
    let platform = if t == TableId::XpAndEarlier {
        "windows-xp"
    } else {
        "windows-server-2003"
    };
    let second_account = if t == TableId::Later2003DifferentUser {
        "user-b"
    } else {
        "user-a"
    };
    let json = format!(
        r#"{{"platform":"{platform}","protocol":"tcp","sockets":[
            {{"options":{},"address":"{}","port":5150,"account":"user-a"}},
            {{"options":{},"address":"{}","port":5150,"account":"{second_account}"}}]}}"#,
        opts(r),
        addr(r),
        opts(c),
        addr(c)
    );
    let verdict = parse_scenario(&json).unwrap().evaluate().unwrap();
    let second = &verdict.binds[1];
    assert_eq!(second.result, expected);
    assert_eq!(second.code, expected.code());
    assert_eq!(second.table.as_ref().map(|t| t.id), Some(t));
    assert_eq!(
        second.blocked_by,
        if expected.is_success() { None } else { Some(0) }
    );
    assert_eq!(
        verdict.port_table.len(),
        if expected.is_success() { 2 } else { 1 }
    );
}

include!(concat!(env!("OUT_DIR"), "/documented_cells.rs"));

#[test]
fn the_generated_tests_cover_all_108_cells() {
    let text = include_str!(concat!(env!("OUT_DIR"), "/documented_cells.rs"));
    assert_eq!(text.matches("#[test]").count(), 108);
}

#[test]
fn computed_tables_equal_the_documented_tables() {
    let doc = DocumentedTables::bundled();
    for t in TableId::ALL {
        for r in CellKey::all() {
            for c in CellKey::all() {
                assert_eq!(
                    computed_cell(t, r, c).result,
                    doc.get(t, r, c),
                    "{t} {} {}",
                    r.key(),
                    c.key()
                );
            }
        }
    }
}

#[test]
fn project_copy_equals_shared_spec_when_present() {
    let shared =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec/bind-tables.json");
    if let Ok(text) = std::fs::read_to_string(&shared) {
        let theirs: serde_json::Value = serde_json::from_str(&text).unwrap();
        let ours: serde_json::Value =
            serde_json::from_str(sockbind_core::tables::TABLES_JSON).unwrap();
        assert_eq!(
            ours,
            theirs,
            "core/data/bind-tables.json differs from {}",
            shared.display()
        );
    } else {
        eprintln!("note: {} not present; comparison skipped", shared.display());
    }
}
