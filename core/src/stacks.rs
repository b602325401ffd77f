//! Which addresses a binding holds on the IPv4 and IPv6 networking stacks.
//!
//! A plain IPv4 or IPv6 socket holds its one address on its own stack. A dual-stack socket (an
//! IPv6 socket with `IPV6_V6ONLY` off, Vista and later) differs by source:
//! - the article ("Enhanced Socket Security", last paragraph): bound to `::` it reserves the
//!   port on both stacks, and the usual checks must pass on both;
//! - tested Windows (`wine-mirror/wine dlls/ws2_32/tests/sock.c`, test_reuseaddr with
//!   `IPV6_V6ONLY = 0`, test_ipv6only): bound to `::` it claims the IPv4 side only when it set
//!   `SO_EXCLUSIVEADDRUSE`; bound to `::ffff:a.b.c.d` it holds that IPv4 address (and
//!   `::ffff:0.0.0.0` the IPv4 wildcard); `::1` stays on the IPv6 stack.

use std::net::{IpAddr, Ipv4Addr};

use crate::binding::Binding;
use crate::socket::{AddressKind, Family, OptionState};

/// How a binding came to hold an address on a stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// Its own address on its own stack.
    Native,
    /// The IPv4 wildcard held by a dual-stack socket bound to `::`.
    DualStackWildcard,
    /// The IPv4 address held by a dual-stack socket bound to `::ffff:a.b.c.d`.
    V4Mapped,
}

/// One address a binding holds on one stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The stack.
    pub family: Family,
    /// The address on that stack.
    pub addr: IpAddr,
    /// Why the binding holds it.
    pub via: Via,
}

impl Endpoint {
    /// Wildcard or specific, on its stack.
    pub fn kind(&self) -> AddressKind {
        if self.addr.is_unspecified() {
            AddressKind::Wildcard
        } else {
            AddressKind::Specific
        }
    }

    /// Whether two endpoints compete: same stack and either is the wildcard or both are equal.
    pub fn overlaps(&self, other: &Endpoint) -> bool {
        self.family == other.family
            && (self.addr.is_unspecified()
                || other.addr.is_unspecified()
                || self.addr == other.addr)
    }
}

fn native(b: &Binding) -> Endpoint {
    Endpoint {
        family: b.address.family(),
        addr: b.address.0,
        via: Via::Native,
    }
}

fn v4(addr: Ipv4Addr, via: Via) -> Endpoint {
    Endpoint {
        family: Family::Ipv4,
        addr: IpAddr::V4(addr),
        via,
    }
}

/// The IPv4 address a dual-stack socket's `::ffff:a.b.c.d` address stands for.
pub fn v4_mapped(b: &Binding) -> Option<Ipv4Addr> {
    match b.address.0 {
        IpAddr::V6(a) if b.dual_stack => a.to_ipv4_mapped(),
        _ => None,
    }
}

/// What a binding holds as tested Windows behaves (see module docs).
pub fn observed(b: &Binding) -> Vec<Endpoint> {
    if !b.dual_stack {
        return vec![native(b)];
    }
    if let Some(a) = v4_mapped(b) {
        return vec![v4(a, Via::V4Mapped)];
    }
    let mut eps = vec![native(b)];
    if b.address.0.is_unspecified() && b.option == OptionState::ExclusiveAddrUse {
        eps.push(v4(Ipv4Addr::UNSPECIFIED, Via::DualStackWildcard));
    }
    eps
}

/// What a binding holds as the article describes it, or `None` where the article is silent
/// (dual-stack sockets bound to v4-mapped addresses).
pub fn documented(b: &Binding) -> Option<Vec<Endpoint>> {
    if !b.dual_stack {
        return Some(vec![native(b)]);
    }
    if v4_mapped(b).is_some() {
        return None;
    }
    let mut eps = vec![native(b)];
    if b.address.0.is_unspecified() {
        eps.push(v4(Ipv4Addr::UNSPECIFIED, Via::DualStackWildcard));
    }
    Some(eps)
}

/// Whether `b` is a dual-stack socket bound to `::`.
pub fn is_dual_wildcard(b: &Binding) -> bool {
    b.dual_stack && b.address.0.is_unspecified()
}

/// Whether `b` holds an address on the IPv4 stack as tested Windows behaves.
pub fn holds_ipv4(b: &Binding) -> bool {
    observed(b).iter().any(|e| e.family == Family::Ipv4)
}
