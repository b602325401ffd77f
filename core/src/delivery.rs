//! Who receives the traffic: a TCP connection or UDP datagram sent to a local address and
//! port, given the bindings on the port.
//!
//! Documented (article, "Using SO_REUSEADDR"): once sockets share an address through
//! `SO_REUSEADDR`, which one gets a given packet or connection is indeterminate (the port
//! hijacking risk); multicast is the exception and reaches every member; after an exclusive
//! specific bind, a later wildcard bind serves every other address ("Enhanced Socket Security").
//!
//! Tested on Windows 7 and newer (`wine-mirror/wine dlls/ws2_32/tests/sock.c`,
//! test_reuseaddr): a specific binding gets the connection over the wildcard whatever the
//! bind order, and among identical `SO_REUSEADDR` listeners the oldest still open accepts it.
//! For UDP unicast no test settles sharing; reports say specific beats wildcard.

use serde::{Deserialize, Serialize};
use std::net::IpAddr;

use crate::binding::Binding;
use crate::evidence::*;
use crate::platform::Platform;
use crate::socket::{Family, Protocol};
use crate::stacks;

/// Which sockets receive, in one reading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receivers {
    /// The receiving sockets (scenario indexes): one for unicast, every member for multicast,
    /// empty when nobody receives or when the answer is indeterminate.
    pub sockets: Vec<usize>,
    /// `false` when the reading cannot say which of `candidates` receives.
    pub determinate: bool,
    /// Every socket that could receive it (bound on the port and covering the address).
    pub candidates: Vec<usize>,
}

crate::id_enum! {
    /// The named rules of delivery. Serialized as its id; the explanation is the catalog key
    /// `delivery-<id>`.
    pub enum DeliveryRule {
        /// Nothing is bound (and, for TCP, listening) on that address and port.
        NoReceiver = "no-receiver",
        /// Exactly one socket covers the address.
        SingleReceiver = "single-receiver",
        /// A specific binding beats the wildcard on its own address.
        SpecificBeatsWildcard = "specific-beats-wildcard",
        /// Identical TCP listeners sharing an address: the oldest still open accepts.
        OldestListenerAccepts = "oldest-listener-accepts",
        /// Sockets share the address; which one receives cannot be told.
        SharedAddressIndeterminate = "shared-address-indeterminate",
        /// A multicast datagram reaches every member socket on the port.
        MulticastToAllMembers = "multicast-to-all-members",
        /// An IPv4 wildcard socket and a dual-stack `::` socket both take IPv4 traffic.
        DualStackAmbiguous = "dual-stack-ambiguous",
    }
}

impl DeliveryRule {
    /// The catalog key of the explanation, `delivery-<id>`.
    pub fn explanation_key(self) -> String {
        format!("delivery-{}", self.id())
    }
}

/// The answer for one send, documented and observed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// `tcp` or `udp`.
    pub protocol: Protocol,
    /// Destination address.
    pub to: IpAddr,
    /// Destination port.
    pub port: u16,
    /// Best-known receivers on the chosen platform.
    pub result: Receivers,
    /// The article's reading.
    pub documented: Receivers,
    /// The rule behind `result`.
    pub rule: DeliveryRule,
    /// The rule behind `documented`.
    pub documented_rule: DeliveryRule,
    /// How we know `result`.
    pub evidence: Evidence,
    /// Where from.
    pub sources: Vec<Source>,
    /// What happens, in our own words.
    pub explanation: String,
}

/// Whether binding `b` covers destination `to` (same stack; wildcard, equal, or via dual-stack),
/// and whether it does so with a specific address.
fn covers(b: &Binding, to: IpAddr) -> Option<bool> {
    let fam = if to.is_ipv4() {
        Family::Ipv4
    } else {
        Family::Ipv6
    };
    if let Some(mapped) = stacks::v4_mapped(b) {
        return match to {
            IpAddr::V4(_) if mapped.is_unspecified() => Some(false),
            IpAddr::V4(a) if a == mapped => Some(true),
            _ => None,
        };
    }
    let wild = b.address.0.is_unspecified();
    if b.address.family() == fam {
        if wild {
            Some(false)
        } else if b.address.0 == to {
            Some(true)
        } else {
            None
        }
    } else if fam == Family::Ipv4 && b.dual_stack && wild {
        Some(false)
    } else {
        None
    }
}

/// Decides who receives traffic sent to `to`:`port` over `protocol`, given `bindings` (oldest
/// first). Lingering rows never receive; TCP needs a listening socket; a multicast destination
/// (UDP only) reaches every member of the group on the port.
pub fn deliver(
    platform: Platform,
    bindings: &[Binding],
    protocol: Protocol,
    to: IpAddr,
    port: u16,
) -> Delivery {
    let live = bindings.iter().filter(|b| {
        !b.lingering
            && b.protocol == protocol
            && b.port == port
            && (protocol == Protocol::Udp || b.listening)
    });
    if to.is_multicast() {
        let members: Vec<usize> = live
            .filter(|b| b.groups.contains(&to))
            .map(|b| b.socket)
            .collect();
        let r = Receivers {
            sockets: members.clone(),
            determinate: true,
            candidates: members,
        };
        let rule = if r.sockets.is_empty() {
            DeliveryRule::NoReceiver
        } else {
            DeliveryRule::MulticastToAllMembers
        };
        return agreed(protocol, to, port, r, rule);
    }
    let cands: Vec<(usize, bool, &Binding)> = live
        .filter_map(|b| covers(b, to).map(|specific| (b.socket, specific, b)))
        .collect();
    let all: Vec<usize> = cands.iter().map(|c| c.0).collect();
    if cands.is_empty() {
        let r = Receivers {
            sockets: vec![],
            determinate: true,
            candidates: vec![],
        };
        return agreed(protocol, to, port, r, DeliveryRule::NoReceiver);
    }
    let specific: Vec<&(usize, bool, &Binding)> = cands.iter().filter(|c| c.1).collect();

    // The article: one candidate is clear; an exclusive specific binding keeps its address;
    // otherwise sharing makes it indeterminate.
    let (documented, documented_rule) = if cands.len() == 1 {
        (
            Receivers {
                sockets: all.clone(),
                determinate: true,
                candidates: all.clone(),
            },
            DeliveryRule::SingleReceiver,
        )
    } else if specific.len() == 1
        && specific[0].2.option == crate::socket::OptionState::ExclusiveAddrUse
    {
        (
            Receivers {
                sockets: vec![specific[0].0],
                determinate: true,
                candidates: all.clone(),
            },
            DeliveryRule::SpecificBeatsWildcard,
        )
    } else {
        (
            Receivers {
                sockets: vec![],
                determinate: false,
                candidates: all.clone(),
            },
            DeliveryRule::SharedAddressIndeterminate,
        )
    };
    if platform != Platform::Windows7 {
        return make(
            protocol,
            to,
            port,
            documented.clone(),
            documented,
            documented_rule,
            documented_rule,
            Evidence::Documented,
            vec![ARTICLE_REUSEADDR, ARTICLE_ENHANCED],
        );
    }

    // Tested on Windows 7 and newer: specific first, then the oldest among equals (TCP).
    let tier: Vec<usize> = if specific.is_empty() {
        all.clone()
    } else {
        specific.iter().map(|c| c.0).collect()
    };
    let pool: Vec<&Binding> = cands
        .iter()
        .filter(|c| specific.is_empty() || c.1)
        .map(|c| c.2)
        .collect();
    let mixed_stacks = pool.iter().any(|b| b.dual_stack) && pool.iter().any(|b| !b.dual_stack);
    let (observed, rule) = if tier.len() > 1 && mixed_stacks {
        (
            Receivers {
                sockets: vec![],
                determinate: false,
                candidates: tier,
            },
            DeliveryRule::DualStackAmbiguous,
        )
    } else if tier.len() == 1 {
        let rule = if cands.len() > 1 {
            DeliveryRule::SpecificBeatsWildcard
        } else {
            DeliveryRule::SingleReceiver
        };
        (
            Receivers {
                sockets: tier,
                determinate: true,
                candidates: all.clone(),
            },
            rule,
        )
    } else if protocol == Protocol::Tcp {
        (
            Receivers {
                sockets: vec![tier[0]],
                determinate: true,
                candidates: all.clone(),
            },
            DeliveryRule::OldestListenerAccepts,
        )
    } else {
        (
            Receivers {
                sockets: vec![],
                determinate: false,
                candidates: tier,
            },
            DeliveryRule::SharedAddressIndeterminate,
        )
    };
    let (evidence, sources) = if rule == DeliveryRule::DualStackAmbiguous {
        (Evidence::Reports, vec![DUAL_STACK_REPORTS])
    } else if observed == documented {
        (Evidence::Documented, vec![ARTICLE_REUSEADDR])
    } else if protocol == Protocol::Tcp {
        (
            Evidence::TestedOnWindows,
            vec![ARTICLE_REUSEADDR, WINE_TEST_ACCEPT_ORDER],
        )
    } else {
        (
            Evidence::Reports,
            vec![ARTICLE_REUSEADDR, UDP_SPECIFIC_REPORTS],
        )
    };
    make(
        protocol,
        to,
        port,
        observed,
        documented,
        rule,
        documented_rule,
        evidence,
        sources,
    )
}

/// A delivery the article and tested Windows agree on.
fn agreed(protocol: Protocol, to: IpAddr, port: u16, r: Receivers, rule: DeliveryRule) -> Delivery {
    make(
        protocol,
        to,
        port,
        r.clone(),
        r,
        rule,
        rule,
        Evidence::Documented,
        vec![ARTICLE_REUSEADDR],
    )
}

#[allow(clippy::too_many_arguments)]
fn make(
    protocol: Protocol,
    to: IpAddr,
    port: u16,
    result: Receivers,
    documented: Receivers,
    rule: DeliveryRule,
    documented_rule: DeliveryRule,
    evidence: Evidence,
    sources: Vec<Source>,
) -> Delivery {
    Delivery {
        protocol,
        to,
        port,
        result,
        documented,
        rule,
        documented_rule,
        evidence,
        sources,
        explanation: crate::text::english(&rule.explanation_key()),
    }
}
