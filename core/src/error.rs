//! The one error type for bad input anywhere in the core.

use std::fmt;

/// Bad input: which field, the offending value, and why it was refused.
///
/// Produced by scenario parsing and validation, platform/option/address parsing.
/// Displays as one line: `sockets[1].address = "10.0.0.300": not an IPv4 or IPv6 address`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// Path of the field, e.g. `sockets[1].address` (empty for the whole document).
    pub field: String,
    /// The value as given (may be empty when the document itself is malformed).
    pub value: String,
    /// Why it was refused, in plain words.
    pub reason: String,
}

impl InputError {
    /// Builds an error for `field` holding `value`.
    pub fn new(
        field: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        InputError {
            field: field.into(),
            value: value.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = if self.field.is_empty() {
            "input"
        } else {
            &self.field
        };
        let plain =
            self.value.parse::<f64>().is_ok() || self.value == "true" || self.value == "false";
        if self.value.is_empty() {
            write!(f, "{field}: {}", self.reason)
        } else if plain {
            write!(f, "{field} = {}: {}", self.value, self.reason)
        } else {
            write!(f, "{field} = {:?}: {}", self.value, self.reason)
        }
    }
}

impl std::error::Error for InputError {}
