//! The port table: the ordered bindings the stack holds, which `bind` adds to (or refuses),
//! `listen` marks, and `closesocket` removes from (or leaves lingering). This is what the page
//! animates.

use serde::{Deserialize, Serialize};
use std::net::IpAddr;

use crate::decision::{
    apply_options, decide_pair, effective_options, Binding, Finding, PairOutcome,
};
use crate::evidence::{Alternative, Evidence, Source, KB_870562};
use crate::known;
use crate::platform::Platform;
use crate::result::BindResult;
use crate::rules::Rule;
use crate::socket::{LocalAddress, OptionState, Protocol, SockOpt};
use crate::tables::TableRef;

/// The Winsock call a verdict refers to. Serialized as `setsockopt`, `bind` or `listen`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Call {
    /// A `setsockopt` call (failed before `bind` was reached, or an explicit option step).
    Setsockopt,
    /// The `bind` call (success or failure).
    Bind,
    /// The `listen` call.
    Listen,
}

impl Call {
    /// The call as written in C, e.g. `"bind()"`.
    pub fn name(self) -> &'static str {
        match self {
            Call::Setsockopt => "setsockopt()",
            Call::Bind => "bind()",
            Call::Listen => "listen()",
        }
    }
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
    /// IPv6 socket with `IPV6_V6ONLY` off.
    pub dual_stack: bool,
    /// Multicast groups joined (UDP).
    pub groups: Vec<IpAddr>,
}

impl SocketConfig {
    /// A plain TCP socket with no groups, for tests and examples.
    pub fn plain(options: Vec<SockOpt>, address: LocalAddress, port: u16, account: &str) -> Self {
        SocketConfig {
            options,
            address,
            port,
            protocol: Protocol::Tcp,
            account: account.to_string(),
            admin: true,
            dual_stack: false,
            groups: vec![],
        }
    }
}

/// A `setsockopt` call that failed before a `bind`: its error, rule and explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedSetsockopt {
    /// The error (`WSAENOPROTOOPT`, `WSAEACCES` or `WSAEINVAL`).
    pub result: BindResult,
    /// Its Winsock number.
    pub code: u32,
    /// The rule behind it.
    pub rule: Rule,
    /// Where it comes from (its section, and the reports of programs that ignored it).
    pub sources: Vec<Source>,
    /// Other answers (KB 870562 for the Administrators rule).
    pub alternatives: Vec<Alternative>,
    /// What happened, in our own words.
    pub explanation: String,
}

/// The outcome for one socket's `setsockopt`/`bind`, as printed in the verdict JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindVerdict {
    /// Index of the socket in the scenario.
    pub socket: usize,
    /// The best-known result on the chosen platform: `success` or the `WSAE…` name.
    pub result: BindResult,
    /// 0 or the Winsock error number (10048, 10013, 10042, 10022, 10038).
    pub code: u32,
    /// What the article says (`success` / `WSAE…`), or `null` where it says nothing.
    pub documented: Option<BindResult>,
    /// How we know `result`: `documented`, `tested-on-windows`, `implementation`, `reports`,
    /// `disputed`.
    pub evidence: Evidence,
    /// The sources: article sections, or repository and path.
    pub sources: Vec<Source>,
    /// Other answers some source gives, with notes.
    pub alternatives: Vec<Alternative>,
    /// The call this verdict is about: `setsockopt`, `bind` or `listen`.
    pub call: Call,
    /// The scenario index of the binding that refused this one, if any.
    pub blocked_by: Option<usize>,
    /// The scenario index of the binding the verdict was judged against (the blocker, or on
    /// success the one the article's reading rests on), if any.
    pub compared_with: Option<usize>,
    /// The documented cell the article's reading comes from, when a table covers the pair.
    pub table: Option<TableRef>,
    /// The rule behind `result` (kebab-case id).
    pub rule: Rule,
    /// The rule behind `documented`, when it differs from `rule`.
    pub documented_rule: Option<Rule>,
    /// Where no test or reports decide and the article reads the pair differently: the tested
    /// rule extended to this pair (a named marker, not a rung of the evidence ladder).
    pub extended: Option<Rule>,
    /// For a `bind` whose `setsockopt` calls ran just before it (no explicit `setsockopt`
    /// step): the first of them that failed. The socket stays open with the options that did
    /// take effect, and this bind is decided with those; a program that checks the error
    /// would have stopped there instead.
    pub failed_setsockopt: Option<FailedSetsockopt>,
    /// The article section `rule` rests on.
    pub section: String,
    /// What happened and why, in our own words.
    pub explanation: String,
}

impl BindVerdict {
    fn from_outcome(socket: usize, call: Call, o: PairOutcome, against: Option<usize>) -> Self {
        let documented_rule = o
            .documented
            .as_ref()
            .map(|d| d.rule)
            .filter(|r| *r != o.rule);
        BindVerdict {
            socket,
            result: o.result,
            code: o.result.code(),
            documented: o.documented.as_ref().map(|d| d.result),
            evidence: o.evidence,
            sources: o.sources,
            alternatives: o.alternatives,
            call,
            blocked_by: if o.result.is_success() { None } else { against },
            compared_with: against,
            table: o.table,
            rule: o.rule,
            documented_rule,
            extended: o.extended,
            failed_setsockopt: None,
            section: crate::text::english(&o.rule.section().key()),
            explanation: crate::text::english(o.rule.explanation_key()),
        }
    }

    /// A verdict every source agrees on (setsockopt failures, call semantics, free port).
    pub fn agreed(socket: usize, call: Call, rule: Rule) -> BindVerdict {
        BindVerdict::from_outcome(socket, call, known::agreed(Finding::prose(rule)), None)
    }

    /// A failed `setsockopt`, with the KB 870562 note where the Administrators rule fires on
    /// Windows 2000 or XP.
    fn setsockopt_failure(platform: Platform, socket: usize, rule: Rule) -> BindVerdict {
        let mut v = BindVerdict::agreed(socket, Call::Setsockopt, rule);
        if rule == Rule::ExclusiveAdminOnly
            && matches!(platform, Platform::Windows2000 | Platform::WindowsXp)
        {
            v.alternatives.push(Alternative {
                id: "kb-870562".into(),
                result: BindResult::Success,
                evidence: Evidence::Reports,
                sources: vec![KB_870562],
                note: Alternative::note_for("kb-870562"),
                rule: None,
            });
        }
        v
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

    /// The binding of socket `index`, if it holds one (lingering rows included).
    pub fn get(&self, index: usize) -> Option<&Binding> {
        self.bindings.iter().find(|b| b.socket == index)
    }

    /// Runs `setsockopt` for each option, in order, on `platform`.
    ///
    /// Out: the option state that took effect (a failed call changes nothing, later calls
    /// still run), and the first failing call's verdict (`call = setsockopt`), if any:
    /// `WSAENOPROTOOPT`, `WSAEACCES` (Administrators rule) or `WSAEINVAL` (both options).
    pub fn set_options(
        platform: Platform,
        index: usize,
        cfg: &SocketConfig,
    ) -> (OptionState, Option<Box<BindVerdict>>) {
        let state = effective_options(platform, &cfg.options, cfg.admin);
        let failure = apply_options(platform, &cfg.options, cfg.admin)
            .err()
            .map(|(_, rule)| Box::new(BindVerdict::setsockopt_failure(platform, index, rule)));
        (state, failure)
    }

    /// Runs `setsockopt` for each option then `bind` for socket `index`, on `platform`. A
    /// failed `setsockopt` does not end the socket: the bind is decided with the options that
    /// took effect, and the failure rides along in `failed_setsockopt`.
    /// See [`PortTable::bind_with`].
    pub fn bind(&mut self, platform: Platform, index: usize, cfg: &SocketConfig) -> BindVerdict {
        let (state, failure) = PortTable::set_options(platform, index, cfg);
        let mut v = self.bind_with(platform, index, cfg, state);
        v.failed_setsockopt = failure.map(|f| {
            let mut sources = f.sources;
            sources.push(crate::evidence::BOTH_OPTIONS_REPORTS);
            FailedSetsockopt {
                result: f.result,
                code: f.code,
                rule: f.rule,
                sources,
                alternatives: f.alternatives,
                explanation: f.explanation,
            }
        });
        v
    }

    /// `bind` for socket `index` whose options are already set to `option`.
    ///
    /// The new socket is compared with every current binding, oldest first
    /// ([`decide_pair`]); the first that refuses it (best-known result) is `blocked_by`. On
    /// success a row is appended. `documented` is the article's answer over all comparisons.
    pub fn bind_with(
        &mut self,
        platform: Platform,
        index: usize,
        cfg: &SocketConfig,
        option: OptionState,
    ) -> BindVerdict {
        if self.get(index).is_some_and(|b| !b.lingering) {
            return BindVerdict::agreed(index, Call::Bind, Rule::AlreadyBound);
        }
        let candidate = Binding {
            dual_stack: cfg.dual_stack,
            groups: cfg.groups.clone(),
            ..Binding::new(
                index,
                option,
                cfg.address,
                cfg.port,
                cfg.protocol,
                &cfg.account,
            )
        };
        let outcomes: Vec<(usize, PairOutcome)> = self
            .bindings
            .iter()
            .map(|b| (b.socket, decide_pair(platform, b, &candidate)))
            .collect();
        let refuses = |o: &PairOutcome| !o.result.is_success();
        let doc_refuses = |o: &PairOutcome| {
            o.documented
                .as_ref()
                .is_some_and(|d| !d.result.is_success())
        };
        let decisive = outcomes
            .iter()
            .find(|(_, o)| refuses(o))
            .or_else(|| outcomes.iter().find(|(_, o)| doc_refuses(o)))
            .or_else(|| outcomes.iter().find(|(_, o)| o.table.is_some()))
            .or(outcomes.first())
            .cloned();
        // The article's answer over all comparisons: its first refusal, else success where it
        // covers every comparison, else silent.
        let documented = outcomes
            .iter()
            .find_map(|(_, o)| {
                o.documented
                    .as_ref()
                    .filter(|d| !d.result.is_success())
                    .map(|d| d.result)
            })
            .or_else(|| {
                outcomes
                    .iter()
                    .all(|(_, o)| o.documented.is_some())
                    .then_some(BindResult::Success)
            });
        let mut verdict = match decisive {
            Some((i, o)) => BindVerdict::from_outcome(index, Call::Bind, o, Some(i)),
            None => BindVerdict::agreed(index, Call::Bind, Rule::PortFree),
        };
        verdict.documented = documented;
        if verdict.result.is_success() {
            self.bindings.retain(|b| b.socket != index);
            self.bindings.push(candidate);
        }
        verdict
    }

    /// `listen` on socket `index`: `listen-ok`, or `WSAEINVAL` (not bound) /
    /// `WSAEOPNOTSUPP` (UDP).
    pub fn listen(&mut self, index: usize) -> BindVerdict {
        let rule = match self
            .bindings
            .iter_mut()
            .find(|b| b.socket == index && !b.lingering)
        {
            None => Rule::ListenNotBound,
            Some(b) if b.protocol == Protocol::Udp => Rule::ListenOnUdp,
            Some(b) => {
                b.listening = true;
                Rule::ListenOk
            }
        };
        BindVerdict::agreed(index, Call::Listen, rule)
    }

    /// Closes socket `index`. With `lingering`, a TCP listener's row stays behind as a
    /// lingering connection (not listening, receiving nothing) until [`PortTable::expire`].
    /// Returns the row as it was, or `None` if that socket held no binding.
    pub fn close(&mut self, index: usize, lingering: bool) -> Option<Binding> {
        let pos = self
            .bindings
            .iter()
            .position(|b| b.socket == index && !b.lingering)?;
        let old = self.bindings[pos].clone();
        if lingering && old.protocol == Protocol::Tcp && old.listening {
            let b = &mut self.bindings[pos];
            b.lingering = true;
            b.listening = false;
        } else {
            self.bindings.remove(pos);
        }
        Some(old)
    }

    /// Ends a lingering connection of socket `index` (its row leaves the table).
    pub fn expire(&mut self, index: usize) -> bool {
        let before = self.bindings.len();
        self.bindings
            .retain(|b| !(b.socket == index && b.lingering));
        before != self.bindings.len()
    }
}
