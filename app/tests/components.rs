//! Component tests: the real app mounted in headless Chromium (wasm-bindgen-test), driven by
//! DOM events. Run with `scripts/test.sh` (or `cargo test -p sockbind-app --target
//! wasm32-unknown-unknown` with `CHROMEDRIVER=/usr/bin/chromedriver`).
#![cfg(target_arch = "wasm32")]

use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    mount_with_query("")
}

/// Mounts the app as if the page had been opened with `query` (the app reads and writes the
/// address bar, so each test starts from its own).
fn mount_with_query(query: &str) -> Element {
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

/// Waits until the whole page is built: the part below the pickers is built after the first
/// paint, and `main` then carries `data-ready="true"`.
async fn ready(root: &Element) {
    for _ in 0..300 {
        if root
            .query_selector("main[data-ready='true']")
            .unwrap()
            .is_some()
        {
            tick().await;
            return;
        }
        sleep(10).await;
    }
    panic!("the page was not built in 3 s");
}

/// Waits `ms` milliseconds (a task, so every effect queued before has run).
async fn sleep(ms: i32) {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
}

fn q(root: &Element, sel: &str) -> Element {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {sel}"))
}

fn text(root: &Element, sel: &str) -> String {
    q(root, sel).text_content().unwrap_or_default()
}

fn fire(el: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

async fn select(root: &Element, sel: &str, value: &str) {
    let s: HtmlSelectElement = q(root, sel).unchecked_into();
    s.set_value(value);
    assert_eq!(s.value(), value, "{sel} has no option {value}");
    fire(&s, "change");
    tick().await;
    sleep(0).await;
}

async fn type_into(root: &Element, sel: &str, value: &str) {
    let i: HtmlInputElement = q(root, sel).unchecked_into();
    i.set_value(value);
    fire(&i, "input");
    tick().await;
    sleep(0).await;
}

fn highlighted(root: &Element) -> (String, String, String) {
    let td = q(root, "td.highlight");
    let fig = td.closest("figure").unwrap().unwrap();
    (
        fig.get_attribute("data-table").unwrap(),
        td.get_attribute("data-row").unwrap(),
        td.get_attribute("data-column").unwrap(),
    )
}

#[wasm_bindgen_test]
async fn initial_scenario_shows_wsaeacces_and_its_cell() {
    let root = mount();
    ready(&root).await;
    let answer = text(&root, "#answer");
    assert!(answer.contains("WSAEACCES (10013)"), "{answer}");
    assert!(
        answer.contains("exclusive-wildcard-guards-port"),
        "{answer}"
    );
    assert_eq!(
        highlighted(&root),
        (
            "2003_and_later_different_user".into(),
            "exclusiveaddruse/wildcard".into(),
            "default/specific".into()
        )
    );
    assert_eq!(root.query_selector_all("td.highlight").unwrap().length(), 1);
    assert_eq!(
        q(&root, "#answer").get_attribute("aria-live").as_deref(),
        Some("polite")
    );
}

#[wasm_bindgen_test]
async fn changing_pickers_changes_answer_and_cell() {
    let root = mount();
    ready(&root).await;
    select(&root, "#s0-options", "default").await;
    select(&root, "#s1-account", "user-a").await;
    let answer = text(&root, "#answer");
    assert!(answer.contains("bind() succeeds"), "{answer}");
    assert_eq!(
        highlighted(&root),
        (
            "2003_and_later_same_user".into(),
            "default/wildcard".into(),
            "default/specific".into()
        )
    );
    // Port table: the new row is added.
    assert!(root
        .query_selector("#port-after tr.added")
        .unwrap()
        .is_some());
    assert!(root
        .query_selector("#port-after tr.refused")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn refused_bind_marks_the_blocking_row() {
    let root = mount();
    ready(&root).await;
    let refused = text(&root, "#port-after tr.refused");
    assert!(refused.contains("WSAEACCES"), "{refused}");
    let blocking = q(&root, "#port-after tr.blocking");
    assert_eq!(blocking.get_attribute("data-socket").as_deref(), Some("0"));
    assert!(blocking
        .text_content()
        .unwrap()
        .contains("blocks this bind"));
}

#[wasm_bindgen_test]
async fn clicking_a_cell_loads_that_scenario() {
    let root = mount();
    ready(&root).await;
    let button: HtmlElement = q(
        &root,
        r#"figure[data-table="xp_and_earlier"] td[data-row="exclusiveaddruse/specific"][data-column="reuseaddr/specific"] button"#,
    )
    .unchecked_into();
    button.click();
    tick().await;
    let platform: HtmlSelectElement = q(&root, "#platform").unchecked_into();
    assert_eq!(platform.value(), "windows-xp");
    let s0: HtmlSelectElement = q(&root, "#s0-options").unchecked_into();
    assert_eq!(s0.value(), "exclusiveaddruse");
    let a1: HtmlInputElement = q(&root, "#s1-address").unchecked_into();
    assert_eq!(a1.value(), "10.0.0.1");
    assert_eq!(
        highlighted(&root),
        (
            "xp_and_earlier".into(),
            "exclusiveaddruse/specific".into(),
            "reuseaddr/specific".into()
        )
    );
    assert!(text(&root, "#answer").contains("WSAEACCES (10013)"));
}

#[wasm_bindgen_test]
async fn typed_address_is_validated_and_keeps_the_last_good_state() {
    let root = mount();
    ready(&root).await;
    type_into(&root, "#s1-address", "10.0.0.300").await;
    let input = q(&root, "#s1-address");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let err = text(&root, "#s1-address-error");
    assert!(err.contains("not an IPv4 or IPv6 address"), "{err}");
    assert!(text(&root, "#answer").contains("WSAEACCES"));
    // A different specific address under an exclusive wildcard is still refused; a second
    // specific address next to a specific one is fine.
    select(&root, "#s0-preset", "10.0.0.1").await;
    type_into(&root, "#s1-address", "10.99.99.99").await;
    assert_eq!(
        q(&root, "#s1-address")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("false")
    );
    let answer = text(&root, "#answer");
    assert!(answer.contains("different-specific-addresses"), "{answer}");
    assert!(root.query_selector("td.highlight").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn bad_port_is_refused_without_losing_state() {
    let root = mount();
    ready(&root).await;
    type_into(&root, "#port", "70000").await;
    assert!(text(&root, "#port-error").contains("not a port number"));
    assert!(text(&root, "#port-before").contains("5150"));
    type_into(&root, "#port", "80").await;
    assert!(text(&root, "#port-before").contains("80"));
}

#[wasm_bindgen_test]
async fn old_platform_rejects_exclusiveaddruse_at_setsockopt() {
    let root = mount();
    ready(&root).await;
    select(&root, "#platform", "windows-98").await;
    let answer = text(&root, "#answer");
    assert!(answer.contains("WSAENOPROTOOPT (10042)"), "{answer}");
    assert!(answer.contains("setsockopt()"), "{answer}");
}

#[wasm_bindgen_test]
async fn xp_non_administrator_cannot_set_exclusiveaddruse() {
    let root = mount();
    ready(&root).await;
    assert!(
        root.query_selector("#s0-admin").unwrap().is_none(),
        "admin only shown where it matters"
    );
    select(&root, "#platform", "windows-xp").await;
    let admin: HtmlInputElement = q(&root, "#s0-admin").unchecked_into();
    assert!(admin.checked());
    admin.click();
    tick().await;
    let answer = text(&root, "#answer");
    assert!(answer.contains("exclusiveaddruse-admin-only"), "{answer}");
    assert!(answer.contains("Earlier in the timeline"), "{answer}");
    assert!(text(&root, "ol.steps").contains("WSAEACCES"));
}

#[wasm_bindgen_test]
async fn both_options_on_one_socket_give_wsaeinval() {
    let root = mount();
    ready(&root).await;
    select(&root, "#s1-options", "both").await;
    assert!(text(&root, "#answer").contains("WSAEINVAL (10022)"));
}

async fn click(root: &Element, sel: &str) {
    let b: HtmlElement = q(root, sel).unchecked_into();
    b.click();
    tick().await;
}

#[wasm_bindgen_test]
async fn stepping_back_and_forward_changes_the_answer_and_port_table() {
    let root = mount();
    ready(&root).await;
    assert!(text(&root, "#step-label").contains("Step 2 of 2"));
    click(&root, "#step-back").await;
    assert!(text(&root, "#step-label").contains("Step 1 of 2"));
    assert!(text(&root, "#answer").contains("port-free"));
    assert!(root
        .query_selector("#port-after tr.added")
        .unwrap()
        .is_some());
    assert!(q(&root, "#step-back")
        .unchecked_into::<web_sys::HtmlButtonElement>()
        .disabled());
    // Keyboard: → goes forward when focus is not in a field.
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowRight");
    init.set_bubbles(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
        .dispatch_event(&ev)
        .unwrap();
    tick().await;
    assert!(text(&root, "#step-label").contains("Step 2 of 2"));
    assert!(text(&root, "#answer").contains("WSAEACCES"));
}

#[wasm_bindgen_test]
async fn sockets_can_be_added_and_removed() {
    let root = mount();
    ready(&root).await;
    click(&root, "#add-socket").await;
    assert!(root.query_selector("#s2-options").unwrap().is_some());
    assert!(text(&root, "#step-label").contains("of 3"));
    click(&root, r#"fieldset[data-socket="1"] button.remove"#).await;
    assert!(root.query_selector("#s2-options").unwrap().is_none());
    assert!(text(&root, "#step-label").contains("of 2"));
}

#[wasm_bindgen_test]
async fn dual_stack_shows_documented_and_tested_side_by_side() {
    let root = mount();
    ready(&root).await;
    select(&root, "#s0-options", "default").await;
    select(&root, "#s0-preset", "::").await;
    let dual: HtmlInputElement = q(&root, "#s0-dual").unchecked_into();
    dual.click();
    tick().await;
    select(&root, "#s1-preset", "0.0.0.0").await;
    select(&root, "#s1-account", "user-a").await;
    let answer = text(&root, "#answer");
    assert!(
        answer.contains("dual-stack-ipv4-side-unclaimed"),
        "{answer}"
    );
    let doc = q(&root, "#answer .compare .documented .big");
    assert_eq!(
        doc.get_attribute("data-documented").as_deref(),
        Some("WSAEADDRINUSE")
    );
    assert_eq!(
        q(&root, "#answer .verdict")
            .get_attribute("data-evidence")
            .as_deref(),
        Some("tested-on-windows")
    );
}

#[wasm_bindgen_test]
async fn a_link_loads_its_scenario_and_the_page_writes_the_link() {
    let root = mount_with_query(
        "?v=1&platform=windows-xp&s0.opt=SO_EXCLUSIVEADDRUSE&s0.addr=0.0.0.0&s1.opt=SO_REUSEADDR&s1.addr=10.0.0.1&lang=en",
    );
    ready(&root).await;
    let platform: HtmlSelectElement = q(&root, "#platform").unchecked_into();
    assert_eq!(platform.value(), "windows-xp");
    assert!(text(&root, "#answer").contains("legacy-exclusive-refuses-reuse"));
    select(&root, "#s1-options", "default").await;
    // The address bar is written once the page has been quiet for a moment.
    sleep(sockbind_app::share::URL_WRITE_DELAY_MS as i32 + 150).await;
    let search = web_sys::window().unwrap().location().search().unwrap();
    assert!(search.contains("s1.opt=none"), "{search}");
    assert!(search.contains("platform=windows-xp"), "{search}");
}

#[wasm_bindgen_test]
async fn a_bad_link_says_what_it_ignored() {
    let root = mount_with_query("?platform=windows-12&s0.addr=300.1.1.1&lang=en");
    ready(&root).await;
    let notice = text(&root, ".link-notice");
    assert!(
        notice.contains("platform = “windows-12”: unknown platform; used windows-7 instead"),
        "{notice}"
    );
    assert!(
        notice.contains("s0.addr = “300.1.1.1”: not an IP address; used 0.0.0.0 instead"),
        "{notice}"
    );
    // Above the pickers and the answer.
    let first = q(&root, "main > *").class_name();
    assert_eq!(first, "link-notice");
    // The first edit clears it.
    select(&root, "#s0-options", "reuseaddr").await;
    assert!(root.query_selector(".link-notice").unwrap().is_none());
    assert!(text(&root, "#answer").contains("bind()"));
}

#[wasm_bindgen_test]
async fn switching_language_translates_the_page_and_sets_html_lang() {
    let root = mount_with_query("?lang=en");
    ready(&root).await;
    select(&root, "#lang", "zh-TW").await;
    let html = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .document_element()
        .unwrap();
    assert_eq!(html.get_attribute("lang").as_deref(), Some("zh-TW"));
    let answer = text(&root, "#answer");
    assert!(answer.contains("WSAEACCES"), "{answer}");
    assert!(answer.contains("通訊端"), "{answer}");
    assert!(
        !root.text_content().unwrap().contains('⟦'),
        "a key is missing"
    );
    select(&root, "#lang", "en").await;
    assert_eq!(html.get_attribute("lang").as_deref(), Some("en"));
}

/// Sends a keydown for `key` to `el` (bubbling, like a real key press).
fn key(el: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    el.dispatch_event(
        &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
    )
    .unwrap();
}

#[wasm_bindgen_test]
async fn each_table_is_one_tab_stop_and_arrows_move_inside_it() {
    let root = mount();
    ready(&root).await;
    for t in [
        "xp_and_earlier",
        "2003_and_later_same_user",
        "2003_and_later_different_user",
    ] {
        let stops = root
            .query_selector_all(&format!("figure[data-table='{t}'] button[tabindex='0']"))
            .unwrap();
        assert_eq!(stops.length(), 1, "{t}");
    }
    // The table with the highlighted cell has its tab stop there.
    let stop = q(
        &root,
        "figure[data-table='2003_and_later_different_user'] button[tabindex='0']",
    );
    assert!(stop
        .closest("td")
        .unwrap()
        .unwrap()
        .class_list()
        .contains("highlight"));

    let first: HtmlElement = q(
        &root,
        "figure[data-table='xp_and_earlier'] button[tabindex='0']",
    )
    .unchecked_into();
    first.focus().unwrap();
    key(&first, "ArrowRight");
    tick().await;
    let doc = web_sys::window().unwrap().document().unwrap();
    let active = doc.active_element().unwrap();
    assert_eq!(active.get_attribute("data-r").as_deref(), Some("0"));
    assert_eq!(active.get_attribute("data-c").as_deref(), Some("1"));
    assert_eq!(active.get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(first.get_attribute("tabindex").as_deref(), Some("-1"));
    key(&active, "ArrowDown");
    tick().await;
    let active = doc.active_element().unwrap();
    assert_eq!(active.get_attribute("data-r").as_deref(), Some("1"));

    // Choosing it (Enter and Space arrive as a click) moves the highlight and the answer.
    let before = text(&root, "#answer");
    fire(&active, "click");
    tick().await;
    tick().await;
    let td = active.closest("td").unwrap().unwrap();
    assert!(td.class_list().contains("highlight"));
    assert_eq!(
        active.get_attribute("aria-current").as_deref(),
        Some("true")
    );
    assert_eq!(root.query_selector_all("td.highlight").unwrap().length(), 1);
    assert_ne!(text(&root, "#answer"), before);
}

#[wasm_bindgen_test]
async fn the_widget_puts_the_answer_first_and_shows_only_the_chosen_sections() {
    let root = mount_with_query("?embed=1&lang=en");
    ready(&root).await;
    let main = q(&root, "main.embed");
    let classes: Vec<String> = (0..main.children().length())
        .filter_map(|i| main.children().item(i))
        .map(|e| e.class_name())
        .collect();
    assert_eq!(
        classes.first().map(String::as_str),
        Some("embed-bar"),
        "{classes:?}"
    );
    // The stage (answer and drawing) comes right after the bar, the answer first inside it.
    assert_eq!(classes[1], "stage", "{classes:?}");
    assert!(root
        .query_selector(".stage > section.answer:first-child")
        .unwrap()
        .is_some());
    assert!(root.query_selector(".tables").unwrap().is_some());
    let href = q(&root, "a.open-full").get_attribute("href").unwrap();
    assert!(!href.contains("embed="), "{href}");
    assert!(href.contains("?v=1&"), "{href}");

    let root = mount_with_query("?embed=1&sections=answer&lang=en");
    ready(&root).await;
    assert!(root.query_selector("section.answer").unwrap().is_some());
    for gone in [".controls", ".timeline", ".tables", "#port-after"] {
        assert!(root.query_selector(gone).unwrap().is_none(), "{gone}");
    }

    let root = mount_with_query("?embed=1&sections=tables,bogus&lang=en");
    ready(&root).await;
    assert!(root.query_selector(".tables").unwrap().is_some());
    assert!(root.query_selector("section.answer").unwrap().is_none());
    let notice = text(&root, ".link-notice");
    assert!(notice.contains("not a part of the widget"), "{notice}");
}

#[wasm_bindgen_test]
async fn picking_a_runtime_sets_the_fields_and_editing_one_makes_a_plain_socket() {
    let root = mount();
    ready(&root).await;
    // Go's net.Listen("tcp", ":port"): no option, `::`, dual-stack (golang/go src/net).
    select(&root, "#s1-runtime", "go-listen").await;
    let value = |sel: &str| q(&root, sel).unchecked_into::<HtmlSelectElement>().value();
    assert_eq!(value("#s1-runtime"), "go-listen");
    assert_eq!(value("#s1-options"), "default");
    assert_eq!(value("#s1-preset"), "::");
    let dual: HtmlInputElement = q(&root, "#s1-dual").unchecked_into();
    assert!(dual.checked());
    let note = text(&root, "#s1-runtime-note");
    assert!(note.contains("net.Listen(\"tcp\", \":port\")"), "{note}");
    assert!(
        note.contains("golang/go src/net/sockopt_windows.go"),
        "{note}"
    );
    assert!(note.contains("older versions not checked"), "{note}");
    // Another runtime replaces every preset field: .NET's exclusive IPv4 listener.
    select(&root, "#s1-runtime", "dotnet-exclusive").await;
    assert_eq!(value("#s1-options"), "exclusiveaddruse");
    assert_eq!(value("#s1-preset"), "0.0.0.0");
    assert!(text(&root, "#s1-runtime-note").contains("ExclusiveAddressUse"));
    // Setting a field to the value the preset has keeps it; another value makes a plain socket.
    select(&root, "#s1-options", "exclusiveaddruse").await;
    assert_eq!(value("#s1-runtime"), "dotnet-exclusive");
    select(&root, "#s1-options", "reuseaddr").await;
    assert_eq!(value("#s1-runtime"), "");
    assert!(root.query_selector("#s1-runtime-note").unwrap().is_none());
    assert_eq!(value("#s1-options"), "reuseaddr");
    assert_eq!(value("#s1-preset"), "0.0.0.0");
}

#[wasm_bindgen_test]
async fn a_link_with_presets_shows_them_and_an_unknown_one_is_named() {
    let root = mount_with_query(
        "?v=1&platform=windows-7&port=8000&s0.preset=python-http-server&s1.preset=python-http-servr",
    );
    ready(&root).await;
    let value = |sel: &str| q(&root, sel).unchecked_into::<HtmlSelectElement>().value();
    assert_eq!(value("#s0-runtime"), "python-http-server");
    assert_eq!(value("#s1-runtime"), "");
    let notice = root.text_content().unwrap_or_default();
    assert!(notice.contains("python-http-servr"), "{notice}");
    assert!(notice.contains("known: node-listen"), "{notice}");
}

#[wasm_bindgen_test]
fn query_string_is_written_as_url_search_params_writes_it() {
    // The page encodes links itself (no browser call per change); it must match the browser.
    let cases: Vec<Vec<(String, String)>> = vec![
        vec![],
        vec![
            ("v".into(), "1".into()),
            ("s0.addr".into(), "::ffff:127.0.0.1".into()),
        ],
        vec![
            ("a b".into(), "x&y=z/ü~'!()%+*-._".into()),
            ("lesson".into(), "https://example.org/a b?c#d 通訊端".into()),
            ("".into(), "".into()),
        ],
    ];
    for pairs in cases {
        let params = web_sys::UrlSearchParams::new().unwrap();
        for (k, v) in &pairs {
            params.append(k, v);
        }
        assert_eq!(
            sockbind_app::share::query_string(&pairs),
            format!("?{}", String::from(params.to_string()))
        );
    }
}
