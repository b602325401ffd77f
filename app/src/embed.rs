//! Embed mode: the slim bar with the "open the full page" link, and the height the host page
//! needs to fit its iframe to the widget.
//!
//! Message (to `window.parent`, any origin; it carries nothing secret):
//! `{"type": "sockbind:resize", "height": <CSS pixels>}`. Hosts should check that
//! `event.source` is their iframe's `contentWindow` (see the README's embed snippet).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::state::AppState;

/// Posts the document height to the parent now and whenever the body changes size.
pub fn report_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let post = move || {
        let Some(w) = web_sys::window() else { return };
        let Some(height) = w
            .document()
            .and_then(|d| d.document_element())
            // The content's height (not `scrollHeight`, which never drops below the frame's
            // own height, so the widget could grow but never shrink to fit).
            .map(|e| e.get_bounding_client_rect().height().ceil() as i32)
        else {
            return;
        };
        let Ok(Some(parent)) = w.parent() else { return };
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"sockbind:resize".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &JsValue::from(height));
        let _ = parent.post_message(&msg, "*");
    };
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| post());
    if let (Ok(observer), Some(body)) = (
        web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()),
        window.document().and_then(|d| d.body()),
    ) {
        observer.observe(&body);
        // The observer lives as long as the page.
        std::mem::forget(observer);
    }
    callback.forget();
}

/// The slim bar shown in embed mode: the title, a link that opens the full page for the same
/// scenario in a new tab (the host's `sandbox` must allow popups, see the README), and the
/// language.
#[component]
pub fn EmbedBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="embed-bar">
            <h1 class="embed-title">"sockbind"</h1>
            <a
                id="open-full"
                class="open-full"
                href=move || crate::share::full_page_link(state)
                target="_blank"
                rel="noopener"
            >
                {move || state.t("embed-open-full")}
            </a>
            <crate::header::LangSelect />
        </div>
    }
}

/// Removes the static "Loading sockbind…" line of `index.html` (and of the offline file): the
/// program is running, so the boot script's error path no longer applies.
pub fn remove_boot_line() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}
