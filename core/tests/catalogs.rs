//! The message catalogs (`core/locales/*.ftl`), as compiled by `build.rs`: both languages have
//! the same keys and placeables, every key the core's data asks for exists, the compiled
//! messages equal what Fluent itself renders, zh-TW uses the standard terms, and no run of six
//! words of the article is copied.

use sockbind_core::evidence::ALTERNATIVE_IDS;
use sockbind_core::text::{fkey, keys, module_message as message, placeables, Lang};
use sockbind_core::{DeliveryRule, Evidence, Platform, Section, TableId, RULES};
use std::collections::BTreeSet;

const EN_FTL: &str = include_str!("../locales/en.ftl");
const ZH_TW_FTL: &str = include_str!("../locales/zh-TW.ftl");

#[test]
fn catalogs_have_the_same_keys_in_the_same_order() {
    let en = keys(Lang::En);
    let zh = keys(Lang::ZhTw);
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
    for key in keys(Lang::En) {
        let mut en = placeables(Lang::En, key);
        let mut zh = placeables(Lang::ZhTw, key);
        en.sort();
        zh.sort();
        assert_eq!(en, zh, "{key}");
    }
}

#[test]
fn compiled_messages_equal_what_fluent_renders() {
    use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
    for (lang, src) in [(Lang::En, EN_FTL), (Lang::ZhTw, ZH_TW_FTL)] {
        let res = FluentResource::try_new(src.to_string()).expect("catalog parses");
        let id: unic_langid::LanguageIdentifier = lang.tag().parse().unwrap();
        let mut b = FluentBundle::new(vec![id]);
        b.set_use_isolating(false);
        b.add_resource(res).unwrap();
        for key in keys(lang) {
            let names = placeables(lang, key);
            let args: Vec<(&str, String)> = names.iter().map(|n| (*n, format!("<{n}>"))).collect();
            let mut fargs = FluentArgs::new();
            for (k, v) in &args {
                fargs.set(*k, FluentValue::from(v.clone()));
            }
            let pattern = b.get_message(key).and_then(|m| m.value()).unwrap();
            let mut errors = vec![];
            let want = b.format_pattern(pattern, Some(&fargs), &mut errors);
            assert!(errors.is_empty(), "{key}: {errors:?}");
            assert_eq!(message(lang, key, &args), want, "{key}");
        }
    }
}

#[test]
fn every_key_the_core_data_asks_for_exists() {
    let en: BTreeSet<&str> = keys(Lang::En).iter().copied().collect();
    let mut wanted: Vec<String> = vec![];
    for row in RULES {
        wanted.push(row.explanation_key.to_string());
        wanted.push(row.section.key());
    }
    wanted.extend(Section::ALL.iter().map(|s| s.key()));
    wanted.extend(DeliveryRule::ALL.iter().map(|d| d.explanation_key()));
    wanted.extend(Evidence::ALL.iter().map(|e| format!("evidence-{}", e.id())));
    wanted.extend(ALTERNATIVE_IDS.iter().map(|a| format!("alt-{a}")));
    wanted.extend(
        Platform::ALL
            .iter()
            .map(|p| format!("platform-{}", fkey(p.id()))),
    );
    wanted.extend(TableId::ALL.iter().map(|t| format!("table-{}", t.id())));
    wanted.extend(
        sockbind_core::share::Reason::ALL
            .iter()
            .map(|r| format!("url-{}", r.id())),
    );
    wanted.extend(sockbind_core::lesson::Why::ALL.iter().map(|w| w.key()));
    wanted.extend(
        sockbind_core::share::Instead::IDS
            .iter()
            .map(|i| format!("url-used-{i}")),
    );
    wanted.extend(
        sockbind_core::probe::ReportReason::ALL
            .iter()
            .map(|r| r.key()),
    );
    let missing: BTreeSet<_> = wanted.iter().filter(|k| !en.contains(k.as_str())).collect();
    assert!(
        missing.is_empty(),
        "keys asked for but not in the catalogs: {missing:?}"
    );
}

#[test]
fn zh_tw_is_a_translation_not_a_copy() {
    let en = keys(Lang::En);
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
    let all: String = keys(Lang::ZhTw)
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

mod common;
use common::{article_run_in, article_runs, fnv, words};

#[test]
fn no_run_of_six_words_of_the_article_is_in_the_catalogs() {
    let runs = article_runs();
    assert!(runs.len() > 1000, "{}", runs.len());
    // The check itself: a sentence taken from the article is caught.
    let probe = "the port is reserved on both the IPv4 and IPv6";
    assert!(article_run_in(&runs, probe).is_some(), "probe not detected");
    for lang in [Lang::En] {
        for key in keys(lang) {
            if let Some(run) = article_run_in(&runs, &message(lang, key, &[])) {
                panic!("{key} copies the article: “{run}”");
            }
        }
    }
}

/// Regenerates `core/data/article-6grams.txt` from `shared/spec/article-en.md`:
/// `cargo test -p sockbind-core --test catalogs -- --ignored write_article_runs`.
#[test]
#[ignore = "generator: run by hand when the article copy changes"]
fn write_article_runs() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let article = std::fs::read_to_string(format!("{dir}/../../shared/spec/article-en.md"))
        .expect("shared/spec/article-en.md");
    let a = words(&article);
    let runs: BTreeSet<u64> = a.windows(6).map(|w| fnv(&w.join(" "))).collect();
    let mut out = String::from(
        "# FNV-1a 64 hashes of every run of six lower-cased words of the article\n# \"Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE\" (core/tests/catalogs.rs).\n",
    );
    for h in runs {
        out.push_str(&format!("{h:016x}\n"));
    }
    std::fs::write(format!("{dir}/data/article-6grams.txt"), out).unwrap();
}
