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

use serde::Serialize;

use crate::error::InputError;
use crate::platform::{Era, Platform};
use crate::result::BindResult;
use crate::rules::Rule;
use crate::socket::{AddressKind, LocalAddress, OptionState, Protocol, SockOpt};
use crate::tables::{CellKey, TableId, TableRef};

/// One socket that holds (or asks for) a port: what the bind decision compares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Binding {
    /// Index of the socket in its scenario (0-based).
    pub socket: usize,
    /// The option state it bound with.
    pub option: OptionState,
    /// Local address (wildcard or specific).
    #[serde(serialize_with = "ser_addr")]
    pub address: LocalAddress,
    /// Port number (0 = ephemeral).
    pub port: u16,
    /// TCP or UDP.
    pub protocol: Protocol,
    /// Owning user account name (equal names = same account).
    pub account: String,
}

fn ser_addr<S: serde::Serializer>(a: &LocalAddress, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(a)
}

impl Binding {
    /// This binding's row/column key in the documented tables.
    pub fn cell_key(&self) -> CellKey {
        CellKey {
            option: self.option,
            address: self.address.kind(),
        }
    }
}

/// What one comparison (new socket vs one bound socket) concluded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairOutcome {
    /// Success or the error.
    pub result: BindResult,
    /// The rule that fired.
    pub rule: Rule,
    /// The documented cell covering this pair, when a table covers it.
    pub table: Option<TableRef>,
}

impl PairOutcome {
    fn prose(rule: Rule) -> PairOutcome {
        PairOutcome {
            result: rule.result(),
            rule,
            table: None,
        }
    }
}

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
    let mut state = OptionState::Default;
    for &opt in options {
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
        state = next;
    }
    Ok(state)
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
/// Prose rules come first (different protocol, port, family or specific addresses, and
/// ephemeral port 0 never clash); otherwise the pair is covered by a documented table and the
/// era's rules (module docs) decide, with the covering cell in [`PairOutcome::table`].
pub fn decide_pair(platform: Platform, first: &Binding, second: &Binding) -> PairOutcome {
    if first.protocol != second.protocol {
        return PairOutcome::prose(Rule::DifferentProtocol);
    }
    if first.port == 0 || second.port == 0 {
        return PairOutcome::prose(Rule::EphemeralPort);
    }
    if first.port != second.port {
        return PairOutcome::prose(Rule::DifferentPort);
    }
    if first.address.family() != second.address.family() {
        return PairOutcome::prose(Rule::DifferentFamily);
    }
    let (fk, sk) = (first.address.kind(), second.address.kind());
    if fk == AddressKind::Specific && sk == AddressKind::Specific && first.address != second.address
    {
        return PairOutcome::prose(Rule::DifferentSpecificAddresses);
    }
    let same_account = first.account == second.account;
    let table = table_for(platform, same_account);
    let rule = match platform.era() {
        Era::XpAndEarlier => legacy_rule(first.option, second.option),
        Era::Server2003AndLater => enhanced_rule(first, second, same_account),
    };
    PairOutcome {
        result: rule.result(),
        rule,
        table: Some(TableRef {
            id: table,
            row: first.cell_key().key(),
            column: second.cell_key().key(),
        }),
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
fn enhanced_rule(first: &Binding, second: &Binding, same_account: bool) -> Rule {
    use AddressKind::*;
    use OptionState::*;
    match (first.address.kind(), second.address.kind()) {
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

/// A representative platform for a table: Windows XP for `xp_and_earlier`, Windows 7 for the
/// 2003-and-later tables.
pub fn representative_platform(table: TableId) -> Platform {
    match table {
        TableId::XpAndEarlier => Platform::WindowsXp,
        _ => Platform::Windows7,
    }
}

/// Computes one cell of `table` from the rules (not from the documented data): the first socket
/// binds per `first`, the second per `second`, on TCP port 5150, with wildcard `0.0.0.0` and
/// specific `10.0.0.1`, and accounts equal or not as the table says.
pub fn computed_cell(table: TableId, first: CellKey, second: CellKey) -> PairOutcome {
    let make = |socket: usize, key: CellKey, account: &str| Binding {
        socket,
        option: key.option,
        address: LocalAddress::parse(
            match key.address {
                AddressKind::Wildcard => "0.0.0.0",
                AddressKind::Specific => "10.0.0.1",
            },
            "address",
        )
        .expect("literal addresses parse"),
        port: 5150,
        protocol: Protocol::Tcp,
        account: account.to_string(),
    };
    let second_account = if table == TableId::Later2003DifferentUser {
        "user-b"
    } else {
        "user-a"
    };
    decide_pair(
        representative_platform(table),
        &make(0, first, "user-a"),
        &make(1, second, second_account),
    )
}

/// The whole 6×6 table computed by the rules: `rows[first][second]`, in the article's order.
pub fn computed_table(table: TableId) -> Vec<Vec<PairOutcome>> {
    CellKey::all()
        .into_iter()
        .map(|r| {
            CellKey::all()
                .into_iter()
                .map(|c| computed_cell(table, r, c))
                .collect()
        })
        .collect()
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
