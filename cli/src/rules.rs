//! `sockbind rules`: the rule table ([`sockbind_core::RULES`]) as a Markdown table, one row per
//! rule: its id, the result it gives (name and Winsock error code), the kind of evidence behind
//! it, what it cites (the article section first), and its explanation in English; then the
//! traffic rules ([`sockbind_core::DeliveryRule`]: which socket receives a send), id and
//! explanation (their evidence and sources depend on the send, so the verdict carries them).
//!
//! The README's "The rules" table is this output, pasted between the markers
//! `<!-- sockbind rules -->` and `<!-- /sockbind rules -->`; a CLI test keeps the two equal, so
//! each rule's facts have one home (`core/src/rules.rs`, the explanation in
//! `core/locales/en.ftl`).

use sockbind_core::rules::RULES;
use sockbind_core::text::{message, Lang};
use sockbind_core::DeliveryRule;

use crate::markdown_cell as cell;

/// Both tables as Markdown, a blank line between them (no trailing newline). Input: none;
/// output: each table's header and one row per rule, in table order ([`sockbind_core::Rule::ALL`],
/// then [`DeliveryRule::ALL`]).
pub fn markdown() -> String {
    let mut out = String::from(
        "| rule | result | evidence | cites | why (English catalog) |\n|---|---|---|---|---|",
    );
    for row in RULES {
        let result = if row.result.is_success() {
            "success".to_string()
        } else {
            format!("`{}` ({})", row.result.name(), row.result.code())
        };
        let cites: Vec<String> = row
            .rule
            .sources()
            .iter()
            .map(|s| cell(&s.cite_in(Lang::En)))
            .collect();
        out.push_str(&format!(
            "\n| `{}` | {} | {} | {} | {} |",
            row.id,
            result,
            cell(&message(
                Lang::En,
                &format!("evidence-{}", row.evidence.id()),
                &[]
            )),
            cites.join("; "),
            cell(&message(Lang::En, row.explanation_key, &[])),
        ));
    }
    out.push_str("\n\n| traffic rule | why (English catalog) |\n|---|---|");
    for rule in DeliveryRule::ALL {
        out.push_str(&format!(
            "\n| `{}` | {} |",
            rule.id(),
            cell(&message(Lang::En, &rule.explanation_key(), &[])),
        ));
    }
    out
}
