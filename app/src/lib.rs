//! # sockbind-app
//!
//! The explainer page: pick a Windows version and two sockets, see Winsock's answer, the
//! documented table cell and the port's binding table. Client-side Leptos; all decisions come
//! from `sockbind-core`. One module per visible part.

use leptos::prelude::*;

pub mod answer;
pub mod availability;
pub mod bind_tables;
pub mod drawing;
pub mod embed;
pub mod header;
pub mod i18n;
pub mod keys;
pub mod platform_picker;
pub mod port_table;
pub mod predict;
pub mod probe_gen;
pub mod probe_panel;
pub mod share;
pub mod socket_editor;
pub mod state;
pub mod text;
pub mod timeline;
pub mod training;
pub mod troubleshoot;

use answer::Answer;
use availability::Availability;
use bind_tables::BindTables;
use drawing::Drawing;
use header::Header;
use platform_picker::PlatformPicker;
use port_table::PortTableView;
use sockbind_core::share::Section;
use socket_editor::SocketList;
use state::AppState;
use timeline::Timeline;
use troubleshoot::Troubleshoot;

/// The language the page starts in: the browser's first language we have, else English.
pub fn initial_lang() -> i18n::Lang {
    web_sys::window()
        .map(|w| w.navigator().languages())
        .into_iter()
        .flat_map(|list| list.iter().collect::<Vec<_>>())
        .filter_map(|v| v.as_string())
        .find_map(|tag| i18n::Lang::from_tag(&tag))
        .unwrap_or(i18n::Lang::En)
}

/// The whole page. Provides [`AppState`] to every part and keeps `<html lang>` right.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::from_query(&share::location_pairs(), initial_lang());
    provide_context(state);
    let predict = predict::Predict::provide(state);
    predict::install_class_keys(state, predict);
    let training = training::Training::provide(state, predict);
    // The player sits at the top while a lesson is open; the launcher at the end of the page.
    let lesson_open = move || training.session.with(Option::is_some);
    let launcher = !state.embed || state.lesson.get_untracked().is_some();
    share::sync_url(state);
    if state.embed {
        embed::report_height();
    }
    Effect::new(move |_| {
        let tag = state.lang.get().tag();
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", tag);
        }
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&state.t("page-title"));
        }
    });
    let embed = state.embed;
    let shows = move |s: Section| state.shows(s);
    // What is below the answer and the pickers is built right after the first paint (a frame,
    // then a task), so the first answer shows sooner; `data-ready` turns "true" once it is in.
    // A timer covers pages that paint no frame (a background tab).
    let rest = RwSignal::new(false);
    let build_rest = move || {
        if !rest.get_untracked() {
            rest.set(true);
        }
    };
    request_animation_frame(move || set_timeout(build_rest, std::time::Duration::ZERO));
    set_timeout(build_rest, std::time::Duration::from_millis(200));
    view! {
        {(!embed).then(|| view! {
            <a class="skip-link" href="#answer-title">{move || state.t("skip-to-answer")}</a>
            <Header />
        }.into_any())}
        <main
            id="app"
            data-ready=move || if rest.get() { "true" } else { "false" }
            class:presenter=move || state.presenter.get()
            class:embed=embed
            class:predicting=move || predict.pending(state)
        >
            {embed.then(|| view! { <embed::EmbedBar /> }.into_any())}
            <header::LinkNotice />
            {move || lesson_open().then(|| view! { <training::TrainingPanel /> }.into_any())}
            // Answer first: the verdict and the drawing, then the pickers (in the widget too, so
            // the answer is in view in the frame's first 600 px).
            {(shows(Section::Answer) || shows(Section::Drawing)).then(|| view! {
                <div class="stage">
                    {move || state.predict.get().then(|| view! { <predict::PredictPanel /> })}
                    {shows(Section::Answer).then(|| view! { <Answer /> })}
                    {shows(Section::Drawing).then(|| view! { <Drawing /> })}
                </div>
            }.into_any())}
            {(!shows(Section::Answer)).then(|| view! {
                <p class="notice" role="status">{move || state.notice.get().map(|n| n.text(&state))}</p>
            }.into_any())}
            {shows(Section::Pickers).then(|| view! {
                <div class="controls">
                    <PlatformPicker />
                    <SocketList />
                </div>
            }.into_any())}
            {move || rest.get().then(|| view! {
                {shows(Section::Timeline).then(|| view! { <Timeline /> })}
                {shows(Section::Timeline).then(|| view! { <PortTableView /> })}
                {shows(Section::Tables).then(|| view! { <BindTables /> })}
                {(!embed).then(|| view! { <Troubleshoot /> <Availability /> <share::ShareBar /> })}
            }.into_any())}
            // (A closed box: built at once.)
            {(!embed).then(|| view! { <probe_panel::ProbePanel /> }.into_any())}
            {move || (rest.get() && launcher && !lesson_open()).then(|| view! { <training::TrainingPanel /> }.into_any())}
        </main>
    }
}

/// Mounts [`App`] into `<body>` (the page's entry point).
pub fn mount() {
    console_error_panic_hook::set_once();
    embed::remove_boot_line();
    leptos::mount::mount_to_body(App);
}
