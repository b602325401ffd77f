//! The page's state: the two-socket scenario the pickers edit, and what follows from it.

use leptos::prelude::*;
use sockbind_core::{
    decision, AddressKind, BindStep, CellKey, InputError, OptionState, Platform, Protocol,
    Scenario, SockOpt, SocketSpec, TableId,
};

/// The account name of the first socket; the second uses it too when "same user" is picked.
pub const USER_A: &str = "user-a";
/// The account name used for "another user".
pub const USER_B: &str = "user-b";
/// The port the article's examples use.
pub const DEFAULT_PORT: u16 = 5150;

/// The option choices a picker offers, including the impossible pair (to show `WSAEINVAL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionChoice {
    /// No option: the article's "Default".
    Default,
    /// `SO_REUSEADDR`.
    ReuseAddr,
    /// `SO_EXCLUSIVEADDRUSE`.
    ExclusiveAddrUse,
    /// Both, `SO_REUSEADDR` first: the second `setsockopt` fails.
    Both,
}

impl OptionChoice {
    /// Every choice, in picker order.
    pub const ALL: [OptionChoice; 4] = [
        OptionChoice::Default,
        OptionChoice::ReuseAddr,
        OptionChoice::ExclusiveAddrUse,
        OptionChoice::Both,
    ];

    /// Stable value for `<option value>`.
    pub fn value(self) -> &'static str {
        match self {
            OptionChoice::Default => "default",
            OptionChoice::ReuseAddr => "reuseaddr",
            OptionChoice::ExclusiveAddrUse => "exclusiveaddruse",
            OptionChoice::Both => "both",
        }
    }

    /// Visible label.
    pub fn label(self) -> &'static str {
        match self {
            OptionChoice::Default => "none (Default)",
            OptionChoice::ReuseAddr => "SO_REUSEADDR",
            OptionChoice::ExclusiveAddrUse => "SO_EXCLUSIVEADDRUSE",
            OptionChoice::Both => "SO_REUSEADDR then SO_EXCLUSIVEADDRUSE (invalid)",
        }
    }

    /// The `setsockopt` calls, in order.
    pub fn options(self) -> Vec<SockOpt> {
        match self {
            OptionChoice::Default => vec![],
            OptionChoice::ReuseAddr => vec![SockOpt::ReuseAddr],
            OptionChoice::ExclusiveAddrUse => vec![SockOpt::ExclusiveAddrUse],
            OptionChoice::Both => vec![SockOpt::ReuseAddr, SockOpt::ExclusiveAddrUse],
        }
    }

    /// The choice matching a list of options (unknown combinations read as `Both`).
    pub fn from_options(options: &[SockOpt]) -> OptionChoice {
        match options {
            [] => OptionChoice::Default,
            [SockOpt::ReuseAddr] => OptionChoice::ReuseAddr,
            [SockOpt::ExclusiveAddrUse] => OptionChoice::ExclusiveAddrUse,
            _ => OptionChoice::Both,
        }
    }

    /// Parses [`OptionChoice::value`]; `None` for anything else.
    pub fn from_value(v: &str) -> Option<OptionChoice> {
        OptionChoice::ALL.into_iter().find(|c| c.value() == v)
    }
}

/// Preset addresses offered by the address picker: value and label.
pub const ADDRESS_PRESETS: [(&str, &str); 6] = [
    ("0.0.0.0", "0.0.0.0 (IPv4 wildcard)"),
    ("127.0.0.1", "127.0.0.1 (IPv4 loopback)"),
    (
        "10.0.0.1",
        "10.0.0.1 (first interface in the article's example)",
    ),
    (
        "10.99.99.99",
        "10.99.99.99 (second interface in the article's example)",
    ),
    ("::", ":: (IPv6 wildcard)"),
    ("::1", "::1 (IPv6 loopback)"),
];

/// The scenario the page starts with: Windows 7, an exclusive wildcard listener, then a plain
/// bind to 10.0.0.1 by another user (the README's example).
pub fn initial_scenario() -> Scenario {
    Scenario {
        platform: Platform::Windows7,
        protocol: Protocol::Tcp,
        sockets: vec![
            SocketSpec {
                options: vec![SockOpt::ExclusiveAddrUse],
                address: "0.0.0.0".into(),
                port: DEFAULT_PORT,
                account: USER_A.into(),
                admin: true,
                protocol: None,
            },
            SocketSpec {
                options: vec![],
                address: "10.0.0.1".into(),
                port: DEFAULT_PORT,
                account: USER_B.into(),
                admin: true,
                protocol: None,
            },
        ],
    }
}

/// Shared, reactive page state (provided through context).
#[derive(Clone, Copy)]
pub struct AppState {
    /// The scenario being explained.
    pub scenario: RwSignal<Scenario>,
    /// The scenario's binds, before/after tables and verdicts (or why it cannot be decided).
    pub steps: Memo<Result<Vec<BindStep>, InputError>>,
    /// Bumped on every change, so animations replay.
    pub revision: RwSignal<u32>,
}

impl AppState {
    /// Creates state around `initial`.
    pub fn new(initial: Scenario) -> AppState {
        let scenario = RwSignal::new(initial);
        let steps = Memo::new(move |_| scenario.with(|s| s.steps()));
        AppState {
            scenario,
            steps,
            revision: RwSignal::new(0),
        }
    }

    /// Changes the scenario in place and bumps the revision.
    pub fn update(&self, f: impl FnOnce(&mut Scenario)) {
        self.scenario.update(f);
        self.revision.update(|r| *r = r.wrapping_add(1));
    }

    /// The table that governs the pair on the current platform and accounts.
    pub fn current_table(&self) -> TableId {
        self.scenario.with(|s| {
            let same = s.sockets.len() < 2 || s.sockets[0].account == s.sockets[1].account;
            decision::table_for(s.platform, same)
        })
    }

    /// Sets the scenario to one documented cell: the first socket as `row`, the second as
    /// `column`, accounts as the table says, addresses `0.0.0.0` / `10.0.0.1`; switches platform
    /// only if the current one is of the other era.
    pub fn set_cell(&self, table: TableId, row: CellKey, column: CellKey) {
        self.update(|s| {
            let needs_exclusive = [row, column]
                .iter()
                .any(|k| k.option == OptionState::ExclusiveAddrUse);
            let other_era = s.platform.era() != table_platform(table).era();
            if other_era || (needs_exclusive && !s.platform.has_exclusiveaddruse()) {
                s.platform = table_platform(table);
            }
            let addr = |k: CellKey| match k.address {
                AddressKind::Wildcard => "0.0.0.0",
                AddressKind::Specific => "10.0.0.1",
            };
            while s.sockets.len() < 2 {
                s.sockets.push(initial_scenario().sockets[1].clone());
            }
            for (sock, key) in s.sockets.iter_mut().zip([row, column]) {
                sock.options = key.option.options();
                sock.address = addr(key).to_string();
                sock.port = DEFAULT_PORT;
                sock.admin = true;
                sock.protocol = None;
            }
            s.sockets[0].account = USER_A.into();
            s.sockets[1].account = if table == TableId::Later2003DifferentUser {
                USER_B.into()
            } else {
                USER_A.into()
            };
        });
    }
}

/// The platform a cell click switches to when the current one is of the other era.
fn table_platform(table: TableId) -> Platform {
    decision::representative_platform(table)
}
