//! The "Check it on your Windows" panel, mounted in headless Chromium: nothing is generated
//! (and the generator module is not loaded) until it opens; the command and programs follow
//! the scenario; an imported probe result is compared with the model step by step, differences
//! flagged; bad input gives a notice; zh-TW.
//!
//! The generator module is the release build of `sockbind-gen` (scripts/test.sh builds it
//! first), handed to the page through `window.sockbindGenBytes` as the offline file does.
#![cfg(target_arch = "wasm32")]

use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, EventInit, HtmlDetailsElement, HtmlSelectElement, HtmlTextAreaElement,
};

wasm_bindgen_test_configure!(run_in_browser);

const GEN: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../target/wasm32-unknown-unknown/release/sockbind_gen.wasm"
));

/// How often the page asked for the generator module.
fn gen_loads() -> u32 {
    js_sys::Reflect::get(&web_sys::window().unwrap(), &"genLoads".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u32
}

/// Gives the page the generator module's bytes, counting the loads.
fn provide_gen() {
    let w = web_sys::window().unwrap();
    let f = wasm_bindgen::closure::Closure::<dyn Fn() -> js_sys::Promise>::new(|| {
        let w = web_sys::window().unwrap();
        js_sys::Reflect::set(&w, &"genLoads".into(), &(gen_loads() + 1).into()).unwrap();
        let buffer: wasm_bindgen::JsValue = js_sys::Uint8Array::from(GEN).buffer().into();
        js_sys::Promise::resolve(&buffer)
    });
    js_sys::Reflect::set(&w, &"sockbindGenBytes".into(), f.as_ref()).unwrap();
    f.forget();
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Waits (up to 10 s) until `sel` exists under `root` and its text contains `needle`.
async fn until(root: &Element, sel: &str, needle: &str) -> String {
    for _ in 0..200 {
        if let Some(e) = q(root, sel) {
            let t = e.text_content().unwrap_or_default();
            if t.contains(needle) {
                return t;
            }
        }
        sleep(50).await;
    }
    let seen = |s: &str| q(root, s).and_then(|e| e.text_content());
    panic!(
        "no {sel} containing {needle:?}: {sel} {:?}, notice {:?}",
        seen(sel),
        seen("#probe-import-error")
    );
}

fn mount(query: &str) -> Element {
    provide_gen();
    let w = web_sys::window().unwrap();
    let path = w.location().pathname().unwrap();
    w.history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{query}")),
        )
        .unwrap();
    let doc = w.document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    leptos::mount::mount_to(div.clone().unchecked_into(), sockbind_app::App).forget();
    div
}

fn q(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).unwrap()
}

fn text(root: &Element, sel: &str) -> String {
    q(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .text_content()
        .unwrap_or_default()
}

fn fire(el: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

async fn open(root: &Element) {
    let d: HtmlDetailsElement = q(root, "#probe-panel").unwrap().unchecked_into();
    d.set_open(true);
    fire(&d, "toggle");
    tick().await;
}

async fn paste(root: &Element, json: &str) {
    let t: HtmlTextAreaElement = q(root, "#probe-import-text").unwrap().unchecked_into();
    t.set_value(json);
    fire(&t, "input");
    tick().await;
}

/// A probe result for exclusive wildcard then plain wildcard on one account: the second bind
/// observed as WSAEACCES (as Wine answers), where the model says WSAEADDRINUSE; its own
/// `"agrees": true` must not be trusted. The one fixture the core's and the module's tests read.
const RESULT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/tests/fixtures/probe-result.json"
));

#[wasm_bindgen_test]
async fn programs_are_generated_only_when_opened_and_follow_the_scenario() {
    let root = mount("");
    tick().await;
    let loads = gen_loads();
    assert!(
        q(&root, "#probe-program").is_none(),
        "nothing is generated while closed"
    );
    sleep(100).await;
    assert_eq!(
        gen_loads(),
        loads,
        "the generator module is not loaded while closed"
    );
    open(&root).await;
    let program = until(&root, "#probe-program", "int main(void)").await;
    assert!(program.contains("int main(void)"), "C by default");
    // The default scenario's 10.0.0.1 is bound on a loopback alias; user-b's bind is not run.
    assert!(program.contains("127.0.0.2"));
    assert!(program.contains("needs a second account"));
    tick().await;
    let cmd = q(&root, "#probe-command")
        .unwrap()
        .unchecked_into::<web_sys::HtmlInputElement>()
        .value();
    assert!(
        cmd.starts_with("sockbind.exe probe --url \"") && cmd.contains("v=1"),
        "{cmd}"
    );
    let s: HtmlSelectElement = q(&root, "#probe-language").unwrap().unchecked_into();
    for (lang, needle) in [
        ("python", "def main():"),
        ("csharp", "public static string Run()"),
        ("powershell", "Add-Type"),
    ] {
        s.set_value(lang);
        fire(&s, "change");
        until(&root, "#probe-program", needle).await;
    }
}

#[wasm_bindgen_test]
async fn an_imported_result_is_compared_with_the_model_and_differences_are_flagged() {
    let root = mount("");
    open(&root).await;
    paste(&root, RESULT).await;
    until(&root, "#probe-differences", "1").await;
    // The file's own "agrees": true is not trusted: the page recomputes it.
    assert!(
        text(&root, "#probe-differences").contains('1'),
        "{}",
        text(&root, "#probe-differences")
    );
    let flagged = root
        .query_selector_all("#probe-result tr.probe-differs")
        .unwrap();
    assert_eq!(flagged.length(), 1);
    let row = flagged.get(0).unwrap().text_content().unwrap();
    assert!(
        row.contains("WSAEADDRINUSE") && row.contains("WSAEACCES") && row.contains('≠'),
        "{row}"
    );
    assert!(text(&root, "#probe-result").contains("22631"));
}

#[wasm_bindgen_test]
async fn bad_input_gives_a_notice_and_wine_is_named() {
    let root = mount("");
    open(&root).await;
    paste(&root, "{not json").await;
    until(&root, "#probe-import-error", "").await;
    assert!(q(&root, "#probe-result").is_none());
    // A result that does not read names the field at fault.
    paste(&root, &RESULT.replace("10013", "\"x\"")).await;
    until(
        &root,
        "#probe-import-error",
        "cases[0].steps[1].observed.code",
    )
    .await;
    assert!(q(&root, "#probe-result").is_none());
    paste(&root, &RESULT.replace("\"wine\":null", "\"wine\":\"8.0\"")).await;
    until(&root, "#probe-result", "Wine 8.0").await;
    assert!(q(&root, "#probe-import-error").is_none());
}

#[wasm_bindgen_test]
async fn the_panel_speaks_traditional_chinese() {
    let root = mount("?lang=zh-TW");
    tick().await;
    assert!(text(&root, "#probe-panel summary").contains("在你的 Windows 上驗證"));
    open(&root).await;
    paste(&root, RESULT).await;
    until(&root, "#probe-result", "與模型不同").await;
}
