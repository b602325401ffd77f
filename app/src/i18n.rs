//! English and Traditional Chinese (zh-TW) message catalogs, in Project Fluent's format
//! (`app/locales/*.ftl`, read with the `fluent-bundle` crate).
//!
//! Winsock identifiers (`SO_REUSEADDR`, `WSAEACCES`, `bind`) stay untranslated in both. The
//! tests check that both catalogs have exactly the same keys, that every key the code asks for
//! exists, and that the English rule texts equal the core's.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use std::cell::RefCell;

/// The English catalog.
pub const EN_FTL: &str = include_str!("../locales/en.ftl");
/// The Traditional Chinese catalog.
pub const ZH_TW_FTL: &str = include_str!("../locales/zh-TW.ftl");

/// A page language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Traditional Chinese (Taiwan).
    ZhTw,
}

impl Lang {
    /// Both languages.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhTw];

    /// BCP 47 tag for `<html lang>` and `lang=`: `en` or `zh-TW`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhTw => "zh-TW",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhTw => "繁體中文",
        }
    }

    /// Reads a tag as given in `lang=` or `navigator.languages`: `en…` is English;
    /// `zh-TW`, `zh-Hant…`, `zh-HK`, `zh-MO` are Traditional Chinese. Others: `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase().replace('_', "-");
        if t == "en" || t.starts_with("en-") {
            Some(Lang::En)
        } else if t == "zh-tw" || t.starts_with("zh-hant") || t == "zh-hk" || t == "zh-mo" {
            Some(Lang::ZhTw)
        } else {
            None
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => EN_FTL,
            Lang::ZhTw => ZH_TW_FTL,
        }
    }
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.tag().parse().expect("valid language tags");
    let mut b = FluentBundle::new(vec![id]);
    b.set_use_isolating(false);
    let res =
        FluentResource::try_new(lang.source().to_string()).unwrap_or_else(|(res, _errors)| res);
    b.add_resource(res).ok();
    b
}

thread_local! {
    static BUNDLES: RefCell<Option<[FluentBundle<FluentResource>; 2]>> = const { RefCell::new(None) };
}

/// The message `key` in `lang`, with `args` (name, value) filled in. A missing key comes back
/// as `⟦key⟧` (the tests make sure none is missing).
pub fn message(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    BUNDLES.with(|cell| {
        let mut cell = cell.borrow_mut();
        let bundles = cell.get_or_insert_with(|| [bundle(Lang::En), bundle(Lang::ZhTw)]);
        let b = &bundles[lang as usize];
        let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
            return format!("⟦{key}⟧");
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, FluentValue::from(v.clone()));
        }
        let mut errors = vec![];
        b.format_pattern(pattern, (!args.is_empty()).then_some(&fargs), &mut errors)
            .into_owned()
    })
}

/// A catalog key fragment from an id: Fluent identifiers allow letters, digits, `-` and `_`,
/// so `windows-nt-4.0` becomes `windows-nt-4-0`.
pub fn fkey(id: &str) -> String {
    id.replace('.', "-")
}

/// The keys a catalog defines, in file order.
pub fn keys(source: &str) -> Vec<String> {
    let res = FluentResource::try_new(source.to_string()).unwrap_or_else(|(res, _)| res);
    res.entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// Parse errors of a catalog, as text (empty when it is well-formed).
pub fn parse_errors(source: &str) -> Vec<String> {
    match FluentResource::try_new(source.to_string()) {
        Ok(_) => vec![],
        Err((_, errors)) => errors.iter().map(|e| format!("{e:?}")).collect(),
    }
}
