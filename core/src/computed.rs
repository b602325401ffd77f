//! The documented tables computed by the rules (not read from the data): each cell is loaded
//! as a two-socket scenario ([`Scenario::for_cell`]) and run through the port table and the
//! verdict, the same path the CLI and the page take.

use crate::binding::Finding;
use crate::scenario::Scenario;
use crate::tables::{CellKey, TableId};

/// Computes one cell of `table` from the rules: the article's reading (result, rule, cell) of
/// the second bind in [`Scenario::for_cell`].
pub fn computed_cell(table: TableId, first: CellKey, second: CellKey) -> Finding {
    let verdict = Scenario::for_cell(table, first, second)
        .evaluate()
        .expect("a documented cell is a valid scenario");
    let b = &verdict.binds[1];
    Finding {
        result: b
            .documented
            .expect("the article covers every plain IPv4 pair"),
        rule: b.documented_rule.unwrap_or(b.rule),
        table: b.table,
    }
}

/// The whole 6×6 table computed by the rules: `rows[first][second]`, in the article's order.
pub fn computed_table(table: TableId) -> Vec<Vec<Finding>> {
    CellKey::all()
        .into_iter()
        .map(|r| {
            CellKey::all()
                .into_iter()
                .map(|c| computed_cell(table, r, c))
                .collect()
        })
        .collect()
}
