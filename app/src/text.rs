//! Text helpers shared by several views: names and labels in the page language, built from
//! the catalogs. Below every view (no view imports another for its words).

use sockbind_core::{Platform, Protocol, Scenario, StepSpec};

use crate::state::AppState;

/// A platform's display name in the current language.
pub fn platform_name(state: AppState, p: Platform) -> String {
    state.t(&format!("platform-{}", crate::i18n::fkey(p.id())))
}

/// A short label for a step in the page language, e.g. `bind socket 1`.
pub fn step_label(state: AppState, s: &StepSpec, scenario: &Scenario) -> String {
    let n = |k: &usize| vec![("n", k.to_string())];
    match s {
        StepSpec::Setsockopt { socket } => state.ta("step-setsockopt", &n(socket)),
        StepSpec::Bind { socket } => state.ta("step-bind", &n(socket)),
        StepSpec::Listen { socket } => state.ta("step-listen", &n(socket)),
        StepSpec::Close {
            socket,
            lingering: false,
        } => state.ta("step-close", &n(socket)),
        StepSpec::Close {
            socket,
            lingering: true,
        } => state.ta("step-close-lingering", &n(socket)),
        StepSpec::Expire { socket } => state.ta("step-expire", &n(socket)),
        StepSpec::Send { to, port, protocol } => {
            let p = protocol.unwrap_or(scenario.protocol);
            let port = port
                .or(scenario.sockets.first().map(|k| k.port))
                .unwrap_or(0);
            let key = if p == Protocol::Tcp {
                "step-send-tcp"
            } else {
                "step-send-udp"
            };
            state.ta(key, &[("to", to.clone()), ("port", port.to_string())])
        }
    }
}

/// Escapes `s` for HTML markup built as text (element content and double-quoted attribute
/// values): `&`, `<`, `>` and `"`.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}
