//! The article's three documented 6×6 tables, kept as data.
//!
//! The project keeps its own copy in `core/data/bind-tables.json` (identical to
//! `shared/spec/bind-tables.json`, checked by a test). The rules in [`crate::decision`] never
//! read these tables to decide; the tables are what the rules are tested against, and the
//! source of the cell the page highlights.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

use crate::error::InputError;
use crate::result::BindResult;
use crate::socket::{AddressKind, OptionState};

/// The project's copy of the tables, as JSON text.
pub const TABLES_JSON: &str = include_str!("../data/bind-tables.json");

/// Which of the article's three tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TableId {
    /// Windows XP and earlier.
    #[serde(rename = "xp_and_earlier")]
    XpAndEarlier,
    /// Windows Server 2003 and later, both binds under the same user account.
    #[serde(rename = "2003_and_later_same_user")]
    Later2003SameUser,
    /// Windows Server 2003 and later, binds under different user accounts.
    #[serde(rename = "2003_and_later_different_user")]
    Later2003DifferentUser,
}

impl TableId {
    /// All three, in article order.
    pub const ALL: [TableId; 3] = [
        TableId::XpAndEarlier,
        TableId::Later2003SameUser,
        TableId::Later2003DifferentUser,
    ];

    /// The key used in `bind-tables.json`.
    pub fn id(self) -> &'static str {
        match self {
            TableId::XpAndEarlier => "xp_and_earlier",
            TableId::Later2003SameUser => "2003_and_later_same_user",
            TableId::Later2003DifferentUser => "2003_and_later_different_user",
        }
    }

    /// Parses a key as produced by [`TableId::id`]. Errors: [`InputError`] naming `field`.
    pub fn from_id(id: &str, field: &str) -> Result<TableId, InputError> {
        TableId::ALL
            .into_iter()
            .find(|t| t.id() == id)
            .ok_or_else(|| {
                InputError::new(
                    field,
                    id,
                    "unknown table; expected xp_and_earlier, 2003_and_later_same_user or 2003_and_later_different_user",
                )
            })
    }

    /// A title in our words, naming the article section the table sits in.
    pub fn title(self) -> &'static str {
        match self {
            TableId::XpAndEarlier => "Windows XP and earlier",
            TableId::Later2003SameUser => "Windows Server 2003 and later, same user account",
            TableId::Later2003DifferentUser => {
                "Windows Server 2003 and later, different user accounts"
            }
        }
    }

    /// The article section the table appears in.
    pub fn section(self) -> &'static str {
        match self {
            TableId::XpAndEarlier => "Using SO_EXCLUSIVEADDRUSE",
            _ => "Enhanced Socket Security",
        }
    }
}

impl fmt::Display for TableId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A row or column of a table: an option state and an address kind.
///
/// Keyed `option/address`, e.g. `reuseaddr/wildcard`, as in `bind-tables.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellKey {
    /// The socket's option state.
    pub option: OptionState,
    /// Wildcard or specific address.
    pub address: AddressKind,
}

impl CellKey {
    /// The six keys in the article's row/column order.
    pub fn all() -> [CellKey; 6] {
        let mut out = [CellKey {
            option: OptionState::Default,
            address: AddressKind::Wildcard,
        }; 6];
        let mut i = 0;
        for option in OptionState::ALL {
            for address in AddressKind::ALL {
                out[i] = CellKey { option, address };
                i += 1;
            }
        }
        out
    }

    /// `option/address`, e.g. `"default/specific"`.
    pub fn key(self) -> String {
        format!("{}/{}", self.option.key(), self.address.key())
    }

    /// Parses `option/address`. Errors: [`InputError`] naming `field`.
    pub fn parse(text: &str, field: &str) -> Result<CellKey, InputError> {
        CellKey::all()
            .into_iter()
            .find(|k| k.key() == text)
            .ok_or_else(|| {
                InputError::new(
                    field,
                    text,
                    "expected option/address such as default/wildcard or exclusiveaddruse/specific",
                )
            })
    }

    /// The article's label, e.g. `"SO_REUSEADDR Wildcard"`.
    pub fn label(self) -> String {
        format!("{} {}", self.option.label(), self.address.label())
    }
}

/// A reference to one documented cell: table, first bind (row), second bind (column).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TableRef {
    /// Table key, e.g. `"2003_and_later_same_user"`.
    pub id: TableId,
    /// First bind, `option/address`.
    pub row: String,
    /// Second bind, `option/address`.
    pub column: String,
}

/// The documented tables, parsed: `table -> row -> column -> result`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentedTables {
    cells: BTreeMap<(TableId, CellKey, CellKey), BindResult>,
}

type RawTables = BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>;

impl DocumentedTables {
    /// The project's own copy ([`TABLES_JSON`]), parsed once. It is validated by the tests
    /// (and by `build.rs` at compile time), so this cannot fail for the shipped data.
    pub fn bundled() -> &'static DocumentedTables {
        static TABLES: std::sync::OnceLock<DocumentedTables> = std::sync::OnceLock::new();
        TABLES.get_or_init(|| {
            DocumentedTables::from_json(TABLES_JSON).expect("bundled bind-tables.json is valid")
        })
    }

    /// Parses tables in the `bind-tables.json` shape. Every table must have all 36 cells,
    /// each `success`, `WSAEADDRINUSE` or `WSAEACCES`.
    ///
    /// Errors: [`InputError`] naming the table/row/column path that is malformed or missing.
    pub fn from_json(text: &str) -> Result<DocumentedTables, InputError> {
        let raw: RawTables = serde_json::from_str(text)
            .map_err(|e| InputError::new("", "", format!("bad tables JSON: {e}")))?;
        let mut cells = BTreeMap::new();
        for (tid, rows) in &raw {
            let table = TableId::from_id(tid, "table")?;
            for (row, cols) in rows {
                let r = CellKey::parse(row, &format!("{tid}.row"))?;
                for (col, value) in cols {
                    let c = CellKey::parse(col, &format!("{tid}.{row}.column"))?;
                    let res = BindResult::from_name(value, &format!("{tid}.{row}.{col}"))?;
                    cells.insert((table, r, c), res);
                }
            }
        }
        for t in TableId::ALL {
            for r in CellKey::all() {
                for c in CellKey::all() {
                    if !cells.contains_key(&(t, r, c)) {
                        return Err(InputError::new(
                            format!("{}.{}.{}", t.id(), r.key(), c.key()),
                            "",
                            "cell is missing",
                        ));
                    }
                }
            }
        }
        Ok(DocumentedTables { cells })
    }

    /// The documented result for `first` (row) then `second` (column) in `table`.
    pub fn get(&self, table: TableId, first: CellKey, second: CellKey) -> BindResult {
        self.cells[&(table, first, second)]
    }

    /// Looks a [`TableRef`] up. Returns `None` if its row or column is not a valid key.
    pub fn lookup(&self, r: &TableRef) -> Option<BindResult> {
        let row = CellKey::parse(&r.row, "row").ok()?;
        let col = CellKey::parse(&r.column, "column").ok()?;
        Some(self.get(r.id, row, col))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_tables_parse_with_all_108_cells() {
        let t = DocumentedTables::bundled();
        assert_eq!(t.cells.len(), 108);
    }

    #[test]
    fn bad_tables_json_is_refused() {
        assert!(DocumentedTables::from_json("{").is_err());
        let e = DocumentedTables::from_json(
            r#"{"xp_and_earlier":{"default/wildcard":{"default/wildcard":"maybe"}}}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("maybe"), "{e}");
        let e = DocumentedTables::from_json(r#"{"xp_and_earlier":{}}"#).unwrap_err();
        assert!(e.to_string().contains("missing"), "{e}");
    }

    #[test]
    fn cell_keys_round_trip() {
        for k in CellKey::all() {
            assert_eq!(CellKey::parse(&k.key(), "k").unwrap(), k);
        }
        assert!(CellKey::parse("default/anywhere", "k").is_err());
    }
}
