//! The platform and protocol pickers (platforms grouped by era, each showing what it offers).

use leptos::prelude::*;
use sockbind_core::{Era, Platform, Protocol};

use crate::state::AppState;

/// What a platform offers, in a few words, for its picker label.
pub fn offers(p: Platform) -> &'static str {
    if !p.has_exclusiveaddruse() {
        "no SO_EXCLUSIVEADDRUSE"
    } else if p.has_enhanced_socket_security() {
        "enhanced security"
    } else {
        "exclusive: admins"
    }
}

/// `<select>` of the eleven platforms, grouped by era, plus the protocol.
#[component]
pub fn PlatformPicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    let group = move |era: Era| {
        view! {
            <optgroup label=era.label()>
                {Platform::ALL
                    .into_iter()
                    .filter(|p| p.era() == era)
                    .map(|p| {
                        view! {
                            <option
                                value=p.id()
                                selected=move || state.scenario.with(|s| s.platform == p)
                            >
                                {format!("{} — {}", p.name(), offers(p))}
                            </option>
                        }
                    })
                    .collect_view()}
            </optgroup>
        }
    };
    let on_platform = move |ev| {
        let v = event_target_value(&ev);
        if let Ok(p) = Platform::from_id(&v, "platform") {
            state.update(|s| s.platform = p);
        }
    };
    let on_protocol = move |ev| {
        let p = if event_target_value(&ev) == "udp" {
            Protocol::Udp
        } else {
            Protocol::Tcp
        };
        state.update(|s| s.protocol = p);
    };
    let port_error = RwSignal::new(None::<String>);
    let on_port = move |ev| {
        let text = event_target_value(&ev);
        match text.trim().parse::<u16>() {
            Ok(port) => {
                port_error.set(None);
                state.update(|s| {
                    s.sockets.iter_mut().for_each(|k| k.port = port);
                    if let Some(steps) = &mut s.steps {
                        for st in steps.iter_mut() {
                            if let sockbind_core::StepSpec::Send { port: p, .. } = st {
                                *p = None;
                            }
                        }
                    }
                });
            }
            Err(_) => port_error.set(Some(format!(
                "“{text}” is not a port number (0–65535); the last valid port is still in use."
            ))),
        }
    };
    view! {
        <fieldset class="platform-picker">
            <legend>"Windows version, protocol and port"</legend>
            <label for="platform">"Platform"</label>
            <select
                id="platform"
                prop:value=move || state.scenario.with(|s| s.platform.id())
                on:change=on_platform
            >
                {group(Era::XpAndEarlier)}
                {group(Era::Server2003AndLater)}
            </select>
            <label for="protocol">"Protocol"</label>
            <select
                id="protocol"
                prop:value=move || state.scenario.with(|s| s.protocol.id())
                on:change=on_protocol
            >
                <option value="tcp">"TCP"</option>
                <option value="udp">"UDP"</option>
            </select>
            <label for="port">"Port (every socket; 0 = ephemeral)"</label>
            <input
                id="port"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                prop:value=move || {
                    state.scenario.with(|s| s.sockets.first().map(|k| k.port).unwrap_or(0).to_string())
                }
                on:input=on_port
                aria-invalid=move || if port_error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby="port-error"
            />
            <p id="port-error" class="field-error" role="alert">
                {move || port_error.get()}
            </p>
        </fieldset>
    }
}
