//! Scenario and verdict JSON: the public interface shared by the CLI, the page, URL state and
//! imports. Documented in the README ("Scenario JSON").
//!
//! A scenario is a platform, up to [`MAX_SOCKETS`] sockets and an optional timeline of steps
//! (`setsockopt`, `bind`, `listen`, `close`, `send`). Without `steps`, every socket binds in
//! order.

use serde::{Deserialize, Deserializer, Serialize};
use std::net::IpAddr;

use crate::binding::Binding;
use crate::delivery::{deliver, Delivery};
use crate::error::InputError;
use crate::platform::Platform;
use crate::port_table::{BindVerdict, Call, PortTable, SocketConfig};
use crate::rules::Rule;
use crate::socket::{Family, LocalAddress, OptionState, Protocol, SockOpt};

/// Most sockets a scenario may hold.
pub const MAX_SOCKETS: usize = 64;
/// Most timeline steps a scenario may hold.
pub const MAX_STEPS: usize = 256;
/// Longest account name accepted, in characters.
pub const MAX_ACCOUNT_LEN: usize = 64;

fn default_account() -> String {
    "user-a".to_string()
}
fn yes() -> bool {
    true
}
fn is_false(b: &bool) -> bool {
    !*b
}

/// Reads a port number with a plain-words error (`0–65535`).
fn de_port<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    let n = i64::deserialize(d)?;
    u16::try_from(n)
        .map_err(|_| serde::de::Error::custom(format!("{n} is not a port number (0–65535)")))
}

fn de_opt_port<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
    de_port(d).map(Some)
}

/// One socket as given in scenario JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocketSpec {
    /// Options in the order `setsockopt` is called; `[]` is the article's "Default".
    #[serde(default)]
    pub options: Vec<SockOpt>,
    /// Local address text: any IPv4 or IPv6 literal; `0.0.0.0` and `::` are the wildcard.
    pub address: String,
    /// Port number 0–65535 (0 = ephemeral).
    #[serde(deserialize_with = "de_port")]
    pub port: u16,
    /// Owning user account (default `user-a`); equal names mean the same account.
    #[serde(default = "default_account")]
    pub account: String,
    /// Whether the account is in Administrators (default `true`; matters on XP and earlier).
    #[serde(default = "yes")]
    pub admin: bool,
    /// Per-socket protocol; defaults to the scenario's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,
    /// IPv6 socket with `IPV6_V6ONLY` off (Vista and later; IPv6 address required).
    #[serde(default, skip_serializing_if = "is_false")]
    pub dual_stack: bool,
    /// Multicast groups this UDP socket joins (addresses of its family).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
}

impl SocketSpec {
    /// A TCP socket spec with defaults, for the page and tests.
    pub fn new(options: Vec<SockOpt>, address: &str, port: u16, account: &str) -> SocketSpec {
        SocketSpec {
            options,
            address: address.to_string(),
            port,
            account: account.to_string(),
            admin: true,
            protocol: None,
            dual_stack: false,
            groups: vec![],
        }
    }
}

/// One timeline step. JSON: `{"op":"bind","socket":0}`, `{"op":"close","socket":0,"lingering":true}`,
/// `{"op":"send","to":"10.0.0.1","port":5150,"protocol":"udp"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase", deny_unknown_fields)]
pub enum StepSpec {
    /// Run the socket's `setsockopt` calls now (otherwise `bind` runs them).
    Setsockopt {
        /// Socket index.
        socket: usize,
    },
    /// Bind the socket.
    Bind {
        /// Socket index.
        socket: usize,
    },
    /// `listen` (TCP).
    Listen {
        /// Socket index.
        socket: usize,
    },
    /// `closesocket`; with `lingering`, an accepted connection stays active afterwards.
    Close {
        /// Socket index.
        socket: usize,
        /// An accepted connection outlives the socket (TCP listeners).
        #[serde(default, skip_serializing_if = "is_false")]
        lingering: bool,
    },
    /// A lingering connection of a closed socket finally ends.
    Expire {
        /// Socket index.
        socket: usize,
    },
    /// Send a TCP connection or UDP datagram to a local address.
    Send {
        /// Destination address (unicast, or a multicast group for UDP).
        to: String,
        /// Destination port; defaults to the first socket's port.
        #[serde(
            default,
            deserialize_with = "de_opt_port",
            skip_serializing_if = "Option::is_none"
        )]
        port: Option<u16>,
        /// `tcp` or `udp`; defaults to the scenario's protocol.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        protocol: Option<Protocol>,
    },
}

impl StepSpec {
    /// The socket a step acts on (`None` for `send`).
    pub fn socket(&self) -> Option<usize> {
        match self {
            StepSpec::Setsockopt { socket }
            | StepSpec::Bind { socket }
            | StepSpec::Listen { socket }
            | StepSpec::Close { socket, .. }
            | StepSpec::Expire { socket } => Some(*socket),
            StepSpec::Send { .. } => None,
        }
    }

    /// The op name: `setsockopt`, `bind`, `listen`, `close`, `expire`, `send`.
    pub fn op(&self) -> &'static str {
        match self {
            StepSpec::Setsockopt { .. } => "setsockopt",
            StepSpec::Bind { .. } => "bind",
            StepSpec::Listen { .. } => "listen",
            StepSpec::Close { .. } => "close",
            StepSpec::Expire { .. } => "expire",
            StepSpec::Send { .. } => "send",
        }
    }
}

/// A scenario: a platform, sockets and (optionally) a timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Platform id, e.g. `windows-7`.
    pub platform: Platform,
    /// Default protocol for every socket (default `tcp`).
    #[serde(default)]
    pub protocol: Protocol,
    /// The sockets (1 to [`MAX_SOCKETS`]).
    pub sockets: Vec<SocketSpec>,
    /// The timeline; absent means "bind every socket in order".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<StepSpec>>,
}

/// What one step did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Outcome {
    /// `setsockopt`, `bind` or `listen`: a Winsock verdict.
    Call(BindVerdict),
    /// `close` / `expire`: the row that left (or now lingers), if the socket held one.
    Close {
        /// Socket index.
        socket: usize,
        /// Whether a row was removed or turned lingering.
        removed: bool,
        /// Whether the row stays as a lingering connection.
        lingering: bool,
    },
    /// `send`: who receives.
    Send(Delivery),
}

/// One step of the timeline, with the port table before and after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimelineEntry {
    /// Step index (0-based).
    pub step: usize,
    /// The step as given.
    pub op: StepSpec,
    /// What it did.
    pub outcome: Outcome,
    /// Bindings before the step.
    #[serde(skip)]
    pub before: Vec<Binding>,
    /// Bindings after the step, oldest first.
    pub port_table: Vec<Binding>,
}

impl TimelineEntry {
    /// The Winsock verdict, for `setsockopt`/`bind`/`listen` steps.
    pub fn verdict(&self) -> Option<&BindVerdict> {
        match &self.outcome {
            Outcome::Call(v) => Some(v),
            _ => None,
        }
    }
}

/// The version of the verdict JSON shape. 2: each call verdict names its `call`
/// (`setsockopt`, `bind` or `listen`; was `step`, which said `bind` for `listen`), and
/// `version` itself is new.
pub const VERDICT_VERSION: u32 = 2;

fn verdict_version() -> u32 {
    VERDICT_VERSION
}

/// The verdict: one entry per bind (in timeline order), the timeline, and the final table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// The shape's version, [`VERDICT_VERSION`].
    #[serde(default = "verdict_version")]
    pub version: u32,
    /// One verdict per `bind` step (without `steps`: one per socket, in order).
    pub binds: Vec<BindVerdict>,
    /// Every step with its outcome and the port table after it.
    #[serde(default, skip_deserializing)]
    pub timeline: Vec<TimelineEntry>,
    /// The bindings held at the end, oldest first.
    #[serde(default, skip_deserializing)]
    pub port_table: Vec<Binding>,
}

/// Parses scenario JSON.
///
/// Errors: [`InputError`] with the JSON path of the bad field (e.g. `sockets[1].port`) and
/// serde's reason (unknown field, wrong type, out-of-range port, unknown platform…).
pub fn parse_scenario(text: &str) -> Result<Scenario, InputError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let scenario: Scenario = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let field = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        InputError::new(field, "", inner.to_string())
    })?;
    Ok(scenario)
}

fn parse_group(text: &str, field: &str) -> Result<IpAddr, InputError> {
    let a = LocalAddress::parse(text, field)?.0;
    if !a.is_multicast() {
        return Err(InputError::new(
            field,
            text,
            "not a multicast group address (224.0.0.0/4 or ff00::/8)",
        ));
    }
    Ok(a)
}

impl Scenario {
    /// Checks every socket and step and returns ready-to-bind configs.
    ///
    /// Errors: [`InputError`] naming the field for: no sockets or too many; a malformed
    /// address; an empty or over-long account; `dual_stack` on an IPv4 address or before
    /// Windows Vista; multicast groups on TCP or of the other family; a step naming a socket
    /// that does not exist; a TCP send to a multicast group; too many steps.
    pub fn validate(&self) -> Result<Vec<SocketConfig>, InputError> {
        if self.sockets.is_empty() {
            return Err(InputError::new("sockets", "", "needs at least one socket"));
        }
        if self.sockets.len() > MAX_SOCKETS {
            return Err(InputError::new(
                "sockets",
                self.sockets.len().to_string(),
                format!("too many sockets; at most {MAX_SOCKETS}"),
            ));
        }
        let configs = self
            .sockets
            .iter()
            .enumerate()
            .map(|(i, s)| self.validate_socket(i, s))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(steps) = &self.steps {
            if steps.len() > MAX_STEPS {
                return Err(InputError::new(
                    "steps",
                    steps.len().to_string(),
                    format!("too many steps; at most {MAX_STEPS}"),
                ));
            }
            for (i, step) in steps.iter().enumerate() {
                if let Some(k) = step.socket() {
                    if k >= self.sockets.len() {
                        return Err(InputError::new(
                            format!("steps[{i}].socket"),
                            k.to_string(),
                            format!("no such socket; the scenario has {}", self.sockets.len()),
                        ));
                    }
                }
                if let StepSpec::Send { to, protocol, .. } = step {
                    let field = format!("steps[{i}].to");
                    let a = LocalAddress::parse(to, &field)?.0;
                    if a.is_multicast() && protocol.unwrap_or(self.protocol) == Protocol::Tcp {
                        return Err(InputError::new(
                            field,
                            to,
                            "TCP cannot connect to a multicast group; use protocol udp",
                        ));
                    }
                }
            }
        }
        Ok(configs)
    }

    fn validate_socket(&self, i: usize, s: &SocketSpec) -> Result<SocketConfig, InputError> {
        let address = LocalAddress::parse(&s.address, &format!("sockets[{i}].address"))?;
        let account = s.account.trim();
        if account.is_empty() || account.chars().count() > MAX_ACCOUNT_LEN {
            return Err(InputError::new(
                format!("sockets[{i}].account"),
                &s.account,
                format!("must be 1 to {MAX_ACCOUNT_LEN} characters"),
            ));
        }
        if s.dual_stack {
            let field = format!("sockets[{i}].dual_stack");
            if address.family() != Family::Ipv6 {
                return Err(InputError::new(field, "true", "a dual-stack socket is an IPv6 socket; give an IPv6 address such as :: or ::ffff:10.0.0.1"));
            }
            if self.platform < Platform::WindowsVista {
                return Err(InputError::new(
                    field,
                    "true",
                    "dual-stack sockets exist from Windows Vista on",
                ));
            }
        }
        let protocol = s.protocol.unwrap_or(self.protocol);
        let groups = s
            .groups
            .iter()
            .enumerate()
            .map(|(g, text)| {
                let field = format!("sockets[{i}].groups[{g}]");
                let a = parse_group(text, &field)?;
                if protocol == Protocol::Tcp {
                    return Err(InputError::new(
                        field,
                        text,
                        "only UDP sockets join multicast groups",
                    ));
                }
                let fits = a.is_ipv4() == (address.family() == Family::Ipv4)
                    || (a.is_ipv4() && s.dual_stack);
                if !fits {
                    return Err(InputError::new(
                        field,
                        text,
                        "group and socket address are of different families",
                    ));
                }
                Ok(a)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SocketConfig {
            options: s.options.clone(),
            address,
            port: s.port,
            protocol,
            account: account.to_string(),
            admin: s.admin,
            dual_stack: s.dual_stack,
            groups,
        })
    }

    /// The steps to run: the given timeline, or one `bind` per socket in order.
    pub fn effective_steps(&self) -> Vec<StepSpec> {
        self.steps.clone().unwrap_or_else(|| {
            (0..self.sockets.len())
                .map(|socket| StepSpec::Bind { socket })
                .collect()
        })
    }

    /// Runs the timeline. Errors: as [`Scenario::validate`].
    pub fn run(&self) -> Result<Vec<TimelineEntry>, InputError> {
        let configs = self.validate()?;
        let mut table = PortTable::new();
        let mut options: Vec<Option<OptionState>> = vec![None; configs.len()];
        let mut closed = vec![false; configs.len()];
        let default_port = configs[0].port;
        let mut out = vec![];
        for (i, step) in self.effective_steps().into_iter().enumerate() {
            let before = table.bindings().to_vec();
            let outcome = match &step {
                StepSpec::Setsockopt { socket }
                | StepSpec::Bind { socket }
                | StepSpec::Listen { socket }
                    if closed[*socket] =>
                {
                    let call = match step {
                        StepSpec::Setsockopt { .. } => Call::Setsockopt,
                        StepSpec::Listen { .. } => Call::Listen,
                        _ => Call::Bind,
                    };
                    Outcome::Call(BindVerdict::agreed(*socket, call, Rule::SocketClosed))
                }
                StepSpec::Setsockopt { socket } => {
                    let k = *socket;
                    let (state, failure) = PortTable::set_options(self.platform, k, &configs[k]);
                    options[k] = Some(state);
                    match failure {
                        None => Outcome::Call(BindVerdict::agreed(
                            k,
                            Call::Setsockopt,
                            Rule::OptionsSet,
                        )),
                        Some(v) => Outcome::Call(*v),
                    }
                }
                StepSpec::Bind { socket } => {
                    let k = *socket;
                    let v = match options[k] {
                        Some(state) => table.bind_with(self.platform, k, &configs[k], state),
                        None => table.bind(self.platform, k, &configs[k]),
                    };
                    Outcome::Call(v)
                }
                StepSpec::Listen { socket } => Outcome::Call(table.listen(*socket)),
                StepSpec::Close { socket, lingering } => {
                    closed[*socket] = true;
                    let old = table.close(*socket, *lingering);
                    let lingers = table.get(*socket).is_some_and(|b| b.lingering);
                    Outcome::Close {
                        socket: *socket,
                        removed: old.is_some(),
                        lingering: lingers,
                    }
                }
                StepSpec::Expire { socket } => {
                    let removed = table.expire(*socket);
                    Outcome::Close {
                        socket: *socket,
                        removed,
                        lingering: false,
                    }
                }
                StepSpec::Send { to, port, protocol } => {
                    let to = LocalAddress::parse(to, "to").expect("validated").0;
                    Outcome::Send(deliver(
                        self.platform,
                        table.bindings(),
                        protocol.unwrap_or(self.protocol),
                        to,
                        port.unwrap_or(default_port),
                    ))
                }
            };
            out.push(TimelineEntry {
                step: i,
                op: step,
                outcome,
                before,
                port_table: table.bindings().to_vec(),
            });
        }
        Ok(out)
    }

    /// The verdict JSON object for this scenario. Errors: as [`Scenario::validate`].
    pub fn evaluate(&self) -> Result<Verdict, InputError> {
        let timeline = self.run()?;
        let binds = timeline
            .iter()
            .filter(|e| matches!(e.op, StepSpec::Bind { .. }))
            .filter_map(|e| e.verdict().cloned())
            .collect();
        let port_table = timeline
            .last()
            .map(|e| e.port_table.clone())
            .unwrap_or_default();
        Ok(Verdict {
            version: VERDICT_VERSION,
            binds,
            timeline,
            port_table,
        })
    }
}

/// Parses, validates and evaluates scenario JSON in one go. Errors: [`InputError`].
pub fn decide_json(text: &str) -> Result<Verdict, InputError> {
    parse_scenario(text)?.evaluate()
}
