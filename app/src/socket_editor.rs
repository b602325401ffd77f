//! The sockets: one editor per socket (options, local address — presets or typed, validated as
//! you type —, dual-stack, account, Administrators membership where it matters, multicast groups
//! for UDP), plus adding and removing sockets.

use leptos::prelude::*;
use sockbind_core::{Era, LocalAddress, Platform, Protocol, SocketSpec};

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

/// A text field that only commits valid input: shows `error` while the draft is invalid and
/// keeps the last valid value in the scenario.
fn validated_text(
    committed: Memo<String>,
    check: impl Fn(&str) -> Result<(), String> + Copy + Send + Sync + 'static,
    commit: impl Fn(String) + Copy + Send + Sync + 'static,
) -> (
    RwSignal<String>,
    RwSignal<Option<String>>,
    impl Fn(leptos::ev::Event) + Copy,
) {
    let draft = RwSignal::new(committed.get_untracked());
    let error = RwSignal::new(None::<String>);
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
            Err(reason) => error.set(Some(format!(
                "“{text}”: {reason}. The last valid value ({}) is still in use.",
                committed.get_untracked()
            ))),
        }
    };
    (draft, error, on_input)
}

/// Edits socket `index`.
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
    let (draft, error, on_typed) = validated_text(
        address,
        |t| {
            LocalAddress::parse(t, "address")
                .map(|_| ())
                .map_err(|e| e.reason)
        },
        move |t| {
            edit(Box::new(move |s| {
                s.address = t;
                if !s.address.contains(':') {
                    s.dual_stack = false;
                }
            }))
        },
    );
    let groups = Memo::new(move |_| socket(state, index).groups.join(", "));
    let (groups_draft, groups_error, on_groups) = validated_text(
        groups,
        |t| {
            split_list(t).try_for_each(|g| match g.parse::<std::net::IpAddr>() {
                Ok(a) if a.is_multicast() => Ok(()),
                _ => Err(format!("{g} is not a multicast group address")),
            })
        },
        move |t| {
            edit(Box::new(move |s| {
                s.groups = split_list(&t).map(String::from).collect()
            }))
        },
    );

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
    let on_account = move |ev| {
        let who = if event_target_value(&ev) == USER_B {
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
    let on_dual = move |ev| {
        let checked = event_target_checked(&ev);
        edit(Box::new(move |s| s.dual_stack = checked));
    };
    let platform = move || state.scenario.with(|s| s.platform);
    let admin_matters = move || platform().exclusiveaddruse_needs_admin();
    let before_vista = move || platform() < Platform::WindowsVista;
    let is_v6 = move || address.get().contains(':');
    let udp = move || state.scenario.with(|s| s.protocol == Protocol::Udp);
    let can_remove = move || state.scenario.with(|s| s.sockets.len() > 1);
    let role = match index {
        0 => " — binds first",
        1 => " — binds second",
        _ => "",
    };

    view! {
        <fieldset class="socket-editor" data-socket=index>
            <legend>{format!("Socket {index}{role}")}</legend>
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
                <option value="custom" disabled=true>"(typed below)"</option>
            </select>
            <label for=id("address")>"or type any IPv4/IPv6 address"</label>
            <input
                id=id("address")
                type="text"
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

            <Show when=is_v6>
                <label class="checkbox">
                    <input
                        type="checkbox"
                        id=id("dual")
                        prop:checked=move || socket(state, index).dual_stack
                        prop:disabled=before_vista
                        on:change=on_dual
                    />
                    " dual-stack (IPV6_V6ONLY off: also serves IPv4)"
                </label>
                {move || {
                    before_vista()
                        .then_some(view! { <p class="hint">"Dual-stack sockets arrived with Windows Vista."</p> })
                }}
            </Show>

            <label for=id("account")>"User account"</label>
            <select
                id=id("account")
                prop:value=move || socket(state, index).account
                on:change=on_account
            >
                <option value=USER_A>{USER_A}</option>
                <option value=USER_B>{format!("{USER_B} (another user)")}</option>
            </select>
            {move || {
                (platform().era() == Era::XpAndEarlier && index > 0)
                    .then_some(view! { <p class="hint">"Accounts only matter from Windows Server 2003 on."</p> })
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

            <Show when=udp>
                <label for=id("groups")>"Multicast groups joined (comma-separated)"</label>
                <input
                    id=id("groups")
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    placeholder="e.g. 239.1.2.3"
                    prop:value=move || groups_draft.get()
                    on:input=on_groups
                    aria-invalid=move || if groups_error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=id("groups-error")
                />
                <p id=id("groups-error") class="field-error" role="alert">
                    {move || groups_error.get()}
                </p>
            </Show>

            <Show when=can_remove>
                <button type="button" class="remove" on:click=move |_| state.remove_socket(index)>
                    {format!("Remove socket {index}")}
                </button>
            </Show>
        </fieldset>
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
                {move || format!("+ Add a socket ({} of {MAX_UI_SOCKETS})", count())}
            </button>
        </div>
    }
}
