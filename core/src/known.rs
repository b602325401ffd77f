//! What is known beyond the article: the binds a public test suite asserts on real Windows,
//! the pairs public reports describe, the cells where sources disagree, and the evidence
//! ladder that picks each answer.
//!
//! The ladder ([`crate::evidence::LADDER`]), written once in [`assess`]: for current Windows
//! (the `windows-7` platform, "Windows 7 and newer"), a row [`TESTED`] on Windows decides;
//! else a pair at least two independent public reports agree on ([`REPORTED`]); else the
//! article; where the article is silent, Wine's re-implementation. The article's answer is
//! always kept as `documented`. Where the article's reading and our tested dual-stack rules
//! differ and neither tests nor reports decide, the tested rule is *extended* to the pair: the
//! outcome names it in `extended` (a marker, not a rung). Older platforms follow the article,
//! with later evidence listed as an alternative.

use crate::binding::{Binding, Finding, PairOutcome};
use crate::evidence::*;
use crate::platform::{Era, Platform};
use crate::result::BindResult;
use crate::rules::Rule;
use crate::socket::{Family, OptionState, Protocol};
use crate::stacks;
use crate::tables::CellKey;
use crate::windows_results;

/// The shape of a binding as the tests name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// IPv4 `0.0.0.0`.
    V4Wild,
    /// IPv4 specific address.
    V4Spec,
    /// IPv6-only `::`.
    V6Wild,
    /// IPv6-only specific address.
    V6Spec,
    /// Dual-stack `::`.
    DualWild,
    /// Dual-stack specific IPv6 address (not v4-mapped), e.g. `::1`.
    DualV6Spec,
    /// Dual-stack `::ffff:0.0.0.0`.
    DualMappedWild,
    /// Dual-stack `::ffff:a.b.c.d`.
    DualMappedSpec,
}

/// Classifies a binding.
pub fn class(b: &Binding) -> Class {
    let wild = b.address.0.is_unspecified();
    match (b.address.family(), b.dual_stack, stacks::v4_mapped(b)) {
        (Family::Ipv4, _, _) if wild => Class::V4Wild,
        (Family::Ipv4, _, _) => Class::V4Spec,
        (Family::Ipv6, true, Some(a)) if a.is_unspecified() => Class::DualMappedWild,
        (Family::Ipv6, true, Some(_)) => Class::DualMappedSpec,
        (Family::Ipv6, true, None) if wild => Class::DualWild,
        (Family::Ipv6, true, None) => Class::DualV6Spec,
        (Family::Ipv6, false, _) if wild => Class::V6Wild,
        (Family::Ipv6, false, _) => Class::V6Spec,
    }
}

/// One bind pair a public test asserts on Windows 7 and newer (same user account, TCP,
/// one port; "specific" means the same loopback address on both sides where both are on one
/// stack).
#[derive(Clone, Copy, Debug)]
pub struct TestedRow {
    /// First socket: address class and option.
    pub first: (Class, OptionState),
    /// Second socket: address class and option.
    pub second: (Class, OptionState),
    /// What the second bind returns on Windows.
    pub result: BindResult,
    /// The test.
    pub source: Source,
}

const D: OptionState = OptionState::Default;
const R: OptionState = OptionState::ReuseAddr;
const X: OptionState = OptionState::ExclusiveAddrUse;
const OK: BindResult = BindResult::Success;
const INUSE: BindResult = BindResult::AddrInUse;
const ACCESS: BindResult = BindResult::Access;

const fn row(
    first: (Class, OptionState),
    second: (Class, OptionState),
    result: BindResult,
    source: Source,
) -> TestedRow {
    TestedRow {
        first,
        second,
        result,
        source,
    }
}

use Class::*;

/// Every asserted row we rely on, from `wine-mirror/wine dlls/ws2_32/tests/sock.c`
/// (test_reuseaddr's first loop and `tests_exclusive` table, and test_ipv6only), none of them
/// marked `todo_wine`-only for Windows.
pub const TESTED: &[TestedRow] = &[
    // tests_exclusive, IPv4 on both sides
    row((V4Wild, X), (V4Spec, D), ACCESS, WINE_TEST_REUSEADDR),
    row((V4Wild, D), (V4Spec, X), OK, WINE_TEST_REUSEADDR),
    row((V4Wild, X), (V4Spec, X), ACCESS, WINE_TEST_REUSEADDR),
    row((V4Spec, X), (V4Wild, D), OK, WINE_TEST_REUSEADDR),
    row((V4Spec, D), (V4Wild, X), INUSE, WINE_TEST_REUSEADDR),
    row((V4Wild, D), (V4Wild, X), INUSE, WINE_TEST_REUSEADDR),
    row((V4Wild, D), (V4Wild, D), INUSE, WINE_TEST_REUSEADDR),
    row((V4Spec, X), (V4Spec, D), INUSE, WINE_TEST_REUSEADDR),
    row((V4Spec, D), (V4Spec, X), INUSE, WINE_TEST_REUSEADDR),
    // test_reuseaddr first loop, IPv4 and IPv6-only
    row((V4Spec, D), (V4Spec, R), ACCESS, WINE_TEST_REUSEADDR),
    row((V4Spec, R), (V4Spec, R), OK, WINE_TEST_REUSEADDR),
    row((V4Wild, D), (V4Spec, D), OK, WINE_TEST_REUSEADDR),
    row((V4Spec, D), (V4Wild, D), OK, WINE_TEST_REUSEADDR),
    row((V6Spec, D), (V6Spec, R), ACCESS, WINE_TEST_REUSEADDR),
    row((V6Spec, R), (V6Spec, R), OK, WINE_TEST_REUSEADDR),
    row((V6Wild, D), (V6Spec, D), OK, WINE_TEST_REUSEADDR),
    row((V6Spec, D), (V6Wild, D), OK, WINE_TEST_REUSEADDR),
    row((V6Wild, D), (V6Wild, D), INUSE, WINE_TEST_REUSEADDR),
    // tests_exclusive with dual-stack IPv6 sockets
    row((DualWild, X), (V4Spec, D), ACCESS, WINE_TEST_REUSEADDR),
    row((V4Spec, D), (DualWild, X), INUSE, WINE_TEST_REUSEADDR),
    row((DualV6Spec, D), (V4Wild, X), OK, WINE_TEST_REUSEADDR),
    row((DualV6Spec, X), (V4Spec, X), OK, WINE_TEST_REUSEADDR),
    row((DualMappedSpec, D), (V4Wild, X), INUSE, WINE_TEST_REUSEADDR),
    row((DualWild, X), (V4Wild, D), ACCESS, WINE_TEST_REUSEADDR),
    row((DualWild, D), (V4Wild, X), OK, WINE_TEST_REUSEADDR),
    row((DualWild, D), (V4Wild, D), OK, WINE_TEST_REUSEADDR),
    row((DualMappedWild, D), (V4Wild, D), INUSE, WINE_TEST_REUSEADDR),
    row((DualMappedSpec, D), (V4Spec, D), INUSE, WINE_TEST_REUSEADDR),
    row((V4Spec, D), (DualMappedSpec, D), INUSE, WINE_TEST_REUSEADDR),
    // test_ipv6only
    row((DualWild, X), (V4Wild, R), ACCESS, WINE_TEST_IPV6ONLY),
    row((V6Wild, D), (V4Wild, D), OK, WINE_TEST_IPV6ONLY),
];

/// One bind pair public reports of real Windows describe (TCP, one port, any accounts).
#[derive(Clone, Copy, Debug)]
pub struct ReportedRow {
    /// First socket: address class and option.
    pub first: (Class, OptionState),
    /// Second socket: address class and option.
    pub second: (Class, OptionState),
    /// What the second bind returns in the reports.
    pub result: BindResult,
    /// The reports (the rung needs two from different projects; one report is still cited).
    pub sources: &'static [Source],
}

/// Every reported pair the model relies on (see the sources for what each report saw).
pub const REPORTED: &[ReportedRow] = &[
    ReportedRow {
        first: (V4Wild, D),
        second: (DualWild, D),
        result: OK,
        sources: &[GRPC_16005, GO_45150],
    },
    ReportedRow {
        first: (V4Wild, R),
        second: (DualWild, D),
        result: OK,
        sources: &[SIMPLE_WEB_SERVER_26],
    },
    ReportedRow {
        first: (DualWild, D),
        second: (V4Wild, R),
        result: OK,
        sources: &[SIMPLE_WEB_SERVER_26],
    },
];

/// The reported row covering `first` then `second`, if any.
pub fn reported_row(first: &Binding, second: &Binding) -> Option<&'static ReportedRow> {
    if first.protocol != second.protocol {
        return None;
    }
    let (fc, sc) = (class(first), class(second));
    REPORTED
        .iter()
        .find(|r| r.first == (fc, first.option) && r.second == (sc, second.option))
}

/// The specific address a binding holds, mapped to IPv4 where it is v4-mapped.
fn effective_specific(b: &Binding) -> Option<std::net::IpAddr> {
    if let Some(a) = stacks::v4_mapped(b) {
        return (!a.is_unspecified()).then_some(std::net::IpAddr::V4(a));
    }
    (!b.address.0.is_unspecified()).then_some(b.address.0)
}

/// Whether a pair has the shape the tests and the probe matrix bind: one account, one
/// protocol, and two specific addresses on one stack are the same address.
pub fn same_shape_as_tests(first: &Binding, second: &Binding) -> bool {
    if first.account != second.account || first.protocol != second.protocol {
        return false;
    }
    if let (Some(a), Some(b)) = (effective_specific(first), effective_specific(second)) {
        if a.is_ipv4() == b.is_ipv4() && a != b {
            return false;
        }
    }
    true
}

/// The tested row covering `first` then `second`, if any (same account; two specific
/// addresses on one stack must be equal, as in the tests).
pub fn tested_row(first: &Binding, second: &Binding) -> Option<&'static TestedRow> {
    if !same_shape_as_tests(first, second) {
        return None;
    }
    let (fc, sc) = (class(first), class(second));
    TESTED
        .iter()
        .find(|r| r.first == (fc, first.option) && r.second == (sc, second.option))
}

/// An outcome every source agrees on (prose rules, call semantics).
pub fn agreed(f: Finding) -> PairOutcome {
    PairOutcome {
        result: f.result,
        rule: f.rule,
        table: f.table,
        sources: f.rule.sources(),
        evidence: f.rule.evidence(),
        documented: Some(f),
        alternatives: vec![],
        extended: None,
    }
}

/// A bind against a lingering row (a closed listener whose accepted connection is active).
///
/// Exclusive on both sides over an overlapping address: the article says the rebind fails
/// until the connection ends; two independent reports on Windows 7, 10 saw it succeed. On
/// current Windows the reports' rung decides, on older platforms the article, and the other
/// answer is an alternative either way.
pub fn lingering(
    platform: Platform,
    first: &Binding,
    second: &Binding,
    overlap: bool,
) -> PairOutcome {
    let base = lingering_public(platform, first, second, overlap);
    // The probe matrix's lingering cases: both sockets on the IPv4 wildcard with one option.
    let probed = same_shape_as_tests(first, second)
        && first.protocol == Protocol::Tcp
        && first.option == second.option
        && class(first) == V4Wild
        && class(second) == V4Wild;
    if !probed {
        return base;
    }
    let obs =
        windows_results::in_use(|m| windows_results::observe_lingering(m, platform, first.option));
    let findings = [
        Finding::prose(Rule::LingeringBlocksExclusiveRebind),
        Finding::prose(Rule::ExclusiveRebindAfterClose),
        Finding::prose(Rule::ClosedConnectionDoesNotBlock),
    ];
    let rule_for = |r: BindResult| findings.iter().find(|f| f.result == r).map(|f| f.rule);
    with_machines(base, obs, rule_for)
}

fn lingering_public(
    platform: Platform,
    first: &Binding,
    second: &Binding,
    overlap: bool,
) -> PairOutcome {
    if overlap
        && first.option == OptionState::ExclusiveAddrUse
        && second.option == OptionState::ExclusiveAddrUse
    {
        let article = Finding::prose(Rule::LingeringBlocksExclusiveRebind);
        let reports = Finding::prose(Rule::ExclusiveRebindAfterClose);
        debug_assert!(independent_reports(
            &Rule::ExclusiveRebindAfterClose.sources()
        ));
        if platform == Platform::Windows7 {
            return PairOutcome {
                result: reports.result,
                rule: reports.rule,
                table: None,
                evidence: Evidence::Reports,
                sources: reports.rule.sources(),
                documented: Some(article),
                alternatives: vec![],
                extended: None,
            };
        }
        return PairOutcome {
            result: article.result,
            rule: article.rule,
            table: None,
            documented: Some(article),
            evidence: Evidence::Disputed,
            sources: vec![ARTICLE_EXCLUSIVE],
            alternatives: vec![Alternative {
                id: "lingering-experiments".into(),
                result: BindResult::Success,
                evidence: Evidence::Reports,
                sources: vec![TRIO_LINGER_EXPERIMENT, BITCOIN_36169],
                note: Alternative::note_for("lingering-experiments"),
                rule: Some(Rule::ExclusiveRebindAfterClose),
            }],
            extended: None,
        };
    }
    let f = Finding::prose(Rule::ClosedConnectionDoesNotBlock);
    PairOutcome {
        result: f.result,
        rule: f.rule,
        table: None,
        documented: None,
        evidence: Evidence::Reports,
        sources: f.rule.sources(),
        alternatives: vec![],
        extended: None,
    }
}

/// The disagreement on a documented cell, if this pair lands on one (2003-and-later era,
/// both sockets plain, one stack).
fn disputed_cell(
    platform: Platform,
    first: &Binding,
    second: &Binding,
    d: &Finding,
) -> Option<Alternative> {
    if platform.era() != Era::Server2003AndLater || first.dual_stack || second.dual_stack {
        return None;
    }
    use crate::socket::AddressKind::{Specific, Wildcard};
    use OptionState::{Default, ExclusiveAddrUse, ReuseAddr};
    let t = d.table.as_ref()?;
    let key = |k: CellKey| (k.option, k.address);
    match (key(t.row), key(t.column)) {
        ((ExclusiveAddrUse, Wildcard), (Default | ExclusiveAddrUse, Wildcard)) => {
            Some(Alternative {
                id: "wine-exclusive-wildcard".into(),
                result: BindResult::Access,
                evidence: Evidence::Implementation,
                sources: vec![WINE_SERVER_CHECK],
                note: Alternative::note_for("wine-exclusive-wildcard"),
                rule: None,
            })
        }
        ((ReuseAddr, Specific), (Default, Specific)) => Some(Alternative {
            id: "wsk-reuseaddr-specific".into(),
            result: BindResult::Access,
            evidence: Evidence::Documented,
            sources: vec![WSK_SHARING],
            note: Alternative::note_for("wsk-reuseaddr-specific"),
            rule: None,
        }),
        _ => None,
    }
}

/// Picks the best-known result for a pair by the evidence ladder and names the rung (module
/// docs). `observed` is our model of current Windows (the tested rules, generalised);
/// `documented` the article's reading, `None` where it is silent. Committed results from real
/// Windows ([`windows_results`]) then weigh in as tests on Windows ([`with_machines`]).
pub fn assess(
    platform: Platform,
    first: &Binding,
    second: &Binding,
    observed: Finding,
    documented: Option<Finding>,
) -> PairOutcome {
    let obs = windows_results::PairKey::of_bindings(first, second)
        .and_then(|k| windows_results::in_use(|m| windows_results::observe(m, platform, k)));
    let findings: Vec<Finding> = [Some(observed.clone()), documented.clone()]
        .into_iter()
        .flatten()
        .collect();
    let base = assess_public(platform, first, second, observed, documented);
    let rule_for = |r: BindResult| findings.iter().find(|f| f.result == r).map(|f| f.rule);
    with_machines(base, obs, rule_for)
}

/// Weighs what committed machines observed ([`windows_results`]) against `base`, the answer
/// of the public sources; `rule_for` names the rule behind a result other than `base`'s where
/// the model has one.
///
/// - Every machine saw `base`'s result: the answer is tested on Windows, citing the machines
///   (only another Windows source that disagrees keeps it disputed).
/// - Every machine saw another result and `base` rests on no public test on Windows (reports,
///   the article, Wine, or a tested rule extended to the pair): the machines decide, where a
///   rule of the model explains their result.
/// - Otherwise (machines against a public test on Windows, machines against each other, or a
///   result no rule explains): `base` stays, marked disputed, with each other observed result
///   as the alternative `windows-results`.
pub fn with_machines(
    mut base: PairOutcome,
    obs: Option<windows_results::PairObservation>,
    rule_for: impl Fn(BindResult) -> Option<Rule>,
) -> PairOutcome {
    let Some(obs) = obs else { return base };
    let (base_result, base_rule) = (base.result, base.rule);
    let rule_for = |r: BindResult| {
        if r == base_result {
            Some(base_rule)
        } else {
            rule_for(r)
        }
    };
    let publicly_tested = base.evidence == Evidence::TestedOnWindows && base.extended.is_none();
    let settle = |mut o: PairOutcome| {
        o.alternatives
            .retain(|a| a.evidence == Evidence::TestedOnWindows && a.result != o.result);
        o.evidence = if o.alternatives.is_empty() {
            Evidence::TestedOnWindows
        } else {
            Evidence::Disputed
        };
        o.extended = None;
        o.sources.dedup();
        o
    };
    match obs.agreed() {
        Some(r) if r == base.result => {
            base.sources.extend(obs.sources_for(r));
            settle(base)
        }
        Some(r) if !publicly_tested && rule_for(r).is_some() => {
            let rule = rule_for(r).expect("checked");
            let mut sources = base
                .documented
                .as_ref()
                .map(|d| d.rule.sources())
                .unwrap_or_default();
            sources.extend(obs.sources_for(r));
            settle(PairOutcome {
                result: r,
                rule,
                sources,
                ..base
            })
        }
        _ => {
            for r in obs.results() {
                if r == base.result {
                    base.sources.extend(obs.sources_for(r));
                    continue;
                }
                base.alternatives.push(Alternative {
                    id: "windows-results".into(),
                    result: r,
                    evidence: Evidence::TestedOnWindows,
                    sources: obs.sources_for(r),
                    note: Alternative::note_for("windows-results"),
                    rule: rule_for(r),
                });
            }
            base.evidence = Evidence::Disputed;
            base
        }
    }
}

fn assess_public(
    platform: Platform,
    first: &Binding,
    second: &Binding,
    observed: Finding,
    documented: Option<Finding>,
) -> PairOutcome {
    let current = platform == Platform::Windows7;
    let doc_sources = || {
        documented
            .as_ref()
            .map(|d| d.rule.sources())
            .unwrap_or_default()
    };
    let table = documented.as_ref().and_then(|d| d.table).or(observed.table);
    let row = tested_row(first, second);
    // Rung 1: a test on Windows.
    if let (Some(row), true) = (row, current) {
        let mut sources = doc_sources();
        sources.push(row.source);
        return PairOutcome {
            result: observed.result,
            rule: observed.rule,
            table,
            documented,
            evidence: Evidence::TestedOnWindows,
            sources,
            alternatives: vec![],
            extended: None,
        };
    }
    let reported = reported_row(first, second).filter(|r| r.result == observed.result);
    // Rung 2: at least two independent reports that agree.
    if let (Some(r), true) = (reported, current) {
        if independent_reports(r.sources) {
            let mut sources = doc_sources();
            sources.extend(r.sources.iter().copied());
            return PairOutcome {
                result: observed.result,
                rule: observed.rule,
                table,
                documented,
                evidence: Evidence::Reports,
                sources,
                alternatives: vec![],
                extended: None,
            };
        }
    }
    // Rung 4 (the article is silent): Wine's re-implementation.
    let Some(d) = documented else {
        return PairOutcome {
            result: observed.result,
            rule: observed.rule,
            table: observed.table,
            documented: None,
            evidence: Evidence::Implementation,
            sources: vec![WINE_SERVER_CHECK],
            alternatives: vec![],
            extended: None,
        };
    };
    // No test or reports decide, and our tested rule reads the pair differently from the
    // article: on current Windows the tested rule is extended to the pair (and says so).
    if current
        && observed.result != d.result
        && observed.rule.evidence() == Evidence::TestedOnWindows
    {
        let mut sources = d.rule.sources();
        sources.extend(observed.rule.sources().into_iter().skip(1));
        if let Some(r) = reported {
            sources.extend(r.sources.iter().copied());
        }
        sources.dedup();
        return PairOutcome {
            result: observed.result,
            rule: observed.rule,
            table,
            documented: Some(d),
            evidence: Evidence::TestedOnWindows,
            sources,
            alternatives: vec![],
            extended: Some(observed.rule),
        };
    }
    // Rung 3: the article, with any other answer as an alternative.
    let mut alternatives: Vec<Alternative> = disputed_cell(platform, first, second, &d)
        .into_iter()
        .collect();
    if observed.result != d.result {
        let on_later = row.is_some() && platform.has_enhanced_socket_security();
        let id = if on_later {
            "tested-on-later-windows"
        } else {
            "wine-behaviour"
        };
        alternatives.push(Alternative {
            id: id.into(),
            result: observed.result,
            evidence: if on_later {
                Evidence::TestedOnWindows
            } else {
                Evidence::Implementation
            },
            sources: if on_later {
                vec![row.expect("checked").source]
            } else {
                vec![WINE_SERVER_CHECK]
            },
            note: Alternative::note_for(id),
            rule: Some(observed.rule),
        });
    }
    PairOutcome {
        result: d.result,
        rule: d.rule,
        table: d.table,
        evidence: if alternatives.is_empty() {
            Evidence::Documented
        } else {
            Evidence::Disputed
        },
        sources: d.rule.sources(),
        documented: Some(d),
        alternatives,
        extended: None,
    }
}
