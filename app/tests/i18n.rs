//! Every key the page asks for exists in the catalogs. The catalogs themselves (same keys and
//! placeables in both languages, zh-TW terms, no copied article text) are tested in the core
//! (`core/tests/catalogs.rs`). Native test (no browser).
#![cfg(not(target_arch = "wasm32"))]

use sockbind_app::i18n::{keys, Lang};
use std::collections::BTreeSet;

/// Literal catalog keys in the page's sources: the first argument of `t("…")` / `ta("…", …)`,
/// and any other string literal that is a whole key of one of the catalog's key families
/// (the part before the first `-`, e.g. `err-…`, `change-…`), derived from the catalog itself.
/// Keys the page builds from core data (`rule-…`, `platform-…`, `evidence-…`) are checked
/// from that data in `core/tests/catalogs.rs`.
fn keys_in_sources(families: &BTreeSet<&str>) -> Vec<String> {
    let mut wanted = vec![];
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let is_key_char = |c: char| c.is_ascii_alphanumeric() || "-_".contains(c);
        for (i, _) in text.match_indices('"') {
            let rest = &text[i + 1..];
            let literal: String = rest.chars().take_while(|c| is_key_char(*c)).collect();
            let closed = rest[literal.len()..].starts_with('"');
            let preceded_by_call = text[..i].ends_with(".t(") || text[..i].ends_with(".ta(");
            let family = literal.split('-').next().unwrap_or("");
            // View attributes (`class="port-table"`, `id="share-url"`) and example ids are
            // not catalog keys.
            let attribute = text[..i].ends_with('=') || text[..i].ends_with("id: ");
            if literal.is_empty() || literal.ends_with('-') || !closed || attribute {
                continue;
            }
            if preceded_by_call || (literal.contains('-') && families.contains(family)) {
                wanted.push(literal);
            }
        }
    }
    wanted
}

#[test]
fn every_key_the_page_asks_for_exists() {
    let en: BTreeSet<&str> = keys(Lang::En).iter().copied().collect();
    let families: BTreeSet<&str> = en
        .iter()
        .filter_map(|k| k.split_once('-'))
        .map(|p| p.0)
        .collect();
    let wanted = keys_in_sources(&families);
    let missing: BTreeSet<_> = wanted.iter().filter(|k| !en.contains(k.as_str())).collect();
    assert!(
        missing.is_empty(),
        "keys used but not in the catalogs: {missing:?}"
    );
    assert!(wanted.len() > 150, "{}", wanted.len());
}

#[test]
fn language_tags_are_read_from_lang_and_the_browser() {
    assert_eq!(Lang::from_tag("zh-TW"), Some(Lang::ZhTw));
    assert_eq!(Lang::from_tag("zh-Hant-TW"), Some(Lang::ZhTw));
    assert_eq!(Lang::from_tag("en-US"), Some(Lang::En));
    assert_eq!(Lang::from_tag("zh-CN"), None);
    assert_eq!(Lang::from_tag("fr"), None);
}
