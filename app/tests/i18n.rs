//! The message catalogs: both languages have the same keys and placeables, every key the code
//! asks for exists, and the English rule texts are the core's. Native test (no browser).
#![cfg(not(target_arch = "wasm32"))]

use sockbind_app::i18n::{keys, message, parse_errors, Lang, EN_FTL, ZH_TW_FTL};
use sockbind_core::{DeliveryRule, Evidence, Platform, Rule, TableId};
use std::collections::BTreeSet;

fn placeables(source: &str, key: &str) -> BTreeSet<String> {
    let line = source
        .lines()
        .find(|l| l.starts_with(&format!("{key} =")))
        .unwrap_or_else(|| panic!("{key} missing"));
    let mut out = BTreeSet::new();
    let mut rest = line;
    while let Some(i) = rest.find("{ $") {
        let tail = &rest[i + 3..];
        let end = tail.find(' ').unwrap_or(tail.len());
        out.insert(tail[..end].to_string());
        rest = &tail[end..];
    }
    out
}

#[test]
fn catalogs_parse_and_have_the_same_keys_in_the_same_order() {
    assert_eq!(parse_errors(EN_FTL), Vec::<String>::new());
    assert_eq!(parse_errors(ZH_TW_FTL), Vec::<String>::new());
    let en = keys(EN_FTL);
    let zh = keys(ZH_TW_FTL);
    assert!(en.len() > 200, "{}", en.len());
    let missing_zh: Vec<_> = en.iter().filter(|k| !zh.contains(k)).collect();
    let missing_en: Vec<_> = zh.iter().filter(|k| !en.contains(k)).collect();
    assert!(missing_zh.is_empty(), "missing in zh-TW: {missing_zh:?}");
    assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
    assert_eq!(en, zh);
    let unique: BTreeSet<_> = en.iter().collect();
    assert_eq!(unique.len(), en.len(), "duplicate keys");
}

#[test]
fn placeables_match_between_languages() {
    for key in keys(EN_FTL) {
        assert_eq!(
            placeables(EN_FTL, &key),
            placeables(ZH_TW_FTL, &key),
            "{key}"
        );
    }
}

#[test]
fn zh_tw_is_a_translation_not_a_copy() {
    let en = keys(EN_FTL);
    let same: Vec<_> = en
        .iter()
        .filter(|k| message(Lang::En, k, &[]) == message(Lang::ZhTw, k, &[]))
        .collect();
    assert!(
        same.len() < en.len() / 6,
        "{} of {} identical: {same:?}",
        same.len(),
        en.len()
    );
    assert_eq!(
        message(Lang::ZhTw, "article-title", &[]),
        "使用 SO_REUSEADDR 和 SO_EXCLUSIVEADDRUSE"
    );
}

#[test]
fn zh_tw_uses_the_standard_terms() {
    let all: String = keys(ZH_TW_FTL)
        .iter()
        .map(|k| message(Lang::ZhTw, k, &[]))
        .collect();
    for term in ["通訊端", "繫結", "萬用字元", "特定位址", "連接埠", "雙堆疊"] {
        assert!(all.contains(term), "{term}");
    }
    for id in ["SO_REUSEADDR", "SO_EXCLUSIVEADDRUSE", "WSAEACCES", "bind"] {
        assert!(
            all.contains(id),
            "Winsock identifier {id} must stay untranslated"
        );
    }
}

#[test]
fn english_rule_texts_are_the_cores() {
    for r in Rule::ALL {
        assert_eq!(
            message(Lang::En, &format!("rule-{}", r.id()), &[]),
            r.explanation(),
            "{}",
            r.id()
        );
    }
    for d in DeliveryRule::ALL {
        assert_eq!(
            message(Lang::En, &format!("delivery-{}", d.id()), &[]),
            d.explanation(),
            "{}",
            d.id()
        );
    }
}

#[test]
fn every_key_the_code_asks_for_exists() {
    let en: BTreeSet<String> = keys(EN_FTL).into_iter().collect();
    let mut wanted: Vec<String> = vec![];
    // Literal keys in t("…") / ta("…", …) calls and key tables in the sources.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for pat in [".t(", ".ta("] {
            for (i, _) in text.match_indices(pat) {
                let Some(rest) = text[i + pat.len()..].trim_start().strip_prefix('"') else {
                    continue;
                };
                let key: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || "-._".contains(*c))
                    .collect();
                if !key.is_empty() && !key.contains("{}") {
                    wanted.push(key);
                }
            }
        }
        for line in text.lines() {
            let l = line.trim();
            for prefix in [
                "\"err-",
                "\"change-",
                "\"offers-",
                "\"era-",
                "\"avail-",
                "\"trouble-",
                "\"preset-",
                "\"example-",
                "\"option-",
                "\"compare-",
                "\"close-",
                "\"notice-",
                "\"kind-",
                "\"packet-tcp",
                "\"packet-udp",
                "\"col-",
                "\"step-send-",
                "\"delivery-tcp",
                "\"delivery-udp",
                "\"headline-",
            ] {
                if let Some(i) = l.find(prefix) {
                    let key: String = l[i + 1..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || "-._".contains(*c))
                        .collect();
                    wanted.push(key);
                }
            }
        }
    }
    for p in Platform::ALL {
        wanted.push(format!("platform-{}", sockbind_app::i18n::fkey(p.id())));
    }
    for e in [
        Evidence::Documented,
        Evidence::TestedOnWindows,
        Evidence::Implementation,
        Evidence::Reports,
        Evidence::Disputed,
    ] {
        wanted.push(format!("evidence-{}", e.id()));
    }
    for t in TableId::ALL {
        wanted.push(format!("table-{}", t.id()));
    }
    for r in Rule::ALL {
        wanted.push(format!("rule-{}", r.id()));
        wanted.push(format!("section-{}", r.section_id()));
    }
    for d in DeliveryRule::ALL {
        wanted.push(format!("delivery-{}", d.id()));
    }
    for a in [
        "wine-exclusive-wildcard",
        "wsk-reuseaddr-specific",
        "kb-870562",
        "lingering-experiments",
        "tested-on-later-windows",
        "wine-behaviour",
    ] {
        wanted.push(format!("alt-{a}"));
    }
    for r in sockbind_core::share::Reason::ALL {
        wanted.push(format!("url-{}", r.id()));
    }
    for i in sockbind_core::share::Instead::IDS {
        wanted.push(format!("url-used-{i}"));
    }
    let missing: BTreeSet<_> = wanted.iter().filter(|k| !en.contains(*k)).collect();
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

#[test]
fn no_sentence_of_the_article_is_copied_into_the_catalogs() {
    // Our explanations are our own words: no run of 6 words of the article may appear in
    // either catalog (table labels and short titles are shorter than that).
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/spec/article-en.md"
    );
    let Ok(article) = std::fs::read_to_string(path) else {
        eprintln!("note: {path} not present; check skipped");
        return;
    };
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric() && c != '_')
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .collect()
    };
    let a = words(&article);
    let runs: BTreeSet<String> = a.windows(6).map(|w| w.join(" ")).collect();
    for key in keys(EN_FTL) {
        let text = message(Lang::En, &key, &[]);
        let t = words(&text);
        for w in t.windows(6) {
            let run = w.join(" ");
            assert!(!runs.contains(&run), "{key} copies the article: “{run}”");
        }
    }
}
