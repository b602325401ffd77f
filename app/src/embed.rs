//! Embed mode: tells the host page how tall the widget is, so its iframe can fit it.
//!
//! Message (to `window.parent`, any origin; it carries nothing secret):
//! `{"type": "sockbind:resize", "height": <CSS pixels>}`. Hosts should check that
//! `event.source` is their iframe's `contentWindow` (see the README's embed snippet).

use wasm_bindgen::prelude::*;

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
            .map(|e| e.scroll_height())
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
