//! # sockbind-core
//!
//! A rule-driven model of how Windows decides whether a `bind()` to a port already in use
//! succeeds, after the Microsoft article "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE".
//!
//! One module per concept:
//! - [`platform`]: Windows versions, their era and what they offer;
//! - [`socket`]: options, addresses (wildcard/specific, IPv4/IPv6) and protocols;
//! - [`result`]: `success` / `WSAE…` results and codes;
//! - [`tables`]: the article's three documented tables, as data;
//! - [`rules`]: the named rules, their sources and explanations;
//! - [`decision`]: the rules applied to `setsockopt` and to a pair of binds;
//! - [`port_table`]: the bindings on a port, changed by `bind` and close;
//! - [`scenario`]: scenario and verdict JSON.
//!
//! No web dependencies: builds for native targets and `wasm32-unknown-unknown`.

pub mod decision;
pub mod error;
pub mod platform;
pub mod port_table;
pub mod result;
pub mod rules;
pub mod scenario;
pub mod socket;
pub mod tables;

pub use decision::{computed_cell, computed_table, decide_pair, table_for, Binding, PairOutcome};
pub use error::InputError;
pub use platform::{Era, Platform};
pub use port_table::{BindVerdict, PortTable, SocketConfig, Step};
pub use result::BindResult;
pub use rules::{Rule, ARTICLE};
pub use scenario::{decide_json, parse_scenario, BindStep, Scenario, SocketSpec, Verdict};
pub use socket::{AddressKind, Family, LocalAddress, OptionState, Protocol, SockOpt};
pub use tables::{CellKey, DocumentedTables, TableId, TableRef};
