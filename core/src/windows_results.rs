//! Probe results from real Windows machines as evidence: one file per machine, committed as
//! `core/data/windows-results/<machine>.json`, each the unchanged output of
//! `sockbind probe --matrix --json` on that machine (format `sockbind-probe`, version
//! [`crate::probe::PROBE_VERSION`]; README "Results from real Windows").
//!
//! A pair observed on a machine counts as tested on the platform its Windows version maps to
//! ([`probe::platform_for_version`]); [`crate::known`] cites the machine by file and weighs it
//! against the other sources (machines that disagree with each other, or with the public test,
//! make the answer disputed). Output from Wine is refused: Wine is an independent
//! implementation, not Windows.
//!
//! The files are bundled at build time (`core/build.rs` lists every `*.json` in that folder)
//! and read once, on first use ([`bundled_machines`]). Tests use other files by reading them
//! with [`parse`] and deciding inside [`with_results`].

use std::sync::OnceLock;

use crate::binding::Binding;
use crate::error::InputError;
use crate::evidence::{Evidence, Source};
use crate::known::{self, Class};
use crate::platform::Platform;
use crate::probe::{self, ProbeReport};
use crate::result::BindResult;
use crate::scenario::Scenario;
use crate::socket::{LocalAddress, OptionState, Protocol};

/// The folder, relative to the repository root, that holds the committed machine files.
pub const FOLDER: &str = "core/data/windows-results";

/// The committed files as `(machine, text)`, from `core/build.rs` (never Wine output, never
/// invented results).
pub const BUNDLED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/windows_results.rs"));

/// One machine's committed results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MachineResults {
    /// The machine label: the file name without `.json` (lower-case letters, digits and `-`,
    /// e.g. `win11-23h2-vm`; nothing identifying a person).
    pub machine: String,
    /// The probe result as printed by `sockbind probe --matrix --json`.
    pub probe: ProbeReport,
}

impl MachineResults {
    /// The date the probe ran (`YYYY-MM-DD`; [`parse`] makes sure there is one).
    pub fn date(&self) -> &str {
        self.probe.system.date.as_deref().unwrap_or("")
    }

    /// The platform whose answers this machine's Windows version tests.
    pub fn platform(&self) -> Platform {
        let sys = &self.probe.system;
        let mut n = sys
            .version
            .split('.')
            .map(|v| v.parse::<u32>().unwrap_or(0));
        probe::platform_for_version(n.next().unwrap_or(0), n.next().unwrap_or(0), sys.build)
    }

    /// The citation: `core/data/windows-results/<machine>.json (sockbind probe on Windows
    /// <version> build <build>, <date>)`.
    pub fn cite(&self) -> String {
        format!(
            "{FOLDER}/{}.json (sockbind probe on Windows {} build {}, {})",
            self.machine,
            self.probe.system.version,
            self.probe.system.build,
            self.date()
        )
    }
}

fn is_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Reads one machine file: `machine` is its label (the file name without `.json`), `text` its
/// content.
///
/// Errors: [`InputError`] for a label other than lower-case letters, digits and `-` (1–40
/// characters), anything [`probe::parse_report`] refuses (invalid JSON, another format, a
/// newer version), a probe that ran under Wine, no Windows version or build, no `date` in
/// `YYYY-MM-DD` form, or a step that is not its case's scenario's step at that index
/// ([`probe::CaseReport::mismatch`]).
pub fn parse(machine: &str, text: &str) -> Result<MachineResults, InputError> {
    let label_ok = (1..=40).contains(&machine.len())
        && machine
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-');
    if !label_ok {
        return Err(InputError::new(
            "machine",
            machine,
            "the file name must be lower-case letters, digits and '-' (e.g. win11-23h2-vm.json)",
        ));
    }
    let probe = probe::parse_report(text).map_err(|e| {
        InputError::new(
            format!("{machine}.json {}", e.field).trim_end(),
            e.value,
            e.reason,
        )
    })?;
    let sys = &probe.system;
    if let Some(w) = &sys.wine {
        return Err(InputError::new(
            format!("{machine}.json system.wine"),
            w.clone(),
            "ran under Wine; Wine output is never evidence about Windows",
        ));
    }
    if sys.build == 0 || !sys.version.contains('.') {
        return Err(InputError::new(
            format!("{machine}.json system"),
            format!("{} build {}", sys.version, sys.build),
            "names no Windows version and build",
        ));
    }
    match &sys.date {
        Some(d) if is_date(d) => {}
        d => {
            return Err(InputError::new(
                format!("{machine}.json system.date"),
                d.clone().unwrap_or_default(),
                "needs the date the probe ran, YYYY-MM-DD (printed by sockbind probe)",
            ))
        }
    }
    // Evidence is read by step index: a step that is not its scenario's would be cited for
    // the wrong call.
    for (i, c) in probe.cases.iter().enumerate() {
        for (k, st) in c.steps.iter().enumerate() {
            if let Some(m) = c.mismatch(st) {
                let (key, args) = m.message_args(st);
                return Err(InputError::new(
                    format!("{machine}.json cases[{i}].steps[{k}]"),
                    "",
                    crate::text::message(crate::text::Lang::En, key, &args),
                ));
            }
        }
    }
    Ok(MachineResults {
        machine: machine.to_string(),
        probe,
    })
}

/// The committed files. Errors: the first file that does not read.
pub fn bundled() -> Result<Vec<MachineResults>, InputError> {
    BUNDLED.iter().map(|(n, t)| parse(n, t)).collect()
}

/// A machine in use as evidence, with its citation.
#[derive(Clone, Debug)]
pub struct Machine {
    /// Its results.
    pub results: MachineResults,
    /// How answers cite it (kind [`Evidence::TestedOnWindows`]).
    pub source: Source,
}

impl Machine {
    fn new(results: MachineResults) -> Machine {
        // Sources are `'static` like every other source; each machine is made once per
        // process for the bundled files (and once per `with_results` call), so these few strings live as long as the program anyway.
        let id: &'static str =
            Box::leak(format!("windows-results/{}", results.machine).into_boxed_str());
        let cite: &'static str = Box::leak(results.cite().into_boxed_str());
        Machine {
            source: Source {
                id,
                kind: Evidence::TestedOnWindows,
                cite,
            },
            results,
        }
    }
}

static BUNDLED_MACHINES: OnceLock<Vec<Machine>> = OnceLock::new();

thread_local! {
    static OVERRIDE: std::cell::RefCell<Option<std::rc::Rc<Vec<Machine>>>> =
        const { std::cell::RefCell::new(None) };
}

/// The bundled machines, read once (a bundled file that does not read is left out; the tests
/// make sure none does).
pub fn bundled_machines() -> &'static [Machine] {
    BUNDLED_MACHINES.get_or_init(|| {
        // A constant test: with no committed files the reader is not linked into the page.
        if BUNDLED.is_empty() {
            return vec![];
        }
        BUNDLED
            .iter()
            .filter_map(|(n, t)| parse(n, t).ok())
            .map(Machine::new)
            .collect()
    })
}

/// Runs `f` with the machines the evidence ladder uses on this thread: those of an enclosing
/// [`with_results`], else the bundled ones.
pub fn in_use<T>(f: impl FnOnce(&[Machine]) -> T) -> T {
    match OVERRIDE.with(|o| o.borrow().clone()) {
        Some(m) => f(&m),
        None => f(bundled_machines()),
    }
}

/// Runs `f` (on this thread) with `results` as the committed machines instead of the bundled
/// files: for tests on fixture files read with [`parse`], and for checking files before they
/// are committed.
pub fn with_results<T>(results: Vec<MachineResults>, f: impl FnOnce() -> T) -> T {
    let machines = std::rc::Rc::new(results.into_iter().map(Machine::new).collect());
    let previous = OVERRIDE.with(|o| o.replace(Some(machines)));
    let out = f();
    OVERRIDE.with(|o| o.replace(previous));
    out
}

/// The source of a machine in use, by id (`windows-results/<machine>`) or citation, for
/// reading verdict JSON back.
pub fn source_named(text: &str) -> Option<Source> {
    in_use(|ms| {
        ms.iter()
            .map(|m| m.source)
            .find(|s| s.id == text || s.cite == text)
    })
}

/// A pair of binds the matrix probes: each socket's address class and option, and the
/// protocol (one account, one port; two specific addresses on one stack are the same one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairKey {
    /// First bind's address class and option.
    pub first: (Class, OptionState),
    /// Second bind's address class and option.
    pub second: (Class, OptionState),
    /// TCP or UDP (both sockets).
    pub protocol: Protocol,
}

impl PairKey {
    /// The key of `second` bound while `first` holds the port, if the pair has the shape the
    /// probe tests ([`known::same_shape_as_tests`]).
    pub fn of_bindings(first: &Binding, second: &Binding) -> Option<PairKey> {
        known::same_shape_as_tests(first, second).then(|| PairKey {
            first: (known::class(first), first.option),
            second: (known::class(second), second.option),
            protocol: first.protocol,
        })
    }

    /// The key of a two-socket scenario bound in order (the matrix's pair cases); `None` for
    /// anything else.
    pub fn of(s: &Scenario) -> Option<PairKey> {
        if s.steps.is_some() || s.sockets.len() != 2 {
            return None;
        }
        let binding = |i: usize| -> Option<Binding> {
            let x = &s.sockets[i];
            let option = match x.options.as_slice() {
                [] => OptionState::Default,
                [o] => OptionState::ALL
                    .into_iter()
                    .find(|st| st.options() == vec![*o])?,
                _ => return None,
            };
            let address = LocalAddress::parse(&x.address, "address").ok()?;
            let protocol = x.protocol.unwrap_or(s.protocol);
            Some(Binding {
                dual_stack: x.dual_stack,
                ..Binding::new(i, option, address, x.port, protocol, &x.account)
            })
        };
        PairKey::of_bindings(&binding(0)?, &binding(1)?)
    }
}

/// What the machines of one platform observed for a pair's second bind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairObservation {
    /// Each machine's source with the result it observed, in machine order.
    pub observed: Vec<(Source, BindResult)>,
}

impl PairObservation {
    /// The one result every machine saw, or `None` when they disagree.
    pub fn agreed(&self) -> Option<BindResult> {
        let first = self.observed.first()?.1;
        self.observed
            .iter()
            .all(|(_, r)| *r == first)
            .then_some(first)
    }

    /// The machines that saw `result`.
    pub fn sources_for(&self, result: BindResult) -> Vec<Source> {
        self.observed
            .iter()
            .filter(|(_, r)| *r == result)
            .map(|(s, _)| *s)
            .collect()
    }

    /// The distinct results, in order of first appearance.
    pub fn results(&self) -> Vec<BindResult> {
        let mut v: Vec<BindResult> = vec![];
        for (_, r) in &self.observed {
            if !v.contains(r) {
                v.push(*r);
            }
        }
        v
    }
}

/// What `machines` of `platform` observed for case step `step` of any case `matches` accepts;
/// a step answered by a call other than `bind` (e.g. a failing `setsockopt`) or with a code
/// that is not a bind result is left out. `None` when no machine observed it.
fn observe_where(
    machines: &[Machine],
    platform: Platform,
    step: usize,
    matches: impl Fn(&probe::CaseReport) -> bool,
) -> Option<PairObservation> {
    let mut observed = vec![];
    for m in machines {
        if m.results.platform() != platform {
            continue;
        }
        for c in m.results.probe.cases.iter().filter(|c| matches(c)) {
            let Some(o) = c.steps.get(step).and_then(|s| s.observed.as_ref()) else {
                continue;
            };
            let result = BindResult::ALL.into_iter().find(|r| r.code() == o.code);
            if let (Some(r), "bind") = (result, o.call.as_str()) {
                observed.push((m.source, r));
            }
        }
    }
    (!observed.is_empty()).then_some(PairObservation { observed })
}

/// What `machines` of `platform` observed for `pair`'s second bind; `None` when no machine of
/// that platform probed it.
pub fn observe(machines: &[Machine], platform: Platform, pair: PairKey) -> Option<PairObservation> {
    observe_where(machines, platform, 1, |c| {
        PairKey::of(&c.scenario) == Some(pair)
    })
}

/// What `machines` of `platform` observed for the matrix's lingering case with `option` on
/// every socket (`lingering/<option>-rebind`): the bind of a second socket on the IPv4
/// wildcard while the first, closed, still has an accepted connection open (its step 3).
pub fn observe_lingering(
    machines: &[Machine],
    platform: Platform,
    option: OptionState,
) -> Option<PairObservation> {
    let id = format!("lingering/{}-rebind", option.key());
    observe_where(machines, platform, 3, |c| c.id == id)
}
