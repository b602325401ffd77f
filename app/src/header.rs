//! The page header: title, tagline and the language switcher.

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::state::AppState;

/// The header.
#[component]
pub fn Header() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <header class="page-header">
            <div class="title-row">
                <h1>"sockbind"</h1>
                <LangSelect />
            </div>
            <p class="tagline">{move || state.ta("tagline", &[("article", state.t("article-title"))])}</p>
            <PresenterToggle />
        </header>
    }
}

/// Switches the presenter view (large type, high contrast) on and off.
#[component]
pub fn PresenterToggle() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <button
            type="button"
            id="presenter"
            aria-pressed=move || if state.presenter.get() { "true" } else { "false" }
            on:click=move |_| state.presenter.update(|p| *p = !*p)
        >
            {move || state.t(if state.presenter.get() { "presenter-off" } else { "presenter-on" })}
        </button>
    }
}

/// The language switcher (English / 繁體中文).
#[component]
pub fn LangSelect() -> impl IntoView {
    let state = expect_context::<AppState>();
    let on_lang = move |ev| {
        if let Some(l) = Lang::from_tag(&event_target_value(&ev)) {
            state.lang.set(l);
        }
    };
    view! {
        <label class="lang">
            <span class="visually-hidden">{move || state.t("lang-label")}</span>
            <select id="lang" prop:value=move || state.lang.get().tag() on:change=on_lang>
                {Lang::ALL
                    .map(|l| view! { <option value=l.tag() lang=l.tag()>{l.native_name()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// What the link did not give as written, near the top of the page (also when embedded):
/// each parameter, its value quoted, why, and what was used instead. Gone after the first
/// edit, since the link then describes the page again.
#[component]
pub fn LinkNotice() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.link_notes.with(|notes| {
            (!notes.is_empty()).then(|| {
                let text = crate::state::link_notice_text(&state, notes);
                view! { <p class="link-notice" role="status">{text}</p> }
            })
        })
    }
}
