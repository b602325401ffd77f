//! # sockbind-app
//!
//! The explainer page: pick a Windows version and two sockets, see Winsock's answer, the
//! documented table cell and the port's binding table. Client-side Leptos; all decisions come
//! from `sockbind-core`. One module per visible part.

use leptos::prelude::*;

pub mod answer;
pub mod availability;
pub mod bind_tables;
pub mod platform_picker;
pub mod port_table;
pub mod socket_editor;
pub mod state;
pub mod timeline;
pub mod troubleshoot;

use answer::Answer;
use availability::Availability;
use bind_tables::BindTables;
use platform_picker::PlatformPicker;
use port_table::PortTableView;
use socket_editor::SocketList;
use state::AppState;
use timeline::Timeline;
use troubleshoot::Troubleshoot;

/// The whole page. Provides [`AppState`] to every part.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(state::initial_scenario());
    provide_context(state);
    view! {
        <header class="page-header">
            <h1>"sockbind"</h1>
            <p class="tagline">
                "How Windows decides whether a second "
                <code>"bind()"</code>
                " to a port already in use succeeds — after Microsoft's article “Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE”."
            </p>
        </header>
        <main id="app" data-ready="true">
            <div class="controls">
                <PlatformPicker />
                <SocketList />
            </div>
            <Timeline />
            <Answer />
            <PortTableView />
            <BindTables />
            <Troubleshoot />
            <Availability />
        </main>
    }
}

/// Mounts [`App`] into `<body>` (the page's entry point).
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
