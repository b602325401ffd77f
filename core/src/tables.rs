//! The article's three documented 6×6 tables, kept as data.
//!
//! The project keeps its own copy in `core/data/bind-tables.json` (identical to
//! `shared/spec/bind-tables.json`, checked by a test). The rules in [`crate::decision`] never
//! read these tables to decide; the tables are what the rules are tested against, and the
//! source of the cell the page highlights.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::error::InputError;
use crate::result::BindResult;
use crate::socket::{AddressKind, OptionState};

/// The project's copy of the tables, as JSON text.
pub const TABLES_JSON: &str = include_str!("../data/bind-tables.json");

crate::id_enum! {
    #[id_enum(array)]
    /// Which of the article's three tables. Serialized as its id, the key used in
    /// `bind-tables.json`.
    pub enum TableId {
        /// Windows XP and earlier.
        XpAndEarlier = "xp_and_earlier",
        /// Windows Server 2003 and later, both binds under the same user account.
        Later2003SameUser = "2003_and_later_same_user",
        /// Windows Server 2003 and later, binds under different user accounts.
        Later2003DifferentUser = "2003_and_later_different_user",
    }
}

impl TableId {
    /// Position in [`TableId::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Parses a key as produced by [`TableId::id`]. Errors: [`InputError`] naming `field`.
    pub fn from_id(id: &str, field: &str) -> Result<TableId, InputError> {
        TableId::parse_id(id).ok_or_else(|| {
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

    /// A representative platform: Windows XP for `xp_and_earlier`, Windows 7 for the
    /// 2003-and-later tables.
    pub fn representative_platform(self) -> crate::platform::Platform {
        match self {
            TableId::XpAndEarlier => crate::platform::Platform::WindowsXp,
            _ => crate::platform::Platform::Windows7,
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

    /// Position in [`CellKey::all`] (the article's row/column order).
    pub fn index(self) -> usize {
        self.option as usize * 2 + self.address as usize
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

impl Serialize for CellKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.key())
    }
}

impl<'de> Deserialize<'de> for CellKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        CellKey::parse(&text, "cell").map_err(serde::de::Error::custom)
    }
}

/// A reference to one documented cell: table, first bind (row), second bind (column).
/// Row and column serialize as `option/address`, e.g. `"reuseaddr/wildcard"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TableRef {
    /// Table key, e.g. `"2003_and_later_same_user"`.
    pub id: TableId,
    /// First bind.
    pub row: CellKey,
    /// Second bind.
    pub column: CellKey,
}

/// `[table][row][column]`, indexed in [`TableId::ALL`] and [`CellKey::all`] order.
type Cells = [[[BindResult; 6]; 6]; 3];

/// The bundled tables, generated by `build.rs` from `data/bind-tables.json`.
const BUNDLED: DocumentedTables = DocumentedTables {
    cells: include!(concat!(env!("OUT_DIR"), "/tables_data.rs")),
};

/// The documented tables: `table -> row -> column -> result`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentedTables {
    cells: Cells,
}

type RawTables = BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>;

impl DocumentedTables {
    /// The project's own copy of the tables, compiled in by `build.rs` from
    /// `data/bind-tables.json` (no JSON is parsed at run time). Equal to
    /// `DocumentedTables::from_json(TABLES_JSON)` (tested).
    pub fn bundled() -> &'static DocumentedTables {
        &BUNDLED
    }

    /// Parses tables in the `bind-tables.json` shape. Every table must have all 36 cells,
    /// each `success`, `WSAEADDRINUSE` or `WSAEACCES`.
    ///
    /// Errors: [`InputError`] naming the table/row/column path that is malformed or missing.
    pub fn from_json(text: &str) -> Result<DocumentedTables, InputError> {
        let raw: RawTables = serde_json::from_str(text)
            .map_err(|e| InputError::new("", "", format!("bad tables JSON: {e}")))?;
        let mut cells: BTreeMap<(TableId, CellKey, CellKey), BindResult> = BTreeMap::new();
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
        let mut out = [[[BindResult::Success; 6]; 6]; 3];
        for (ti, t) in TableId::ALL.into_iter().enumerate() {
            for (ri, r) in CellKey::all().into_iter().enumerate() {
                for (ci, c) in CellKey::all().into_iter().enumerate() {
                    out[ti][ri][ci] = *cells.get(&(t, r, c)).ok_or_else(|| {
                        InputError::new(
                            format!("{}.{}.{}", t.id(), r.key(), c.key()),
                            "",
                            "cell is missing",
                        )
                    })?;
                }
            }
        }
        Ok(DocumentedTables { cells: out })
    }

    /// The documented result for `first` (row) then `second` (column) in `table`.
    pub fn get(&self, table: TableId, first: CellKey, second: CellKey) -> BindResult {
        self.cells[table.index()][first.index()][second.index()]
    }

    /// The documented result of the cell `r` refers to.
    pub fn lookup(&self, r: &TableRef) -> BindResult {
        self.get(r.id, r.row, r.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_tables_equal_the_json_copy() {
        assert_eq!(
            DocumentedTables::bundled(),
            &DocumentedTables::from_json(TABLES_JSON).unwrap()
        );
        for (i, k) in CellKey::all().into_iter().enumerate() {
            assert_eq!(k.index(), i);
        }
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
