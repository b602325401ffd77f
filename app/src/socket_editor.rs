//! The sockets: one editor per socket (the runtime it stands for, options, local address —
//! presets or typed, validated as you type —, dual-stack, account, Administrators membership
//! where it matters, multicast groups for UDP), plus adding and removing sockets.
//!
//! Picking a runtime sets the fields its preset sets (`sockbind_core::presets`); editing one
//! of them to another value makes the socket a plain one again.

use leptos::prelude::*;
use sockbind_core::presets::{of_runtime, Preset, Runtime};
use sockbind_core::socket::AddressProblem;
use sockbind_core::{Era, LocalAddress, Protocol, Scenario, SocketSpec};

use crate::state::{AppState, OptionChoice, ADDRESS_PRESETS, MAX_UI_SOCKETS, USER_A, USER_B};

/// Reads socket `index` of the scenario (a default socket if it is gone).
fn socket(state: AppState, index: usize) -> SocketSpec {
    state.scenario.with(|s| {
        s.sockets
            .get(index)
            .cloned()
            .unwrap_or_else(|| crate::state::socket(vec![], "0.0.0.0", USER_A))
    })
}

/// What a refused field shows: the catalog key of the reason, and the text typed.
pub type FieldError = Option<(&'static str, String)>;

/// A text field that only commits valid input. While the draft is invalid it is marked
/// `aria-invalid` and the message under it (catalog key from `check`, with `$text` and the
/// still-used `$kept` value) says why; the scenario keeps the last valid value.
pub fn validated_input(
    state: AppState,
    id: String,
    committed: Memo<String>,
    check: impl Fn(&str) -> Result<(), &'static str> + Copy + Send + Sync + 'static,
    commit: impl Fn(String) + Copy + Send + Sync + 'static,
    placeholder: &'static str,
) -> impl IntoView {
    let draft = RwSignal::new(committed.get_untracked());
    let error = RwSignal::new(FieldError::None);
    Effect::new(move |_| {
        draft.set(committed.get());
        error.set(None);
    });
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        draft.set(text.clone());
        match check(&text) {
            Ok(()) => {
                error.set(None);
                commit(text.trim().to_string());
            }
            Err(key) => error.set(Some((key, text))),
        }
    };
    let error_id = format!("{id}-error");
    view! {
        <input
            id=id
            type="text"
            spellcheck="false"
            autocomplete="off"
            placeholder=placeholder
            prop:value=move || draft.get()
            on:input=on_input
            aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
            aria-describedby=error_id.clone()
        />
        <p id=error_id class="field-error" role="alert">
            {move || {
                error
                    .get()
                    .map(|(key, text)| state.ta(key, &[("text", text), ("kept", committed.get())]))
            }}
        </p>
    }
}

/// Edits socket `index` of `s`; if the edit leaves a preset field with another value than the
/// preset's, the socket stops being that preset (a plain socket).
fn edit_socket(s: &mut Scenario, index: usize, f: impl FnOnce(&mut SocketSpec)) {
    let protocol = s.protocol;
    if let Some(sock) = s.sockets.get_mut(index) {
        f(sock);
        sock.drop_overridden_preset(protocol);
    }
}

/// A checkbox for one yes/no field of socket `index` (`id` is `s{index}-{name}`).
fn flag(
    state: AppState,
    index: usize,
    name: &'static str,
    label_key: &'static str,
    get: fn(&SocketSpec) -> bool,
    set: fn(&mut SocketSpec, bool),
    disabled: impl Fn() -> bool + Send + Sync + 'static,
) -> impl IntoView {
    // A memo, so the box is touched only when its own field changes.
    let checked = Memo::new(move |_| get(&socket(state, index)));
    let on_change = move |ev| {
        let checked = event_target_checked(&ev);
        state.update(|s| edit_socket(s, index, |sock| set(sock, checked)))
    };
    view! {
        <label class="checkbox">
            <input
                type="checkbox"
                id=format!("s{index}-{name}")
                prop:checked=move || checked.get()
                prop:disabled=disabled
                on:change=on_change
            />
            " "
            {move || state.t(label_key)}
        </label>
    }
}

/// Edits socket `index`.
#[component]
pub fn SocketEditor(index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = move |name: &str| format!("s{index}-{name}");
    let edit =
        move |f: Box<dyn FnOnce(&mut SocketSpec)>| state.update(|s| edit_socket(s, index, f));

    // This socket's spec: the fields below re-render when it changes, not on every edit.
    let spec = Memo::new(move |_| socket(state, index));
    let address = Memo::new(move |_| spec.with(|s| s.address.clone()));
    let address_input = validated_input(
        state,
        id("address"),
        address,
        |t| {
            LocalAddress::parse(t, "address")
                .map(|_| ())
                .map_err(|_| address_error_key(t))
        },
        move |t| {
            edit(Box::new(move |s| {
                s.address = t;
                if !s.address.contains(':') {
                    s.dual_stack = false;
                }
            }))
        },
        "",
    );
    let groups = Memo::new(move |_| spec.with(|s| s.groups.join(", ")));
    let groups_input = move || {
        validated_input(
            state,
            id("groups"),
            groups,
            |t| {
                split_list(t).try_for_each(|g| match g.parse::<std::net::IpAddr>() {
                    Ok(a) if a.is_multicast() => Ok(()),
                    _ => Err("err-group"),
                })
            },
            move |t| {
                edit(Box::new(move |s| {
                    s.groups = split_list(&t).map(String::from).collect()
                }))
            },
            "239.1.2.3",
        )
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
            edit(Box::new(move |s| {
                if !v.contains(':') {
                    s.dual_stack = false;
                }
                s.address = v;
            }));
        }
    };
    let on_options = move |ev| {
        if let Some(c) = OptionChoice::from_value(&event_target_value(&ev)) {
            edit(Box::new(move |s| s.options = c.options()));
        }
    };
    let runtime_value = move || {
        state.scenario.with(|s| {
            s.sockets
                .get(index)
                .and_then(SocketSpec::preset_row)
                .map_or("", |r| r.id)
        })
    };
    let on_runtime = move |ev| {
        let chosen = Preset::parse_id(&event_target_value(&ev));
        state.update(|s| {
            if let Some(sock) = s.sockets.get_mut(index) {
                match chosen {
                    Some(p) => sock.apply_preset(p),
                    None => sock.preset = None,
                }
            }
        });
    };
    let on_account = move |ev| {
        let who = if event_target_value(&ev) == USER_B {
            USER_B
        } else {
            USER_A
        };
        edit(Box::new(move |s| s.account = who.to_string()));
    };
    let platform = move || state.platform.get();
    let admin_matters = move || platform().exclusiveaddruse_needs_admin();
    let before_vista = move || !platform().has_dual_stack();
    let is_v6 = move || address.get().contains(':');
    let udp = Memo::new(move |_| state.scenario.with(|s| s.protocol == Protocol::Udp));
    let can_remove = Memo::new(move |_| state.scenario.with(|s| s.sockets.len() > 1));
    // Removes the socket and keeps the focus on a sensible control (never `<body>`): the
    // remove button now at this place, else the one before it, else "add socket".
    let remove = move |i: usize| {
        state.remove_socket(i);
        request_animation_frame(move || {
            let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let target = [
                format!("s{i}-remove"),
                format!("s{}-remove", i.saturating_sub(1)),
            ]
            .into_iter()
            .chain(["add-socket".to_string()])
            .find_map(|id| doc.get_element_by_id(&id));
            if let Some(el) =
                target.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.focus();
            }
        });
    };
    let legend = move || {
        let role = match index {
            0 => state.t("socket-role-first"),
            1 => state.t("socket-role-second"),
            _ => String::new(),
        };
        format!(
            "{}{role}",
            state.ta("socket-title", &[("n", index.to_string())])
        )
    };

    view! {
        <fieldset class="socket-editor" data-socket=index>
            <legend>{legend}</legend>
            <label for=id("runtime")>{move || state.t("runtime-label")}</label>
            <select id=id("runtime") prop:value=runtime_value on:change=on_runtime>
                <option value="">{move || state.t("runtime-plain")}</option>
                {Runtime::ALL
                    .iter()
                    .map(|&r| view! { <optgroup label=r.name() inner_html=runtime_options_html(r)></optgroup> })
                    .collect_view()}
            </select>
            <RuntimeNote index=index />
            <label for=id("options")>{move || state.t("options-label")}</label>
            <select
                id=id("options")
                prop:value=move || spec.with(|s| OptionChoice::from_options(&s.options).value())
                on:change=on_options
            >
                {OptionChoice::ALL
                    .into_iter()
                    .map(|c| view! { <option value=c.value()>{move || state.t(c.label_key())}</option> })
                    .collect_view()}
            </select>

            <label for=id("preset")>{move || state.t("address-label")}</label>
            <select id=id("preset") prop:value=preset_value on:change=on_preset>
                {ADDRESS_PRESETS
                    .into_iter()
                    .map(|(v, key)| view! { <option value=v>{move || format!("{v} — {}", state.t(key))}</option> })
                    .collect_view()}
                <option value="custom" disabled=true>{move || state.t("address-typed")}</option>
            </select>
            <label for=id("address")>{move || state.t("address-type-label")}</label>
            {address_input}

            <Show when=is_v6>
                {flag(state, index, "dual", "dual-stack-label", |s| s.dual_stack, |s, v| s.dual_stack = v, before_vista)}
                {move || {
                    before_vista()
                        .then(|| view! { <p class="hint">{state.t("dual-stack-needs-vista")}</p> })
                }}
            </Show>

            <label for=id("account")>{move || state.t("account-label")}</label>
            <select
                id=id("account")
                prop:value=move || spec.with(|s| s.account.clone())
                on:change=on_account
            >
                <option value=USER_A>{USER_A}</option>
                <option value=USER_B>{move || state.ta("account-other", &[("name", USER_B.to_string())])}</option>
            </select>
            {move || {
                (platform().era() == Era::XpAndEarlier && index > 0)
                    .then(|| view! { <p class="hint">{state.t("accounts-xp-hint")}</p> })
            }}

            <Show when=admin_matters>
                {flag(state, index, "admin", "admin-label", |s| s.admin, |s, v| s.admin = v, || false)}
            </Show>

            <Show when=move || udp.get()>
                <label for=id("groups")>{move || state.t("groups-label")}</label>
                {groups_input()}
            </Show>

            <Show when=move || can_remove.get()>
                <button type="button" class="remove" id=id("remove") on:click=move |_| remove(index)>
                    {move || state.ta("socket-remove", &[("n", index.to_string())])}
                </button>
            </Show>
        </fieldset>
    }
}

/// What socket `index`'s runtime preset is: the runtime and call, what it does on Windows in
/// our words, the preset fields this socket overrides, and the runtime's own file and
/// versions it was read from. Nothing for a plain socket. The text is built only when the
/// preset, its overridden fields or the language change.
#[component]
pub fn RuntimeNote(index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let note = Memo::new(move |_| {
        let (row, overridden) = state.scenario.with(|s| {
            let k = s.sockets.get(index)?;
            Some((k.preset_row()?, k.overridden(s.protocol)))
        })?;
        let lang = state.lang.get();
        let mut main = format!(
            "{} {}",
            state.ta(
                "runtime-from",
                &[
                    ("runtime", row.runtime.name().to_string()),
                    ("call", row.call.to_string()),
                ],
            ),
            state.t(&row.explanation_key())
        );
        if !overridden.is_empty() {
            let fields: Vec<&str> = overridden.iter().map(|f| f.id()).collect();
            main.push(' ');
            main.push_str(&state.ta("runtime-overridden", &[("fields", fields.join(", "))]));
        }
        let sources: Vec<String> = row.sources.iter().map(|x| x.cite()).collect();
        let source = state.ta(
            "runtime-source",
            &[
                ("source", sources.join("; ")),
                ("versions", row.versions.range_in(lang)),
                ("checked", row.versions.checked_in(lang)),
            ],
        );
        Some((row.id, main, source))
    });
    move || {
        note.get().map(|(id, main, source)| {
            view! {
                <p class="runtime-note hint" id=format!("s{index}-runtime-note") data-preset=id>
                    {main}<br/><small>{source}</small>
                </p>
            }
        })
    }
}

/// The `<option>`s of one runtime's presets as HTML (their calls are code: not translated).
fn runtime_options_html(runtime: Runtime) -> String {
    let mut html = String::new();
    for row in of_runtime(runtime) {
        let call = row
            .call
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        html.push_str(&format!("<option value=\"{}\">{call}</option>", row.id));
    }
    html
}

/// The catalog key for why a typed address is refused.
pub fn address_error_key(t: &str) -> &'static str {
    match AddressProblem::of(t) {
        AddressProblem::Empty => "err-address-empty",
        AddressProblem::PrefixLength => "err-address-prefix",
        AddressProblem::ZoneId => "err-address-zone",
        AddressProblem::NotAnAddress => "err-address",
    }
}

fn split_list(t: &str) -> impl Iterator<Item = &str> {
    t.split([',', ' ']).map(str::trim).filter(|g| !g.is_empty())
}

/// Every socket's editor and the "add socket" button.
#[component]
pub fn SocketList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = move || state.scenario.with(|s| s.sockets.len());
    let full = move || count() >= MAX_UI_SOCKETS;
    view! {
        <For each=move || 0..count() key=|i| *i let:i>
            <SocketEditor index=i />
        </For>
        <div class="add-socket">
            <button
                type="button"
                id="add-socket"
                prop:disabled=full
                on:click=move |_| state.add_socket()
            >
                {move || state.ta("socket-add", &[("n", count().to_string()), ("max", MAX_UI_SOCKETS.to_string())])}
            </button>
        </div>
    }
}
