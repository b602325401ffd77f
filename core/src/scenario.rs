//! Scenario and verdict JSON: the public interface shared by the CLI, the page, URL state and
//! imports. Documented in the README ("Scenario JSON").
//!
//! A scenario is a platform, up to [`MAX_SOCKETS`] sockets and an optional timeline of steps
//! (`setsockopt`, `bind`, `listen`, `close`, `send`). Without `steps`, every socket binds in
//! order.

use serde::{Deserialize, Deserializer, Serialize};
use std::net::IpAddr;
use std::sync::Arc;

use crate::binding::Binding;
use crate::delivery::{deliver, Delivery};
use crate::error::InputError;
use crate::platform::Platform;
use crate::port_table::{BindVerdict, Call, PortTable, SocketConfig};
use crate::presets::{Preset, PresetField, PresetRow};
use crate::rules::Rule;
use crate::socket::{Family, LocalAddress, OptionState, Protocol, SockOpt};

/// Most sockets scenario JSON may hold (links and the page: [`crate::share::MAX_URL_SOCKETS`]).
pub const MAX_SOCKETS: usize = 64;
/// Most timeline steps scenario JSON may hold (links and the page:
/// [`crate::share::MAX_URL_STEPS`]).
pub const MAX_STEPS: usize = 256;
/// Longest account name accepted, in characters (JSON and links).
pub const MAX_ACCOUNT_LEN: usize = 64;
/// Most `setsockopt` calls (entries of `options`) per socket (JSON and links).
pub const MAX_OPTIONS: usize = 4;
/// Most multicast groups per socket (JSON and links).
pub const MAX_GROUPS: usize = 8;
/// Largest scenario JSON document read, in bytes (1 MiB; a full 64-socket, 256-step scenario
/// takes about 40 KB).
pub const MAX_INPUT_BYTES: usize = 1 << 20;

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
///
/// With `preset` (a runtime preset id, see [`crate::presets`]), the fields the preset sets
/// (`options`, `address`, `dual_stack`, `protocol`) take the preset's values unless given;
/// `address` is then optional. Fields given explicitly win ([`SocketSpec::overridden`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SocketSpecIn", into = "SocketSpecOut")]
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
    /// The runtime preset this socket came from, as given (an unknown id is refused by
    /// [`Scenario::validate`] with [`Invalid::UnknownPreset`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
}

/// Scenario JSON's socket as written: as [`SocketSpec`], except that `dual_stack: false` is
/// written when a preset would otherwise turn it on.
#[derive(Serialize)]
struct SocketSpecOut {
    options: Vec<SockOpt>,
    address: String,
    port: u16,
    account: String,
    admin: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    protocol: Option<Protocol>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dual_stack: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    groups: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    preset: Option<String>,
}

impl From<SocketSpec> for SocketSpecOut {
    fn from(k: SocketSpec) -> SocketSpecOut {
        let preset_dual = k.preset_row().is_some_and(|r| r.dual_stack);
        SocketSpecOut {
            dual_stack: (k.dual_stack || preset_dual).then_some(k.dual_stack),
            options: k.options,
            address: k.address,
            port: k.port,
            account: k.account,
            admin: k.admin,
            protocol: k.protocol,
            groups: k.groups,
            preset: k.preset,
        }
    }
}

/// Scenario JSON's socket as read, before a preset fills the fields not given.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SocketSpecIn {
    #[serde(default)]
    options: Option<Vec<SockOpt>>,
    #[serde(default)]
    address: Option<String>,
    #[serde(deserialize_with = "de_port")]
    port: u16,
    #[serde(default = "default_account")]
    account: String,
    #[serde(default = "yes")]
    admin: bool,
    #[serde(default)]
    protocol: Option<Protocol>,
    #[serde(default)]
    dual_stack: Option<bool>,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    preset: Option<String>,
}

impl TryFrom<SocketSpecIn> for SocketSpec {
    type Error = String;

    /// Fills the fields a known preset sets and the input leaves out. Errors: no `address`
    /// and no `preset` (an unknown preset is left for [`Scenario::validate`] to name).
    fn try_from(i: SocketSpecIn) -> Result<SocketSpec, String> {
        let row = i
            .preset
            .as_deref()
            .and_then(Preset::parse_id)
            .map(Preset::row);
        let address = match (i.address, row, &i.preset) {
            (Some(a), _, _) => a,
            (None, Some(r), _) => r.address.to_string(),
            (None, None, Some(_)) => String::new(),
            (None, None, None) => return Err("missing field `address`".to_string()),
        };
        Ok(SocketSpec {
            options: i
                .options
                .or_else(|| row.map(|r| r.options.to_vec()))
                .unwrap_or_default(),
            address,
            port: i.port,
            account: i.account,
            admin: i.admin,
            protocol: i.protocol.or_else(|| row.map(|r| r.protocol)),
            dual_stack: i
                .dual_stack
                .or_else(|| row.map(|r| r.dual_stack))
                .unwrap_or(false),
            groups: i.groups,
            preset: i.preset,
        })
    }
}

impl SocketSpec {
    /// The known preset this socket came from, if any.
    pub fn preset_row(&self) -> Option<&'static PresetRow> {
        self.preset
            .as_deref()
            .and_then(Preset::parse_id)
            .map(Preset::row)
    }

    /// Sets every field `preset` sets (options, address, dual-stack, protocol) and records
    /// the preset: what picking a runtime on the page does.
    pub fn apply_preset(&mut self, preset: Preset) {
        let r = preset.row();
        self.options = r.options.to_vec();
        self.address = r.address.to_string();
        self.dual_stack = r.dual_stack;
        self.protocol = Some(r.protocol);
        if r.protocol == Protocol::Tcp {
            self.groups.clear();
        }
        self.preset = Some(r.id.to_string());
    }

    /// The preset fields this socket gives other values for (empty without a known preset).
    /// `scenario_protocol` is the protocol a socket without its own uses.
    pub fn overridden(&self, scenario_protocol: Protocol) -> Vec<PresetField> {
        let Some(r) = self.preset_row() else {
            return vec![];
        };
        let mut out = vec![];
        if self.options != r.options {
            out.push(PresetField::Options);
        }
        let same_address = match (
            self.address.trim().parse::<IpAddr>(),
            r.address.parse::<IpAddr>(),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => self.address.trim() == r.address,
        };
        if !same_address {
            out.push(PresetField::Address);
        }
        if self.dual_stack != r.dual_stack {
            out.push(PresetField::DualStack);
        }
        if self.protocol.unwrap_or(scenario_protocol) != r.protocol {
            out.push(PresetField::Protocol);
        }
        out
    }

    /// Drops the preset once a field differs from it (the page's "editing a field makes it a
    /// plain socket"). Out: whether it was dropped.
    pub fn drop_overridden_preset(&mut self, scenario_protocol: Protocol) -> bool {
        if self.preset.is_some() && !self.overridden(scenario_protocol).is_empty() {
            self.preset = None;
            return true;
        }
        false
    }

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
            preset: None,
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
///
/// In memory both tables are shared (`Arc`) with the neighbouring steps, so a step that
/// changes nothing costs no copy. In verdict JSON (version [`VERDICT_VERSION`]) an entry is
/// `{step, op, outcome, changes}`: see [`TableChanges`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineEntry {
    /// Step index (0-based).
    pub step: usize,
    /// The step as given.
    pub op: StepSpec,
    /// What it did.
    pub outcome: Outcome,
    /// Bindings before the step, oldest first.
    pub before: Arc<[Binding]>,
    /// Bindings after the step, oldest first.
    pub port_table: Arc<[Binding]>,
}

/// What one step changed in the port table, as printed in verdict JSON: replaying every
/// step's changes from an empty table (drop `removed`, replace `updated` rows in place, append
/// `added`) gives the table after each step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TableChanges {
    /// Rows appended at the end (oldest first).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<Binding>,
    /// Rows changed in place (now listening, now lingering), as they are after the step.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub updated: Vec<Binding>,
    /// Sockets whose row left the table (or moved to the end, then also in `added`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<usize>,
}

impl TimelineEntry {
    /// The Winsock verdict, for `setsockopt`/`bind`/`listen` steps.
    pub fn verdict(&self) -> Option<&BindVerdict> {
        match &self.outcome {
            Outcome::Call(v) => Some(v),
            _ => None,
        }
    }

    /// What this step changed in the port table (see [`TableChanges`]).
    pub fn changes(&self) -> TableChanges {
        let in_before = |k: usize| self.before.iter().find(|b| b.socket == k);
        let in_after = |k: usize| self.port_table.iter().any(|b| b.socket == k);
        // Rows kept, in each table's order; a row that moved (a socket bound again after its
        // lingering row) is the one out of order at the end.
        let mut kept_before: Vec<usize> = self
            .before
            .iter()
            .map(|b| b.socket)
            .filter(|k| in_after(*k))
            .collect();
        let mut kept_after: Vec<usize> = self
            .port_table
            .iter()
            .map(|b| b.socket)
            .filter(|k| in_before(*k).is_some())
            .collect();
        let mut moved = vec![];
        while kept_before != kept_after {
            let Some(k) = kept_after.pop() else { break };
            kept_before.retain(|b| *b != k);
            moved.push(k);
        }
        let mut c = TableChanges::default();
        for b in self.before.iter() {
            if !in_after(b.socket) || moved.contains(&b.socket) {
                c.removed.push(b.socket);
            }
        }
        for b in self.port_table.iter() {
            match in_before(b.socket) {
                Some(_) if moved.contains(&b.socket) => c.added.push(b.clone()),
                None => c.added.push(b.clone()),
                Some(old) if old != b => c.updated.push(b.clone()),
                Some(_) => {}
            }
        }
        c
    }
}

impl Serialize for TimelineEntry {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = ser.serialize_struct("TimelineEntry", 4)?;
        st.serialize_field("step", &self.step)?;
        st.serialize_field("op", &self.op)?;
        st.serialize_field("outcome", &self.outcome)?;
        st.serialize_field("changes", &self.changes())?;
        st.end()
    }
}

/// The version of the verdict JSON shape (its `version` field). 2: `version` itself is new;
/// each call verdict names its `call` (`setsockopt`, `bind` or `listen`; was `step`, which
/// said `bind` for `listen`); timeline entries carry `changes` (rows added, updated, removed)
/// instead of the whole port table.
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
    /// Every step with its outcome and what it changed in the port table.
    #[serde(default, skip_deserializing)]
    pub timeline: Vec<TimelineEntry>,
    /// The bindings held at the end, oldest first.
    #[serde(default, skip_deserializing)]
    pub port_table: Vec<Binding>,
    /// The sockets that came from a runtime preset, in socket order (omitted when none).
    #[serde(default, skip_deserializing, skip_serializing_if = "Vec::is_empty")]
    pub presets: Vec<PresetUse>,
}

/// A socket that came from a runtime preset, as the verdict JSON reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PresetUse {
    /// Socket index.
    pub socket: usize,
    /// The preset id.
    pub preset: Preset,
    /// The preset fields this socket gave other values for (they won).
    pub overridden: Vec<PresetField>,
    /// The runtime's own files the preset was read from (`repo path (item)`).
    pub sources: Vec<String>,
    /// The versions the preset holds for, and what was read (English).
    pub versions: String,
}

impl PresetUse {
    /// The report for socket `socket` of `s`, if it came from a known preset.
    pub fn of(s: &Scenario, socket: usize) -> Option<PresetUse> {
        let k = s.sockets.get(socket)?;
        let row = k.preset_row()?;
        Some(PresetUse {
            socket,
            preset: row.preset,
            overridden: k.overridden(s.protocol),
            sources: row.sources.iter().map(|x| x.cite()).collect(),
            versions: format!(
                "{}; {}",
                row.versions.range_en(),
                row.versions.checked_in(crate::text::Lang::En)
            ),
        })
    }
}

/// Turns the bytes of a scenario file into text: UTF-8 (with or without a byte-order mark) or
/// UTF-16 little- or big-endian (with a byte-order mark, as Windows PowerShell 5's `>` writes;
/// without one when the text starts with an ASCII character).
///
/// Errors: [`InputError`] for input over [`MAX_INPUT_BYTES`], invalid UTF-8 (with the offset)
/// or broken UTF-16.
pub fn decode_input(bytes: &[u8]) -> Result<String, InputError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    let utf16 = |body: &[u8], little: bool, name: &str| -> Result<String, InputError> {
        if !body.len().is_multiple_of(2) {
            return Err(InputError::new(
                "",
                "",
                format!("{name} text with an odd number of bytes; the file is cut short"),
            ));
        }
        let units = body.chunks_exact(2).map(|p| {
            if little {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|e| {
                InputError::new(
                    "",
                    "",
                    format!(
                        "{name} text with a broken surrogate pair (0x{:04x})",
                        e.unpaired_surrogate()
                    ),
                )
            })
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true, "UTF-16LE"),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false, "UTF-16BE"),
        [a, 0, ..] if *a != 0 && a.is_ascii() => utf16(bytes, true, "UTF-16LE"),
        [0, b, ..] if *b != 0 && b.is_ascii() => utf16(bytes, false, "UTF-16BE"),
        _ => utf8(bytes),
    }
}

fn too_large() -> InputError {
    InputError::new(
        "",
        "",
        format!(
            "larger than {MAX_INPUT_BYTES} bytes (1 MiB), the limit for scenario JSON; a full scenario ({MAX_SOCKETS} sockets, {MAX_STEPS} steps) takes about 40 KB"
        ),
    )
}

fn utf8(bytes: &[u8]) -> Result<String, InputError> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        InputError::new(
            "",
            "",
            format!(
                "not UTF-8 text (byte 0x{:02x} at offset {at}); save the scenario as UTF-8 or UTF-16",
                bytes[at]
            ),
        )
    })
}

/// Parses scenario JSON: exactly one JSON object, nothing before or after it.
///
/// Errors: [`InputError`] with the JSON path of the bad field (e.g. `sockets[1].port`) and
/// serde's reason (unknown field, duplicate field, wrong type, out-of-range port, unknown
/// platform…); an array (or any other value) where an object belongs; text after the object;
/// a document over [`MAX_INPUT_BYTES`]. A leading byte-order mark is skipped.
pub fn parse_scenario(text: &str) -> Result<Scenario, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    if text.trim_start().starts_with('[') {
        return Err(InputError::new(
            "",
            "",
            "expected one JSON object {…} (the scenario), found an array",
        ));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let scenario: Scenario = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let field = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        InputError::new(field, "", inner.to_string())
    })?;
    de.end().map_err(|e| {
        InputError::new(
            "",
            "",
            format!(
                "text after the scenario object (line {}, column {}); give exactly one JSON object",
                e.line(),
                e.column()
            ),
        )
    })?;
    // serde also reads a struct from an array (`["windows-7", "tcp", [...]]`), which would
    // side-step the refusal of unknown fields: every struct must be written as an object.
    let doc: serde_json::Value = serde_json::from_str(text).expect("parsed above");
    let not_object = |field: String, v: &serde_json::Value| {
        let found = match v {
            serde_json::Value::Array(_) => "an array",
            _ => "something else",
        };
        InputError::new(
            field,
            "",
            format!("expected a JSON object {{…}}, found {found}"),
        )
    };
    if !doc.is_object() {
        return Err(not_object(String::new(), &doc));
    }
    for list in ["sockets", "steps"] {
        if let Some(items) = doc[list].as_array() {
            if let Some((i, v)) = items.iter().enumerate().find(|(_, v)| !v.is_object()) {
                return Err(not_object(format!("{list}[{i}]"), v));
            }
        }
    }
    Ok(scenario)
}

/// Why a group cannot be joined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupProblem {
    /// More than [`MAX_GROUPS`] groups.
    TooMany,
    /// Not an address (the address parser's error).
    NotAnAddress(InputError),
    /// An address, but not a multicast group.
    NotMulticast,
    /// The socket is TCP.
    OnTcp,
    /// The group is of the other address family.
    OtherFamily,
}

/// Why a scenario cannot run, typed by the part at fault: what [`Scenario::validate`] returns,
/// so the error message ([`Invalid::error`]) and the link reader's repair read the same value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// `sockets` is empty.
    NoSockets,
    /// More than [`MAX_SOCKETS`] sockets (the count given).
    TooManySockets(usize),
    /// Socket `.0`'s address is not an IP address (the parser's error).
    Address(usize, InputError),
    /// Socket `.0`'s account (given as `.1`) is empty or longer than [`MAX_ACCOUNT_LEN`].
    Account(usize, String),
    /// Socket `.0` has more than [`MAX_OPTIONS`] options (`.1` of them).
    TooManyOptions(usize, usize),
    /// Socket `.0` is dual-stack with an IPv4 address.
    DualStackNeedsIpv6(usize),
    /// Socket `.0` is dual-stack before Windows Vista.
    DualStackBeforeVista(usize),
    /// Socket `.0` names a runtime preset (given as `.1`) that does not exist.
    UnknownPreset(usize, String),
    /// Socket `socket`'s group `group` (given as `text`) cannot be joined.
    Groups {
        /// Socket index.
        socket: usize,
        /// Group index (for `TooMany`, the count).
        group: usize,
        /// The group as given.
        text: String,
        /// Why.
        why: GroupProblem,
    },
    /// More than [`MAX_STEPS`] steps (the count given).
    TooManySteps(usize),
    /// Step `step` names socket `socket`, which does not exist.
    StepSocket {
        /// Step index.
        step: usize,
        /// The socket index given.
        socket: usize,
    },
    /// Step `.0` sends to something that is not an address (the parser's error).
    SendTo(usize, InputError),
    /// Step `.0` sends TCP to the multicast group `.1`.
    SendTcpToMulticast(usize, String),
}

impl Invalid {
    /// The socket at fault, if one is.
    pub fn socket(&self) -> Option<usize> {
        match self {
            Invalid::Address(i, _)
            | Invalid::Account(i, _)
            | Invalid::TooManyOptions(i, _)
            | Invalid::DualStackNeedsIpv6(i)
            | Invalid::DualStackBeforeVista(i)
            | Invalid::UnknownPreset(i, _)
            | Invalid::Groups { socket: i, .. } => Some(*i),
            _ => None,
        }
    }

    /// Whether the fault is in `steps`.
    pub fn in_steps(&self) -> bool {
        matches!(
            self,
            Invalid::TooManySteps(_)
                | Invalid::StepSocket { .. }
                | Invalid::SendTo(..)
                | Invalid::SendTcpToMulticast(..)
        )
    }

    /// The one-line message: field path, value and reason (limits name the form they hold
    /// for).
    pub fn error(&self) -> InputError {
        use crate::share::{MAX_URL_SOCKETS, MAX_URL_STEPS};
        match self {
            Invalid::NoSockets => InputError::new("sockets", "", "needs at least one socket"),
            Invalid::TooManySockets(n) => InputError::new(
                "sockets",
                n.to_string(),
                format!("too many sockets; scenario JSON allows at most {MAX_SOCKETS} (links and the page: {MAX_URL_SOCKETS})"),
            ),
            Invalid::Address(_, e) | Invalid::SendTo(_, e) => e.clone(),
            Invalid::Account(i, v) => InputError::new(
                format!("sockets[{i}].account"),
                v.as_str(),
                format!("must be 1 to {MAX_ACCOUNT_LEN} printable characters (scenario JSON and links)"),
            ),
            Invalid::TooManyOptions(i, n) => InputError::new(
                format!("sockets[{i}].options"),
                n.to_string(),
                format!("too many options; at most {MAX_OPTIONS} per socket (scenario JSON and links)"),
            ),
            Invalid::DualStackNeedsIpv6(i) => InputError::new(
                format!("sockets[{i}].dual_stack"),
                "true",
                "a dual-stack socket is an IPv6 socket; give an IPv6 address such as :: or ::ffff:10.0.0.1",
            ),
            Invalid::DualStackBeforeVista(i) => InputError::new(
                format!("sockets[{i}].dual_stack"),
                "true",
                "dual-stack sockets exist from Windows Vista on",
            ),
            Invalid::UnknownPreset(i, v) => InputError::new(
                format!("sockets[{i}].preset"),
                v.as_str(),
                format!("not a runtime preset; known presets: {}", Preset::known_ids()),
            ),
            Invalid::Groups { socket, group, text, why } => {
                let field = format!("sockets[{socket}].groups[{group}]");
                match why {
                    GroupProblem::TooMany => InputError::new(
                        format!("sockets[{socket}].groups"),
                        group.to_string(),
                        format!("too many groups; at most {MAX_GROUPS} per socket (scenario JSON and links)"),
                    ),
                    GroupProblem::NotAnAddress(e) => e.clone(),
                    GroupProblem::NotMulticast => InputError::new(
                        field,
                        text.as_str(),
                        "not a multicast group address (224.0.0.0/4 or ff00::/8)",
                    ),
                    GroupProblem::OnTcp => InputError::new(
                        field,
                        text.as_str(),
                        "only UDP sockets join multicast groups",
                    ),
                    GroupProblem::OtherFamily => InputError::new(
                        field,
                        text.as_str(),
                        "group and socket address are of different families",
                    ),
                }
            }
            Invalid::TooManySteps(n) => InputError::new(
                "steps",
                n.to_string(),
                format!("too many steps; scenario JSON allows at most {MAX_STEPS} (links and the page: {MAX_URL_STEPS})"),
            ),
            Invalid::StepSocket { step, socket } => InputError::new(
                format!("steps[{step}].socket"),
                socket.to_string(),
                "no such socket in the scenario",
            ),
            Invalid::SendTcpToMulticast(i, to) => InputError::new(
                format!("steps[{i}].to"),
                to.as_str(),
                "TCP cannot connect to a multicast group; use protocol udp",
            ),
        }
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error().fmt(f)
    }
}

impl std::error::Error for Invalid {}

impl From<Invalid> for InputError {
    fn from(i: Invalid) -> InputError {
        i.error()
    }
}

/// Whether `account` is a usable account name: 1 to [`MAX_ACCOUNT_LEN`] characters after
/// trimming white space, none of them unprintable ([`crate::error::is_unprintable`]: control
/// characters, bidi overrides…). The same check for JSON and links.
pub fn account_ok(account: &str) -> bool {
    let a = account.trim();
    !a.is_empty()
        && a.chars().count() <= MAX_ACCOUNT_LEN
        && !a.chars().any(crate::error::is_unprintable)
}

impl Scenario {
    /// Checks every socket and step and returns ready-to-bind configs.
    ///
    /// Errors: the first [`Invalid`] part, in document order: no sockets or too many; an
    /// unknown runtime preset; a malformed address; an empty or over-long account; too many options; `dual_stack` on an
    /// IPv4 address or before Windows Vista; too many groups, groups on TCP, not multicast or
    /// of the other family; too many steps; a step naming a socket that does not exist; a TCP
    /// send to a multicast group.
    pub fn validate(&self) -> Result<Vec<SocketConfig>, Invalid> {
        if self.sockets.is_empty() {
            return Err(Invalid::NoSockets);
        }
        if self.sockets.len() > MAX_SOCKETS {
            return Err(Invalid::TooManySockets(self.sockets.len()));
        }
        let configs = self
            .sockets
            .iter()
            .enumerate()
            .map(|(i, s)| self.validate_socket(i, s))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(steps) = &self.steps {
            if steps.len() > MAX_STEPS {
                return Err(Invalid::TooManySteps(steps.len()));
            }
            for (i, step) in steps.iter().enumerate() {
                if let Some(k) = step.socket() {
                    if k >= self.sockets.len() {
                        return Err(Invalid::StepSocket { step: i, socket: k });
                    }
                }
                if let StepSpec::Send { to, protocol, .. } = step {
                    let a = LocalAddress::parse(to, &format!("steps[{i}].to"))
                        .map_err(|e| Invalid::SendTo(i, e))?
                        .0;
                    if a.is_multicast() && protocol.unwrap_or(self.protocol) == Protocol::Tcp {
                        return Err(Invalid::SendTcpToMulticast(i, to.clone()));
                    }
                }
            }
        }
        Ok(configs)
    }

    fn validate_socket(&self, i: usize, s: &SocketSpec) -> Result<SocketConfig, Invalid> {
        if let Some(p) = &s.preset {
            if Preset::parse_id(p).is_none() {
                return Err(Invalid::UnknownPreset(i, p.clone()));
            }
        }
        let address = LocalAddress::parse(&s.address, &format!("sockets[{i}].address"))
            .map_err(|e| Invalid::Address(i, e))?;
        if !account_ok(&s.account) {
            return Err(Invalid::Account(i, s.account.clone()));
        }
        if s.options.len() > MAX_OPTIONS {
            return Err(Invalid::TooManyOptions(i, s.options.len()));
        }
        if s.dual_stack {
            if address.family() != Family::Ipv6 {
                return Err(Invalid::DualStackNeedsIpv6(i));
            }
            if self.platform < Platform::WindowsVista {
                return Err(Invalid::DualStackBeforeVista(i));
            }
        }
        let protocol = s.protocol.unwrap_or(self.protocol);
        if s.groups.len() > MAX_GROUPS {
            return Err(Invalid::Groups {
                socket: i,
                group: s.groups.len(),
                text: String::new(),
                why: GroupProblem::TooMany,
            });
        }
        let groups = s
            .groups
            .iter()
            .enumerate()
            .map(|(g, text)| {
                let bad = |why| Invalid::Groups {
                    socket: i,
                    group: g,
                    text: text.clone(),
                    why,
                };
                let a = LocalAddress::parse(text, &format!("sockets[{i}].groups[{g}]"))
                    .map_err(|e| bad(GroupProblem::NotAnAddress(e)))?
                    .0;
                if !a.is_multicast() {
                    return Err(bad(GroupProblem::NotMulticast));
                }
                if protocol == Protocol::Tcp {
                    return Err(bad(GroupProblem::OnTcp));
                }
                let fits = a.is_ipv4() == (address.family() == Family::Ipv4)
                    || (a.is_ipv4() && s.dual_stack);
                if !fits {
                    return Err(bad(GroupProblem::OtherFamily));
                }
                Ok(a)
            })
            .collect::<Result<Vec<IpAddr>, _>>()?;
        Ok(SocketConfig {
            options: s.options.clone(),
            address,
            port: s.port,
            protocol,
            account: s.account.trim().to_string(),
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

    /// Runs the timeline. Errors: as [`Scenario::validate`], as an [`InputError`].
    pub fn run(&self) -> Result<Vec<TimelineEntry>, InputError> {
        let configs = self.validate()?;
        let mut table = PortTable::new();
        let mut options: Vec<Option<OptionState>> = vec![None; configs.len()];
        let mut closed = vec![false; configs.len()];
        let default_port = configs[0].port;
        let mut out = vec![];
        let mut shared: Arc<[Binding]> = Arc::from(Vec::new());
        for (i, step) in self.effective_steps().into_iter().enumerate() {
            let before = shared.clone();
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
            if *shared != *table.bindings() {
                shared = Arc::from(table.bindings());
            }
            out.push(TimelineEntry {
                step: i,
                op: step,
                outcome,
                before,
                port_table: shared.clone(),
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
            .map(|e| e.port_table.to_vec())
            .unwrap_or_default();
        let presets = (0..self.sockets.len())
            .filter_map(|i| PresetUse::of(self, i))
            .collect();
        Ok(Verdict {
            version: VERDICT_VERSION,
            binds,
            timeline,
            port_table,
            presets,
        })
    }
}

/// Parses, validates and evaluates scenario JSON in one go. Errors: [`InputError`].
pub fn decide_json(text: &str) -> Result<Verdict, InputError> {
    parse_scenario(text)?.evaluate()
}

/// Decodes ([`decode_input`]), parses, validates and evaluates a scenario file's bytes: what
/// `sockbind decide` runs. Errors: [`InputError`].
pub fn decide_bytes(bytes: &[u8]) -> Result<Verdict, InputError> {
    decide_json(&decode_input(bytes)?)
}
