//! Sharing: the URL is the scenario (written with `history.replaceState` as things change,
//! read on load), a "copy link" button, and the scenario as JSON for the CLI.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::AppState;

/// The current query string's pairs, read with the browser's `URLSearchParams`.
pub fn location_pairs() -> Vec<(String, String)> {
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
        return vec![];
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return vec![];
    };
    let Ok(Some(iter)) = js_sys::try_iter(&params) else {
        return vec![];
    };
    iter.flatten()
        .filter_map(|entry| {
            let pair: js_sys::Array = entry.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// `?a=b&…` for these pairs, encoded as `URLSearchParams` encodes them
/// (`application/x-www-form-urlencoded`: see [`form_encode`]), without calling into the
/// browser (this runs on every change).
pub fn query_string(pairs: &[(String, String)]) -> String {
    let mut out = String::from("?");
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        form_encode(&mut out, k);
        out.push('=');
        form_encode(&mut out, v);
    }
    out
}

/// Appends `s` encoded by the WHATWG URL standard's `application/x-www-form-urlencoded`
/// serializer (what `URLSearchParams.toString()` writes): ASCII letters, digits and `*-._`
/// as they are, space as `+`, every other UTF-8 byte as `%XX` (upper-case hex).
pub fn form_encode(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        match b {
            b'*' | b'-' | b'.' | b'_' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
}

/// How long the page waits after the last change before writing the address bar: a burst of
/// changes (dragging through a picker, stepping with the arrow keys) costs one write, not one
/// per change. Each write also makes Chromium re-fetch the page's icon.
pub const URL_WRITE_DELAY_MS: u64 = 250;

/// Keeps the address bar in step with the page (no history entries are added): once the
/// page has been quiet for [`URL_WRITE_DELAY_MS`], and only when the query string differs
/// from the one the address bar shows.
pub fn sync_url(state: AppState) {
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let pairs = state.to_query();
        if let Some(h) = pending.try_update_value(Option::take).flatten() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || write_url(&query_string(&pairs)),
            std::time::Duration::from_millis(URL_WRITE_DELAY_MS),
        );
        pending.try_set_value(handle.ok());
    });
}

/// Replaces the address bar's query with `q` unless it already is `q`.
fn write_url(q: &str) {
    let Some(w) = web_sys::window() else { return };
    let now = w.location().search().unwrap_or_default();
    // `search` is "" for an empty query; `query_string` gives "?" then.
    if now == q || (now.is_empty() && q == "?") {
        return;
    }
    if let Ok(history) = w.history() {
        // Sandboxed frames may refuse; the page works the same without it.
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(q));
    }
}

/// Where links to this page point, without the query: the public address the builder set
/// (`SOCKBIND_PUBLIC_URL` at build time, written by `scripts/postbuild.mjs` into the offline
/// file as `<meta name="sockbind-public-url">`), else this page's own `http(s)` address (also
/// inside a sandboxed frame), else empty — a file on disk has no address worth sharing, so its
/// links are the query alone (`?v=1&…`), to put after any sockbind page's address.
pub fn page_base() -> String {
    let Some(w) = web_sys::window() else {
        return String::new();
    };
    let built = w
        .document()
        .and_then(|d| {
            d.query_selector("meta[name='sockbind-public-url']")
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .map(|c| c.trim().to_string())
        .filter(|c| c.starts_with("https://") || c.starts_with("http://"));
    if let Some(base) = built {
        return base;
    }
    let l = w.location();
    match (l.protocol(), l.host(), l.pathname()) {
        (Ok(proto), Ok(host), Ok(path)) if proto == "http:" || proto == "https:" => {
            format!("{proto}//{host}{path}")
        }
        _ => String::new(),
    }
}

/// The link to the current scenario: [`page_base`] and the query (reactive).
pub fn current_link(state: AppState) -> String {
    format!("{}{}", page_base(), query_string(&state.to_query()))
}

/// The link to the full page for the current scenario: as [`current_link`], without `embed`
/// and `sections` (reactive).
pub fn full_page_link(state: AppState) -> String {
    let pairs: Vec<(String, String)> = state
        .to_query()
        .into_iter()
        .filter(|(k, _)| k != "embed" && k != "sections")
        .collect();
    format!("{}{}", page_base(), query_string(&pairs))
}

/// The "copy link" bar and the JSON export.
#[component]
pub fn ShareBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let status = RwSignal::new(None::<&'static str>);
    // The base never changes while the page is open: read it once.
    let base = StoredValue::new(page_base());
    let link = move || format!("{}{}", base.read_value(), query_string(&state.to_query()));
    let copy = move |_| {
        let text = current_link(state);
        let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
        match clipboard {
            Some(c) => {
                let promise = c.write_text(&text);
                leptos::task::spawn_local(async move {
                    let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                    status.set(Some(if ok {
                        "share-copied"
                    } else {
                        "share-copy-failed"
                    }));
                });
            }
            None => status.set(Some("share-copy-failed")),
        }
    };
    // The JSON is built only while its panel is open (it would otherwise be serialised on
    // every change, unseen).
    let open = RwSignal::new(false);
    let on_toggle = move |ev: leptos::ev::Event| {
        let is_open = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|d| d.has_attribute("open"));
        open.set(is_open);
    };
    let json = move || {
        open.get().then(|| {
            state
                .scenario
                .with(|s| serde_json::to_string_pretty(s).unwrap_or_default())
        })
    };
    view! {
        <section class="share" aria-label=move || state.t("share-url-label")>
            <label for="share-url">{move || state.t("share-url-label")}</label>
            <div class="share-row">
                <input id="share-url" type="text" readonly=true prop:value=link />
                <button type="button" id="copy-link" on:click=copy>{move || state.t("share-copy")}</button>
            </div>
            {base.with_value(String::is_empty).then(|| view! { <p class="hint" id="share-query-only">{move || state.t("share-query-only")}</p> })}
            <p class="share-status" role="status">{move || status.get().map(|k| state.t(k))}</p>
            <details class="export" on:toggle=on_toggle>
                <summary>{move || state.t("share-json")}</summary>
                <pre id="scenario-json">{json}</pre>
            </details>
        </section>
    }
}
