//! "Check it on your Windows": the `sockbind probe` command for the current scenario, the
//! same check as a program (C, C#, Python, PowerShell) with a copy button, and an import box
//! that reads a probe result (pasted or dropped) and shows what that Windows returned beside
//! the model, step by step, flagging every difference.
//!
//! The page plans the scenario (address mapping, the model's answers) with the core it already
//! has; the programs are rendered by the separate generator module ([`crate::probe_gen`],
//! crate `sockbind-gen`), which the page loads only when this panel is first opened. An
//! imported result is read by that module too (its JSON reader, with errors naming the field,
//! stays out of the page) and comes back as text ([`sockbind_core::probe_import`]); the
//! comparison with the model runs here, on the decision engine the page carries anyway.

use leptos::prelude::*;

use sockbind_core::probe::{self, ModelAnswer, Observed, ReportError, ReportReason};

use crate::probe_gen::{self, GenError};
use crate::state::AppState;

/// The program languages offered, with their `<option>` value and file name.
const LANGUAGES: [(&str, &str); 4] = [
    ("c", "probe.c"),
    ("csharp", "probe.cs"),
    ("python", "probe.py"),
    ("powershell", "probe.ps1"),
];

/// One step of a compared result.
#[derive(Clone, Debug, PartialEq)]
struct StepRow {
    number: String,
    op: String,
    model: String,
    seen: String,
    /// `Some(true)` same as the model, `Some(false)` differs, `None` nothing to compare.
    agrees: Option<bool>,
    not_run: Option<String>,
    /// Why the step is not compared: it is not its scenario's step (catalog key and
    /// arguments, [`probe::StepMismatch::message_args`]).
    mismatch: Option<(&'static str, Vec<(&'static str, String)>)>,
}

/// Why the panel has no program or no comparison to show.
#[derive(Clone)]
enum Problem {
    /// The on-demand module could not be loaded or run (a retry may work).
    Module(probe_gen::Unavailable),
    /// The result was refused by the reader (typed: said in the page's language).
    Report(ReportError),
    /// The module's answer did not read (page and module out of step).
    Garbled(String),
    /// The scenario cannot be planned, or the module refused the request, in its words.
    Other(String),
}

impl Problem {
    fn of(e: GenError) -> Problem {
        match e {
            GenError::Unavailable(u) => Problem::Module(u),
            GenError::Refused(t) => Problem::Other(t),
        }
    }

    /// The notice's text in the page's language.
    fn text(&self, state: AppState) -> String {
        let bad = || state.t("probe-import-bad");
        match self {
            Problem::Module(u) => {
                let why = u
                    .status
                    .map_or_else(|| u.why.clone(), |s| format!("HTTP {s}"));
                state.ta("probe-module", &[("why", why)])
            }
            Problem::Report(e) => format!("{} {}", bad(), e.message(state.lang.get())),
            Problem::Garbled(d) => format!(
                "{} {}",
                bad(),
                state.ta("probe-error-garbled", &[("detail", d.clone())])
            ),
            Problem::Other(t) => t.clone(),
        }
    }
}

/// A compared probe result, as the panel shows it.
#[derive(Clone, Debug, PartialEq, Default)]
struct Comparison {
    version: String,
    build: String,
    wine: Option<String>,
    platform: String,
    differences: String,
    /// Steps not compared because they are not their scenario's.
    mismatches: usize,
    cases: Vec<(String, Vec<StepRow>)>,
}

impl Comparison {
    fn of(r: &probe::ProbeReport) -> Comparison {
        let sys = &r.system;
        Comparison {
            version: sys.version.clone(),
            build: sys.build.to_string(),
            wine: sys.wine.clone(),
            platform: sys.model_platform.id().to_string(),
            differences: r.differences().to_string(),
            mismatches: r
                .cases
                .iter()
                .map(|c| c.steps.iter().filter(|st| c.mismatch(st).is_some()).count())
                .sum(),
            cases: r
                .cases
                .iter()
                .map(|c| {
                    let steps = c
                        .steps
                        .iter()
                        .map(|st| StepRow {
                            number: (st.step + 1).to_string(),
                            op: probe::op_label(&st.op),
                            model: st.model.as_ref().map_or_else(|| "—".into(), model_text),
                            seen: st
                                .observed
                                .as_ref()
                                .map_or_else(|| "—".into(), observed_text),
                            agrees: st.agrees,
                            not_run: st.not_run.clone(),
                            mismatch: c.mismatch(st).map(|m| m.message_args(st)),
                        })
                        .collect();
                    (c.id.clone(), steps)
                })
                .collect(),
        }
    }
}

/// The program for `scenario` in `lang` (`c`, `csharp`, `python`, `powershell`): planned here,
/// rendered by the generator module. Errors: why it cannot be planned or generated.
async fn program_for(scenario: sockbind_core::Scenario, lang: String) -> Result<String, Problem> {
    let plan = probe::plan("scenario", "scenario", &scenario, scenario.platform, &[])
        .map_err(|e| Problem::Other(e.to_string()))?;
    let lang = sockbind_core::codegen::Language::parse_id(&lang)
        .unwrap_or(sockbind_core::codegen::Language::C);
    let request = sockbind_core::codegen::generator_request(lang, std::slice::from_ref(&plan));
    probe_gen::generate(&request).await.map_err(Problem::of)
}

/// Reads a probe result (in the generator module) and recomputes the model answers and
/// agreement from its scenarios (a file's own `model`/`agrees` are not trusted). Errors: the
/// reader's typed error (naming the field), or why the module could not be loaded.
async fn import(text: String) -> Result<Comparison, Problem> {
    use sockbind_core::probe_import::{decode, decode_error};
    let encoded = probe_gen::import(&text).await.map_err(|e| match e {
        GenError::Refused(t) => decode_error(&t).map_or(Problem::Garbled(t), Problem::Report),
        GenError::Unavailable(u) => Problem::Module(u),
    })?;
    let mut r = decode(&encoded).map_err(Problem::Garbled)?;
    r.recheck().map_err(Problem::Report)?;
    Ok(Comparison::of(&r))
}

/// A notice for `p`, with a "Try again" button (bumping `retry`) when the module could not
/// be loaded.
fn problem_notice(p: Problem, retry: RwSignal<u32>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let module = matches!(p, Problem::Module(_));
    view! {
        <p class="notice" role="alert">
            {move || p.text(state)}
            {module.then(|| view! {
                " "
                <button type="button" class="probe-retry" on:click=move |_| retry.update(|n| *n += 1)>
                    {move || state.t("probe-retry")}
                </button>
            })}
        </p>
    }
}

fn model_text(m: &ModelAnswer) -> String {
    match m {
        ModelAnswer::Call { result, .. } => result.name().to_string(),
        ModelAnswer::Send {
            receivers,
            determinate: true,
            ..
        } => socket_list(receivers),
        ModelAnswer::Send { candidates, .. } => format!("? {}", socket_list(candidates)),
    }
}

fn observed_text(o: &Observed) -> String {
    match &o.receivers {
        Some(r) if o.code == 0 => socket_list(r),
        _ if o.code == 0 => o.result.clone(),
        _ => format!("{} ({})", o.result, o.call),
    }
}

fn socket_list(v: &[usize]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        v.iter()
            .map(|k| format!("#{k}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Runs `job` whenever the signals read by `input` change and puts its answer into the
/// returned signal (`None` while the first answer is on its way); an answer that arrives after
/// a newer request started, or after the panel was closed, is dropped.
fn latest<
    I: Clone + 'static,
    T: Send + Sync + 'static,
    F: std::future::Future<Output = Option<T>>,
>(
    input: impl Fn() -> I + 'static,
    job: impl Fn(I) -> F + 'static,
) -> RwSignal<Option<T>> {
    let out = RwSignal::new(None);
    let seq = StoredValue::new(0u32);
    let job = std::rc::Rc::new(job);
    Effect::new(move |_| {
        let i = input();
        seq.update_value(|n| *n += 1);
        let mine = seq.get_value();
        let job = job.clone();
        leptos::task::spawn_local(async move {
            let r = job(i).await;
            // The panel may have been closed (its body disposed) meanwhile: drop the answer.
            if seq.try_get_value() == Some(mine) {
                out.try_set(r);
            }
        });
    });
    out
}

/// Copies `text` to the clipboard and reports the outcome key into `status`.
fn copy_text(text: String, status: RwSignal<Option<&'static str>>) {
    match web_sys::window().map(|w| w.navigator().clipboard()) {
        Some(c) => {
            let promise = c.write_text(&text);
            leptos::task::spawn_local(async move {
                let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                status.set(Some(if ok {
                    "probe-copied"
                } else {
                    "probe-copy-failed"
                }));
            });
        }
        None => status.set(Some("probe-copy-failed")),
    }
}

/// The panel (a closed `<details>`; its content is built when first opened).
#[component]
pub fn ProbePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    view! {
        <details
            class="probe-panel"
            id="probe-panel"
            on:toggle=move |ev| {
                use wasm_bindgen::JsCast;
                let el = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok());
                // Only a change rebuilds the body (a repeated event would throw away what
                // was pasted and the answers on their way).
                let now = el.is_some_and(|d| d.open());
                if open.get_untracked() != now {
                    open.set(now);
                }
            }
        >
            <summary>{move || state.t("probe-title")}</summary>
            {move || open.get().then(|| view! { <ProbeBody /> })}
        </details>
    }
}

#[component]
fn ProbeBody() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = RwSignal::new("c".to_string());
    let status = RwSignal::new(None::<&'static str>);
    // Bumped by "Try again" after the module could not be loaded: both answers are asked again.
    let retry = RwSignal::new(0u32);
    let command = move || {
        let link = crate::share::current_link(state);
        format!("sockbind.exe probe --url \"{link}\"")
    };
    let program = latest(
        move || (state.scenario.get(), lang.get(), retry.get()),
        |(s, l, _): (sockbind_core::Scenario, String, u32)| async move { Some(program_for(s, l).await) },
    );
    let file_name = move || {
        let l = lang.get();
        LANGUAGES
            .iter()
            .find(|(id, _)| *id == l)
            .map_or("probe.c", |(_, f)| f)
    };
    view! {
        <div class="probe-body">
            <p>{move || state.t("probe-intro")}</p>
            <label for="probe-command">{move || state.t("probe-command-label")}</label>
            <div class="share-row">
                <input id="probe-command" type="text" readonly=true prop:value=command />
                <button type="button" id="probe-copy-command" on:click=move |_| copy_text(command(), status)>
                    {move || state.t("share-copy")}
                </button>
            </div>
            <p>{move || state.t("probe-mapping-note")}</p>
            <label for="probe-language">{move || state.t("probe-program-label")}</label>
            <div class="share-row">
                <select
                    id="probe-language"
                    on:change=move |ev| lang.set(event_target_value(&ev))
                    prop:value=move || lang.get()
                >
                    <option value="c">"C (Winsock)"</option>
                    <option value="csharp">"C# (.NET Socket)"</option>
                    <option value="python">"Python 3"</option>
                    <option value="powershell">"PowerShell"</option>
                </select>
                <button
                    type="button"
                    id="probe-copy-program"
                    on:click=move |_| {
                        if let Some(Ok(text)) = program.get() {
                            copy_text(text, status)
                        }
                    }
                >
                    {move || state.t("probe-copy-program")}
                </button>
            </div>
            <p class="share-status" role="status">{move || status.get().map(|k| state.t(k))}</p>
            <p class="probe-file">{move || state.ta("probe-save-as", &[("file", file_name().to_string())])}</p>
            {move || match program.get() {
                Some(Ok(text)) => view! { <pre id="probe-program" class="probe-program" tabindex="0">{text}</pre> }.into_any(),
                Some(Err(p)) => view! { <div id="probe-program-error">{problem_notice(p, retry)}</div> }.into_any(),
                None => view! { <p class="probe-loading" role="status">"…"</p> }.into_any(),
            }}
            <ProbeImport retry />
        </div>
    }
}

/// The import box; `retry` (shared with the program area) asks for the comparison again.
#[component]
fn ProbeImport(retry: RwSignal<u32>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = RwSignal::new(String::new());
    // A dropped file over the reader's limit, refused here without reading it (its size).
    let too_big = RwSignal::new(None::<f64>);
    let result = latest(
        move || (text.get(), retry.get()),
        |(t, _): (String, u32)| async move {
            if t.trim().is_empty() {
                None
            } else {
                Some(import(t).await)
            }
        },
    );
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        // A probe result is small; refuse anything over the reader's limit before reading it.
        if file.size() > probe::MAX_REPORT_BYTES as f64 {
            too_big.set(Some(file.size()));
            return;
        }
        too_big.set(None);
        let promise = file.text();
        leptos::task::spawn_local(async move {
            if let Ok(v) = wasm_bindgen_futures::JsFuture::from(promise).await {
                text.set(v.as_string().unwrap_or_default());
            }
        });
    };
    view! {
        <section class="probe-import">
            <label for="probe-import-text">{move || state.t("probe-import-label")}</label>
            <textarea
                id="probe-import-text"
                rows="4"
                prop:value=move || text.get()
                on:input=move |ev| {
                    too_big.set(None);
                    text.set(event_target_value(&ev))
                }
                on:dragover=move |ev: web_sys::DragEvent| ev.prevent_default()
                on:drop=on_drop
            ></textarea>
            {move || match (too_big.get(), result.get()) {
                (Some(size), _) => Some(Err(Problem::Report(ReportError::new(
                    ReportReason::TooLarge,
                    "",
                    // An integer: formatting an f64 would pull float printing into the page.
                    (size as u64).to_string(),
                )))),
                (None, r) => r,
            }
            .map(|r| match r {
                Err(p) => view! { <div id="probe-import-error">{problem_notice(p, retry)}</div> }.into_any(),
                Ok(c) => view! { <ProbeResult report=c /> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn ProbeResult(report: Comparison) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Comparison {
        version,
        build,
        wine,
        platform,
        differences,
        mismatches,
        cases,
    } = report;
    let machine = move || {
        let mut s = state.ta(
            "probe-machine",
            &[
                ("version", version.clone()),
                ("build", build.clone()),
                ("platform", platform.clone()),
            ],
        );
        if let Some(w) = &wine {
            s.push(' ');
            s.push_str(&state.ta("probe-wine", &[("wine", w.clone())]));
        }
        s
    };
    view! {
        <div class="probe-result" id="probe-result">
            <p>{machine}</p>
            <p role="status" id="probe-differences">
                {move || state.ta("probe-differences", &[("n", differences.clone())])}
            </p>
            {(mismatches > 0).then(|| view! {
                <p class="notice" role="alert" id="probe-mismatches">
                    {move || state.ta("probe-mismatches", &[("n", mismatches.to_string())])}
                </p>
            })}
            {cases
                .into_iter()
                .map(|(id, steps)| {
                    let rows = steps
                        .into_iter()
                        .map(|st| {
                            let differs = st.agrees == Some(false);
                            let mismatched = st.mismatch.is_some();
                            let (note, agrees, mismatch) = (st.not_run, st.agrees, st.mismatch);
                            let verdict = move || match (&mismatch, &note, agrees) {
                                (Some((key, args)), _, _) => format!("⚠ {}", state.ta(key, args)),
                                (None, Some(why), _) => format!("{} {why}", state.t("probe-not-run")),
                                (None, None, Some(false)) => format!("≠ {}", state.t("probe-differs")),
                                (None, None, Some(true)) => format!("= {}", state.t("probe-same")),
                                (None, None, None) => "—".into(),
                            };
                            view! {
                                <tr class:probe-differs=differs class:probe-mismatch=mismatched>
                                    <td>{st.number}</td>
                                    <td><code>{st.op}</code></td>
                                    <td><code>{st.model}</code></td>
                                    <td><code>{st.seen}</code></td>
                                    <td>{verdict}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <table class="probe-steps">
                            <caption>{id}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"#"</th>
                                    <th scope="col">{move || state.t("probe-col-step")}</th>
                                    <th scope="col">{move || state.t("probe-col-model")}</th>
                                    <th scope="col">{move || state.t("probe-col-observed")}</th>
                                    <th scope="col">{move || state.t("probe-col-verdict")}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }
                })
                .collect_view()}
        </div>
    }
}
