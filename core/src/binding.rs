//! The bottom of the decision: one binding, one reading of a pair, and what a comparison
//! concluded. Every other decision module builds on these; none of them is imported here.

use serde::{Deserialize, Serialize};
use std::net::IpAddr;

use crate::evidence::{Alternative, Evidence, Source};
use crate::result::BindResult;
use crate::rules::Rule;
use crate::socket::{LocalAddress, OptionState, Protocol};
use crate::tables::{CellKey, TableRef};

/// One socket that holds (or asks for) a port: what the bind decision compares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Binding {
    /// Index of the socket in its scenario (0-based).
    pub socket: usize,
    /// The option state it bound with.
    pub option: OptionState,
    /// Local address (wildcard or specific).
    #[serde(serialize_with = "ser_addr")]
    pub address: LocalAddress,
    /// Port number (0 = ephemeral).
    pub port: u16,
    /// TCP or UDP.
    pub protocol: Protocol,
    /// Owning user account name (equal names = same account).
    pub account: String,
    /// IPv6 socket with `IPV6_V6ONLY` off (Vista and later).
    pub dual_stack: bool,
    /// A TCP socket that called `listen`.
    pub listening: bool,
    /// The socket was closed but a connection it accepted is still active (TCP).
    pub lingering: bool,
    /// Multicast groups joined (UDP).
    pub groups: Vec<IpAddr>,
}

fn ser_addr<S: serde::Serializer>(a: &LocalAddress, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(a)
}

impl Binding {
    /// A plain binding (not dual-stack, not listening, no groups).
    pub fn new(
        socket: usize,
        option: OptionState,
        address: LocalAddress,
        port: u16,
        protocol: Protocol,
        account: &str,
    ) -> Binding {
        Binding {
            socket,
            option,
            address,
            port,
            protocol,
            account: account.to_string(),
            dual_stack: false,
            listening: false,
            lingering: false,
            groups: vec![],
        }
    }

    /// This binding's row/column key in the documented tables.
    pub fn cell_key(&self) -> CellKey {
        CellKey {
            option: self.option,
            address: self.address.kind(),
        }
    }
}

/// One reading of a pair: the result, the rule behind it and the table cell it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Success or the error.
    pub result: BindResult,
    /// The rule that fired.
    pub rule: Rule,
    /// The documented cell this reading comes from, if any.
    pub table: Option<TableRef>,
}

impl Finding {
    /// A finding from a rule that no table covers.
    pub fn prose(rule: Rule) -> Finding {
        Finding {
            result: rule.result(),
            rule,
            table: None,
        }
    }
}

/// What one comparison (new socket vs one bound socket) concluded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairOutcome {
    /// The best-known result for the platform.
    pub result: BindResult,
    /// The rule behind `result`.
    pub rule: Rule,
    /// The documented cell covering this pair (the article's reading), when a table covers it.
    pub table: Option<TableRef>,
    /// What the article says, or `None` where it says nothing.
    pub documented: Option<Finding>,
    /// How we know `result`.
    pub evidence: Evidence,
    /// The sources behind `result` (and the article's reading).
    pub sources: Vec<Source>,
    /// Other answers some source gives.
    pub alternatives: Vec<Alternative>,
    /// Where no test or reports decide the pair and the article reads it differently, the
    /// tested rule that was extended to it (a marker, not a rung of the evidence ladder).
    pub extended: Option<Rule>,
}
