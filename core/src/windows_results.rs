//! Probe results from real Windows machines, committed under `core/data/windows/` (one file per
//! machine), as evidence: a pair observed on a Windows version counts as tested on that
//! version; when two machines of that version disagree, the pair is disputed.
//!
//! File format (`sockbind-windows-results`, version 1; README "Results from real Windows"):
//! `{"format":"sockbind-windows-results","version":1,"machine":"…","date":"YYYY-MM-DD",
//! "probe":{…a probe result, format sockbind-probe…}}`. Output from Wine is refused: it is an
//! independent implementation, not Windows.
//!
//! This module only reads and summarises; the evidence ladder ([`crate::known`]) decides how an
//! answer cites it.

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::evidence::Evidence;
use crate::platform::Platform;
use crate::probe::{self, ProbeReport};
use crate::scenario::Scenario;
use crate::socket::{LocalAddress, OptionState, Protocol};
use crate::tables::CellKey;

/// The `format` of a committed result file.
pub const RESULTS_FORMAT: &str = "sockbind-windows-results";
/// Version of the committed result file format.
pub const RESULTS_VERSION: u32 = 1;

/// The committed files, bundled at build time. None yet: add one `include_str!` per machine
/// file in `core/data/windows/` (never Wine output).
pub const BUNDLED: &[(&str, &str)] = &[];

/// One committed machine file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MachineResults {
    /// Always [`RESULTS_FORMAT`].
    pub format: String,
    /// [`RESULTS_VERSION`].
    pub version: u32,
    /// A short, non-identifying machine label (e.g. `win11-23h2-vm`).
    pub machine: String,
    /// When the probe ran (`YYYY-MM-DD`).
    pub date: String,
    /// The probe result as printed by `sockbind probe --matrix --json`.
    pub probe: ProbeReport,
}

impl MachineResults {
    /// The source id used when citing this file: `windows-results/<machine>`.
    pub fn source_id(&self) -> String {
        format!("windows-results/{}", self.machine)
    }
}

/// Reads one committed file.
///
/// Errors: [`InputError`] for invalid JSON, another format or a newer version, a probe that
/// ran under Wine, a missing Windows version or build, or a date not in `YYYY-MM-DD` form.
pub fn parse(name: &str, text: &str) -> Result<MachineResults, InputError> {
    let r: MachineResults = serde_json::from_str(text)
        .map_err(|e| InputError::new(name, "", format!("not a results file: {e}")))?;
    if r.format != RESULTS_FORMAT || r.version == 0 || r.version > RESULTS_VERSION {
        return Err(InputError::new(
            name,
            format!("{} v{}", r.format, r.version),
            format!("expected {RESULTS_FORMAT} up to version {RESULTS_VERSION}"),
        ));
    }
    probe::parse_report(&serde_json::to_string(&r.probe).expect("serializes"))?;
    if let Some(w) = &r.probe.system.wine {
        return Err(InputError::new(
            name,
            w.clone(),
            "ran under Wine; Wine output is never evidence about Windows",
        ));
    }
    if r.probe.system.build == 0 || !r.probe.system.version.contains('.') {
        return Err(InputError::new(
            name,
            "",
            "names no Windows version and build",
        ));
    }
    let d = r.date.as_bytes();
    let date_ok = d.len() == 10
        && d[4] == b'-'
        && d[7] == b'-'
        && d.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !date_ok {
        return Err(InputError::new(name, &r.date, "date must be YYYY-MM-DD"));
    }
    Ok(r)
}

/// The committed files. Errors: the first file that does not read.
pub fn bundled() -> Result<Vec<MachineResults>, InputError> {
    BUNDLED.iter().map(|(n, t)| parse(n, t)).collect()
}

/// A pair of binds as probed: both sockets' cell keys, family, protocol and dual-stack flags,
/// on one account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PairKey {
    /// First bind's option and address kind.
    pub first: CellKey,
    /// Second bind's option and address kind.
    pub second: CellKey,
    /// Whether the first / second socket is IPv6 (a dual-stack socket counts as IPv6).
    pub ipv6: (bool, bool),
    /// Whether the first / second socket is dual-stack.
    pub dual_stack: (bool, bool),
    /// TCP or UDP (both sockets).
    pub protocol: Protocol,
}

impl PairKey {
    /// The key of a two-socket scenario bound in order on one account (the matrix's pair
    /// cases); `None` for anything else.
    pub fn of(s: &Scenario) -> Option<PairKey> {
        if s.steps.is_some() || s.sockets.len() != 2 || s.sockets[0].account != s.sockets[1].account
        {
            return None;
        }
        let key = |i: usize| -> Option<(CellKey, bool, bool, Protocol)> {
            let x = &s.sockets[i];
            let a = LocalAddress::parse(&x.address, "address").ok()?;
            let option = match x.options.as_slice() {
                [] => OptionState::Default,
                [o] => OptionState::ALL
                    .into_iter()
                    .find(|st| st.options() == vec![*o])?,
                _ => return None,
            };
            let cell = CellKey {
                option,
                address: a.kind(),
            };
            Some((
                cell,
                a.0.is_ipv6(),
                x.dual_stack,
                x.protocol.unwrap_or(s.protocol),
            ))
        };
        let (a, b) = (key(0)?, key(1)?);
        (a.3 == b.3).then_some(PairKey {
            first: a.0,
            second: b.0,
            ipv6: (a.1, b.1),
            dual_stack: (a.2, b.2),
            protocol: a.3,
        })
    }
}

/// What the committed machines of one platform observed for a pair's second bind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairObservation {
    /// `tested-on-windows` when every machine agrees, `disputed` when they differ.
    pub evidence: Evidence,
    /// Each machine's source id with its observed code (0 = success).
    pub observed: Vec<(String, u32)>,
}

/// The observations of `pair` on machines whose Windows maps to `platform`; `None` when no
/// committed machine of that platform probed it.
pub fn observe(
    results: &[MachineResults],
    platform: Platform,
    pair: PairKey,
) -> Option<PairObservation> {
    let mut observed = vec![];
    for m in results {
        let sys = &m.probe.system;
        let mut n = sys
            .version
            .split('.')
            .map(|v| v.parse::<u32>().unwrap_or(0));
        let p =
            probe::platform_for_version(n.next().unwrap_or(0), n.next().unwrap_or(0), sys.build);
        if p != platform {
            continue;
        }
        for c in &m.probe.cases {
            if PairKey::of(&c.scenario) != Some(pair) {
                continue;
            }
            if let Some(o) = c.steps.get(1).and_then(|s| s.observed.as_ref()) {
                observed.push((m.source_id(), o.code));
            }
        }
    }
    if observed.is_empty() {
        return None;
    }
    let first = observed[0].1;
    Some(PairObservation {
        evidence: if observed.iter().all(|(_, c)| *c == first) {
            Evidence::TestedOnWindows
        } else {
            Evidence::Disputed
        },
        observed,
    })
}
