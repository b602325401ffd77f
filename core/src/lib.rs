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
//! - [`rules`]: the rule table (one row per rule: id, result, section, evidence, sources);
//! - [`binding`]: a binding, one reading of a pair, a comparison's outcome (the bottom);
//! - [`text`]: the message catalogs (en, zh-TW), compiled at build time;
//! - [`stacks`]: which addresses a binding holds on the IPv4 and IPv6 stacks (dual-stack);
//! - [`evidence`], [`known`]: how we know an answer: the evidence ladder (tests on Windows,
//!   independent reports, the article, Wine);
//! - [`decision`]: the rules applied to `setsockopt` and to a pair of binds;
//! - [`port_table`]: the bindings on a port, changed by `bind`, `listen` and close;
//! - [`delivery`]: who receives a connection or datagram;
//! - [`lanes`]: the port drawn as lanes of addresses, and each step's blocks on them;
//! - [`suggest`]: what the timeline editor's "+" buttons pick;
//! - [`scenario`]: scenario and verdict JSON, and the timeline of steps;
//! - [`edit`]: the page's pure scenario edits and the classroom examples;
//! - [`predict`], [`lesson`], [`drill`]: training: what a learner can predict for a step and
//!   its grading, lesson files (the built-in course, the classroom examples), random drills;
//! - [`presets`]: runtime presets (what Node, Go, .NET, Python, Java, Rust and nginx listeners
//!   set on Windows, with the runtime source each row was read from);
//! - [`computed`]: the documented tables recomputed by the rules;
//! - [`share`]: the scenario as URL query parameters (versioned, forgiving);
//! - [`probe`]: checking a scenario on a real Windows machine (plan, result format, matrix);
//! - [`probe_import`]: a probe result as plain text, for the page's import box;
//! - [`codegen`]: programs (C, C#, Python, PowerShell) that run a scenario's calls.
//!
//! No web dependencies: builds for native targets and `wasm32-unknown-unknown`.

#[macro_use]
mod macros;

pub mod binding;
pub mod codegen;
pub mod computed;
pub mod decision;
pub mod delivery;
pub mod drill;
pub mod edit;
pub mod error;
pub mod evidence;
pub mod known;
pub mod lanes;
pub mod lesson;
pub mod platform;
pub mod port_table;
pub mod predict;
pub mod presets;
pub mod probe;
pub mod probe_import;
pub mod result;
pub mod rules;
pub mod scenario;
pub mod share;
pub mod socket;
pub mod stacks;
pub mod suggest;
pub mod tables;
mod tabtext;
pub mod text;
pub mod training;
pub mod windows_results;

pub use binding::{Binding, Finding, PairOutcome};
pub use computed::{computed_cell, computed_table};
pub use decision::{decide_pair, table_for};
pub use delivery::{deliver, Delivery, DeliveryRule, Receivers};
pub use edit::{examples, Example, OptionChoice, PlatformChange};
pub use error::InputError;
pub use evidence::{Alternative, Evidence, Source};
pub use platform::{Era, Platform};
pub use port_table::{BindVerdict, Call, FailedSetsockopt, PortTable, SocketConfig};
pub use presets::{Preset, PresetField, PresetRow, Runtime, PRESETS};
pub use result::BindResult;
pub use rules::{Rule, RuleRow, Section, ARTICLE, RULES};
pub use scenario::{
    decide_bytes, decide_json, decode_input, parse_scenario, Invalid, Outcome, Scenario,
    SocketSpec, StepSpec, TableChanges, TimelineEntry, Verdict, VERDICT_VERSION,
};
pub use socket::{AddressKind, Family, LocalAddress, OptionState, Protocol, SockOpt};
pub use tables::{CellKey, DocumentedTables, TableId, TableRef};
