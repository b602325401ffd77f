//! The one escaping of the plain-text forms the page and its on-demand module (`gen/`) hand
//! each other: lessons ([`crate::lesson::encode_lesson`]), runtime calls
//! ([`crate::codegen::encode_case_calls`]) and imported probe results ([`crate::probe_import`]).
//! Fields are separated by tabs and records by line breaks, so a field's `\`, tab, LF and CR
//! are written `\\`, `\t`, `\n`, `\r`. Not a public format.

/// Appends `text` to `out` escaped.
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// `text` escaped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Undoes [`escape`]; `None` for an escape it never writes (or a lone `\` at the end).
pub(crate) fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(out)
}

/// [`unescape`], keeping text with an escape it never writes as it is (for readers that
/// report bad records by their other fields).
pub(crate) fn unescape_lossy(text: &str) -> String {
    unescape(text).unwrap_or_else(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips_and_leaves_no_separator() {
        for t in [
            "",
            "plain",
            "a\tb\nc\rd\\e",
            "\\n literally",
            "末尾\\",
            "通訊端\t繫結",
        ] {
            let e = escape(t);
            assert!(!e.contains(['\t', '\n', '\r']), "{e:?}");
            assert_eq!(unescape(&e).as_deref(), Some(t));
        }
        assert_eq!(unescape("bad \\x"), None);
        assert_eq!(unescape("end \\"), None);
        assert_eq!(unescape_lossy("bad \\x"), "bad \\x");
    }
}
