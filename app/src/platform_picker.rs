//! The platform, protocol and port pickers (platforms grouped by era, each showing what it
//! offers).

use leptos::prelude::*;
use sockbind_core::{Era, Platform, Protocol, StepSpec};

use crate::state::AppState;
use crate::text::platform_name;

/// The catalog key for what a platform offers.
pub fn offers_key(p: Platform) -> &'static str {
    if !p.has_exclusiveaddruse() {
        "offers-no-exclusive"
    } else if p.has_enhanced_socket_security() {
        "offers-enhanced"
    } else {
        "offers-exclusive-admins"
    }
}

/// The catalog key for an era's label.
pub fn era_key(era: Era) -> &'static str {
    match era {
        Era::XpAndEarlier => "era-xp-and-earlier",
        Era::Server2003AndLater => "era-2003-and-later",
    }
}

/// `<select>` of the eleven platforms grouped by era, the protocol, and the port.
#[component]
pub fn PlatformPicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    let group = move |era: Era| {
        view! {
            <optgroup label=move || state.t(era_key(era))>
                {Platform::ALL
                    .iter()
                    .copied()
                    .filter(|p| p.era() == era)
                    .map(|p| {
                        view! {
                            <option
                                value=p.id()
                                selected=move || state.platform.get() == p
                            >
                                {move || format!("{} — {}", platform_name(state, p), state.t(offers_key(p)))}
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
            let mut cleared = false;
            state.update(|s| cleared = s.set_platform(p).dual_stack_cleared);
            if cleared {
                state
                    .notice
                    .set(Some(crate::state::Notice::DualStackCleared));
            }
        }
    };
    let on_protocol = move |ev| {
        let p = Protocol::from_id(&event_target_value(&ev)).unwrap_or_default();
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
                    for st in s.steps.iter_mut().flatten() {
                        if let StepSpec::Send { port: p, .. } = st {
                            *p = None;
                        }
                    }
                });
            }
            Err(_) => port_error.set(Some(text)),
        }
    };
    view! {
        <fieldset class="platform-picker">
            <legend>{move || state.t("platform-legend")}</legend>
            <label for="platform">{move || state.t("platform-label")}</label>
            <select
                id="platform"
                prop:value=move || state.platform.get().id()
                on:change=on_platform
            >
                {group(Era::XpAndEarlier)}
                {group(Era::Server2003AndLater)}
            </select>
            <label for="protocol">{move || state.t("protocol-label")}</label>
            <select
                id="protocol"
                prop:value=move || state.scenario.with(|s| s.protocol.id())
                on:change=on_protocol
            >
                <option value="tcp">"TCP"</option>
                <option value="udp">"UDP"</option>
            </select>
            <label for="port">{move || state.t("port-label")}</label>
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
                {move || port_error.get().map(|text| state.ta("err-port", &[("text", text)]))}
            </p>
        </fieldset>
    }
}
