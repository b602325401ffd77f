//! Checking a scenario on a real Windows machine: the probe plan, the probe result format and the
//! matrix of cases `sockbind probe --matrix` runs.
//!
//! Pure and shared: the CLI's Winsock runner (`cli/src/probe*`) and every generated program
//! ([`crate::codegen`]) run the same [`CasePlan`] with the same semantics and print the same
//! [`ProbeReport`] JSON (format `sockbind-probe`, version [`PROBE_VERSION`], documented in the
//! README, "Probe results").
//!
//! Semantics of the steps on the machine (every runner implements exactly these):
//! - a socket is created on first use (`socket`; for a dual-stack socket then
//!   `setsockopt(IPV6_V6ONLY, 0)`);
//! - `setsockopt` runs the socket's options in order; the first failing call ends the step;
//! - `bind` runs the options first unless an earlier `setsockopt` step set them all, then binds
//!   the mapped address and the port chosen for that scenario port;
//! - `listen` calls `listen` (an unbound socket is created first, so Winsock answers);
//! - `close` with `lingering` on a listening TCP socket first connects a client to it and
//!   accepts, keeping both ends open, then closes the listener; `expire` closes both ends
//!   (client first, then the accepted end with an abortive close so nothing waits on the port);
//! - a call on a closed socket is made on `INVALID_SOCKET` (Winsock answers `WSAENOTSOCK`);
//! - `send` over TCP connects a fresh client and then accepts on whichever scenario listener is
//!   readable within [`RECEIVE_WAIT_MS`]; over UDP it sends one datagram and reads it on every
//!   readable bound socket. Accepted and client ends are closed abortively (`SO_LINGER` 0).
//!
//! Addresses: wildcards and loopback addresses are used as they are; other IPv4 addresses map by
//! default onto the loopback aliases `127.0.0.2`, `127.0.0.3`, … (Windows answers on all of
//! `127.0.0.0/8`); one other IPv6 address maps onto `::1` when the scenario does not use `::1`;
//! `::ffff:a.b.c.d` follows its IPv4 address. Steps on a socket with no local address, with
//! multicast groups, or of a second account are reported as not run, never guessed.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::delivery::Delivery;
use crate::error::InputError;
use crate::evidence::Evidence;
use crate::platform::Platform;
use crate::port_table::Call;
use crate::result::BindResult;
use crate::scenario::{Outcome, Scenario, SocketSpec, StepSpec};
use crate::socket::{Family, OptionState, Protocol, SockOpt};
use crate::tables::CellKey;

/// The `format` field of every probe result.
pub const PROBE_FORMAT: &str = "sockbind-probe";
/// Version of the probe result format; a breaking change bumps it (README, "Probe results").
pub const PROBE_VERSION: u32 = 1;
/// How long a runner waits for a connection or datagram to arrive, in milliseconds.
pub const RECEIVE_WAIT_MS: u32 = 500;

/// Winsock error names the probe reports by name (others print as `"WSA error <code>"`).
pub const WINSOCK_ERRORS: [(u32, &str); 16] = [
    (0, "success"),
    (10004, "WSAEINTR"),
    (10009, "WSAEBADF"),
    (10013, "WSAEACCES"),
    (10014, "WSAEFAULT"),
    (10022, "WSAEINVAL"),
    (10035, "WSAEWOULDBLOCK"),
    (10038, "WSAENOTSOCK"),
    (10042, "WSAENOPROTOOPT"),
    (10043, "WSAEPROTONOSUPPORT"),
    (10045, "WSAEOPNOTSUPP"),
    (10047, "WSAEAFNOSUPPORT"),
    (10048, "WSAEADDRINUSE"),
    (10049, "WSAEADDRNOTAVAIL"),
    (10061, "WSAECONNREFUSED"),
    (10060, "WSAETIMEDOUT"),
];

/// The name of a Winsock result code: `"success"`, `"WSAEADDRINUSE"`, … or `"WSA error <n>"`.
pub fn error_name(code: u32) -> String {
    WINSOCK_ERRORS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| n.to_string())
        .unwrap_or_else(|| format!("WSA error {code}"))
}

/// Where a local address came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MapSource {
    /// Used as it is (wildcard or loopback).
    Same,
    /// Given with `--map`.
    Given,
    /// The default mapping onto loopback aliases.
    Default,
    /// No local address: steps using it are not run.
    None,
}

/// One scenario address and the local address the probe uses for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapEntry {
    /// The address as written in the scenario.
    pub scenario: String,
    /// The address bound or sent to on this machine; `null` when there is none.
    pub local: Option<String>,
    /// How it was chosen.
    pub source: MapSource,
}

/// One scenario port and the port used on this machine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortEntry {
    /// The port as written in the scenario.
    pub scenario: u16,
    /// The free port used instead (0 until a runner picks it).
    pub local: u16,
}

/// Parses one `--map SCENARIO=LOCAL` argument (two IP literals of the same family).
///
/// Errors: [`InputError`] naming `--map` when either side is not an address, the families
/// differ, or a side is a wildcard or multicast address.
pub fn parse_map_arg(text: &str) -> Result<(IpAddr, IpAddr), InputError> {
    let bad = |why: &str| InputError::new("--map", text, why.to_string());
    let (a, b) = text
        .split_once('=')
        .ok_or_else(|| bad("expected SCENARIO=LOCAL, e.g. 10.0.0.1=127.0.0.2"))?;
    let a: IpAddr = a
        .trim()
        .parse()
        .map_err(|_| bad("left side is not an IP address"))?;
    let b: IpAddr = b
        .trim()
        .parse()
        .map_err(|_| bad("right side is not an IP address"))?;
    if a.is_ipv4() != b.is_ipv4() {
        return Err(bad("both sides must be of the same family"));
    }
    if a.is_unspecified() || b.is_unspecified() || a.is_multicast() || b.is_multicast() {
        return Err(bad("only specific unicast addresses are mapped"));
    }
    Ok((a, b))
}

fn v4_of_mapped(a: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = a.segments();
    (s[..5] == [0; 5] && s[5] == 0xffff).then(|| a.to_ipv4_mapped().expect("mapped form"))
}

/// Local addresses for every address a scenario names (sockets and send targets), in order of
/// first appearance; see the module docs for the default. `given` pairs win.
pub fn address_map(scenario: &Scenario, given: &[(IpAddr, IpAddr)]) -> Vec<MapEntry> {
    let mut named: Vec<IpAddr> = vec![];
    let mut push = |t: &str| {
        if let Ok(a) = t.trim().parse::<IpAddr>() {
            if !named.contains(&a) {
                named.push(a);
            }
        }
    };
    for s in &scenario.sockets {
        push(&s.address);
    }
    for st in scenario.steps.iter().flatten() {
        if let StepSpec::Send { to, .. } = st {
            push(to);
        }
    }
    // IPv4 parts of v4-mapped addresses are mapped as IPv4 addresses.
    let mut v4: Vec<Ipv4Addr> = vec![];
    for a in &named {
        let v = match a {
            IpAddr::V4(v) => Some(*v),
            IpAddr::V6(v6) => v4_of_mapped(*v6),
        };
        if let Some(v) = v {
            if !v4.contains(&v) {
                v4.push(v);
            }
        }
    }
    let used: BTreeSet<Ipv4Addr> = v4.iter().copied().filter(|v| v.is_loopback()).collect();
    let mut next_alias = 2u8;
    let mut v4_local = |v: Ipv4Addr| -> (Option<Ipv4Addr>, MapSource) {
        if let Some((_, l)) = given.iter().find(|(s, _)| *s == IpAddr::V4(v)) {
            let IpAddr::V4(l) = l else { unreachable!() };
            return (Some(*l), MapSource::Given);
        }
        if v.is_unspecified() || v.is_loopback() {
            return (Some(v), MapSource::Same);
        }
        if v.is_multicast() || v.is_broadcast() {
            return (None, MapSource::None);
        }
        while next_alias < 255 {
            let cand = Ipv4Addr::new(127, 0, 0, next_alias);
            next_alias += 1;
            if !used.contains(&cand) {
                return (Some(cand), MapSource::Default);
            }
        }
        (None, MapSource::None)
    };
    let v4_map: Vec<(Ipv4Addr, Option<Ipv4Addr>, MapSource)> = v4
        .iter()
        .map(|v| {
            let (l, s) = v4_local(*v);
            (*v, l, s)
        })
        .collect();
    let mut loopback6_taken = named.contains(&IpAddr::V6(Ipv6Addr::LOCALHOST));
    named
        .iter()
        .map(|a| {
            let (local, source) = match a {
                IpAddr::V4(v) => {
                    let (_, l, s) = v4_map.iter().find(|(x, _, _)| x == v).expect("listed");
                    (l.map(IpAddr::V4), *s)
                }
                IpAddr::V6(v6) => {
                    if let Some((_, l)) = given.iter().find(|(s, _)| s == a) {
                        (Some(*l), MapSource::Given)
                    } else if let Some(v) = v4_of_mapped(*v6) {
                        let (_, l, s) = v4_map.iter().find(|(x, _, _)| *x == v).expect("listed");
                        (l.map(|l| IpAddr::V6(l.to_ipv6_mapped())), *s)
                    } else if v6.is_unspecified() || v6.is_loopback() {
                        (Some(*a), MapSource::Same)
                    } else if v6.is_multicast() || loopback6_taken {
                        (None, MapSource::None)
                    } else {
                        loopback6_taken = true;
                        (Some(IpAddr::V6(Ipv6Addr::LOCALHOST)), MapSource::Default)
                    }
                }
            };
            MapEntry {
                scenario: a.to_string(),
                local: local.map(|l| l.to_string()),
                source,
            }
        })
        .collect()
}

/// How a planned socket is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SocketKind {
    /// `AF_INET`.
    Ipv4,
    /// `AF_INET6` with `IPV6_V6ONLY` left as it is.
    Ipv6,
    /// `AF_INET6` with `IPV6_V6ONLY` set to 0.
    DualStack,
}

/// One scenario socket as a runner creates it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedSocket {
    /// Family and dual-stack.
    pub kind: SocketKind,
    /// TCP or UDP.
    pub protocol: Protocol,
    /// `setsockopt` calls in order.
    pub options: Vec<SockOpt>,
    /// The local address to bind (`None`: unmappable).
    pub address: Option<IpAddr>,
    /// Index into [`CasePlan::ports`]; `None` for port 0 (ephemeral).
    pub port_slot: Option<usize>,
    /// Why this socket's steps are not run, if so.
    pub not_run: Option<String>,
}

/// What a runner does for one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Create if needed and run the options.
    Setsockopt {
        /// Socket index.
        socket: usize,
    },
    /// Create if needed, run the options unless set, bind.
    Bind {
        /// Socket index.
        socket: usize,
    },
    /// `listen`.
    Listen {
        /// Socket index.
        socket: usize,
    },
    /// `closesocket`, keeping an accepted connection open when `lingering`.
    Close {
        /// Socket index.
        socket: usize,
        /// Connect and accept first, keep both ends open.
        lingering: bool,
    },
    /// Close the kept connection of a closed socket.
    Expire {
        /// Socket index.
        socket: usize,
    },
    /// Connect or send to `to` on the port of `port_slot`.
    Send {
        /// TCP or UDP.
        protocol: Protocol,
        /// Local destination address.
        to: IpAddr,
        /// Index into [`CasePlan::ports`] (`None`: port 0, nobody receives).
        port_slot: Option<usize>,
    },
    /// Not run; the reason is in [`PlannedStep::not_run`].
    NotRun,
}

/// The model's answer for one step, printed beside what the machine returned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ModelAnswer {
    /// `setsockopt`, `bind` or `listen`.
    Call {
        /// The call that answers: `setsockopt` (an option failed first), `bind` or `listen`.
        call: String,
        /// `success` or the `WSAE…` name.
        result: BindResult,
        /// 0 or the Winsock error number.
        code: u32,
        /// The rule behind it.
        rule: String,
        /// How the model knows.
        evidence: Evidence,
    },
    /// `send`: who receives.
    Send {
        /// The receivers (scenario socket indexes); empty when indeterminate.
        receivers: Vec<usize>,
        /// Whether the model can say which candidate receives.
        determinate: bool,
        /// Every socket that could receive.
        candidates: Vec<usize>,
        /// The delivery rule behind it.
        rule: String,
        /// How the model knows.
        evidence: Evidence,
    },
}

impl ModelAnswer {
    /// For generated programs: (expected code, whether an option call fails first) of a call
    /// answer; `None` for sends.
    pub fn call_expect(&self) -> Option<(u32, bool)> {
        match self {
            ModelAnswer::Call { code, call, .. } => Some((*code, call == "setsockopt")),
            ModelAnswer::Send { .. } => None,
        }
    }

    /// For generated programs: (receivers bitmask or `None` when indeterminate, candidates
    /// bitmask) of a send answer (socket `i` is bit `i`; scenarios probe at most 64 sockets).
    pub fn send_expect(&self) -> Option<(Option<u64>, u64)> {
        let mask = |v: &[usize]| v.iter().fold(0u64, |m, i| m | (1u64 << (*i as u32 % 64)));
        match self {
            ModelAnswer::Send {
                receivers,
                determinate,
                candidates,
                ..
            } => Some((determinate.then(|| mask(receivers)), mask(candidates))),
            ModelAnswer::Call { .. } => None,
        }
    }
}

/// One planned step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedStep {
    /// Step index in the scenario's timeline.
    pub step: usize,
    /// The step as given.
    pub op: StepSpec,
    /// What the runner does.
    pub action: Action,
    /// The model's answer (`None` for `close`/`expire`, which the model gives no code for).
    pub model: Option<ModelAnswer>,
    /// Why the step is not run, if so.
    pub not_run: Option<String>,
}

/// Everything a runner needs for one scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CasePlan {
    /// Case id (`scenario` for a single probe; matrix ids such as `same-account/ipv4/default/wildcard/reuseaddr/specific`).
    pub id: String,
    /// Matrix group (`scenario`, `same-account-ipv4`, …).
    pub group: String,
    /// The scenario as given.
    pub scenario: Scenario,
    /// The platform the model answers are for.
    pub model_platform: Platform,
    /// Scenario address → local address.
    pub address_map: Vec<MapEntry>,
    /// Scenario ports (nonzero, first appearance order); runners pick a free local port each.
    pub ports: Vec<u16>,
    /// The sockets.
    pub sockets: Vec<PlannedSocket>,
    /// The steps.
    pub steps: Vec<PlannedStep>,
}

fn model_for(
    platform: Platform,
    scenario: &Scenario,
) -> Result<Vec<Option<ModelAnswer>>, InputError> {
    let mut s = scenario.clone();
    s.platform = platform;
    Ok(s.run()?
        .into_iter()
        .map(|e| match e.outcome {
            // A failed setsockopt is where a probe's run of the socket stops (the first call
            // that fails), so the model's answer for that step is the failed call.
            Outcome::Call(v) => Some(match &v.failed_setsockopt {
                Some(f) => ModelAnswer::Call {
                    call: "setsockopt".to_string(),
                    result: f.result,
                    code: f.code,
                    rule: f.rule.id().to_string(),
                    evidence: v.evidence,
                },
                None => ModelAnswer::Call {
                    call: match (&e.op, v.call) {
                        (StepSpec::Setsockopt { .. }, _) | (_, Call::Setsockopt) => "setsockopt",
                        (StepSpec::Listen { .. }, _) | (_, Call::Listen) => "listen",
                        _ => "bind",
                    }
                    .to_string(),
                    result: v.result,
                    code: v.code,
                    rule: v.rule.id().to_string(),
                    evidence: v.evidence,
                },
            }),
            Outcome::Close { .. } => None,
            Outcome::Send(d) => Some(send_answer(&d)),
        })
        .collect())
}

fn send_answer(d: &Delivery) -> ModelAnswer {
    ModelAnswer::Send {
        receivers: d.result.sockets.clone(),
        determinate: d.result.determinate,
        candidates: d.result.candidates.clone(),
        rule: d.rule.id().to_string(),
        evidence: d.evidence,
    }
}

/// Plans one scenario for the machine.
///
/// In: the case id and group, the scenario, the platform the model answers for (the machine's),
/// and `--map` pairs. Out: the plan; steps needing what this machine cannot give are marked
/// not run with the reason. Errors: the scenario's own [`InputError`] (as `decide`).
pub fn plan(
    id: &str,
    group: &str,
    scenario: &Scenario,
    model_platform: Platform,
    given: &[(IpAddr, IpAddr)],
) -> Result<CasePlan, InputError> {
    let configs = scenario.validate()?;
    let models = model_for(model_platform, scenario)?;
    let map = address_map(scenario, given);
    let local = |text: &str| -> Option<IpAddr> {
        let a: IpAddr = text.trim().parse().ok()?;
        map.iter()
            .find(|m| m.scenario == a.to_string())
            .and_then(|m| m.local.as_ref())
            .and_then(|l| l.parse().ok())
    };
    let mut ports: Vec<u16> = vec![];
    let mut slot = |p: u16| -> Option<usize> {
        if p == 0 {
            return None;
        }
        Some(ports.iter().position(|x| *x == p).unwrap_or_else(|| {
            ports.push(p);
            ports.len() - 1
        }))
    };
    let first_account = configs[0].account.clone();
    let sockets: Vec<PlannedSocket> = scenario
        .sockets
        .iter()
        .zip(&configs)
        .map(|(spec, cfg): (&SocketSpec, _)| {
            let address = local(&spec.address);
            let not_run = if address.is_none() {
                Some(format!(
                    "no local address for {}; give one with --map",
                    spec.address.trim()
                ))
            } else if cfg.account != first_account {
                Some(format!("needs a second account ({})", cfg.account))
            } else if !cfg.groups.is_empty() {
                Some("multicast membership is not probed".to_string())
            } else {
                None
            };
            PlannedSocket {
                kind: match (cfg.address.family(), cfg.dual_stack) {
                    (Family::Ipv4, _) => SocketKind::Ipv4,
                    (Family::Ipv6, false) => SocketKind::Ipv6,
                    (Family::Ipv6, true) => SocketKind::DualStack,
                },
                protocol: cfg.protocol,
                options: cfg.options.clone(),
                address,
                port_slot: slot(cfg.port),
                not_run,
            }
        })
        .collect();
    let default_port = configs[0].port;
    let steps = scenario
        .effective_steps()
        .into_iter()
        .enumerate()
        .zip(models)
        .map(|((i, op), model)| {
            let (action, not_run) = match &op {
                StepSpec::Send { to, port, protocol } => {
                    let p = port.unwrap_or(default_port);
                    let s = slot(p);
                    match local(to) {
                        Some(a) if !a.is_multicast() => (
                            Action::Send {
                                protocol: protocol.unwrap_or(scenario.protocol),
                                to: a,
                                port_slot: s,
                            },
                            None,
                        ),
                        _ => (
                            Action::NotRun,
                            Some(format!("no local address to send to for {}", to.trim())),
                        ),
                    }
                }
                other => {
                    let k = other.socket().expect("socket step");
                    if let Some(why) = &sockets[k].not_run {
                        (Action::NotRun, Some(why.clone()))
                    } else {
                        (
                            match *other {
                                StepSpec::Setsockopt { socket } => Action::Setsockopt { socket },
                                StepSpec::Bind { socket } => Action::Bind { socket },
                                StepSpec::Listen { socket } => Action::Listen { socket },
                                StepSpec::Close { socket, lingering } => {
                                    Action::Close { socket, lingering }
                                }
                                StepSpec::Expire { socket } => Action::Expire { socket },
                                StepSpec::Send { .. } => unreachable!(),
                            },
                            None,
                        )
                    }
                }
            };
            PlannedStep {
                step: i,
                op,
                action,
                model,
                not_run,
            }
        })
        .collect();
    Ok(CasePlan {
        id: id.to_string(),
        group: group.to_string(),
        scenario: scenario.clone(),
        model_platform,
        address_map: map,
        ports,
        sockets,
        steps,
    })
}

/// What the machine returned for one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observed {
    /// The call that answered: the first that failed, else the step's last call
    /// (`socket`, `setsockopt IPV6_V6ONLY`, `setsockopt SO_REUSEADDR`, `bind`, `listen`,
    /// `closesocket`, `connect`, `sendto`, …).
    pub call: String,
    /// `success` or the `WSAE…` name ([`error_name`]).
    pub result: String,
    /// 0 or the Winsock error number (`WSAGetLastError`).
    pub code: u32,
    /// For `send`: the scenario sockets that accepted the connection or received the datagram.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receivers: Option<Vec<usize>>,
}

/// Whether an observation matches the model (`None` when the model gives no answer, e.g.
/// `close`, or nothing was observed).
pub fn agrees(model: Option<&ModelAnswer>, observed: Option<&Observed>) -> Option<bool> {
    let (m, o) = (model?, observed?);
    Some(match m {
        ModelAnswer::Call { call, code, .. } => {
            *code == o.code
                && (*code == 0 || (call == "setsockopt") == o.call.starts_with("setsockopt"))
        }
        ModelAnswer::Send {
            receivers,
            determinate,
            candidates,
            ..
        } => {
            let got = o.receivers.clone().unwrap_or_default();
            if *determinate {
                let mut a = got.clone();
                a.sort_unstable();
                let mut b = receivers.clone();
                b.sort_unstable();
                a == b
            } else {
                !got.is_empty() && got.iter().all(|g| candidates.contains(g))
            }
        }
    })
}

/// One step of a probe result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepReport {
    /// Step index.
    pub step: usize,
    /// The step as given.
    pub op: StepSpec,
    /// The model's answer for [`SystemInfo::model_platform`].
    pub model: Option<ModelAnswer>,
    /// What the machine returned (`null` when not run or nothing to call).
    pub observed: Option<Observed>,
    /// Why the step was not run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_run: Option<String>,
    /// Whether `observed` matches `model` (`null`: nothing to compare).
    pub agrees: Option<bool>,
}

/// One scenario's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseReport {
    /// Case id.
    pub id: String,
    /// Matrix group.
    pub group: String,
    /// The scenario as given.
    pub scenario: Scenario,
    /// Scenario address → local address.
    pub address_map: Vec<MapEntry>,
    /// Scenario port → local port.
    pub ports: Vec<PortEntry>,
    /// One entry per step.
    pub steps: Vec<StepReport>,
}

impl CaseReport {
    /// Steps whose observation differs from the model.
    pub fn differences(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| s.agrees == Some(false))
            .count()
    }

    /// Whether reported step `st` is not the scenario's step at its index (a hand-edited or
    /// foreign result): then it is not compared with the model ([`ProbeReport::recheck`]
    /// leaves its `model` and `agrees` empty) and the page says why. `None`: it matches.
    pub fn mismatch(&self, st: &StepReport) -> Option<StepMismatch> {
        let sockets = self.scenario.sockets.len();
        if let Some(socket) = st.op.socket().filter(|k| *k >= sockets) {
            return Some(StepMismatch::NoSuchSocket { socket, sockets });
        }
        let timeline = self.scenario.effective_steps();
        match timeline.get(st.step) {
            None => Some(StepMismatch::BeyondTimeline {
                steps: timeline.len(),
            }),
            Some(expected) if *expected != st.op => Some(StepMismatch::OtherStep {
                expected: expected.clone(),
            }),
            Some(_) => None,
        }
    }
}

/// How a reported step fails to match its case's scenario ([`CaseReport::mismatch`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepMismatch {
    /// The step names socket `socket`; the scenario has `sockets` sockets.
    NoSuchSocket {
        /// The socket index the step names.
        socket: usize,
        /// How many sockets the scenario has.
        sockets: usize,
    },
    /// The step's index is past the scenario's timeline of `steps` steps.
    BeyondTimeline {
        /// How many steps the timeline has.
        steps: usize,
    },
    /// The scenario's step at that index is `expected`, not the step reported.
    OtherStep {
        /// The scenario's step.
        expected: StepSpec,
    },
}

impl StepMismatch {
    /// The catalog key (`probe-mismatch-socket`, `-beyond`, `-other`) and its arguments for
    /// reported step `st`: `$step` (1-based, as the page numbers steps), `$op` (the reported
    /// step, [`op_label`]), `$socket`, `$count` (sockets or steps the scenario has), `$expected`.
    pub fn message_args(&self, st: &StepReport) -> (&'static str, Vec<(&'static str, String)>) {
        let mut args = vec![
            ("step", (st.step + 1).to_string()),
            ("op", op_label(&st.op)),
        ];
        let key = match self {
            StepMismatch::NoSuchSocket { socket, sockets } => {
                args.push(("socket", socket.to_string()));
                args.push(("count", sockets.to_string()));
                "probe-mismatch-socket"
            }
            StepMismatch::BeyondTimeline { steps } => {
                args.push(("count", steps.to_string()));
                "probe-mismatch-beyond"
            }
            StepMismatch::OtherStep { expected } => {
                args.push(("expected", op_label(expected)));
                "probe-mismatch-other"
            }
        };
        (key, args)
    }
}

/// A step as the page and messages name it: its op and socket (`bind #1`, `send`).
pub fn op_label(op: &StepSpec) -> String {
    match op.socket() {
        Some(k) => format!("{} #{k}", op.op()),
        None => op.op().to_string(),
    }
}

/// The machine the probe ran on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemInfo {
    /// `major.minor` from `RtlGetVersion`, e.g. `10.0`.
    pub version: String,
    /// Build number, e.g. 22631.
    pub build: u32,
    /// Wine's version when the program ran under Wine (`wine_get_version` in ntdll), else `null`.
    pub wine: Option<String>,
    /// The platform the model answers are for.
    pub model_platform: Platform,
    /// The day the probe ran, `YYYY-MM-DD` (UTC), as printed by `sockbind probe`; absent in
    /// the generated programs' output. Needed for a committed result file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// The UTC date `YYYY-MM-DD` of `secs` seconds after 1970-01-01 (the proleptic Gregorian
/// calendar; for [`SystemInfo::date`]).
pub fn utc_date(secs: u64) -> String {
    // Days to civil date, after Howard Hinnant's public-domain `civil_from_days`.
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A probe result: the public, versioned output of `sockbind probe` and the generated programs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeReport {
    /// Always [`PROBE_FORMAT`].
    pub format: String,
    /// [`PROBE_VERSION`].
    pub version: u32,
    /// What produced it: `sockbind <version>`, `sockbind-generated-c`, …
    pub tool: String,
    /// The machine.
    pub system: SystemInfo,
    /// One entry per scenario run.
    pub cases: Vec<CaseReport>,
    /// Cases listed but not run (e.g. pairs needing a second account), with the reason.
    #[serde(default)]
    pub not_run: Vec<NotRunCase>,
}

/// A matrix case that was not run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotRunCase {
    /// Case id.
    pub id: String,
    /// Matrix group.
    pub group: String,
    /// Why.
    pub reason: String,
}

/// Reads probe result JSON (from `sockbind probe`, a generated program or a committed file).
///
/// Errors: [`read_report`]'s, as an [`InputError`] with the English reason (for callers that
/// print one English line: committed result files, the CLI).
pub fn parse_report(text: &str) -> Result<ProbeReport, InputError> {
    read_report(text).map_err(InputError::from)
}

/// Reads probe result JSON, with typed errors for the page's import box.
///
/// Errors: a [`ReportError`] naming the field at fault for invalid JSON (reason by kind:
/// [`ReportReason::NotJson`], [`ReportReason::WrongType`], …), another `format`, a `version`
/// newer than [`PROBE_VERSION`], more than [`MAX_REPORT_BYTES`] bytes, [`MAX_REPORT_CASES`]
/// cases or [`MAX_REPORT_STEPS`] steps, or text after the result.
pub fn read_report(text: &str) -> Result<ProbeReport, ReportError> {
    if text.len() > MAX_REPORT_BYTES {
        return Err(ReportError::new(
            ReportReason::TooLarge,
            "",
            text.len().to_string(),
        ));
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    let r: ProbeReport = serde_path_to_error::deserialize(&mut *de)
        .map_err(|e| ReportError::from_serde(e.path().to_string(), e.inner()))?;
    // One result, nothing after it (a second result pasted behind the first is refused).
    de.end()
        .map_err(|e| ReportError::from_serde(String::new(), &e))?;
    if r.format != PROBE_FORMAT {
        return Err(ReportError::new(
            ReportReason::OtherFormat,
            "format",
            &r.format,
        ));
    }
    if r.version == 0 || r.version > PROBE_VERSION {
        return Err(ReportError::new(
            ReportReason::NewerVersion,
            "version",
            r.version.to_string(),
        ));
    }
    if r.cases.len() > MAX_REPORT_CASES {
        return Err(ReportError::new(
            ReportReason::TooManyCases,
            "cases",
            r.cases.len().to_string(),
        ));
    }
    let steps: usize = r.cases.iter().map(|c| c.steps.len()).sum();
    if steps > MAX_REPORT_STEPS {
        return Err(ReportError::new(
            ReportReason::TooManySteps,
            "cases",
            steps.to_string(),
        ));
    }
    Ok(r)
}

crate::id_enum! {
    #[id_enum(array, no_display)]
    /// Why a probe result was refused ([`ReportError`]). [`ReportReason::id`] is the catalog
    /// key suffix (`probe-error-<id>`, en and zh-TW), so the page shows the reason in its
    /// language and the CLI in English, from the same catalog line.
    pub enum ReportReason {
        /// Longer than [`MAX_REPORT_BYTES`] (value: the size in bytes).
        TooLarge = "too-large",
        /// Not JSON, or cut short (`at`: line and column).
        NotJson = "not-json",
        /// A value of another JSON type than the field takes (value: the value, if printable).
        WrongType = "wrong-type",
        /// A value of the right type out of the field's range (e.g. a negative build number).
        BadValue = "bad-value",
        /// A name the field does not know (a platform, option, step or result name).
        UnknownName = "unknown-name",
        /// A field that must be there is not (value: the field's name).
        MissingField = "missing-field",
        /// A field this format does not have (value: the field's name).
        UnknownField = "unknown-field",
        /// A field given twice (value: the field's name).
        DuplicateField = "duplicate-field",
        /// A list of the wrong length.
        WrongLength = "wrong-length",
        /// Not a port number 0–65535 (value: the number).
        BadPort = "bad-port",
        /// Refused for another reason by the scenario reader.
        Invalid = "invalid",
        /// `format` is not [`PROBE_FORMAT`].
        OtherFormat = "other-format",
        /// `version` is 0 or newer than [`PROBE_VERSION`].
        NewerVersion = "newer-version",
        /// More than [`MAX_REPORT_CASES`] cases (value: how many).
        TooManyCases = "too-many-cases",
        /// More than [`MAX_REPORT_STEPS`] steps in all cases together (value: how many).
        TooManySteps = "too-many-steps",
        /// A case's scenario does not run on the model (field and value: the part at fault).
        BadScenario = "bad-scenario",
    }
}

impl ReportReason {
    /// The limit this reason names, if any (the catalog line's `$limit`).
    pub fn limit(self) -> Option<u64> {
        match self {
            ReportReason::TooLarge => Some(MAX_REPORT_BYTES as u64),
            ReportReason::TooManyCases => Some(MAX_REPORT_CASES as u64),
            ReportReason::TooManySteps => Some(MAX_REPORT_STEPS as u64),
            ReportReason::NewerVersion => Some(u64::from(PROBE_VERSION)),
            _ => None,
        }
    }

    /// The catalog key of this reason: `probe-error-<id>`.
    pub fn key(self) -> String {
        format!("probe-error-{}", self.id())
    }
}

/// Why a probe result was refused, typed so every language can say it ([`ReportError::message`]):
/// the reason, the field path exactly as in the JSON (`cases[0].steps[1].observed.code`; empty
/// for the whole document), the offending value as given (may be empty), and for
/// [`ReportReason::NotJson`] the line and column (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportError {
    /// Why.
    pub reason: ReportReason,
    /// Field path, byte for byte as the reader names it.
    pub field: String,
    /// The value as given (empty when there is none to show).
    pub value: String,
    /// Line and column of a JSON syntax error.
    pub at: Option<(u64, u64)>,
}

impl ReportError {
    /// An error for `field` holding `value`.
    pub fn new(reason: ReportReason, field: impl Into<String>, value: impl Into<String>) -> Self {
        ReportError {
            reason,
            field: field.into(),
            value: value.into(),
            at: None,
        }
    }

    /// The one-line message in `lang`, from the catalogs: `probe-error-at` (field and value),
    /// `probe-error-field` (field only), `probe-error-value` (a top-level field missing,
    /// unknown or repeated: its name) or the reason alone, the reason being
    /// `probe-error-<id>` with `$limit`, `$line`, `$column` and `$value`. The field and value are escaped
    /// and shortened as [`crate::error::quote`] does, so the line is printable whatever the input.
    pub fn message(&self, lang: crate::text::Lang) -> String {
        use crate::error::{escape, MAX_ECHO_CHARS};
        let (line, column) = self.at.unwrap_or((0, 0));
        let field = escape(&self.field, 2 * MAX_ECHO_CHARS);
        let value = escape(&self.value, MAX_ECHO_CHARS);
        let reason = crate::text::message(
            lang,
            &self.reason.key(),
            &[
                ("limit", self.reason.limit().unwrap_or(0).to_string()),
                ("line", line.to_string()),
                ("column", column.to_string()),
                ("value", value.clone()),
            ],
        );
        let args = [("field", field), ("value", value), ("reason", reason)];
        // A field missing, unknown or repeated at the top level: the value is its name.
        let names_a_field = matches!(
            self.reason,
            ReportReason::MissingField | ReportReason::UnknownField | ReportReason::DuplicateField
        );
        let key = match (self.field.is_empty(), self.value.is_empty()) {
            (true, false) if names_a_field => "probe-error-value",
            (true, _) => return args[2].1.clone(),
            (false, true) => "probe-error-field",
            (false, false) => "probe-error-at",
        };
        crate::text::message(lang, key, &args)
    }

    /// Classifies one error of the JSON reader at `path` (serde's message, as
    /// `serde_path_to_error` reports it) into a reason and the value it quotes.
    fn from_serde(path: String, e: &serde_json::Error) -> ReportError {
        use serde_json::error::Category;
        // `.`: the whole document; `?`: before any key was read.
        let field = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        if !matches!(e.classify(), Category::Data) {
            return ReportError {
                at: Some((e.line() as u64, e.column() as u64)),
                ..ReportError::new(ReportReason::NotJson, field, "")
            };
        }
        let text = e.to_string();
        // serde_json appends " at line L column C"; the reason is what comes before.
        let msg = text.rfind(" at line ").map_or(&text[..], |i| &text[..i]);
        // The value serde quotes: `x` (names, numbers) or "x" (strings).
        let quoted = || -> Option<String> {
            let tick = msg.split('`').nth(1);
            let dq = msg
                .split_once('"')
                .and_then(|(_, r)| r.rsplit_once('"'))
                .map(|(v, _)| v);
            match (msg.find('`'), msg.find('"')) {
                (Some(a), Some(b)) if b < a => dq.map(str::to_string),
                (Some(_), _) => tick.map(str::to_string),
                (None, Some(_)) => dq.map(str::to_string),
                (None, None) => None,
            }
        };
        let rules: [(&str, ReportReason); 8] = [
            ("invalid type: ", ReportReason::WrongType),
            ("invalid value: ", ReportReason::BadValue),
            ("unknown variant ", ReportReason::UnknownName),
            ("missing field ", ReportReason::MissingField),
            ("unknown field ", ReportReason::UnknownField),
            ("duplicate field ", ReportReason::DuplicateField),
            ("invalid length ", ReportReason::WrongLength),
            ("", ReportReason::Invalid),
        ];
        let reason = if msg.contains("is not a port number") {
            ReportReason::BadPort
        } else {
            rules
                .iter()
                .find(|(p, _)| msg.starts_with(p))
                .map_or(ReportReason::Invalid, |r| r.1)
        };
        let value = match reason {
            ReportReason::BadPort => msg.split(' ').next().unwrap_or("").to_string(),
            // `invalid type: map, expected …`: show the JSON kind, not serde's word for it.
            ReportReason::WrongType => quoted().unwrap_or_else(|| {
                let kind = msg["invalid type: ".len()..]
                    .split(',')
                    .next()
                    .unwrap_or("");
                match kind {
                    "map" => "{…}",
                    "sequence" => "[…]",
                    "null" => "null",
                    _ => "",
                }
                .to_string()
            }),
            _ => quoted().unwrap_or_default(),
        };
        ReportError::new(reason, field, value)
    }
}

impl std::fmt::Display for ReportError {
    /// The English line (the CLI's), from the English catalog.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::text::Lang::En))
    }
}

impl std::error::Error for ReportError {}

impl From<ReportError> for InputError {
    /// The same error with its English reason (`field` `input` for the whole document).
    fn from(e: ReportError) -> InputError {
        let reason = ReportError {
            field: String::new(),
            ..e.clone()
        }
        .message(crate::text::Lang::En);
        let field = if e.field.is_empty() {
            "input".to_string()
        } else {
            e.field
        };
        InputError::new(field, e.value, reason)
    }
}

/// The largest probe result [`parse_report`] reads, in bytes (2 MiB; `--matrix --json` writes
/// well under 1 MiB), so an import's cost stays bounded.
pub const MAX_REPORT_BYTES: usize = 2 * 1024 * 1024;

/// The most cases a probe result may hold (`--matrix` runs 102).
pub const MAX_REPORT_CASES: usize = 512;

/// The most steps a probe result may hold, all cases together (`--matrix` has 229), so that
/// comparing and showing an import stays quick: without it, 2 MiB of minimal steps (about
/// 25,000) kept the page busy for 10 s.
pub const MAX_REPORT_STEPS: usize = 4096;

impl ProbeReport {
    /// Recomputes every step's model answer and agreement from the scenarios (for imports:
    /// a result file's own `model`/`agrees` are not trusted). A step that is not its
    /// scenario's ([`CaseReport::mismatch`]) gets neither: it is not compared.
    ///
    /// Errors: [`ReportReason::BadScenario`] for a scenario the model does not run, naming
    /// its field (`cases[N].scenario.…`) and value.
    pub fn recheck(&mut self) -> Result<(), ReportError> {
        let platform = self.system.model_platform;
        for (i, case) in self.cases.iter_mut().enumerate() {
            let models = model_for(platform, &case.scenario).map_err(|e| {
                let field = match e.field.as_str() {
                    "" => format!("cases[{i}].scenario"),
                    f => format!("cases[{i}].scenario.{f}"),
                };
                ReportError::new(ReportReason::BadScenario, field, e.value)
            })?;
            for k in 0..case.steps.len() {
                let compared = case.mismatch(&case.steps[k]).is_none();
                let st = &mut case.steps[k];
                st.model = models.get(st.step).cloned().flatten().filter(|_| compared);
                st.agrees = agrees(st.model.as_ref(), st.observed.as_ref());
            }
        }
        Ok(())
    }

    /// Steps that differ from the model, over every case.
    pub fn differences(&self) -> usize {
        self.cases.iter().map(CaseReport::differences).sum()
    }
}

fn short_model(m: &ModelAnswer) -> String {
    match m {
        ModelAnswer::Call { result, .. } => result.name().to_string(),
        ModelAnswer::Send {
            receivers,
            determinate,
            candidates,
            ..
        } => {
            if *determinate {
                format!("receivers {receivers:?}")
            } else {
                format!("one of {candidates:?}")
            }
        }
    }
}

fn short_observed(o: &Observed) -> String {
    match &o.receivers {
        Some(r) if o.code == 0 => format!("receivers {r:?}"),
        _ if o.code == 0 => o.result.clone(),
        _ => format!("{} ({})", o.result, o.call),
    }
}

/// The probe result as a plain-text table: the machine, then one line per step that has a
/// model answer (`model` beside `this Windows`, differences marked `*`), the not-run steps and
/// cases, and a count.
pub fn render_table(r: &ProbeReport) -> String {
    let mut out = format!(
        "sockbind probe (format {} v{}) on Windows {} build {}{}; model: {}\n",
        r.format,
        r.version,
        r.system.version,
        r.system.build,
        match &r.system.wine {
            Some(v) => format!(", UNDER WINE {v} (not Windows: its answers are Wine's)"),
            None => String::new(),
        },
        r.system.model_platform.id()
    );
    out.push_str(&format!(
        "{:<58} {:<5} {:<28} {:<34} \n",
        "case", "step", "model", "this Windows"
    ));
    let (mut compared, mut differ, mut skipped) = (0, 0, 0);
    for c in &r.cases {
        for st in &c.steps {
            let label = format!(
                "{} {}",
                st.op.op(),
                st.op.socket().map(|k| k.to_string()).unwrap_or_default()
            );
            if let Some(why) = &st.not_run {
                skipped += 1;
                out.push_str(&format!("{:<58} {:<5} not run: {why}\n", c.id, st.step));
                continue;
            }
            let Some(m) = &st.model else { continue };
            compared += 1;
            let seen = st
                .observed
                .as_ref()
                .map(short_observed)
                .unwrap_or_else(|| "-".into());
            let mark = if st.agrees == Some(false) {
                differ += 1;
                "*"
            } else {
                ""
            };
            out.push_str(&format!(
                "{:<58} {:<5} {:<28} {:<34} {mark}\n",
                c.id,
                format!("{}:{}", st.step, label.trim()),
                short_model(m),
                seen
            ));
        }
    }
    for n in &r.not_run {
        out.push_str(&format!("{:<58} not run: {}\n", n.id, n.reason));
    }
    out.push_str(&format!(
        "{} cases, {compared} steps compared, {differ} differ from the model (*), {skipped} steps and {} cases not run\n",
        r.cases.len(),
        r.not_run.len()
    ));
    out
}

/// The platform whose model answers fit a Windows `major.minor.build` (Windows 7 and newer
/// share one platform; unknown or pre-Vista kernels map to the nearest listed).
pub fn platform_for_version(major: u32, minor: u32, build: u32) -> Platform {
    let _ = build;
    match (major, minor) {
        (m, _) if m >= 7 => Platform::Windows7,
        (6, 0) => Platform::WindowsVista,
        (6, _) => Platform::Windows7,
        (5, 2) => Platform::WindowsServer2003,
        (5, 1) => Platform::WindowsXp,
        (5, 0) => Platform::Windows2000,
        _ => Platform::Windows7,
    }
}

/// One case of the matrix, before planning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatrixCase {
    /// Stable id.
    pub id: String,
    /// Group: `same-account-ipv4`, `same-account-ipv6`, `dual-stack`, `disputed-udp`,
    /// `lingering`, `delivery`, `different-account`.
    pub group: String,
    /// The scenario.
    pub scenario: Scenario,
    /// Why the case is not run on one account (`different-account` pairs).
    pub needs: Option<String>,
}

/// The matrix's delivery checks: id (after `delivery/`), protocol, the sockets (option,
/// address, dual-stack) on one account and port, and the destination address.
type DeliveryCase = (
    &'static str,
    Protocol,
    &'static [(OptionState, &'static str, bool)],
    &'static str,
);

const DELIVERY: [DeliveryCase; 7] = {
    use OptionState::{Default as D, ReuseAddr as R};
    use Protocol::{Tcp, Udp};
    [
        (
            "tcp-wildcard-then-specific",
            Tcp,
            &[(D, "0.0.0.0", false), (D, "127.0.0.1", false)],
            "127.0.0.1",
        ),
        (
            "tcp-specific-then-wildcard",
            Tcp,
            &[(D, "127.0.0.1", false), (D, "0.0.0.0", false)],
            "127.0.0.1",
        ),
        (
            "tcp-wildcard-other-address",
            Tcp,
            &[(D, "10.0.0.1", false), (D, "0.0.0.0", false)],
            "127.0.0.1",
        ),
        (
            "tcp-two-reuseaddr-listeners",
            Tcp,
            &[(R, "0.0.0.0", false), (R, "0.0.0.0", false)],
            "127.0.0.1",
        ),
        (
            "tcp-dual-stack-takes-ipv4",
            Tcp,
            &[(D, "::", true)],
            "127.0.0.1",
        ),
        (
            "udp-wildcard-then-specific",
            Udp,
            &[(D, "0.0.0.0", false), (D, "127.0.0.1", false)],
            "127.0.0.1",
        ),
        (
            "udp-two-reuseaddr",
            Udp,
            &[(R, "0.0.0.0", false), (R, "0.0.0.0", false)],
            "127.0.0.1",
        ),
    ]
};

fn sock(opt: OptionState, addr: &str, account: &str) -> SocketSpec {
    SocketSpec::new(opt.options(), addr, 5150, account)
}

fn scenario(
    platform: Platform,
    protocol: Protocol,
    sockets: Vec<SocketSpec>,
    steps: Option<Vec<StepSpec>>,
) -> Scenario {
    Scenario {
        platform,
        protocol,
        sockets,
        steps,
    }
}

/// The matrix `sockbind probe --matrix` runs on `platform`'s model: the 36 same-account pairs
/// for IPv4 (`0.0.0.0` / `127.0.0.1`) and IPv6 (`::` / `::1`), dual-stack `::` against IPv4
/// `0.0.0.0` in both orders, UDP forms of the disputed cells, lingering-connection rebinds,
/// delivery checks, and the 36 different-account IPv4 pairs (listed as needing a second account).
pub fn matrix(platform: Platform) -> Vec<MatrixCase> {
    let mut out = vec![];
    let case = |id: String, group: &str, s: Scenario| MatrixCase {
        id,
        group: group.to_string(),
        scenario: s,
        needs: None,
    };
    let addr = |k: CellKey, v6: bool| match (k.address.key(), v6) {
        ("wildcard", false) => "0.0.0.0",
        (_, false) => "127.0.0.1",
        ("wildcard", true) => "::",
        (_, true) => "::1",
    };
    for (v6, group) in [(false, "same-account-ipv4"), (true, "same-account-ipv6")] {
        for r in CellKey::all() {
            for c in CellKey::all() {
                let s = scenario(
                    platform,
                    Protocol::Tcp,
                    vec![
                        sock(r.option, addr(r, v6), "user-a"),
                        sock(c.option, addr(c, v6), "user-a"),
                    ],
                    None,
                );
                out.push(case(format!("{group}/{}/{}", r.key(), c.key()), group, s));
            }
        }
    }
    for dual_first in [true, false] {
        for a in OptionState::ALL {
            for b in OptionState::ALL {
                let mut dual = sock(a, "::", "user-a");
                dual.dual_stack = true;
                let v4 = sock(b, "0.0.0.0", "user-a");
                let (order, socks) = if dual_first {
                    ("dual-then-ipv4", vec![dual, v4])
                } else {
                    ("ipv4-then-dual", vec![v4, dual])
                };
                let (x, y) = if dual_first { (a, b) } else { (b, a) };
                out.push(case(
                    format!("dual-stack/{order}/{}/{}", x.key(), y.key()),
                    "dual-stack",
                    scenario(platform, Protocol::Tcp, socks, None),
                ));
            }
        }
    }
    for (r, c) in [
        ("exclusiveaddruse/wildcard", "default/wildcard"),
        ("exclusiveaddruse/wildcard", "exclusiveaddruse/wildcard"),
        ("reuseaddr/specific", "default/specific"),
    ] {
        let r = CellKey::parse(r, "row").expect("key");
        let c = CellKey::parse(c, "column").expect("key");
        out.push(case(
            format!("disputed-udp/{}/{}", r.key(), c.key()),
            "disputed-udp",
            scenario(
                platform,
                Protocol::Udp,
                vec![
                    sock(r.option, addr(r, false), "user-a"),
                    sock(c.option, addr(c, false), "user-a"),
                ],
                None,
            ),
        ));
    }
    for opt in [OptionState::ExclusiveAddrUse, OptionState::Default] {
        let socks = vec![
            sock(opt, "0.0.0.0", "user-a"),
            sock(opt, "0.0.0.0", "user-a"),
            sock(opt, "0.0.0.0", "user-a"),
        ];
        let steps = vec![
            StepSpec::Bind { socket: 0 },
            StepSpec::Listen { socket: 0 },
            StepSpec::Close {
                socket: 0,
                lingering: true,
            },
            StepSpec::Bind { socket: 1 },
            StepSpec::Close {
                socket: 1,
                lingering: false,
            },
            StepSpec::Expire { socket: 0 },
            StepSpec::Bind { socket: 2 },
        ];
        out.push(case(
            format!("lingering/{}-rebind", opt.key()),
            "lingering",
            scenario(platform, Protocol::Tcp, socks, Some(steps)),
        ));
    }
    for (id, protocol, sockets, to) in DELIVERY {
        let socks = sockets
            .iter()
            .map(|(opt, addr, dual)| SocketSpec {
                dual_stack: *dual,
                ..sock(*opt, addr, "user-a")
            })
            .collect::<Vec<_>>();
        // TCP: every socket binds and listens, then a client connects; UDP: every socket binds,
        // then one datagram is sent.
        let mut steps = vec![];
        for k in 0..socks.len() {
            steps.push(StepSpec::Bind { socket: k });
            if protocol == Protocol::Tcp {
                steps.push(StepSpec::Listen { socket: k });
            }
        }
        steps.push(StepSpec::Send {
            to: to.to_string(),
            port: None,
            protocol: Some(protocol),
        });
        out.push(case(
            format!("delivery/{id}"),
            "delivery",
            scenario(platform, protocol, socks, Some(steps)),
        ));
    }
    for r in CellKey::all() {
        for c in CellKey::all() {
            let s = scenario(
                platform,
                Protocol::Tcp,
                vec![
                    sock(r.option, addr(r, false), "user-a"),
                    sock(c.option, addr(c, false), "user-b"),
                ],
                None,
            );
            out.push(MatrixCase {
                id: format!("different-account-ipv4/{}/{}", r.key(), c.key()),
                group: "different-account-ipv4".into(),
                scenario: s,
                needs: Some("needs a second account; run on one account only".into()),
            });
        }
    }
    out
}

/// Plans every matrix case that can run on one account, and lists the others as not run.
pub fn matrix_plans(platform: Platform) -> (Vec<CasePlan>, Vec<NotRunCase>) {
    let mut plans = vec![];
    let mut skipped = vec![];
    for c in matrix(platform) {
        match c.needs {
            Some(reason) => skipped.push(NotRunCase {
                id: c.id,
                group: c.group,
                reason,
            }),
            None => plans.push(
                plan(&c.id, &c.group, &c.scenario, platform, &[])
                    .expect("matrix scenarios are valid"),
            ),
        }
    }
    (plans, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_scenario;

    #[test]
    fn default_map_uses_loopback_aliases_and_keeps_wildcards() {
        let s = parse_scenario(
            r#"{"platform":"windows-7","sockets":[
            {"address":"0.0.0.0","port":5150},{"address":"10.0.0.1","port":5150},
            {"address":"127.0.0.2","port":5150},{"address":"10.0.0.9","port":5150},
            {"address":"::ffff:10.0.0.1","port":5150,"dual_stack":true},
            {"address":"fe80::1","port":5150},{"address":"fe80::2","port":5150}]}"#,
        )
        .unwrap();
        let m = address_map(&s, &[]);
        let get = |a: &str| m.iter().find(|e| e.scenario == a).unwrap().clone();
        assert_eq!(get("0.0.0.0").local.as_deref(), Some("0.0.0.0"));
        // 127.0.0.2 is used by the scenario itself, so aliases skip it.
        assert_eq!(get("10.0.0.1").local.as_deref(), Some("127.0.0.3"));
        assert_eq!(get("10.0.0.9").local.as_deref(), Some("127.0.0.4"));
        assert_eq!(
            get("::ffff:10.0.0.1").local.as_deref(),
            Some("::ffff:127.0.0.3")
        );
        assert_eq!(get("fe80::1").local.as_deref(), Some("::1"));
        assert_eq!(get("fe80::2").source, MapSource::None);
        let given = [parse_map_arg("10.0.0.1=192.168.1.5").unwrap()];
        let m = address_map(&s, &given);
        assert_eq!(m[1].local.as_deref(), Some("192.168.1.5"));
        assert_eq!(m[1].source, MapSource::Given);
    }

    #[test]
    fn map_arguments_are_checked() {
        for bad in [
            "10.0.0.1",
            "10.0.0.1=::1",
            "x=127.0.0.2",
            "0.0.0.0=127.0.0.2",
        ] {
            assert!(parse_map_arg(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn plan_marks_unmappable_and_second_account_steps_not_run() {
        let s = parse_scenario(
            r#"{"platform":"windows-7","sockets":[
            {"address":"fe80::1","port":5150},{"address":"fe80::2","port":5150},
            {"address":"::","port":5150,"account":"user-b"}]}"#,
        )
        .unwrap();
        let p = plan("scenario", "scenario", &s, Platform::Windows7, &[]).unwrap();
        assert_eq!(p.steps[0].action, Action::Bind { socket: 0 });
        assert!(p.steps[1]
            .not_run
            .as_deref()
            .unwrap()
            .contains("no local address for fe80::2"));
        assert!(p.steps[2]
            .not_run
            .as_deref()
            .unwrap()
            .contains("second account"));
        assert_eq!(p.ports, vec![5150]);
    }

    #[test]
    fn agreement_compares_codes_and_receivers() {
        let m = ModelAnswer::Call {
            call: "bind".into(),
            result: BindResult::AddrInUse,
            code: 10048,
            rule: "x".into(),
            evidence: Evidence::Documented,
        };
        let o = |call: &str, code| Observed {
            call: call.into(),
            result: error_name(code),
            code,
            receivers: None,
        };
        assert_eq!(agrees(Some(&m), Some(&o("bind", 10048))), Some(true));
        assert_eq!(agrees(Some(&m), Some(&o("bind", 10013))), Some(false));
        assert_eq!(
            agrees(Some(&m), Some(&o("setsockopt SO_REUSEADDR", 10048))),
            Some(false)
        );
        assert_eq!(agrees(None, Some(&o("closesocket", 0))), None);
        let send = ModelAnswer::Send {
            receivers: vec![],
            determinate: false,
            candidates: vec![0, 1],
            rule: "x".into(),
            evidence: Evidence::Documented,
        };
        let r = |v: Vec<usize>| Observed {
            receivers: Some(v),
            ..o("connect", 0)
        };
        assert_eq!(agrees(Some(&send), Some(&r(vec![1]))), Some(true));
        assert_eq!(agrees(Some(&send), Some(&r(vec![]))), Some(false));
        assert_eq!(send.send_expect(), Some((None, 0b11)));
        assert_eq!(m.call_expect(), Some((10048, false)));
    }

    #[test]
    fn matrix_has_the_pairs_the_issue_lists() {
        let all = matrix(Platform::Windows7);
        let count = |g: &str| all.iter().filter(|c| c.group == g).count();
        assert_eq!(count("same-account-ipv4"), 36);
        assert_eq!(count("same-account-ipv6"), 36);
        assert_eq!(count("dual-stack"), 18);
        assert_eq!(count("different-account-ipv4"), 36);
        assert!(count("lingering") >= 1 && count("delivery") >= 5 && count("disputed-udp") >= 3);
        let (plans, skipped) = matrix_plans(Platform::Windows7);
        assert_eq!(skipped.len(), 36);
        assert!(plans
            .iter()
            .all(|p| p.steps.iter().all(|s| s.not_run.is_none())));
        let mut ids: Vec<_> = all.iter().map(|c| c.id.clone()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), all.len(), "ids are unique");
    }

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(1_796_083_199), "2026-11-30");
        assert_eq!(utc_date(4_107_542_400), "2100-03-01");
    }

    #[test]
    fn version_maps_to_platform() {
        assert_eq!(platform_for_version(10, 0, 22631), Platform::Windows7);
        assert_eq!(platform_for_version(6, 0, 6002), Platform::WindowsVista);
        assert_eq!(platform_for_version(5, 1, 2600), Platform::WindowsXp);
    }

    #[test]
    fn reports_of_another_format_or_a_newer_version_are_refused() {
        let sys = r#""system":{"version":"10.0","build":1,"wine":null,"model_platform":"windows-7"},"cases":[]"#;
        assert!(parse_report(&format!(
            r#"{{"format":"sockbind-probe","version":1,"tool":"t",{sys}}}"#
        ))
        .is_ok());
        let e = parse_report(&format!(
            r#"{{"format":"sockbind-probe","version":2,"tool":"t",{sys}}}"#
        ))
        .unwrap_err();
        assert_eq!(e.field, "version");
        let e = parse_report(&format!(
            r#"{{"format":"other","version":1,"tool":"t",{sys}}}"#
        ))
        .unwrap_err();
        assert_eq!(e.field, "format");
    }

    #[test]
    fn oversized_reports_are_refused_before_reading_and_case_counts_are_bounded() {
        let big = format!(
            r#"{{"format":"sockbind-probe","version":1,"tool":"{}"}}"#,
            "x".repeat(MAX_REPORT_BYTES)
        );
        let e = parse_report(&big).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.value.as_str()),
            ("input", &*big.len().to_string())
        );
        assert!(
            e.reason.contains(&MAX_REPORT_BYTES.to_string()),
            "{}",
            e.reason
        );
        let case = r#"{"id":"c","group":"g","scenario":{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":5150}]},"address_map":[],"ports":[],"steps":[]}"#;
        let report = |n: usize| {
            format!(
                r#"{{"format":"sockbind-probe","version":1,"tool":"t","system":{{"version":"10.0","build":1,"wine":null,"model_platform":"windows-7"}},"cases":[{}],"not_run":[]}}"#,
                vec![case; n].join(",")
            )
        };
        assert!(parse_report(&report(MAX_REPORT_CASES)).is_ok());
        let e = parse_report(&report(MAX_REPORT_CASES + 1)).unwrap_err();
        assert_eq!(e.field, "cases");
    }

    /// A top-level field that is missing or repeated is named.
    #[test]
    fn a_missing_or_repeated_top_level_field_is_named() {
        let e = read_report(r#"{"version":1}"#).unwrap_err();
        assert_eq!(e.reason, ReportReason::MissingField);
        assert_eq!(
            e.message(crate::text::Lang::En),
            "“format”: lacks the field quoted"
        );
        assert!(e.message(crate::text::Lang::ZhTw).contains("「format」"));
        let e = read_report(r#"{"format":"sockbind-probe","format":"x"}"#).unwrap_err();
        assert_eq!(
            e.message(crate::text::Lang::En),
            "“format”: has the field quoted twice"
        );
    }

    /// Steps are capped over all cases together; text after the result is refused.
    #[test]
    fn too_many_steps_and_trailing_text_are_refused() {
        let step = r#"{"step":0,"op":{"op":"bind","socket":0},"model":null,"observed":{"call":"bind","result":"success","code":0},"agrees":null}"#;
        let report = |steps: usize| {
            format!(
                r#"{{"format":"sockbind-probe","version":1,"tool":"t","system":{{"version":"10.0","build":1,"wine":null,"model_platform":"windows-7"}},"cases":[{{"id":"c","group":"g","scenario":{{"platform":"windows-7","sockets":[{{"address":"0.0.0.0","port":5150}}]}},"address_map":[],"ports":[],"steps":[{}]}}],"not_run":[]}}"#,
                vec![step; steps].join(",")
            )
        };
        assert!(read_report(&report(MAX_REPORT_STEPS)).is_ok());
        let e = read_report(&report(MAX_REPORT_STEPS + 1)).unwrap_err();
        assert_eq!(e.reason, ReportReason::TooManySteps);
        assert_eq!(e.value, (MAX_REPORT_STEPS + 1).to_string());
        assert!(e.message(crate::text::Lang::En).contains("4096-step limit"));
        for tail in [" garbage", "}}}", &report(1)] {
            let e = read_report(&format!("{}{tail}", report(1))).unwrap_err();
            assert_eq!(e.reason, ReportReason::NotJson, "{tail}");
        }
        assert!(read_report(&format!("{} \n", report(1))).is_ok());
    }

    /// The probe-result fixture shared with the module's and the page's tests.
    const RESULT: &str = include_str!("../tests/fixtures/probe-result.json");

    /// What `lang`'s message adds around the field and value: the text a reader sees in
    /// their language.
    fn own_words(e: &ReportError, lang: crate::text::Lang) -> String {
        let m = e.message(lang);
        assert!(
            !m.contains('\n') && !m.contains('⟦') && !m.contains("{$"),
            "{m}"
        );
        m.replace(&e.field, "").replace(&e.value, "")
    }

    #[test]
    fn reader_errors_are_typed_name_the_field_and_speak_both_languages() {
        use crate::text::Lang;
        for (bad, reason, field, value) in [
            (
                RESULT.replace("10013", "\"x\""),
                ReportReason::WrongType,
                "cases[0].steps[1].observed.code",
                "x",
            ),
            (
                RESULT.replace("\"build\":22631", "\"build\":-1"),
                ReportReason::BadValue,
                "system.build",
                "-1",
            ),
            (
                RESULT.replace("\"bind\",\"socket\":1", "\"bind\",\"sock\":1"),
                ReportReason::UnknownField,
                "cases[0].steps[1].op",
                "sock",
            ),
            (
                RESULT.replace("\"port\":5150},{", "\"port\":5150,\"port\":1},{"),
                ReportReason::DuplicateField,
                "cases[0].scenario.sockets[0]",
                "port",
            ),
            (
                RESULT.replace("\"build\":22631,", ""),
                ReportReason::MissingField,
                "system",
                "build",
            ),
            (
                RESULT.replace("windows-7\"},", "windows-99\"},"),
                ReportReason::UnknownName,
                "system.model_platform",
                "windows-99",
            ),
            (
                RESULT.replace("\"port\":5150}]}", "\"port\":70000}]}"),
                ReportReason::BadPort,
                "cases[0].scenario.sockets[1].port",
                "70000",
            ),
            (
                RESULT.replace("\"tool\":\"test\"", "\"tool\":test"),
                ReportReason::NotJson,
                "tool",
                "",
            ),
            (
                RESULT.replace("\"address_map\":[]", "\"address_map\":{}"),
                ReportReason::WrongType,
                "cases[0].address_map",
                "{…}",
            ),
            (
                RESULT.replace("\"sockbind-probe\"", "\"other\""),
                ReportReason::OtherFormat,
                "format",
                "other",
            ),
            (
                RESULT.replace("\"version\":1", "\"version\":9"),
                ReportReason::NewerVersion,
                "version",
                "9",
            ),
            ("{not json".to_string(), ReportReason::NotJson, "", ""),
            ("".to_string(), ReportReason::NotJson, "", ""),
        ] {
            let e = read_report(&bad).unwrap_err();
            assert_eq!(
                (e.reason, e.field.as_str(), e.value.as_str()),
                (reason, field, value),
                "{e}"
            );
            // The English line names the field byte for byte, as it always did.
            assert!(e.to_string().starts_with(field), "{e}");
            // zh-TW says it in Chinese: no English word outside the field and value.
            let zh = own_words(&e, Lang::ZhTw);
            let english: Vec<&str> = zh
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 2 && !["JSON", "format", "sockbind", "probe"].contains(w))
                .collect();
            assert!(english.is_empty(), "{zh}: {english:?}");
            assert_ne!(zh, own_words(&e, Lang::En));
        }
        let e = read_report("{\n  \"format\": ").unwrap_err();
        assert_eq!(e.at, Some((2, 12)));
        assert!(e.to_string().contains("line 2, column 12"), "{e}");
    }

    #[test]
    fn every_reason_has_a_line_in_both_catalogs() {
        for lang in crate::text::Lang::ALL {
            for r in ReportReason::ALL {
                let e = ReportError {
                    at: Some((1, 1)),
                    ..ReportError::new(r, "f", "v")
                };
                let m = e.message(lang);
                assert!(!m.contains('⟦') && !m.contains("{$"), "{lang:?} {r:?}: {m}");
            }
        }
    }

    #[test]
    fn steps_that_are_not_the_scenarios_are_flagged_and_not_compared() {
        let mut r = read_report(RESULT).unwrap();
        r.recheck().unwrap();
        assert_eq!(r.differences(), 1);
        let base = r.clone();
        let variants = [
            (
                StepSpec::Bind { socket: 5 },
                1,
                StepMismatch::NoSuchSocket {
                    socket: 5,
                    sockets: 2,
                },
            ),
            (
                StepSpec::Bind { socket: 0 },
                1,
                StepMismatch::OtherStep {
                    expected: StepSpec::Bind { socket: 1 },
                },
            ),
            (
                StepSpec::Bind { socket: 1 },
                7,
                StepMismatch::BeyondTimeline { steps: 2 },
            ),
        ];
        for (op, step, want) in variants {
            let mut r = base.clone();
            let st = &mut r.cases[0].steps[1];
            st.op = op;
            st.step = step;
            r.recheck().unwrap();
            let (c, st) = (&r.cases[0], &r.cases[0].steps[1]);
            assert_eq!(c.mismatch(st), Some(want.clone()));
            // Not presented as agreeing or differing.
            assert_eq!((st.model.as_ref(), st.agrees), (None, None), "{want:?}");
            assert_eq!(r.differences(), 0, "{want:?}");
            assert_eq!(c.mismatch(&c.steps[0]), None);
            assert_eq!(c.steps[0].agrees, Some(true));
            for lang in crate::text::Lang::ALL {
                let (key, args) = want.message_args(st);
                let m = crate::text::message(lang, key, &args);
                assert!(!m.contains('⟦') && !m.contains("{$"), "{m}");
                assert!(m.contains(&(step + 1).to_string()), "{m}");
            }
        }
    }
}
