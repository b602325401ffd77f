//! The named rules that decide a `setsockopt` or `bind` outcome, each with its source and an
//! explanation written in our own words.
//!
//! The 108 documented cells follow from three rules in the XP-and-earlier era and nine in the
//! Server-2003-and-later era (see [`crate::decision`]); the remaining rules come from the
//! article's prose and the availability table.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::result::BindResult;

/// The article every rule cites.
pub const ARTICLE: &str = "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE";

/// A rule that fired. Serialized as its kebab-case id (see [`Rule::id`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    // ---- setsockopt ----
    /// `SO_EXCLUSIVEADDRUSE` does not exist on this platform → `WSAENOPROTOOPT`.
    ExclusiveUnavailable,
    /// XP and earlier: a non-administrator sets `SO_EXCLUSIVEADDRUSE` → `WSAEACCES`.
    ExclusiveAdminOnly,
    /// Both `SO_REUSEADDR` and `SO_EXCLUSIVEADDRUSE` on one socket → `WSAEINVAL` on the second.
    ConflictingOptions,
    // ---- bind, no conflict possible ----
    /// Nothing else is bound to this port and protocol.
    PortFree,
    /// TCP and UDP ports are separate.
    DifferentProtocol,
    /// The other binding is on another port.
    DifferentPort,
    /// Port 0 asks the stack for an unused ephemeral port.
    EphemeralPort,
    /// IPv4 and IPv6 bindings live on separate stacks (no dual-stack socket involved).
    DifferentFamily,
    /// Two different specific addresses on one port never clash.
    DifferentSpecificAddresses,
    // ---- XP and earlier (table xp_and_earlier) ----
    /// XP-: a second socket with `SO_REUSEADDR` joins the port.
    LegacyReuseForcesShare,
    /// XP-: the first socket set `SO_EXCLUSIVEADDRUSE`, so a `SO_REUSEADDR` bind is refused.
    LegacyExclusiveRefusesReuse,
    /// XP-: without `SO_REUSEADDR` the second bind finds the port in use.
    LegacyPortInUse,
    // ---- Server 2003 and later (tables 2003_and_later_*) ----
    /// Same address, both sockets set `SO_REUSEADDR`: they share it.
    BothReuseShare,
    /// Same address, second sets `SO_REUSEADDR` but the first did not: refused.
    ReuseNeedsFirstConsent,
    /// Same address, second did not ask to share: in use.
    SameAddressInUse,
    /// An exclusive wildcard bind needs every address of the port free.
    ExclusiveWildcardNeedsFreePort,
    /// A non-exclusive wildcard bind beside a specific binding takes the other addresses.
    WildcardBesideSpecific,
    /// The first socket holds the wildcard exclusively: no specific bind under it.
    ExclusiveWildcardGuardsPort,
    /// Same account: a specific bind under a non-exclusive wildcard is allowed.
    SameUserSpecificUnderWildcard,
    /// Different accounts: a specific bind under another account's wildcard is refused
    /// unless both set `SO_REUSEADDR`.
    OtherUserSpecificUnderWildcard,
    /// Different accounts, both set `SO_REUSEADDR`: the specific bind is allowed.
    OtherUserBothReuse,
    // ---- dual-stack (Vista and later) ----
    /// Observed: an exclusive dual-stack `::` socket holds the IPv4 side; any IPv4 bind on the
    /// port is refused.
    DualStackExclusiveHoldsIpv4,
    /// Observed: a dual-stack `::` socket without `SO_EXCLUSIVEADDRUSE` does not claim the IPv4
    /// side, so IPv4 binds on the port succeed.
    DualStackIpv4SideUnclaimed,
    /// Documented only: the article's example says an exclusive dual-stack wildcard bind fails
    /// with `WSAEACCES` when an IPv4 socket already holds the port.
    DualStackArticleExample,
    // ---- closing, lingering connections ----
    /// Documented: an exclusive rebind is refused while a closed exclusive listener's accepted
    /// connection is still active.
    LingeringBlocksExclusiveRebind,
    /// A closed socket's connection in TIME_WAIT (or still closing) does not block this bind.
    ClosedConnectionDoesNotBlock,
    // ---- socket life cycle ----
    /// `bind` on a socket that is already bound.
    AlreadyBound,
    /// Any call on a socket that was closed.
    SocketClosed,
    /// `listen` on a bound TCP socket.
    ListenOk,
    /// `listen` on a socket that is not bound.
    ListenNotBound,
    /// `listen` on a UDP socket.
    ListenOnUdp,
    /// `setsockopt` calls that all succeeded.
    OptionsSet,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 32] = [
        Rule::ExclusiveUnavailable,
        Rule::ExclusiveAdminOnly,
        Rule::ConflictingOptions,
        Rule::PortFree,
        Rule::DifferentProtocol,
        Rule::DifferentPort,
        Rule::EphemeralPort,
        Rule::DifferentFamily,
        Rule::DifferentSpecificAddresses,
        Rule::LegacyReuseForcesShare,
        Rule::LegacyExclusiveRefusesReuse,
        Rule::LegacyPortInUse,
        Rule::BothReuseShare,
        Rule::ReuseNeedsFirstConsent,
        Rule::SameAddressInUse,
        Rule::ExclusiveWildcardNeedsFreePort,
        Rule::WildcardBesideSpecific,
        Rule::ExclusiveWildcardGuardsPort,
        Rule::SameUserSpecificUnderWildcard,
        Rule::OtherUserSpecificUnderWildcard,
        Rule::OtherUserBothReuse,
        Rule::DualStackExclusiveHoldsIpv4,
        Rule::DualStackIpv4SideUnclaimed,
        Rule::DualStackArticleExample,
        Rule::LingeringBlocksExclusiveRebind,
        Rule::ClosedConnectionDoesNotBlock,
        Rule::AlreadyBound,
        Rule::SocketClosed,
        Rule::ListenOk,
        Rule::ListenNotBound,
        Rule::ListenOnUdp,
        Rule::OptionsSet,
    ];

    /// Stable kebab-case id, e.g. `"reuse-needs-first-consent"`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::ExclusiveUnavailable => "exclusiveaddruse-unavailable",
            Rule::ExclusiveAdminOnly => "exclusiveaddruse-admin-only",
            Rule::ConflictingOptions => "conflicting-options",
            Rule::PortFree => "port-free",
            Rule::DifferentProtocol => "different-protocol",
            Rule::DifferentPort => "different-port",
            Rule::EphemeralPort => "ephemeral-port",
            Rule::DifferentFamily => "different-family",
            Rule::DifferentSpecificAddresses => "different-specific-addresses",
            Rule::LegacyReuseForcesShare => "legacy-reuse-forces-share",
            Rule::LegacyExclusiveRefusesReuse => "legacy-exclusive-refuses-reuse",
            Rule::LegacyPortInUse => "legacy-port-in-use",
            Rule::BothReuseShare => "both-reuse-share",
            Rule::ReuseNeedsFirstConsent => "reuse-needs-first-consent",
            Rule::SameAddressInUse => "same-address-in-use",
            Rule::ExclusiveWildcardNeedsFreePort => "exclusive-wildcard-needs-free-port",
            Rule::WildcardBesideSpecific => "wildcard-beside-specific",
            Rule::ExclusiveWildcardGuardsPort => "exclusive-wildcard-guards-port",
            Rule::SameUserSpecificUnderWildcard => "same-user-specific-under-wildcard",
            Rule::OtherUserSpecificUnderWildcard => "other-user-specific-under-wildcard",
            Rule::OtherUserBothReuse => "other-user-both-reuse",
            Rule::DualStackExclusiveHoldsIpv4 => "dual-stack-exclusive-holds-ipv4",
            Rule::DualStackIpv4SideUnclaimed => "dual-stack-ipv4-side-unclaimed",
            Rule::DualStackArticleExample => "dual-stack-article-example",
            Rule::LingeringBlocksExclusiveRebind => "lingering-blocks-exclusive-rebind",
            Rule::ClosedConnectionDoesNotBlock => "closed-connection-does-not-block",
            Rule::AlreadyBound => "already-bound",
            Rule::SocketClosed => "socket-closed",
            Rule::ListenOk => "listen-ok",
            Rule::ListenNotBound => "listen-not-bound",
            Rule::ListenOnUdp => "listen-on-udp",
            Rule::OptionsSet => "options-set",
        }
    }

    /// The result this rule gives.
    pub fn result(self) -> BindResult {
        use Rule::*;
        match self {
            ExclusiveUnavailable => BindResult::NoProtoOpt,
            ConflictingOptions => BindResult::Inval,
            AlreadyBound | ListenNotBound => BindResult::Inval,
            SocketClosed => BindResult::NotSock,
            ListenOnUdp => BindResult::OpNotSupp,
            ExclusiveAdminOnly
            | DualStackExclusiveHoldsIpv4
            | DualStackArticleExample
            | LegacyExclusiveRefusesReuse
            | ReuseNeedsFirstConsent
            | ExclusiveWildcardGuardsPort
            | OtherUserSpecificUnderWildcard => BindResult::Access,
            LegacyPortInUse
            | SameAddressInUse
            | ExclusiveWildcardNeedsFreePort
            | LingeringBlocksExclusiveRebind => BindResult::AddrInUse,
            PortFree
            | DifferentProtocol
            | DifferentPort
            | EphemeralPort
            | DifferentFamily
            | DifferentSpecificAddresses
            | LegacyReuseForcesShare
            | BothReuseShare
            | WildcardBesideSpecific
            | SameUserSpecificUnderWildcard
            | OtherUserBothReuse
            | DualStackIpv4SideUnclaimed
            | ClosedConnectionDoesNotBlock
            | ListenOk
            | OptionsSet => BindResult::Success,
        }
    }

    /// The section of the article (see [`ARTICLE`]) the rule rests on.
    pub fn section(self) -> &'static str {
        use Rule::*;
        match self {
            ExclusiveUnavailable => "Availability table (introduction)",
            ExclusiveAdminOnly
            | LegacyReuseForcesShare
            | LegacyExclusiveRefusesReuse
            | LegacyPortInUse => "Using SO_EXCLUSIVEADDRUSE",
            ConflictingOptions => "Using SO_EXCLUSIVEADDRUSE (option set before bind)",
            PortFree | DifferentProtocol | DifferentPort => "Using SO_REUSEADDR",
            EphemeralPort => "Introduction (ephemeral ports)",
            DifferentFamily => "Table notes (wildcard per protocol family)",
            DifferentSpecificAddresses => "Using SO_EXCLUSIVEADDRUSE (two interfaces example)",
            LingeringBlocksExclusiveRebind | ClosedConnectionDoesNotBlock => {
                "Using SO_EXCLUSIVEADDRUSE (closing an exclusive socket)"
            }
            AlreadyBound | SocketClosed | ListenOk | ListenNotBound | ListenOnUdp | OptionsSet => {
                "Winsock call semantics (bind, listen, closesocket)"
            }
            _ => "Enhanced Socket Security",
        }
    }

    /// A stable id for the article section (or other source) the rule rests on, for
    /// translations: `availability`, `reuseaddr`, `exclusiveaddruse`, `enhanced`,
    /// `strategies`, `winsock-reference`, `reports`.
    pub fn section_id(self) -> &'static str {
        use Rule::*;
        match self {
            ExclusiveUnavailable => "availability",
            PortFree | DifferentProtocol | DifferentPort => "reuseaddr",
            EphemeralPort => "strategies",
            ExclusiveAdminOnly
            | LegacyReuseForcesShare
            | LegacyExclusiveRefusesReuse
            | LegacyPortInUse
            | ConflictingOptions
            | DifferentFamily
            | DifferentSpecificAddresses
            | LingeringBlocksExclusiveRebind
            | ClosedConnectionDoesNotBlock => "exclusiveaddruse",
            AlreadyBound | SocketClosed | ListenOk | ListenNotBound | ListenOnUdp | OptionsSet => {
                "winsock-reference"
            }
            _ => "enhanced",
        }
    }

    /// What happened and why, in our own words (English). `{}`-free plain text.
    pub fn explanation(self) -> &'static str {
        use Rule::*;
        match self {
            ExclusiveUnavailable => "This Windows version has no SO_EXCLUSIVEADDRUSE option at all, so setsockopt rejects the option name before bind is ever reached. It arrived with Windows NT 4.0 Service Pack 4.",
            ExclusiveAdminOnly => "Up to Windows XP, asking for exclusive use of a port was a privilege reserved for the Administrators group. This account is not a member, so setsockopt refuses the option.",
            ConflictingOptions => "A socket can either offer to share its port (SO_REUSEADDR) or demand it alone (SO_EXCLUSIVEADDRUSE), never both. Whichever of the two is set second is rejected as an invalid argument.",
            PortFree => "No other socket holds this port for this protocol yet, so there is nothing to clash with and the bind goes through.",
            DifferentProtocol => "TCP and UDP keep separate port numbers. A TCP binding and a UDP binding on the same number never interfere.",
            DifferentPort => "The two sockets ask for different port numbers, so they never compete.",
            EphemeralPort => "Port 0 means: give me any free port from the ephemeral range. The stack picks one nobody holds, so this bind cannot clash. Clients should normally bind this way.",
            DifferentFamily => "An IPv4 binding and an IPv6 binding sit on separate networking stacks; unless a dual-stack socket is involved, they never clash.",
            DifferentSpecificAddresses => "Both sockets name a specific address, and the addresses differ. Each owns the port only on its own interface, so they do not overlap, whatever options they set.",
            LegacyReuseForcesShare => "Before Windows Server 2003, SO_REUSEADDR let any later socket push its way onto a port already in use, without the first socket's consent. Both now share the port, and which one receives a given packet is undefined: this is how port hijacking worked.",
            LegacyExclusiveRefusesReuse => "The first socket asked for exclusive use, which is exactly what blocks SO_REUSEADDR from forcing its way in. The attempt is treated as an access violation, not just a busy port.",
            LegacyPortInUse => "The port is taken on an overlapping address and the second socket did not ask to share it, so the stack reports the address as already in use.",
            BothReuseShare => "Both sockets opted in to sharing with SO_REUSEADDR, so the second may join the first on the same address. Delivery between them is then not predictable.",
            ReuseNeedsFirstConsent => "With enhanced socket security, sharing needs the consent of the socket that was there first. The first socket never set SO_REUSEADDR, so the second socket's request to share is refused as an access violation.",
            SameAddressInUse => "The exact same address and port are already bound, and the second socket did not ask to share them, so the address is in use.",
            ExclusiveWildcardNeedsFreePort => "An exclusive bind to the wildcard address wants every address on the port for itself. A specific address on that port is already taken, so it cannot have them all.",
            WildcardBesideSpecific => "A wildcard bind is allowed next to an existing specific binding: it receives traffic for every other address, while the specific address stays with the first socket.",
            ExclusiveWildcardGuardsPort => "The first socket holds the wildcard address exclusively, which covers every address on the port. No socket may bind a specific address underneath it.",
            SameUserSpecificUnderWildcard => "Binding a specific address under a non-exclusive wildcard is allowed when the same user account owns both sockets; Windows keeps this for backward compatibility.",
            OtherUserSpecificUnderWildcard => "Another user account holds the wildcard on this port. Enhanced socket security stops one account from carving a specific address out of another account's wildcard unless both sockets set SO_REUSEADDR.",
            OtherUserBothReuse => "Although the accounts differ, both sockets set SO_REUSEADDR, so the specific bind is allowed to share the port with the wildcard.",
            DualStackExclusiveHoldsIpv4 => "The earlier socket is dual-stack, bound to :: with SO_EXCLUSIVEADDRUSE. On tested Windows that exclusive claim reaches across to the IPv4 side, so every IPv4 bind on this port is refused as an access violation, even where the same-family table would only say the address is in use.",
            DualStackIpv4SideUnclaimed => "A dual-stack socket on :: that did not ask for exclusive use does not reserve the IPv4 side of the port on tested Windows. The IPv4 bind therefore succeeds and two programs now listen on one port number: a frequent cause of 'two servers on the same port' reports, because Node, Go and .NET listen dual-stack by default.",
            DualStackArticleExample => "The article's dual-stack example says an exclusive dual-stack bind to the wildcard fails with WSAEACCES when an IPv4 socket already holds the port. Its own table gives WSAEADDRINUSE for the IPv4-side pair, and tested Windows returns WSAEADDRINUSE.",
            LingeringBlocksExclusiveRebind => "The article warns that after an exclusive listener is closed, a connection it accepted can stay active for a while (unsent data, a slow peer), and until it ends a new exclusive socket cannot take the port. Public experiments on Windows 7 and 10 saw the rebind succeed, so this rule is disputed. Either way, closing connections gracefully (shutdown with SD_SEND, then recv until it returns 0) avoids the wait; SO_LINGER with a short timeout instead resets the connection and can lose data.",
            ClosedConnectionDoesNotBlock => "The socket that held this port was closed; what is left is a connection winding down (TIME_WAIT or still closing). Windows does not let that block a bind that is not exclusive on both sides.",
            AlreadyBound => "This socket is already bound. A socket binds once; binding it again is an invalid argument.",
            SocketClosed => "This socket was closed earlier, so the handle is no longer a socket.",
            ListenOk => "The bound TCP socket now listens and can accept connections on its address.",
            ListenNotBound => "listen needs a bound socket; this one holds no address yet (or its bind failed).",
            ListenOnUdp => "UDP has no connections, so listen is not supported on a datagram socket.",
            OptionsSet => "The socket options were set; they take effect when the socket binds.",
        }
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        Rule::ALL
            .into_iter()
            .find(|r| r.id() == id)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule {id:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_every_rule_is_explained() {
        let ids: HashSet<_> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert_eq!(ids.len(), Rule::ALL.len());
        for r in Rule::ALL {
            assert!(r.explanation().len() > 40, "{}", r.id());
            assert!(!r.section().is_empty());
        }
    }
}
