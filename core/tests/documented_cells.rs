//! Every documented cell (108) checked against the rules: one generated test per cell,
//! from `core/data/bind-tables.json` (see `build.rs`). Each runs the real decision path
//! (`computed_cell` runs `Scenario::for_cell` through the port table), and also a full scenario
//! through the port table.

use sockbind_core::{
    computed_cell, parse_scenario, BindResult, CellKey, DocumentedTables, Platform, Scenario,
    TableId,
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
        (tref.id, tref.row.key().as_str(), tref.column.key().as_str()),
        (t, row, col)
    );

    // The bundled static table says the same.
    assert_eq!(DocumentedTables::bundled().get(t, r, c), expected);

    // The same cell as a two-socket scenario, through JSON, the port table and the verdict,
    // on another platform of the same era than the one `computed_cell` uses.
    let mut scenario = Scenario::for_cell(t, r, c);
    if t != TableId::XpAndEarlier {
        scenario.set_platform(Platform::WindowsServer2003);
    }
    let json = serde_json::to_string(&scenario).unwrap();
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
