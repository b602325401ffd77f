//! Page-wide keyboard shortcuts (the timeline's arrow keys, class mode's keys) share one rule
//! for which key presses they may take.

/// Whether a page-wide shortcut may take `ev`: not typed into a text field, list or text area
/// (`INPUT`, `SELECT`, `TEXTAREA`), and without Ctrl, Alt or Meta (the browser's and the
/// system's own shortcuts).
pub fn shortcut_may_take(ev: &web_sys::KeyboardEvent) -> bool {
    let tag = ev
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .map(|e| e.tag_name())
        .unwrap_or_default();
    !(matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA")
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.meta_key())
}
