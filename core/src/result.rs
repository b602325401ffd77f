//! Winsock results: success or a `WSAE…` error code.

use std::fmt;

use crate::error::InputError;

crate::id_enum! {
    #[id_enum(array, no_display)]
    /// The outcome of a `setsockopt` or `bind` call.
    ///
    /// Serialized as `"success"` or the Winsock name (`"WSAEADDRINUSE"`, …), its id;
    /// [`BindResult::code`] gives the number.
    pub enum BindResult {
        /// The call succeeded (code 0).
        Success = "success",
        /// `WSAEADDRINUSE` (10048): the address is already in use.
        AddrInUse = "WSAEADDRINUSE",
        /// `WSAEACCES` (10013): access to the address is denied.
        Access = "WSAEACCES",
        /// `WSAENOPROTOOPT` (10042): the option does not exist on this platform.
        NoProtoOpt = "WSAENOPROTOOPT",
        /// `WSAEINVAL` (10022): invalid argument (both sharing options on one socket; binding a
        /// socket twice; listening on an unbound socket).
        Inval = "WSAEINVAL",
        /// `WSAENOTSOCK` (10038): the socket was already closed.
        NotSock = "WSAENOTSOCK",
        /// `WSAEOPNOTSUPP` (10045): the operation does not apply (e.g. `listen` on UDP).
        OpNotSupp = "WSAEOPNOTSUPP",
    }
}

impl BindResult {
    /// `"success"` or the Winsock error name (the id).
    pub fn name(self) -> &'static str {
        self.id()
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
        BindResult::parse_id(name).ok_or_else(|| {
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
