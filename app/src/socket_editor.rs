//! One socket's pickers: options, local address (presets or typed, validated as you type),
//! account and, where it matters, Administrators membership.

use leptos::prelude::*;
use sockbind_core::{LocalAddress, SocketSpec};

use crate::state::{AppState, OptionChoice, ADDRESS_PRESETS, USER_A, USER_B};

/// Reads socket `index` of the scenario (a default socket if it is missing).
fn socket(state: AppState, index: usize) -> SocketSpec {
    state.scenario.with(|s| {
        s.sockets
            .get(index)
            .cloned()
            .unwrap_or_else(|| crate::state::initial_scenario().sockets[1].clone())
    })
}

/// Edits socket `index` (0 = first bind, 1 = second bind).
#[component]
pub fn SocketEditor(index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = move |name: &str| format!("s{index}-{name}");
    let edit = move |f: Box<dyn FnOnce(&mut SocketSpec)>| {
        state.update(|s| {
            if let Some(sock) = s.sockets.get_mut(index) {
                f(sock)
            }
        })
    };

    let address = Memo::new(move |_| socket(state, index).address);
    let draft = RwSignal::new(address.get_untracked());
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        draft.set(address.get());
        error.set(None);
    });
    let on_typed = move |ev| {
        let text = event_target_value(&ev);
        draft.set(text.clone());
        match LocalAddress::parse(&text, "address") {
            Ok(_) => {
                error.set(None);
                let t = text.trim().to_string();
                edit(Box::new(move |s| s.address = t));
            }
            Err(e) => error.set(Some(format!(
                "“{}” {}. The last valid address ({}) is still in use.",
                text,
                e.reason,
                address.get_untracked()
            ))),
        }
    };
    let preset_value = move || {
        let a = address.get();
        if ADDRESS_PRESETS.iter().any(|(v, _)| *v == a) {
            a
        } else {
            "custom".to_string()
        }
    };
    let on_preset = move |ev| {
        let v = event_target_value(&ev);
        if ADDRESS_PRESETS.iter().any(|(p, _)| *p == v) {
            edit(Box::new(move |s| s.address = v));
        }
    };
    let on_options = move |ev| {
        if let Some(c) = OptionChoice::from_value(&event_target_value(&ev)) {
            edit(Box::new(move |s| s.options = c.options()));
        }
    };
    let on_account = move |ev| {
        let who = if event_target_value(&ev) == "other" {
            USER_B
        } else {
            USER_A
        };
        edit(Box::new(move |s| s.account = who.to_string()));
    };
    let on_admin = move |ev| {
        let checked = event_target_checked(&ev);
        edit(Box::new(move |s| s.admin = checked));
    };
    let admin_matters = move || {
        state
            .scenario
            .with(|s| s.platform.exclusiveaddruse_needs_admin())
    };
    let title = if index == 0 {
        "First socket (already bound)"
    } else {
        "Second socket (binds next)"
    };

    view! {
        <fieldset class="socket-editor" data-socket=index>
            <legend>{title}</legend>
            <label for=id("options")>"Options set before bind"</label>
            <select
                id=id("options")
                prop:value=move || OptionChoice::from_options(&socket(state, index).options).value()
                on:change=on_options
            >
                {OptionChoice::ALL
                    .into_iter()
                    .map(|c| view! { <option value=c.value()>{c.label()}</option> })
                    .collect_view()}
            </select>

            <label for=id("preset")>"Local address"</label>
            <select id=id("preset") prop:value=preset_value on:change=on_preset>
                {ADDRESS_PRESETS
                    .into_iter()
                    .map(|(v, l)| view! { <option value=v>{l}</option> })
                    .collect_view()}
                <option value="custom" disabled=true>"typed below"</option>
            </select>
            <label for=id("address")>"or type any IPv4/IPv6 address"</label>
            <input
                id=id("address")
                type="text"
                inputmode="url"
                spellcheck="false"
                autocomplete="off"
                prop:value=move || draft.get()
                on:input=on_typed
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=id("address-error")
            />
            <p id=id("address-error") class="field-error" role="alert">
                {move || error.get()}
            </p>

            <label for=id("account")>"User account"</label>
            {if index == 0 {
                view! {
                    <select id=id("account") disabled=true>
                        <option>{format!("{USER_A} (runs the first socket)")}</option>
                    </select>
                }
                    .into_any()
            } else {
                view! {
                    <select
                        id=id("account")
                        prop:value=move || {
                            if socket(state, index).account == USER_A { "same" } else { "other" }
                        }
                        on:change=on_account
                    >
                        <option value="same">{format!("same user as the first socket ({USER_A})")}</option>
                        <option value="other">{format!("another user ({USER_B})")}</option>
                    </select>
                }
                    .into_any()
            }}

            <Show when=admin_matters>
                <label class="checkbox">
                    <input
                        type="checkbox"
                        id=id("admin")
                        prop:checked=move || socket(state, index).admin
                        on:change=on_admin
                    />
                    " member of Administrators (needed for SO_EXCLUSIVEADDRUSE up to Windows XP)"
                </label>
            </Show>
        </fieldset>
    }
}
