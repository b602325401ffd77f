//! The decision: the outcome of `setsockopt` calls on one socket, and of its `bind` against
//! one socket already bound.
//!
//! The documented cells follow from these rules (each checked against every cell of the
//! tables by the generated tests in `core/tests/documented_cells.rs`):
//!
//! Windows XP and earlier (addresses overlap whenever one is the wildcard or both are equal):
//! 1. second sets `SO_REUSEADDR`, first set `SO_EXCLUSIVEADDRUSE` → `WSAEACCES`
//! 2. second sets `SO_REUSEADDR` otherwise → success
//! 3. anything else → `WSAEADDRINUSE`
//!
//! Windows Server 2003 and later:
//! - same address (both wildcard, or the same specific address), either account:
//!   both `SO_REUSEADDR` → success; second alone `SO_REUSEADDR` → `WSAEACCES`; else `WSAEADDRINUSE`
//! - first specific, second wildcard: second exclusive → `WSAEADDRINUSE`; else success
//! - first wildcard, second specific: first exclusive → `WSAEACCES`; same account → success;
//!   different accounts → success only if both set `SO_REUSEADDR`, else `WSAEACCES`
//!
//! Source: article "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE", its three tables and the
//! prose around them.

pub use crate::binding::{Binding, Finding, PairOutcome};
use crate::error::InputError;
use crate::known;
use crate::platform::{Era, Platform};
use crate::result::BindResult;
use crate::rules::Rule;
use crate::socket::{OptionState, SockOpt};
use crate::stacks::{self, Endpoint, Via};
use crate::tables::{CellKey, TableId, TableRef};

/// Applies a socket's options, in order, as `setsockopt` calls would.
///
/// In: platform, the options in call order, whether the owning account is in Administrators.
/// Out: the resulting [`OptionState`], or the failing call's error and rule:
/// - `WSAENOPROTOOPT` (10042), [`Rule::ExclusiveUnavailable`]: `SO_EXCLUSIVEADDRUSE` where it
///   does not exist (availability table);
/// - `WSAEACCES` (10013), [`Rule::ExclusiveAdminOnly`]: a non-administrator on XP and earlier
///   (article, "Using SO_EXCLUSIVEADDRUSE");
/// - `WSAEINVAL` (10022), [`Rule::ConflictingOptions`]: the second of the two sharing options,
///   whichever order. Setting the same option twice is harmless.
pub fn apply_options(
    platform: Platform,
    options: &[SockOpt],
    admin: bool,
) -> Result<OptionState, (BindResult, Rule)> {
    options
        .iter()
        .try_fold(OptionState::Default, |state, &opt| {
            set_option(platform, state, opt, admin)
        })
}

/// One `setsockopt` call on a socket whose options are `state`: the new state, or the call's
/// error and rule (see [`apply_options`]). A failed call changes nothing.
pub fn set_option(
    platform: Platform,
    state: OptionState,
    opt: SockOpt,
    admin: bool,
) -> Result<OptionState, (BindResult, Rule)> {
    if opt == SockOpt::ExclusiveAddrUse {
        if !platform.has_exclusiveaddruse() {
            return Err((BindResult::NoProtoOpt, Rule::ExclusiveUnavailable));
        }
        if platform.exclusiveaddruse_needs_admin() && !admin {
            return Err((BindResult::Access, Rule::ExclusiveAdminOnly));
        }
    }
    let next = match opt {
        SockOpt::ReuseAddr => OptionState::ReuseAddr,
        SockOpt::ExclusiveAddrUse => OptionState::ExclusiveAddrUse,
    };
    if state != OptionState::Default && state != next {
        return Err((BindResult::Inval, Rule::ConflictingOptions));
    }
    Ok(next)
}

/// The option state a socket binds with when its program ignores failed `setsockopt` calls:
/// a failed call leaves the socket open with the options it had before ([`set_option`]),
/// and later calls still run. Source: public reports (cpp-httplib#2011, libtorrent#1981,
/// mongoose#2204) of programs that set both sharing options and bound with the first.
pub fn effective_options(platform: Platform, options: &[SockOpt], admin: bool) -> OptionState {
    options.iter().fold(OptionState::Default, |state, &opt| {
        set_option(platform, state, opt, admin).unwrap_or(state)
    })
}

/// Which documented table governs a pair on `platform` for these two accounts.
pub fn table_for(platform: Platform, same_account: bool) -> TableId {
    match (platform.era(), same_account) {
        (Era::XpAndEarlier, _) => TableId::XpAndEarlier,
        (Era::Server2003AndLater, true) => TableId::Later2003SameUser,
        (Era::Server2003AndLater, false) => TableId::Later2003DifferentUser,
    }
}

/// Decides whether `second` may bind while `first` is bound, on `platform`.
///
/// Prose rules come first (different protocol, port, ephemeral port 0); lingering rows next;
/// then each address the two hold on each stack ([`stacks`]) is compared with the era's table
/// rules. The article's reading ([`stacks::documented`]) and the tested one
/// ([`stacks::observed`]) are computed separately; [`known::assess`] picks the best-known
/// result and names the evidence.
pub fn decide_pair(platform: Platform, first: &Binding, second: &Binding) -> PairOutcome {
    if first.protocol != second.protocol {
        return known::agreed(Finding::prose(Rule::DifferentProtocol));
    }
    if first.port == 0 || second.port == 0 {
        return known::agreed(Finding::prose(Rule::EphemeralPort));
    }
    if first.port != second.port {
        return known::agreed(Finding::prose(Rule::DifferentPort));
    }
    if first.lingering {
        return known::lingering(
            platform,
            first,
            second,
            any_overlap(&stacks::observed(first), &stacks::observed(second)),
        );
    }
    let observed = compare(
        platform,
        first,
        &stacks::observed(first),
        second,
        &stacks::observed(second),
        true,
    );
    let documented = match (stacks::documented(first), stacks::documented(second)) {
        (Some(a), Some(b)) => Some(documented_reading(platform, first, &a, second, &b)),
        _ => None,
    };
    known::assess(platform, first, second, observed, documented)
}

fn any_overlap(a: &[Endpoint], b: &[Endpoint]) -> bool {
    a.iter().any(|x| b.iter().any(|y| x.overlaps(y)))
}

/// The article's reading, including its dual-stack example (exclusive dual-stack wildcard
/// after an IPv4 binding: `WSAEACCES`).
fn documented_reading(
    platform: Platform,
    first: &Binding,
    a: &[Endpoint],
    second: &Binding,
    b: &[Endpoint],
) -> Finding {
    let reading = compare(platform, first, a, second, b, false);
    let example = stacks::is_dual_wildcard(second)
        && second.option == OptionState::ExclusiveAddrUse
        && !first.dual_stack
        && first.address.family() == crate::socket::Family::Ipv4;
    if example {
        return Finding {
            table: reading.table,
            ..Finding::prose(Rule::DualStackArticleExample)
        };
    }
    reading
}

/// Compares every pair of endpoints on the same stack with the era's table rules; the first
/// refusal wins, else the first overlapping pair's success, else a no-overlap prose rule.
/// With `observed`, an IPv4 side held by an exclusive dual-stack wildcard refuses every IPv4
/// bind ([`Rule::DualStackExclusiveHoldsIpv4`]).
fn compare(
    platform: Platform,
    first: &Binding,
    a: &[Endpoint],
    second: &Binding,
    b: &[Endpoint],
    observed: bool,
) -> Finding {
    let same_account = first.account == second.account;
    let mut success: Option<Finding> = None;
    let mut same_stack = false;
    for ea in a {
        for eb in b {
            if ea.family != eb.family {
                continue;
            }
            same_stack = true;
            if !ea.overlaps(eb) {
                continue;
            }
            let fk = CellKey {
                option: first.option,
                address: ea.kind(),
            };
            let sk = CellKey {
                option: second.option,
                address: eb.kind(),
            };
            let table = Some(TableRef {
                id: table_for(platform, same_account),
                row: fk,
                column: sk,
            });
            let rule = if observed && ea.via == Via::DualStackWildcard {
                Rule::DualStackExclusiveHoldsIpv4
            } else {
                table_rule(platform.era(), fk, sk, same_account)
            };
            let f = Finding {
                result: rule.result(),
                rule,
                table,
            };
            if !f.result.is_success() {
                return f;
            }
            success.get_or_insert(f);
        }
    }
    if let Some(f) = success {
        return f;
    }
    let unclaimed = |d: &Binding, o: &Binding| {
        stacks::is_dual_wildcard(d)
            && d.option != OptionState::ExclusiveAddrUse
            && stacks::holds_ipv4(o)
    };
    if observed && (unclaimed(first, second) || unclaimed(second, first)) {
        Finding::prose(Rule::DualStackIpv4SideUnclaimed)
    } else if same_stack {
        Finding::prose(Rule::DifferentSpecificAddresses)
    } else {
        Finding::prose(Rule::DifferentFamily)
    }
}

/// The table rules for two overlapping addresses on one stack: `first` (row) then `second`
/// (column), in `era`. This is what reproduces the 108 documented cells.
pub fn table_rule(era: Era, first: CellKey, second: CellKey, same_account: bool) -> Rule {
    match era {
        Era::XpAndEarlier => legacy_rule(first.option, second.option),
        Era::Server2003AndLater => enhanced_rule(first, second, same_account),
    }
}

/// XP and earlier: only `SO_REUSEADDR` on the second socket lets it in, and only if the first
/// did not claim exclusive use. Address kinds do not matter once the addresses overlap.
fn legacy_rule(first: OptionState, second: OptionState) -> Rule {
    match (first, second) {
        (OptionState::ExclusiveAddrUse, OptionState::ReuseAddr) => {
            Rule::LegacyExclusiveRefusesReuse
        }
        (_, OptionState::ReuseAddr) => Rule::LegacyReuseForcesShare,
        _ => Rule::LegacyPortInUse,
    }
}

/// Server 2003 and later (enhanced socket security). Addresses overlap here (module docs).
fn enhanced_rule(first: CellKey, second: CellKey, same_account: bool) -> Rule {
    use crate::socket::AddressKind::*;
    use OptionState::*;
    match (first.address, second.address) {
        (Wildcard, Wildcard) | (Specific, Specific) => match (first.option, second.option) {
            (ReuseAddr, ReuseAddr) => Rule::BothReuseShare,
            (_, ReuseAddr) => Rule::ReuseNeedsFirstConsent,
            _ => Rule::SameAddressInUse,
        },
        (Specific, Wildcard) => {
            if second.option == ExclusiveAddrUse {
                Rule::ExclusiveWildcardNeedsFreePort
            } else {
                Rule::WildcardBesideSpecific
            }
        }
        (Wildcard, Specific) => {
            if first.option == ExclusiveAddrUse {
                Rule::ExclusiveWildcardGuardsPort
            } else if same_account {
                Rule::SameUserSpecificUnderWildcard
            } else if first.option == ReuseAddr && second.option == ReuseAddr {
                Rule::OtherUserBothReuse
            } else {
                Rule::OtherUserSpecificUnderWildcard
            }
        }
    }
}

/// A representative platform for a table (see [`TableId::representative_platform`]).
pub fn representative_platform(table: TableId) -> Platform {
    table.representative_platform()
}

/// Parses a table choice as the CLI and page give it: a platform and `same`/`different`
/// accounts. Errors: [`InputError`] for an unknown accounts word.
pub fn table_for_choice(platform: Platform, accounts: &str) -> Result<TableId, InputError> {
    match accounts {
        "same" => Ok(table_for(platform, true)),
        "different" => Ok(table_for(platform, false)),
        other => Err(InputError::new(
            "accounts",
            other,
            "expected same or different",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setting_both_sharing_options_fails_whichever_order() {
        use SockOpt::*;
        for opts in [[ReuseAddr, ExclusiveAddrUse], [ExclusiveAddrUse, ReuseAddr]] {
            assert_eq!(
                apply_options(Platform::Windows7, &opts, true),
                Err((BindResult::Inval, Rule::ConflictingOptions))
            );
        }
        assert_eq!(
            apply_options(Platform::Windows7, &[ReuseAddr, ReuseAddr], true),
            Ok(OptionState::ReuseAddr)
        );
    }

    #[test]
    fn a_failed_call_leaves_the_options_it_found() {
        use SockOpt::*;
        let p = Platform::Windows7;
        assert_eq!(
            effective_options(p, &[ReuseAddr, ExclusiveAddrUse], true),
            OptionState::ReuseAddr
        );
        assert_eq!(
            effective_options(p, &[ExclusiveAddrUse, ReuseAddr], true),
            OptionState::ExclusiveAddrUse
        );
        assert_eq!(
            effective_options(Platform::Windows98, &[ExclusiveAddrUse, ReuseAddr], true),
            OptionState::ReuseAddr
        );
        assert_eq!(
            effective_options(Platform::WindowsXp, &[ExclusiveAddrUse], false),
            OptionState::Default
        );
    }

    #[test]
    fn exclusiveaddruse_missing_before_nt4_sp4() {
        for p in [
            Platform::Windows95,
            Platform::Windows98,
            Platform::WindowsMe,
            Platform::WindowsNt4,
        ] {
            assert_eq!(
                apply_options(p, &[SockOpt::ExclusiveAddrUse], true),
                Err((BindResult::NoProtoOpt, Rule::ExclusiveUnavailable))
            );
            assert_eq!(
                apply_options(p, &[SockOpt::ReuseAddr], true),
                Ok(OptionState::ReuseAddr)
            );
        }
        assert_eq!(
            apply_options(Platform::WindowsNt4Sp4, &[SockOpt::ExclusiveAddrUse], true),
            Ok(OptionState::ExclusiveAddrUse)
        );
    }

    #[test]
    fn exclusiveaddruse_admin_only_up_to_xp() {
        for p in [
            Platform::WindowsNt4Sp4,
            Platform::Windows2000,
            Platform::WindowsXp,
        ] {
            assert_eq!(
                apply_options(p, &[SockOpt::ExclusiveAddrUse], false),
                Err((BindResult::Access, Rule::ExclusiveAdminOnly)),
                "{p}"
            );
        }
        for p in [Platform::WindowsServer2003, Platform::Windows7] {
            assert_eq!(
                apply_options(p, &[SockOpt::ExclusiveAddrUse], false),
                Ok(OptionState::ExclusiveAddrUse)
            );
        }
    }

    #[test]
    fn accounts_choice_is_validated() {
        assert_eq!(
            table_for_choice(Platform::Windows7, "different").unwrap(),
            TableId::Later2003DifferentUser
        );
        assert_eq!(
            table_for_choice(Platform::Windows98, "different").unwrap(),
            TableId::XpAndEarlier
        );
        assert!(table_for_choice(Platform::Windows7, "both").is_err());
    }
}
