//! The named rules that decide a `setsockopt`, `bind` or `listen` outcome: one table, one row
//! per rule, in the spirit of the `http` crate's status-code table.
//!
//! Each row gives the rule's variant, its stable id, the result it gives, the article
//! section it rests on ([`Section`]), the kind of evidence behind it ([`Evidence`]) and any
//! sources beyond that section. Everything else — [`Rule::ALL`], [`Rule::id`],
//! [`Rule::from_id`], serde, [`Rule::result`], [`Rule::section`], [`Rule::sources`] and the
//! catalog key of the explanation ([`Rule::explanation_key`]) — is generated from the row.
//! The explanation itself lives only in the message catalogs (`core/locales/*.ftl`).
//!
//! The 108 documented cells follow from three rules in the XP-and-earlier era and nine in the
//! Server-2003-and-later era (see [`crate::decision`]); the remaining rules come from the
//! article's prose, the availability table and the Winsock reference pages.

use crate::evidence::{self, Evidence, Source};
use crate::result::BindResult;

/// The article every rule cites.
pub const ARTICLE: &str = "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE";

crate::id_enum! {
    /// The part of the article (or other reference) a rule rests on. Serialized as its id,
    /// which is also the catalog key suffix (`section-<id>`).
    pub enum Section {
        /// The availability table at the top of the article.
        Availability = "availability",
        /// "Using SO_REUSEADDR".
        ReuseAddr = "reuseaddr",
        /// "Using SO_EXCLUSIVEADDRUSE" (XP table, table notes, two interfaces, closing).
        ExclusiveAddrUse = "exclusiveaddruse",
        /// "Enhanced Socket Security" (2003-and-later tables, dual-stack paragraph).
        Enhanced = "enhanced",
        /// "Application Strategies" (ephemeral ports).
        Strategies = "strategies",
        /// Microsoft's reference pages for bind, listen and closesocket (not the article).
        WinsockReference = "winsock-reference",
    }
}

impl Section {
    /// The source this section is cited as.
    pub fn source(self) -> Source {
        match self {
            Section::Availability => evidence::ARTICLE_AVAILABILITY,
            Section::ReuseAddr => evidence::ARTICLE_REUSEADDR,
            Section::ExclusiveAddrUse => evidence::ARTICLE_EXCLUSIVE,
            Section::Enhanced => evidence::ARTICLE_ENHANCED,
            Section::Strategies => evidence::ARTICLE_STRATEGIES,
            Section::WinsockReference => evidence::WINSOCK_REFERENCE,
        }
    }

    /// The catalog key of the section's title, `section-<id>`.
    pub fn key(self) -> String {
        format!("section-{}", self.id())
    }
}

/// One row of the rule table.
#[derive(Clone, Copy, Debug)]
pub struct RuleRow {
    /// The rule.
    pub rule: Rule,
    /// Its stable kebab-case id.
    pub id: &'static str,
    /// The result it gives.
    pub result: BindResult,
    /// The article section (or reference) it rests on.
    pub section: Section,
    /// What kind of evidence backs it when it fires on its own.
    pub evidence: Evidence,
    /// Sources beyond the section's own citation.
    pub more_sources: &'static [Source],
    /// The catalog key of its explanation, `rule-<id>`.
    pub explanation_key: &'static str,
}

macro_rules! rule_table {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $id:literal, $result:ident, $section:ident, $evidence:ident, [$($src:ident),*];
    )*) => {
        /// A rule that fired. Serialized as its kebab-case id (see [`Rule::id`]).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Rule {
            $( $(#[$doc])* $variant, )*
        }

        /// The rule table: one row per rule, in [`Rule::ALL`] order.
        pub const RULES: &[RuleRow] = &[
            $( RuleRow {
                rule: Rule::$variant,
                id: $id,
                result: BindResult::$result,
                section: Section::$section,
                evidence: Evidence::$evidence,
                more_sources: &[$(evidence::$src),*],
                explanation_key: concat!("rule-", $id),
            }, )*
        ];

        impl Rule {
            /// Every rule, in table order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];
        }
    };
}

rule_table! {
    // ---- setsockopt ----
    /// `SO_EXCLUSIVEADDRUSE` does not exist on this platform → `WSAENOPROTOOPT`.
    ExclusiveUnavailable = "exclusiveaddruse-unavailable", NoProtoOpt, Availability, Documented, [];
    /// XP and earlier: a non-administrator sets `SO_EXCLUSIVEADDRUSE` → `WSAEACCES`.
    ExclusiveAdminOnly = "exclusiveaddruse-admin-only", Access, ExclusiveAddrUse, Documented, [];
    /// Both `SO_REUSEADDR` and `SO_EXCLUSIVEADDRUSE` on one socket → `WSAEINVAL` on the second.
    ConflictingOptions = "conflicting-options", Inval, ExclusiveAddrUse, Documented, [];
    // ---- bind, no conflict possible ----
    /// Nothing else is bound to this port and protocol.
    PortFree = "port-free", Success, ReuseAddr, Documented, [];
    /// TCP and UDP ports are separate.
    DifferentProtocol = "different-protocol", Success, ReuseAddr, Documented, [];
    /// The other binding is on another port.
    DifferentPort = "different-port", Success, ReuseAddr, Documented, [];
    /// Port 0 asks the stack for an unused ephemeral port.
    EphemeralPort = "ephemeral-port", Success, Strategies, Documented, [];
    /// IPv4 and IPv6 bindings live on separate stacks (no dual-stack socket involved); the
    /// table notes define the wildcard per protocol family.
    DifferentFamily = "different-family", Success, ExclusiveAddrUse, Documented, [];
    /// Two different specific addresses on one port never clash.
    DifferentSpecificAddresses = "different-specific-addresses", Success, ExclusiveAddrUse, Documented, [];
    // ---- XP and earlier (table xp_and_earlier) ----
    /// XP-: a second socket with `SO_REUSEADDR` joins the port.
    LegacyReuseForcesShare = "legacy-reuse-forces-share", Success, ExclusiveAddrUse, Documented, [];
    /// XP-: the first socket set `SO_EXCLUSIVEADDRUSE`, so a `SO_REUSEADDR` bind is refused.
    LegacyExclusiveRefusesReuse = "legacy-exclusive-refuses-reuse", Access, ExclusiveAddrUse, Documented, [];
    /// XP-: without `SO_REUSEADDR` the second bind finds the port in use.
    LegacyPortInUse = "legacy-port-in-use", AddrInUse, ExclusiveAddrUse, Documented, [];
    // ---- Server 2003 and later (tables 2003_and_later_*) ----
    /// Same address, both sockets set `SO_REUSEADDR`: they share it.
    BothReuseShare = "both-reuse-share", Success, Enhanced, Documented, [];
    /// Same address, second sets `SO_REUSEADDR` but the first did not: refused.
    ReuseNeedsFirstConsent = "reuse-needs-first-consent", Access, Enhanced, Documented, [];
    /// Same address, second did not ask to share: in use.
    SameAddressInUse = "same-address-in-use", AddrInUse, Enhanced, Documented, [];
    /// An exclusive wildcard bind needs every address of the port free.
    ExclusiveWildcardNeedsFreePort = "exclusive-wildcard-needs-free-port", AddrInUse, Enhanced, Documented, [];
    /// A non-exclusive wildcard bind beside a specific binding takes the other addresses.
    WildcardBesideSpecific = "wildcard-beside-specific", Success, Enhanced, Documented, [];
    /// The first socket holds the wildcard exclusively: no specific bind under it.
    ExclusiveWildcardGuardsPort = "exclusive-wildcard-guards-port", Access, Enhanced, Documented, [];
    /// Same account: a specific bind under a non-exclusive wildcard is allowed.
    SameUserSpecificUnderWildcard = "same-user-specific-under-wildcard", Success, Enhanced, Documented, [];
    /// Different accounts: a specific bind under another account's wildcard is refused
    /// unless both set `SO_REUSEADDR`.
    OtherUserSpecificUnderWildcard = "other-user-specific-under-wildcard", Access, Enhanced, Documented, [];
    /// Different accounts, both set `SO_REUSEADDR`: the specific bind is allowed.
    OtherUserBothReuse = "other-user-both-reuse", Success, Enhanced, Documented, [];
    // ---- dual-stack (Vista and later) ----
    /// Tested: an exclusive dual-stack `::` socket holds the IPv4 side; any IPv4 bind on the
    /// port is refused.
    DualStackExclusiveHoldsIpv4 = "dual-stack-exclusive-holds-ipv4", Access, Enhanced, TestedOnWindows, [WINE_TEST_REUSEADDR];
    /// Tested: a dual-stack `::` socket without `SO_EXCLUSIVEADDRUSE` does not claim the IPv4
    /// side, so IPv4 binds on the port succeed.
    DualStackIpv4SideUnclaimed = "dual-stack-ipv4-side-unclaimed", Success, Enhanced, TestedOnWindows, [WINE_TEST_REUSEADDR];
    /// Documented only: the article's example says an exclusive dual-stack wildcard bind fails
    /// with `WSAEACCES` when an IPv4 socket already holds the port.
    DualStackArticleExample = "dual-stack-article-example", Access, Enhanced, Documented, [];
    // ---- closing, lingering connections ----
    /// Documented: an exclusive rebind is refused while a closed exclusive listener's accepted
    /// connection is still active.
    LingeringBlocksExclusiveRebind = "lingering-blocks-exclusive-rebind", AddrInUse, ExclusiveAddrUse, Documented, [];
    /// Reported: an exclusive rebind succeeds while a closed exclusive listener's accepted
    /// connection is still open (experiments on Windows 7 and 10).
    ExclusiveRebindAfterClose = "exclusive-rebind-after-close", Success, ExclusiveAddrUse, Reports, [TRIO_LINGER_EXPERIMENT, BITCOIN_36169];
    /// A closed socket's connection in TIME_WAIT (or still closing) does not block this bind.
    ClosedConnectionDoesNotBlock = "closed-connection-does-not-block", Success, ExclusiveAddrUse, Reports, [TIME_WAIT_REPORTS];
    // ---- socket life cycle ----
    /// `bind` on a socket that is already bound.
    AlreadyBound = "already-bound", Inval, WinsockReference, Documented, [];
    /// Any call on a socket that was closed.
    SocketClosed = "socket-closed", NotSock, WinsockReference, Documented, [];
    /// `listen` on a bound TCP socket.
    ListenOk = "listen-ok", Success, WinsockReference, Documented, [];
    /// `listen` on a socket that is not bound.
    ListenNotBound = "listen-not-bound", Inval, WinsockReference, Documented, [];
    /// `listen` on a UDP socket.
    ListenOnUdp = "listen-on-udp", OpNotSupp, WinsockReference, Documented, [];
    /// `setsockopt` calls that all succeeded.
    OptionsSet = "options-set", Success, WinsockReference, Documented, [];
}

impl Rule {
    /// This rule's row of [`RULES`].
    pub fn row(self) -> &'static RuleRow {
        &RULES[self as usize]
    }

    /// Stable kebab-case id, e.g. `"reuse-needs-first-consent"`.
    pub fn id(self) -> &'static str {
        self.row().id
    }

    /// Parses an id as produced by [`Rule::id`]; `None` if unknown.
    pub fn from_id(id: &str) -> Option<Rule> {
        RULES.iter().find(|r| r.id == id).map(|r| r.rule)
    }

    /// The result this rule gives.
    pub fn result(self) -> BindResult {
        self.row().result
    }

    /// The article section (see [`ARTICLE`]) or reference the rule rests on.
    pub fn section(self) -> Section {
        self.row().section
    }

    /// The kind of evidence behind the rule when it fires on its own.
    pub fn evidence(self) -> Evidence {
        self.row().evidence
    }

    /// What the rule cites: its section's source first, then any further sources.
    pub fn sources(self) -> Vec<Source> {
        let row = self.row();
        std::iter::once(row.section.source())
            .chain(row.more_sources.iter().copied())
            .collect()
    }

    /// The catalog key of the rule's explanation, `rule-<id>` (see [`crate::text`]).
    pub fn explanation_key(self) -> &'static str {
        self.row().explanation_key
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> serde::Deserialize<'de> for Rule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Rule::from_id(&id).ok_or_else(|| serde::de::Error::custom(format!("unknown rule {id:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_table_is_in_variant_order_with_unique_ids() {
        for (i, row) in RULES.iter().enumerate() {
            assert_eq!(row.rule as usize, i, "{}", row.id);
            assert_eq!(Rule::from_id(row.id), Some(row.rule));
        }
        let ids: HashSet<_> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(ids.len(), RULES.len());
        assert_eq!(Rule::ALL.len(), RULES.len());
    }

    #[test]
    fn section_and_sources_agree() {
        for &r in Rule::ALL {
            let sources = r.sources();
            assert_eq!(sources[0], r.section().source(), "{}", r.id());
            if r.evidence() != Evidence::Documented {
                assert!(
                    sources.iter().any(|s| s.kind == r.evidence()),
                    "{}: no source of kind {:?}",
                    r.id(),
                    r.evidence()
                );
            }
        }
    }

    #[test]
    fn serde_round_trips_through_the_id() {
        for &r in Rule::ALL {
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.id()));
            assert_eq!(serde_json::from_str::<Rule>(&json).unwrap(), r);
        }
        assert!(serde_json::from_str::<Rule>("\"no-such-rule\"").is_err());
    }
}
