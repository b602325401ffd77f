//! The timeline: the list of steps (set options, bind, listen, close, send traffic) with an
//! editor, ready-made examples, and the controls that step forward and back (buttons and the
//! arrow keys).

use leptos::prelude::*;
use sockbind_core::{examples, Example, Outcome, Protocol, StepSpec};

use crate::state::{AppState, MAX_UI_STEPS};
use crate::text::step_label;

/// Step forward/back controls and the keyboard shortcuts (← → Home End, outside text fields).
#[component]
pub fn StepControls() -> impl IntoView {
    let state = expect_context::<AppState>();
    let n = move || state.step_count();
    let cur = move || state.current.get().min(n().saturating_sub(1));
    let at_start = move || cur() == 0;
    let at_end = move || cur() + 1 >= n();
    let label = move || {
        let i = cur();
        state.scenario.with(|s| {
            let steps = s.effective_steps();
            steps
                .get(i)
                .map(|st| {
                    state.ta(
                        "step-of",
                        &[
                            ("i", (i + 1).to_string()),
                            ("n", steps.len().to_string()),
                            ("label", step_label(state, st, s)),
                        ],
                    )
                })
                .unwrap_or_default()
        })
    };
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if !crate::keys::shortcut_may_take(&ev) {
            return;
        }
        match ev.key().as_str() {
            "ArrowRight" => state.step_by(1),
            "ArrowLeft" => state.step_by(-1),
            "Home" => state.step_by(-(MAX_UI_STEPS as isize) - 1000),
            "End" => state.step_by(MAX_UI_STEPS as isize + 1000),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());
    view! {
        <div class="step-controls" role="group" aria-label=move || state.t("steps-group")>
            <button type="button" id="step-back" on:click=move |_| state.step_by(-1) prop:disabled=at_start>
                {move || state.t("step-back")}
            </button>
            <span id="step-label" aria-live="polite">{label}</span>
            <button
                type="button"
                id="step-forward"
                on:click=move |_| state.step_by(1)
                prop:disabled=at_end
            >
                {move || state.t("step-forward")}
            </button>
            <span class="hint">{move || state.t("step-keys")}</span>
        </div>
    }
}

/// An edit to the list of steps.
type StepEdit = Box<dyn FnOnce(&mut Vec<StepSpec>)>;

/// The timeline editor: each step as a row of pickers, plus add/remove and examples.
#[component]
pub fn Timeline() -> impl IntoView {
    let state = expect_context::<AppState>();
    let edit_steps = move |f: StepEdit| {
        state.update(|s| {
            let steps = s.explicit_steps();
            f(steps);
        })
    };
    let count = move || state.step_count();
    let explicit = move || state.scenario.with(|s| s.steps.is_some());
    let row = move |i: usize| {
        // The row's step and the number of sockets (its socket picker's options), as one
        // memo: a change elsewhere (an address, an option) leaves the row's pickers alone.
        let shown = Memo::new(move |_| {
            state.scenario.with(|s| {
                s.effective_steps()
                    .get(i)
                    .cloned()
                    .map(|st| (st, s.sockets.len()))
            })
        });
        let step = move || shown.get().map(|(st, _)| st);
        let sockets = move || shown.with(|x| x.as_ref().map_or(0, |(_, n)| *n));
        let outcome_mark = move || {
            state.timeline.with(|t| {
                let e = t.as_ref().ok()?.get(i)?;
                Some(match &e.outcome {
                    Outcome::Call(v) if v.failed_setsockopt.is_some() => {
                        let f = v.failed_setsockopt.as_ref().expect("checked");
                        let then = if v.result.is_success() {
                            "✓".to_string()
                        } else {
                            format!("✗ {}", v.result.name())
                        };
                        format!("✗ {} · {then}", f.result.name())
                    }
                    Outcome::Call(v) if v.result.is_success() => "✓".to_string(),
                    Outcome::Call(v) => format!("✗ {}", v.result.name()),
                    Outcome::Close { .. } => "•".to_string(),
                    Outcome::Send(d) if !d.result.determinate => "?".to_string(),
                    Outcome::Send(d) => format!(
                        "→ {}",
                        d.result
                            .sockets
                            .iter()
                            .map(|k| state.ta("socket-name", &[("n", k.to_string())]))
                            .collect::<Vec<_>>()
                            .join(&state.t("list-sep"))
                    ),
                })
            })
        };
        let on_op = move |ev| {
            let v = event_target_value(&ev);
            edit_steps(Box::new(move |steps| {
                if let Some(st) = steps.get_mut(i) {
                    let sock = st.socket().unwrap_or(0);
                    *st = match v.as_str() {
                        "setsockopt" => StepSpec::Setsockopt { socket: sock },
                        "bind" => StepSpec::Bind { socket: sock },
                        "listen" => StepSpec::Listen { socket: sock },
                        "close" => StepSpec::Close {
                            socket: sock,
                            lingering: false,
                        },
                        "expire" => StepSpec::Expire { socket: sock },
                        _ => StepSpec::Send {
                            to: "127.0.0.1".into(),
                            port: None,
                            protocol: None,
                        },
                    };
                }
            }));
        };
        let on_socket = move |ev| {
            let k: usize = event_target_value(&ev).parse().unwrap_or(0);
            edit_steps(Box::new(move |steps| {
                if let Some(socket) = steps.get_mut(i).and_then(StepSpec::socket_mut) {
                    *socket = k;
                }
            }));
        };
        let on_linger = move |ev| {
            let checked = event_target_checked(&ev);
            edit_steps(Box::new(move |steps| {
                if let Some(StepSpec::Close { lingering, .. }) = steps.get_mut(i) {
                    *lingering = checked;
                }
            }));
        };
        let to_error = RwSignal::new(None::<String>);
        let on_to = move |ev| {
            let text = event_target_value(&ev);
            match text.trim().parse::<std::net::IpAddr>() {
                Ok(_) => {
                    to_error.set(None);
                    let t = text.trim().to_string();
                    edit_steps(Box::new(move |steps| {
                        if let Some(StepSpec::Send { to, .. }) = steps.get_mut(i) {
                            *to = t;
                        }
                    }));
                }
                Err(_) => to_error.set(Some(text)),
            }
        };
        let on_proto = move |ev| {
            let p = Protocol::from_id(&event_target_value(&ev)).unwrap_or_default();
            edit_steps(Box::new(move |steps| {
                if let Some(StepSpec::Send { protocol, .. }) = steps.get_mut(i) {
                    *protocol = Some(p);
                }
            }));
        };
        let is_current = move || state.current.get() == i;
        view! {
            <li class="step" class:current=is_current data-step=i aria-current=move || is_current().then_some("step")>
                <button type="button" class="goto" on:click=move |_| state.current.set(i)
                    aria-label=move || state.ta("step-show", &[("i", (i + 1).to_string())])>
                    {format!("{}.", i + 1)}
                </button>
                <select aria-label=move || state.ta("step-op-label", &[("i", (i + 1).to_string())]) class="op"
                    prop:value=move || step().map(|s| s.op()).unwrap_or("bind") on:change=on_op>
                    {["setsockopt", "bind", "listen", "close", "expire", "send"].map(|o| view! { <option value=o>{move || state.t(&format!("op-{o}"))}</option> }).collect_view()}
                </select>
                {move || match step() {
                    Some(StepSpec::Send { to, protocol, .. }) => view! {
                        <label class="inline">{move || state.t("step-to")} " "
                            <input type="text" class="to" aria-label=move || state.ta("step-to-label", &[("i", (i + 1).to_string())])
                                prop:value=to on:input=on_to aria-invalid=move || if to_error.with(Option::is_some) { "true" } else { "false" } />
                        </label>
                        <select class="proto" aria-label=move || state.ta("step-proto-label", &[("i", (i + 1).to_string())])
                            prop:value=move || protocol.unwrap_or_else(|| state.scenario.with(|s| s.protocol)).id()
                            on:change=on_proto>
                            <option value="tcp">"TCP"</option>
                            <option value="udp">"UDP"</option>
                        </select>
                        <span class="field-error" role="alert">{move || to_error.get().map(|t| state.ta("err-destination", &[("text", t)]))}</span>
                    }.into_any(),
                    Some(st) => {
                        let sock = st.socket().unwrap_or(0);
                        let lingering = matches!(st, StepSpec::Close { lingering: true, .. });
                        let is_close = matches!(st, StepSpec::Close { .. });
                        view! {
                            <select class="sock" aria-label=move || state.ta("step-socket-label", &[("i", (i + 1).to_string())]) prop:value=sock.to_string() on:change=on_socket>
                                {(0..sockets()).map(|k| view! { <option value=k.to_string()>{move || state.ta("socket-name", &[("n", k.to_string())])}</option> }).collect_view()}
                            </select>
                            {is_close.then(|| view! {
                                <label class="checkbox inline">
                                    <input type="checkbox" prop:checked=lingering on:change=on_linger />
                                    " " {move || state.t("step-lingers")}
                                </label>
                            })}
                        }.into_any()
                    }
                    None => ().into_any(),
                }}
                <span class="mark">{outcome_mark}</span>
                <button type="button" class="remove" aria-label=move || state.ta("step-remove", &[("i", (i + 1).to_string())])
                    on:click=move |_| edit_steps(Box::new(move |steps| { if i < steps.len() { steps.remove(i); } }))>
                    "✕"
                </button>
            </li>
        }
    };
    let add = move |op: &'static str| {
        let to_listen = state.timeline.with_untracked(|t| {
            t.as_deref()
                .ok()
                .and_then(sockbind_core::suggest::next_to_listen)
        });
        edit_steps(Box::new(move |steps| {
            if steps.len() >= MAX_UI_STEPS {
                return;
            }
            let last_socket = steps.iter().rev().find_map(|s| s.socket()).unwrap_or(0);
            steps.push(match op {
                "listen" => StepSpec::Listen {
                    socket: to_listen.unwrap_or(last_socket),
                },
                "close" => StepSpec::Close {
                    socket: last_socket,
                    lingering: false,
                },
                "send" => StepSpec::Send {
                    to: "127.0.0.1".into(),
                    port: None,
                    protocol: None,
                },
                _ => StepSpec::Bind {
                    socket: last_socket,
                },
            });
        }))
    };
    let load = move |ex: Example| load_example(state, ex);
    view! {
        <section class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{move || state.t("timeline-title")}</h2>
            <p class="hint">
                {move || if explicit() { state.t("timeline-explicit") } else { state.t("timeline-default") }}
            </p>
            <StepControls />
            <ol class="steps">
                <For each=move || 0..count() key=|i| *i let:i>
                    {row(i)}
                </For>
            </ol>
            <div class="step-add">
                <button type="button" on:click=move |_| add("bind")>"+ bind"</button>
                <button type="button" on:click=move |_| add("listen")>"+ listen"</button>
                <button type="button" on:click=move |_| add("close")>"+ close"</button>
                <button type="button" id="add-send" on:click=move |_| add("send")>{move || state.t("step-add-send")}</button>
                <button type="button" on:click=move |_| state.update(|s| s.steps = None)>{move || state.t("timeline-reset")}</button>
            </div>
            <details class="examples">
                <summary>{move || state.t("examples-title")}</summary>
                <ul>
                    {examples().into_iter().map(|ex| view! {
                        <li><button type="button" data-example=ex.id on:click=move |_| load(ex)>{move || state.t(&ex.title_key())}</button></li>
                    }).collect_view()}
                </ul>
            </details>
        </section>
    }
}

/// Loads the classroom example `ex` and shows its first step.
pub fn load_example(state: AppState, ex: Example) {
    state.update(|s| *s = ex.scenario());
    state.current.set(0);
}
