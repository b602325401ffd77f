//! The port table: the ordered bindings the stack holds, which `bind` adds to (or refuses)
//! and `closesocket` removes from. This is what the page animates.

use serde::{Deserialize, Serialize};

use crate::decision::{apply_options, decide_pair, Binding, PairOutcome};
use crate::platform::Platform;
use crate::result::BindResult;
use crate::rules::Rule;
use crate::socket::{LocalAddress, Protocol, SockOpt};
use crate::tables::TableRef;

/// The call a verdict refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// A `setsockopt` call failed before `bind` was reached.
    Setsockopt,
    /// The `bind` call (success or failure).
    Bind,
}

/// A socket ready to bind: validated address, options in call order, account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SocketConfig {
    /// Options set in this order before `bind`.
    pub options: Vec<SockOpt>,
    /// The local address.
    pub address: LocalAddress,
    /// Port number (0 = ephemeral).
    pub port: u16,
    /// TCP or UDP.
    pub protocol: Protocol,
    /// Owning user account.
    pub account: String,
    /// Whether the account is in Administrators (matters on XP and earlier).
    pub admin: bool,
}

/// The outcome for one socket, as printed in the verdict JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindVerdict {
    /// Index of the socket in the scenario.
    pub socket: usize,
    /// `success` or the `WSAE…` name.
    pub result: BindResult,
    /// 0 or the Winsock error number (10048, 10013, 10042, 10022).
    pub code: u32,
    /// The failing call (`setsockopt`) or `bind`.
    pub step: Step,
    /// The scenario index of the binding that refused this one, if any.
    pub blocked_by: Option<usize>,
    /// The scenario index of the binding the verdict was judged against (the blocker, or on
    /// success the first earlier binding a table covers), if any.
    pub compared_with: Option<usize>,
    /// The documented cell, when a table covers the decisive pair.
    pub table: Option<TableRef>,
    /// The rule that fired (kebab-case id).
    pub rule: Rule,
    /// The article section the rule rests on.
    pub section: String,
    /// What happened and why, in our own words.
    pub explanation: String,
}

impl BindVerdict {
    fn new(
        socket: usize,
        step: Step,
        rule: Rule,
        result: BindResult,
        against: Option<(usize, Option<TableRef>)>,
    ) -> BindVerdict {
        let (compared_with, table) = match against {
            Some((i, t)) => (Some(i), t),
            None => (None, None),
        };
        BindVerdict {
            socket,
            result,
            code: result.code(),
            step,
            blocked_by: if result.is_success() {
                None
            } else {
                compared_with
            },
            compared_with,
            table,
            rule,
            section: rule.section().to_string(),
            explanation: rule.explanation().to_string(),
        }
    }
}

/// The bindings the stack holds, in the order they were made.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PortTable {
    bindings: Vec<Binding>,
}

impl PortTable {
    /// An empty table.
    pub fn new() -> PortTable {
        PortTable::default()
    }

    /// The current bindings, oldest first.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Runs `setsockopt` for each option then `bind` for socket `index`, on `platform`.
    ///
    /// The new socket is compared with every current binding, oldest first; the first that
    /// refuses it is `blocked_by`. On success a row is appended. A failed `setsockopt` stops
    /// there (`step = setsockopt`) and nothing is bound.
    pub fn bind(&mut self, platform: Platform, index: usize, cfg: &SocketConfig) -> BindVerdict {
        let option = match apply_options(platform, &cfg.options, cfg.admin) {
            Ok(state) => state,
            Err((result, rule)) => {
                return BindVerdict::new(index, Step::Setsockopt, rule, result, None)
            }
        };
        let candidate = Binding {
            socket: index,
            option,
            address: cfg.address,
            port: cfg.port,
            protocol: cfg.protocol,
            account: cfg.account.clone(),
        };
        let outcomes: Vec<(usize, PairOutcome)> = self
            .bindings
            .iter()
            .map(|b| (b.socket, decide_pair(platform, b, &candidate)))
            .collect();
        if let Some((i, o)) = outcomes.iter().find(|(_, o)| !o.result.is_success()) {
            return BindVerdict::new(
                index,
                Step::Bind,
                o.rule,
                o.result,
                Some((*i, o.table.clone())),
            );
        }
        let decisive = outcomes
            .iter()
            .find(|(_, o)| o.table.is_some())
            .or(outcomes.first());
        self.bindings.push(candidate);
        match decisive {
            Some((i, o)) => BindVerdict::new(
                index,
                Step::Bind,
                o.rule,
                BindResult::Success,
                Some((*i, o.table.clone())),
            ),
            None => BindVerdict::new(index, Step::Bind, Rule::PortFree, BindResult::Success, None),
        }
    }

    /// Closes socket `index`: removes its binding. Returns the removed row, or `None` if that
    /// socket held no binding.
    pub fn close(&mut self, index: usize) -> Option<Binding> {
        let pos = self.bindings.iter().position(|b| b.socket == index)?;
        Some(self.bindings.remove(pos))
    }
}
