//! `sockbind presets`: the runtime preset table ([`sockbind_core::presets::PRESETS`]) as a
//! Markdown table, one row per preset: its id, the runtime's call, the socket Windows sees
//! (protocol, address, dual-stack or IPv6 only, the `setsockopt` options in order), the
//! runtime's own files it was read from, and the versions it holds for with what was read.
//!
//! The README's "Runtime presets" table is this output, pasted between the markers
//! `<!-- sockbind presets -->` and `<!-- /sockbind presets -->`; a CLI test keeps the two equal,
//! so the facts have one home (`core/src/presets.rs`).

use sockbind_core::presets::{PresetRow, PRESETS};
use sockbind_core::text::Lang;

/// The socket a preset's call makes, in English: e.g. ``TCP `::` dual-stack, no option`` or
/// ``UDP `0.0.0.0`, `SO_REUSEADDR` ``.
pub fn windows_socket(row: &PresetRow) -> String {
    let family = if row.dual_stack {
        " dual-stack"
    } else if row.address.contains(':') {
        " IPv6 only"
    } else {
        ""
    };
    let options = if row.options.is_empty() {
        "no option".to_string()
    } else {
        let names: Vec<String> = row
            .options
            .iter()
            .map(|o| format!("`{}`", o.name()))
            .collect();
        names.join(" then ")
    };
    format!(
        "{} `{}`{family}, {options}",
        row.protocol.id().to_uppercase(),
        row.address
    )
}

/// The whole table as Markdown (no trailing newline). Input: none; output: the header and one
/// row per preset, in the table's order.
pub fn markdown() -> String {
    let mut out = String::from(
        "| id | call | Windows socket | read from (runtime's own file) | versions |\n|---|---|---|---|---|",
    );
    for row in PRESETS {
        let sources: Vec<String> = row
            .sources
            .iter()
            .map(|s| format!("{} `{}` ({})", s.repo, s.path, s.item))
            .collect();
        out.push_str(&format!(
            "\n| `{}` | `{}` | {} | {} | {}; {} |",
            row.id,
            crate::markdown_cell(row.call),
            windows_socket(row),
            sources.join("; "),
            row.versions.range_in(Lang::En),
            row.versions.checked_in(Lang::En),
        ));
    }
    out
}
