//! The one error type for bad input anywhere in the core, and the quoting every message uses
//! for values that came from outside (escaped, shortened, one line).

use std::fmt;

/// Most characters of an outside value a message echoes (the rest is elided, with the size).
pub const MAX_ECHO_CHARS: usize = 60;
/// Most characters of a field path a message echoes.
const MAX_FIELD_CHARS: usize = 80;
/// Most characters of a reason (reasons may quote serde's view of the input).
const MAX_REASON_CHARS: usize = 400;

/// Bad input: which field, the offending value, and why it was refused.
///
/// Produced by scenario parsing and validation, platform/option/address parsing.
/// Displays as one line: `sockets[1].address = "10.0.0.300": not an IPv4 or IPv6 address`.
/// Whatever came from outside (field path, value, and quotes inside the reason) is escaped
/// with [`escape`] and shortened, so a message is always one short line of printable text.
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

/// Escapes `text` for a one-line message: `\n`, `\r`, `\t`, `\\`, `"` and every other control
/// character (C0, DEL, C1, line/paragraph separators, bidi controls) as `\u{…}`; then keeps at
/// most `max_chars` characters of the result, ending in `…` and the original size in bytes
/// when shortened. Out: printable text without line breaks.
pub fn escape(text: &str, max_chars: usize) -> String {
    escape_inner(text, max_chars, true)
}

fn escape_inner(text: &str, max_chars: usize, quotes: bool) -> String {
    let mut out = String::new();
    let mut count = 0usize;
    for c in text.chars() {
        let piece: String = match c {
            '\n' => "\\n".into(),
            '\r' => "\\r".into(),
            '\t' => "\\t".into(),
            '\\' if quotes => "\\\\".into(),
            '"' if quotes => "\\\"".into(),
            c if is_unprintable(c) => {
                format!("\\u{{{:x}}}", c as u32)
            }
            c => c.to_string(),
        };
        let n = piece.chars().count();
        if count + n > max_chars {
            out.push_str(&format!("… ({} bytes)", text.len()));
            return out;
        }
        count += n;
        out.push_str(&piece);
    }
    out
}

/// Whether `c` must not reach a terminal or page as is: control characters (C0, DEL, C1),
/// line and paragraph separators, bidi marks and overrides, and the byte-order mark.
pub fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{feff}'
        )
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `text` escaped and shortened (see [`escape`], at most [`MAX_ECHO_CHARS`]) inside double
/// quotes: how every message quotes a value that came from outside.
pub fn quote(text: &str) -> String {
    format!("\"{}\"", escape(text, MAX_ECHO_CHARS))
}

/// Makes a message from elsewhere (serde, clap) one short printable line: every span between
/// two `quote` characters (serde quotes names and values from the input with `` ` ``, clap
/// with `'`) is shortened to [`MAX_ECHO_CHARS`]; control characters and line breaks are
/// escaped as in [`escape`]; at most [`MAX_REASON_CHARS`] characters in all.
pub fn one_line(message: &str, quote: char) -> String {
    let mut out = String::new();
    for (i, part) in message.split(quote).enumerate() {
        if i > 0 {
            out.push(quote);
        }
        if i % 2 == 1 {
            out.push_str(&escape_inner(part, MAX_ECHO_CHARS, false));
        } else {
            out.push_str(&escape_inner(part, MAX_REASON_CHARS, false));
        }
    }
    if out.chars().count() > MAX_REASON_CHARS {
        let cut: String = out.chars().take(MAX_REASON_CHARS).collect();
        return format!("{cut}…");
    }
    out
}

/// A number or boolean, printed without quotes (`port = 70000`, `dual_stack = true`).
fn is_plain(v: &str) -> bool {
    if v == "true" || v == "false" {
        return true;
    }
    let digits = v.strip_prefix('-').unwrap_or(v);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && int.len() <= 20
        && frac.len() <= 20
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = if self.field.is_empty() {
            "input".to_string()
        } else {
            escape(&self.field, MAX_FIELD_CHARS)
        };
        let reason = one_line(&self.reason, '`');
        if self.value.is_empty() {
            write!(f, "{field}: {reason}")
        } else if is_plain(&self.value) {
            write!(f, "{field} = {}: {reason}", self.value)
        } else {
            write!(f, "{field} = {}: {reason}", quote(&self.value))
        }
    }
}

impl std::error::Error for InputError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_escaped_short_line() {
        let e = InputError::new(
            "sockets[0]\n.address",
            "a\nb\u{1b}[31m\0\u{7f}",
            "bad `x\ny`",
        );
        let s = e.to_string();
        assert_eq!(
            s,
            r#"sockets[0]\n.address = "a\nb\u{1b}[31m\u{0}\u{7f}": bad `x\ny`"#
        );
        let huge = "x".repeat(50_000_000);
        let s = InputError::new("f", huge.as_str(), format!("unknown `{huge}`")).to_string();
        assert!(s.len() < 600, "{}", s.len());
        assert!(s.contains("… (50000000 bytes)"), "{s}");
    }

    #[test]
    fn numbers_and_booleans_are_not_quoted() {
        assert_eq!(
            InputError::new("port", "70000", "r").to_string(),
            "port = 70000: r"
        );
        assert_eq!(InputError::new("d", "true", "r").to_string(), "d = true: r");
        assert_eq!(InputError::new("d", "1.5", "r").to_string(), "d = 1.5: r");
        assert_eq!(
            InputError::new("d", "1e5", "r").to_string(),
            "d = \"1e5\": r"
        );
        assert_eq!(
            InputError::new("d", "NaN", "r").to_string(),
            "d = \"NaN\": r"
        );
        assert_eq!(InputError::new("d", "-", "r").to_string(), "d = \"-\": r");
    }
}
