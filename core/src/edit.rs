//! Pure edits of a [`Scenario`], as the page makes them: load a documented cell, add or remove
//! a socket, make the timeline explicit, switch platform; and the classroom examples, read from
//! the lesson file `core/data/examples.json`.
//!
//! Every edit keeps a valid scenario valid (tested natively in `core/tests/edit.rs`).

use crate::decision::table_for;
use crate::platform::Platform;
use crate::scenario::{Scenario, SocketSpec, StepSpec};
use crate::socket::{AddressKind, OptionState, Protocol, SockOpt};
use crate::tables::{CellKey, TableId};

/// The port the page starts with and a documented cell uses.
pub const DEFAULT_PORT: u16 = 5150;
/// The first user account.
pub const USER_A: &str = "user-a";
/// Another user account (for the different-user table).
pub const USER_B: &str = "user-b";
/// The wildcard address a documented cell's "Wildcard" stands for.
pub const CELL_WILDCARD: &str = "0.0.0.0";
/// The specific address a documented cell's "Specific" stands for (both sides).
pub const CELL_SPECIFIC: &str = "10.0.0.1";

impl Platform {
    /// Whether dual-stack sockets (`IPV6_V6ONLY` off) exist: Windows Vista and later.
    /// Source: Microsoft's "Dual-Stack Sockets for IPv6 Winsock Applications".
    pub fn has_dual_stack(self) -> bool {
        self >= Platform::WindowsVista
    }
}

impl Protocol {
    /// Parses `"tcp"` or `"udp"`; `None` otherwise.
    pub fn from_id(id: &str) -> Option<Protocol> {
        Protocol::parse_id(id)
    }
}

impl StepSpec {
    /// The socket index a step acts on, mutable (`None` for `send`).
    pub fn socket_mut(&mut self) -> Option<&mut usize> {
        match self {
            StepSpec::Setsockopt { socket }
            | StepSpec::Bind { socket }
            | StepSpec::Listen { socket }
            | StepSpec::Close { socket, .. }
            | StepSpec::Expire { socket } => Some(socket),
            StepSpec::Send { .. } => None,
        }
    }
}

/// One socket of a documented cell: options reaching `key.option`, address per `key.address`.
fn cell_socket(key: CellKey, account: &str, port: u16) -> SocketSpec {
    let address = match key.address {
        AddressKind::Wildcard => CELL_WILDCARD,
        AddressKind::Specific => CELL_SPECIFIC,
    };
    SocketSpec::new(key.option.options(), address, port, account)
}

/// What [`Scenario::set_platform`] had to change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlatformChange {
    /// Dual-stack sockets were switched off (the platform predates Vista).
    pub dual_stack_cleared: bool,
}

impl Scenario {
    /// The scenario the page starts with, and the base every link's parameters are applied on
    /// (the page, `sockbind probe --url`, lesson files and the classroom examples all use this
    /// one): Windows 7, TCP, socket 0 an `SO_EXCLUSIVEADDRUSE` listener on the wildcard address
    /// 0.0.0.0 (account `user-a`), socket 1 a plain bind to the specific address 10.0.0.1 by
    /// another account (`user-b`), both on port [`DEFAULT_PORT`] (5150). Its second bind is
    /// refused with `WSAEACCES` (the README's example).
    pub fn start() -> Scenario {
        Scenario {
            platform: crate::Platform::Windows7,
            protocol: Protocol::Tcp,
            sockets: vec![
                SocketSpec::new(
                    vec![crate::SockOpt::ExclusiveAddrUse],
                    "0.0.0.0",
                    DEFAULT_PORT,
                    USER_A,
                ),
                SocketSpec::new(vec![], "10.0.0.1", DEFAULT_PORT, USER_B),
            ],
            steps: None,
        }
    }

    /// One documented cell as a two-socket scenario: TCP port [`DEFAULT_PORT`], the first
    /// socket as `row`, the second as `column`, addresses [`CELL_WILDCARD`] /
    /// [`CELL_SPECIFIC`], accounts [`USER_A`] and (for the different-user table) [`USER_B`],
    /// on the table's representative platform (Windows XP, or Windows 7), no timeline.
    pub fn for_cell(table: TableId, row: CellKey, column: CellKey) -> Scenario {
        let second = if table == TableId::Later2003DifferentUser {
            USER_B
        } else {
            USER_A
        };
        Scenario {
            platform: table.representative_platform(),
            protocol: Protocol::Tcp,
            sockets: vec![
                cell_socket(row, USER_A, DEFAULT_PORT),
                cell_socket(column, second, DEFAULT_PORT),
            ],
            steps: None,
        }
    }

    /// Replaces this scenario with the documented cell (see [`Scenario::for_cell`]), keeping
    /// the current platform where it can show that cell (same era, and `SO_EXCLUSIVEADDRUSE`
    /// available if the cell needs it) and the first socket's port unless it is 0.
    ///
    /// Out: `Some((from, to))` when the platform had to change.
    pub fn set_cell(
        &mut self,
        table: TableId,
        row: CellKey,
        column: CellKey,
    ) -> Option<(Platform, Platform)> {
        let mut cell = Scenario::for_cell(table, row, column);
        let needs_exclusive = [row, column]
            .iter()
            .any(|k| k.option == OptionState::ExclusiveAddrUse);
        let keeps = self.platform.era() == cell.platform.era()
            && (!needs_exclusive || self.platform.has_exclusiveaddruse());
        let switched = (!keeps).then_some((self.platform, cell.platform));
        if keeps {
            cell.platform = self.platform;
        }
        if let Some(port) = self.sockets.first().map(|k| k.port).filter(|p| *p != 0) {
            cell.sockets.iter_mut().for_each(|k| k.port = port);
        }
        *self = cell;
        switched
    }

    /// Adds a plain TCP socket on `0.0.0.0` (the first socket's port), unless the scenario
    /// already has `max` sockets; with an explicit timeline, also a bind step for it.
    /// Out: whether a socket was added.
    pub fn add_socket(&mut self, max: usize) -> bool {
        if self.sockets.len() >= max {
            return false;
        }
        let port = self.sockets.first().map_or(DEFAULT_PORT, |k| k.port);
        let i = self.sockets.len();
        self.sockets
            .push(SocketSpec::new(vec![], CELL_WILDCARD, port, USER_A));
        if let Some(steps) = &mut self.steps {
            steps.push(StepSpec::Bind { socket: i });
        }
        true
    }

    /// Removes socket `index` (one always stays) and every step naming it; later sockets move
    /// down by one, and so do their steps. Out: whether a socket was removed.
    pub fn remove_socket(&mut self, index: usize) -> bool {
        if self.sockets.len() <= 1 || index >= self.sockets.len() {
            return false;
        }
        self.sockets.remove(index);
        if let Some(steps) = &mut self.steps {
            steps.retain(|st| st.socket() != Some(index));
            for k in steps.iter_mut().filter_map(StepSpec::socket_mut) {
                if *k > index {
                    *k -= 1;
                }
            }
        }
        true
    }

    /// Makes the timeline explicit (so it can be edited), keeping what it does now.
    pub fn explicit_steps(&mut self) -> &mut Vec<StepSpec> {
        let steps = self.effective_steps();
        self.steps.get_or_insert(steps)
    }

    /// Switches platform; before Windows Vista, dual-stack sockets are switched off
    /// ([`Platform::has_dual_stack`]).
    pub fn set_platform(&mut self, platform: Platform) -> PlatformChange {
        self.platform = platform;
        let mut cleared = false;
        if !platform.has_dual_stack() {
            for k in self.sockets.iter_mut().filter(|k| k.dual_stack) {
                k.dual_stack = false;
                cleared = true;
            }
        }
        PlatformChange {
            dual_stack_cleared: cleared,
        }
    }

    /// The documented table that governs sockets 0 and 1 on this platform and their accounts.
    pub fn governing_table(&self) -> TableId {
        let same = self.sockets.len() < 2 || self.sockets[0].account == self.sockets[1].account;
        table_for(self.platform, same)
    }
}

/// What the page's option picker offers: one of the article's three option states
/// ([`OptionState`], the tables' rows and columns), or both options on one socket, which
/// the page offers to show the second `setsockopt` failing (`WSAEINVAL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionChoice {
    /// One of the article's option states.
    State(OptionState),
    /// `SO_REUSEADDR`, then `SO_EXCLUSIVEADDRUSE`: the second call fails.
    Both,
}

impl OptionChoice {
    /// Every choice, in picker order: the three states, then both.
    pub const ALL: [OptionChoice; 4] = [
        OptionChoice::State(OptionState::Default),
        OptionChoice::State(OptionState::ReuseAddr),
        OptionChoice::State(OptionState::ExclusiveAddrUse),
        OptionChoice::Both,
    ];

    /// Stable value for the picker: the state's table key ([`OptionState::key`]) or `both`.
    pub fn value(self) -> &'static str {
        match self {
            OptionChoice::State(o) => o.key(),
            OptionChoice::Both => "both",
        }
    }

    /// The catalog key of its label: `option-<value>`.
    pub fn label_key(self) -> &'static str {
        match self {
            OptionChoice::State(OptionState::Default) => "option-default",
            OptionChoice::State(OptionState::ReuseAddr) => "option-reuseaddr",
            OptionChoice::State(OptionState::ExclusiveAddrUse) => "option-exclusiveaddruse",
            OptionChoice::Both => "option-both",
        }
    }

    /// The `setsockopt` calls, in order.
    pub fn options(self) -> Vec<SockOpt> {
        match self {
            OptionChoice::State(o) => o.options(),
            OptionChoice::Both => vec![SockOpt::ReuseAddr, SockOpt::ExclusiveAddrUse],
        }
    }

    /// The choice a list of options shows as: a single option or none is its state; any
    /// other list (two or more calls) reads as [`OptionChoice::Both`].
    pub fn from_options(options: &[SockOpt]) -> OptionChoice {
        match options {
            [] => OptionChoice::State(OptionState::Default),
            [SockOpt::ReuseAddr] => OptionChoice::State(OptionState::ReuseAddr),
            [SockOpt::ExclusiveAddrUse] => OptionChoice::State(OptionState::ExclusiveAddrUse),
            _ => OptionChoice::Both,
        }
    }

    /// Parses [`OptionChoice::value`]; `None` for anything else.
    pub fn from_value(v: &str) -> Option<OptionChoice> {
        OptionChoice::ALL.into_iter().find(|c| c.value() == v)
    }
}

/// A classroom example: an id and its scenario as a link. The examples live in the lesson
/// file `core/data/examples.json` ([`crate::lesson::examples_lesson`]), their one home.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// Stable id, e.g. `dual-stack` (the question's `id` in the lesson file).
    pub id: &'static str,
    /// The link query (`?v=1&…`, see [`crate::share`]), as [`crate::lesson::link_query`]
    /// writes it.
    pub query: &'static str,
}

impl Example {
    /// The catalog key of the example's title, `example-<id>`.
    pub fn title_key(&self) -> String {
        format!("example-{}", self.id)
    }

    /// The example's scenario, decoded from its link (the tests make sure the link loads
    /// whole and equals the lesson question's scenario).
    pub fn scenario(&self) -> Scenario {
        crate::share::from_query(&crate::lesson::query_pairs(self.query), &Scenario::start())
            .scenario
    }
}

/// The questions of the examples file with an id, as `(id, link)`: a light reader (the page
/// needs no more; the whole file is checked by the lesson parser in the tests).
#[derive(serde::Deserialize)]
struct ExamplesFile {
    questions: Vec<ExampleEntry>,
}

#[derive(serde::Deserialize)]
struct ExampleEntry {
    #[serde(default)]
    id: Option<String>,
    scenario: serde_json::Value,
}

/// The classroom examples, in the order the page lists them: the questions of
/// `core/data/examples.json` ([`crate::lesson::examples_lesson`]) that have an id and a link.
pub fn examples() -> Vec<Example> {
    static LINKS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    LINKS
        .get_or_init(|| {
            serde_json::from_str::<ExamplesFile>(crate::lesson::EXAMPLES_JSON)
                .map(|f| {
                    f.questions
                        .into_iter()
                        .filter_map(|q| match q.scenario {
                            serde_json::Value::String(link) => Some((q.id?, link)),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .iter()
        .map(|(id, query)| Example {
            id: id.as_str(),
            query: query.as_str(),
        })
        .collect()
}
