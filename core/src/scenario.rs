//! Scenario and verdict JSON: the public interface shared by the CLI, the page and (later)
//! URL state and imports. Documented in the README ("Scenario JSON").

use serde::{Deserialize, Serialize};

use crate::decision::Binding;
use crate::error::InputError;
use crate::platform::Platform;
use crate::port_table::{BindVerdict, PortTable, SocketConfig};
use crate::socket::{LocalAddress, Protocol, SockOpt};

/// Most sockets a scenario may hold.
pub const MAX_SOCKETS: usize = 64;
/// Longest account name accepted, in characters.
pub const MAX_ACCOUNT_LEN: usize = 64;

fn default_account() -> String {
    "user-a".to_string()
}
fn yes() -> bool {
    true
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
}

/// A scenario: a platform and sockets that bind in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Platform id, e.g. `windows-7`.
    pub platform: Platform,
    /// Default protocol for every socket (default `tcp`).
    #[serde(default)]
    pub protocol: Protocol,
    /// The sockets, bound in this order (1 to [`MAX_SOCKETS`]).
    pub sockets: Vec<SocketSpec>,
}

/// The verdict: one entry per socket, in order, and the port table at the end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// One verdict per socket, in scenario order.
    pub binds: Vec<BindVerdict>,
    /// The bindings held after every socket has tried to bind, oldest first.
    #[serde(default, skip_deserializing)]
    pub port_table: Vec<Binding>,
}

/// One bind of a scenario, with the port table just before and just after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindStep {
    /// The verdict for this socket.
    pub verdict: BindVerdict,
    /// Bindings before this socket tried to bind.
    pub before: Vec<Binding>,
    /// Bindings after.
    pub after: Vec<Binding>,
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

impl Scenario {
    /// Checks every socket and returns ready-to-bind configs.
    ///
    /// Errors: [`InputError`] for no sockets or too many, a malformed address, or an empty or
    /// over-long account name, naming the field (`sockets[i].address` …).
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
        self.sockets
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let address = LocalAddress::parse(&s.address, &format!("sockets[{i}].address"))?;
                let account = s.account.trim();
                if account.is_empty() || account.chars().count() > MAX_ACCOUNT_LEN {
                    return Err(InputError::new(
                        format!("sockets[{i}].account"),
                        &s.account,
                        format!("must be 1 to {MAX_ACCOUNT_LEN} characters"),
                    ));
                }
                Ok(SocketConfig {
                    options: s.options.clone(),
                    address,
                    port: s.port,
                    protocol: s.protocol.unwrap_or(self.protocol),
                    account: account.to_string(),
                    admin: s.admin,
                })
            })
            .collect()
    }

    /// Binds every socket in order; each is judged against those that bound before it.
    /// Errors: as [`Scenario::validate`].
    pub fn steps(&self) -> Result<Vec<BindStep>, InputError> {
        let configs = self.validate()?;
        let mut table = PortTable::new();
        Ok(configs
            .iter()
            .enumerate()
            .map(|(i, cfg)| {
                let before = table.bindings().to_vec();
                let verdict = table.bind(self.platform, i, cfg);
                BindStep {
                    verdict,
                    before,
                    after: table.bindings().to_vec(),
                }
            })
            .collect())
    }

    /// The verdict JSON object for this scenario. Errors: as [`Scenario::validate`].
    pub fn evaluate(&self) -> Result<Verdict, InputError> {
        let steps = self.steps()?;
        let port_table = steps.last().map(|s| s.after.clone()).unwrap_or_default();
        Ok(Verdict {
            binds: steps.into_iter().map(|s| s.verdict).collect(),
            port_table,
        })
    }
}

/// Parses, validates and evaluates scenario JSON in one go. Errors: [`InputError`].
pub fn decide_json(text: &str) -> Result<Verdict, InputError> {
    parse_scenario(text)?.evaluate()
}
