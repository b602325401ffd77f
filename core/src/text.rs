//! The page's and the CLI's words: English and Traditional Chinese (zh-TW) message catalogs.
//!
//! The catalogs are Project Fluent files (`core/locales/en.ftl`, `core/locales/zh-TW.ftl`),
//! the one home of every English (and Chinese) sentence. `build.rs` compiles them into static
//! tables at build time; they use only text, `{ $name }` placeables and `{" "}` literals.
//! Winsock identifiers (`SO_REUSEADDR`, `WSAEACCES`, `bind`) stay untranslated in both.

/// One piece of a compiled message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal text.
    Text(&'static str),
    /// A `{ $name }` placeable.
    Var(&'static str),
}

mod compiled {
    use super::Part;
    include!(concat!(env!("OUT_DIR"), "/catalogs.rs"));
}

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

    fn catalog(self) -> &'static [(&'static str, &'static [Part])] {
        match self {
            Lang::En => compiled::EN,
            Lang::ZhTw => compiled::ZH_TW,
        }
    }

    fn module_catalog(self) -> &'static [(&'static str, &'static [Part])] {
        match self {
            Lang::En => compiled::EN_MODULE,
            Lang::ZhTw => compiled::ZH_TW_MODULE,
        }
    }
}

fn find(cat: &'static [(&'static str, &'static [Part])], key: &str) -> Option<&'static [Part]> {
    cat.binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| cat[i].1)
}

/// The compiled message `key` in `lang` (from the page's table), or `None` if it lacks it.
pub fn parts(lang: Lang, key: &str) -> Option<&'static [Part]> {
    find(lang.catalog(), key)
}

/// The message `key` in `lang`, with `args` (name, value) filled in, from the page's table:
/// every key but the on-demand module's (`lesson-why-*`, see [`module_message`]).
///
/// A missing key comes back as `⟦key⟧` and a missing argument as `{$name}` (the tests make
/// sure neither happens for the keys the code asks for).
pub fn message(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    fill(key, parts(lang, key), args)
}

/// [`message`] for any key of the catalogs, the on-demand module's (`lesson-why-*`: kept out
/// of the page's first load, which does not call this) included. Used by the training
/// module, the CLI and the catalog tests.
pub fn module_message(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    fill(key, module_parts(lang, key), args)
}

/// The compiled message `key` in `lang` from either table (the module's first).
fn module_parts(lang: Lang, key: &str) -> Option<&'static [Part]> {
    find(lang.module_catalog(), key).or_else(|| parts(lang, key))
}

fn fill(key: &str, parts: Option<&'static [Part]>, args: &[(&str, String)]) -> String {
    let Some(parts) = parts else {
        return format!("⟦{key}⟧");
    };
    let mut out = String::new();
    for p in parts {
        match p {
            Part::Text(t) => out.push_str(t),
            Part::Var(name) => match args.iter().find(|(n, _)| n == name) {
                Some((_, v)) => out.push_str(v),
                None => {
                    out.push_str("{$");
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// The English message `key` without arguments: what the verdict JSON prints.
pub fn english(key: &str) -> String {
    message(Lang::En, key, &[])
}

/// The keys a catalog defines, in file order.
pub fn keys(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => compiled::EN_ORDER,
        Lang::ZhTw => compiled::ZH_TW_ORDER,
    }
}

/// The placeable names a message uses, in order of appearance.
pub fn placeables(lang: Lang, key: &str) -> Vec<&'static str> {
    module_parts(lang, key)
        .unwrap_or_default()
        .iter()
        .filter_map(|p| match p {
            Part::Var(n) => Some(*n),
            Part::Text(_) => None,
        })
        .collect()
}

/// A catalog key fragment from an id: Fluent identifiers allow letters, digits, `-` and `_`,
/// so `windows-nt-4.0` becomes `windows-nt-4-0`.
pub fn fkey(id: &str) -> String {
    id.replace('.', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeables_and_literals_are_filled_in() {
        assert_eq!(
            message(Lang::En, "socket-title", &[("n", "2".into())]),
            "Socket 2"
        );
        assert_eq!(message(Lang::En, "list-sep", &[]), ", ");
        assert!(message(Lang::En, "socket-role-first", &[]).starts_with(' '));
        assert_eq!(message(Lang::En, "no-such-key", &[]), "⟦no-such-key⟧");
        assert_eq!(message(Lang::En, "socket-title", &[]), "Socket {$n}");
    }
}
