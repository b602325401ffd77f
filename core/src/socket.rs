//! Socket options, addresses and protocols: what one socket brings to `bind()`.
//!
//! Source: article "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE", the notes under its tables
//! ("wildcard" is `0.0.0.0` for IPv4 and `::` for IPv6; "specific" is an address assigned
//! to an interface).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::IpAddr;

use crate::error::InputError;

/// A socket option as named in Winsock. Serialized as `"SO_REUSEADDR"` / `"SO_EXCLUSIVEADDRUSE"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SockOpt {
    /// Lets this socket share a port another socket holds (article, "Using SO_REUSEADDR").
    #[serde(rename = "SO_REUSEADDR")]
    ReuseAddr,
    /// Claims the port for this socket alone (article, "Using SO_EXCLUSIVEADDRUSE").
    #[serde(rename = "SO_EXCLUSIVEADDRUSE")]
    ExclusiveAddrUse,
}

impl SockOpt {
    /// The Winsock name, e.g. `"SO_REUSEADDR"`.
    pub fn name(self) -> &'static str {
        match self {
            SockOpt::ReuseAddr => "SO_REUSEADDR",
            SockOpt::ExclusiveAddrUse => "SO_EXCLUSIVEADDRUSE",
        }
    }
}

crate::id_enum! {
    #[id_enum(array, no_display)]
    /// The option state a socket has when it binds: the rows and columns of the article's tables.
    ///
    /// `Default` is the article's "Default" (no option set). Serialized as its id, the key used
    /// in `bind-tables.json`: `default`, `reuseaddr`, `exclusiveaddruse`.
    pub enum OptionState {
        /// No sharing option set.
        Default = "default",
        /// `SO_REUSEADDR` set.
        ReuseAddr = "reuseaddr",
        /// `SO_EXCLUSIVEADDRUSE` set.
        ExclusiveAddrUse = "exclusiveaddruse",
    }
}

impl OptionState {
    /// The key used in `bind-tables.json`: `default`, `reuseaddr`, `exclusiveaddruse` (the id).
    pub fn key(self) -> &'static str {
        self.id()
    }

    /// The label used in the article's tables: `Default`, `SO_REUSEADDR`, `SO_EXCLUSIVEADDRUSE`.
    pub fn label(self) -> &'static str {
        match self {
            OptionState::Default => "Default",
            OptionState::ReuseAddr => "SO_REUSEADDR",
            OptionState::ExclusiveAddrUse => "SO_EXCLUSIVEADDRUSE",
        }
    }

    /// The options to set (in order) to reach this state.
    pub fn options(self) -> Vec<SockOpt> {
        match self {
            OptionState::Default => vec![],
            OptionState::ReuseAddr => vec![SockOpt::ReuseAddr],
            OptionState::ExclusiveAddrUse => vec![SockOpt::ExclusiveAddrUse],
        }
    }
}

crate::id_enum! {
    #[id_enum(array, no_display)]
    /// Whether an address is the wildcard of its family or a specific address. Serialized as
    /// its id, as keyed in `bind-tables.json`.
    pub enum AddressKind {
        /// `0.0.0.0` or `::`: every address of the family.
        Wildcard = "wildcard",
        /// One address assigned to an interface.
        Specific = "specific",
    }
}

impl AddressKind {
    /// `wildcard` or `specific`, as keyed in `bind-tables.json` (the id).
    pub fn key(self) -> &'static str {
        self.id()
    }

    /// `Wildcard` or `Specific`, as labelled in the article's tables.
    pub fn label(self) -> &'static str {
        match self {
            AddressKind::Wildcard => "Wildcard",
            AddressKind::Specific => "Specific",
        }
    }
}

/// Address family of a local address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// IPv4 (`AF_INET`).
    Ipv4,
    /// IPv6 (`AF_INET6`).
    Ipv6,
}

crate::id_enum! {
    #[id_enum(array, no_display)]
    /// Transport protocol. TCP and UDP ports are separate spaces: they never clash.
    /// Serialized as its id, `"tcp"` or `"udp"`.
    #[derive(Default)]
    pub enum Protocol {
        /// TCP (`SOCK_STREAM`).
        #[default]
        Tcp = "tcp",
        /// UDP (`SOCK_DGRAM`).
        Udp = "udp",
    }
}

/// Why a text is not an address (for messages in any language).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressProblem {
    /// Nothing typed.
    Empty,
    /// A network such as `10.0.0.0/8`.
    PrefixLength,
    /// A zone id such as `fe80::1%3`.
    ZoneId,
    /// Anything else (host names, ports, typos).
    NotAnAddress,
}

impl AddressProblem {
    /// Classifies text that did not parse as an address.
    pub fn of(text: &str) -> AddressProblem {
        let t = text.trim();
        if t.is_empty() {
            AddressProblem::Empty
        } else if t.contains('/') {
            AddressProblem::PrefixLength
        } else if t.contains('%') {
            AddressProblem::ZoneId
        } else {
            AddressProblem::NotAnAddress
        }
    }
}

/// A parsed local address (IPv4 or IPv6 literal, parsed with `std::net`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LocalAddress(pub IpAddr);

impl LocalAddress {
    /// Parses an IPv4 or IPv6 literal such as `0.0.0.0`, `10.0.0.1`, `::`, `fe80::1`.
    ///
    /// Errors: [`InputError`] naming `field` when the text is not an IP literal
    /// (host names, ports, CIDR suffixes and zone ids are refused).
    pub fn parse(text: &str, field: &str) -> Result<LocalAddress, InputError> {
        text.trim()
            .parse::<IpAddr>()
            .map(LocalAddress)
            .map_err(|_| {
                let hint = match AddressProblem::of(text) {
                    AddressProblem::Empty => {
                        "empty; expected an IPv4 or IPv6 address such as 0.0.0.0 or ::"
                    }
                    AddressProblem::PrefixLength => {
                        "has a prefix length; give one address, not a network"
                    }
                    AddressProblem::ZoneId => "has a zone id; zone ids are not modelled",
                    AddressProblem::NotAnAddress => {
                        "not an IPv4 or IPv6 address (examples: 0.0.0.0, 10.0.0.1, ::, ::1)"
                    }
                };
                InputError::new(field, text, hint.to_string())
            })
    }

    /// Wildcard (`0.0.0.0`, `::`) or specific.
    pub fn kind(self) -> AddressKind {
        if self.0.is_unspecified() {
            AddressKind::Wildcard
        } else {
            AddressKind::Specific
        }
    }

    /// The address family.
    pub fn family(self) -> Family {
        match self.0 {
            IpAddr::V4(_) => Family::Ipv4,
            IpAddr::V6(_) => Family::Ipv6,
        }
    }
}

impl fmt::Display for LocalAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_and_specifics_are_recognised() {
        for (text, kind, fam) in [
            ("0.0.0.0", AddressKind::Wildcard, Family::Ipv4),
            ("::", AddressKind::Wildcard, Family::Ipv6),
            ("10.0.0.1", AddressKind::Specific, Family::Ipv4),
            ("127.0.0.1", AddressKind::Specific, Family::Ipv4),
            ("::1", AddressKind::Specific, Family::Ipv6),
            (" fe80::1 ", AddressKind::Specific, Family::Ipv6),
        ] {
            let a = LocalAddress::parse(text, "address").unwrap();
            assert_eq!(a.kind(), kind, "{text}");
            assert_eq!(a.family(), fam, "{text}");
        }
    }

    #[test]
    fn malformed_addresses_are_refused_with_a_reason() {
        for (text, needle) in [
            ("", "empty; expected"),
            ("10.0.0.300", "not an IPv4 or IPv6"),
            ("localhost", "not an IPv4 or IPv6"),
            ("10.0.0.0/8", "prefix length"),
            ("fe80::1%3", "zone id"),
            ("10.0.0.1:5150", "not an IPv4 or IPv6"),
        ] {
            let e = LocalAddress::parse(text, "sockets[0].address").unwrap_err();
            assert_eq!(e.field, "sockets[0].address");
            assert!(e.reason.contains(needle), "{text}: {e}");
        }
    }

    #[test]
    fn option_state_keys_match_the_table_file() {
        assert_eq!(
            OptionState::ALL.map(|o| o.key()),
            ["default", "reuseaddr", "exclusiveaddruse"]
        );
        assert_eq!(
            OptionState::ExclusiveAddrUse.options(),
            vec![SockOpt::ExclusiveAddrUse]
        );
    }
}
