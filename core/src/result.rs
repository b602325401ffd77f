//! Winsock results: success or a `WSAE…` error code.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::error::InputError;

/// The outcome of a `setsockopt` or `bind` call.
///
/// Serialized as `"success"` or the Winsock name (`"WSAEADDRINUSE"`, …); [`BindResult::code`]
/// gives the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BindResult {
    /// The call succeeded (code 0).
    #[serde(rename = "success")]
    Success,
    /// `WSAEADDRINUSE` (10048): the address is already in use.
    #[serde(rename = "WSAEADDRINUSE")]
    AddrInUse,
    /// `WSAEACCES` (10013): access to the address is denied.
    #[serde(rename = "WSAEACCES")]
    Access,
    /// `WSAENOPROTOOPT` (10042): the option does not exist on this platform.
    #[serde(rename = "WSAENOPROTOOPT")]
    NoProtoOpt,
    /// `WSAEINVAL` (10022): invalid argument (both sharing options on one socket; binding a
    /// socket twice; listening on an unbound socket).
    #[serde(rename = "WSAEINVAL")]
    Inval,
    /// `WSAENOTSOCK` (10038): the socket was already closed.
    #[serde(rename = "WSAENOTSOCK")]
    NotSock,
    /// `WSAEOPNOTSUPP` (10045): the operation does not apply (e.g. `listen` on UDP).
    #[serde(rename = "WSAEOPNOTSUPP")]
    OpNotSupp,
}

impl BindResult {
    /// Every result, for listings.
    pub const ALL: [BindResult; 7] = [
        BindResult::Success,
        BindResult::AddrInUse,
        BindResult::Access,
        BindResult::NoProtoOpt,
        BindResult::Inval,
        BindResult::NotSock,
        BindResult::OpNotSupp,
    ];

    /// `"success"` or the Winsock error name.
    pub fn name(self) -> &'static str {
        match self {
            BindResult::Success => "success",
            BindResult::AddrInUse => "WSAEADDRINUSE",
            BindResult::Access => "WSAEACCES",
            BindResult::NoProtoOpt => "WSAENOPROTOOPT",
            BindResult::Inval => "WSAEINVAL",
            BindResult::NotSock => "WSAENOTSOCK",
            BindResult::OpNotSupp => "WSAEOPNOTSUPP",
        }
    }

    /// The Winsock error number (0 for success): 10048, 10013, 10042, 10022, 10038, 10045.
    pub fn code(self) -> u32 {
        match self {
            BindResult::Success => 0,
            BindResult::AddrInUse => 10048,
            BindResult::Access => 10013,
            BindResult::NoProtoOpt => 10042,
            BindResult::Inval => 10022,
            BindResult::NotSock => 10038,
            BindResult::OpNotSupp => 10045,
        }
    }

    /// The short form used in the article's tables: `Success`, `INUSE`, `ACCESS`
    /// (other errors use their name).
    pub fn short(self) -> &'static str {
        match self {
            BindResult::Success => "Success",
            BindResult::AddrInUse => "INUSE",
            BindResult::Access => "ACCESS",
            other => other.name(),
        }
    }

    /// Whether this is success.
    pub fn is_success(self) -> bool {
        self == BindResult::Success
    }

    /// Parses a name as produced by [`BindResult::name`]. Errors: [`InputError`] naming `field`.
    pub fn from_name(name: &str, field: &str) -> Result<BindResult, InputError> {
        BindResult::ALL
            .into_iter()
            .find(|r| r.name() == name)
            .ok_or_else(|| {
                InputError::new(
                    field,
                    name,
                    "expected success, WSAEADDRINUSE, WSAEACCES, WSAENOPROTOOPT, WSAEINVAL, WSAENOTSOCK or WSAEOPNOTSUPP",
                )
            })
    }
}

impl fmt::Display for BindResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BindResult::Success => f.write_str("success"),
            other => write!(f, "{} ({})", other.name(), other.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes() {
        for r in BindResult::ALL {
            assert_eq!(BindResult::from_name(r.name(), "r").unwrap(), r);
        }
        assert_eq!(BindResult::AddrInUse.code(), 10048);
        assert_eq!(BindResult::Access.code(), 10013);
        assert_eq!(BindResult::NoProtoOpt.code(), 10042);
        assert_eq!(BindResult::Inval.code(), 10022);
        assert_eq!(BindResult::Access.to_string(), "WSAEACCES (10013)");
        assert!(BindResult::from_name("INUSE", "r").is_err());
    }
}
