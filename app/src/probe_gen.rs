//! Loads the probe panel's generator module (`gen/`, `sockbind-gen`) on first use and calls it.
//!
//! The module is plain wasm with no imports (its interface: `gen/src/lib.rs`). Its bytes come
//! from `window.sockbindGenBytes()` where the page defines it (the offline file inflates its
//! embedded copy; component tests hand over a build), else from the URL in
//! `<meta name="sockbind-gen">` that `scripts/postbuild.mjs` writes into `index.html`
//! (`sockbind-gen.wasm` without it), fetched from the page's own origin. It is compiled with
//! `WebAssembly.instantiate`, which the page's CSP allows (`'wasm-unsafe-eval'`), once; a
//! failed load or a trapped call is retried on the next use. The offline file's build (cargo
//! feature `inline-modules`) links the module in instead and calls it directly.

#[cfg(not(feature = "inline-modules"))]
mod loader {
    use std::cell::RefCell;

    use super::Unavailable;

    use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    thread_local! {
        /// The instantiation under way or done (`{module, instance}`), shared by every caller.
        static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
    }

    fn get(target: &JsValue, key: &str) -> Result<JsValue, String> {
        Reflect::get(target, &JsValue::from_str(key)).map_err(describe)
    }

    fn describe(e: JsValue) -> String {
        e.as_string()
            .or_else(|| get(&e, "message").ok().and_then(|m| m.as_string()))
            .unwrap_or_else(|| "unknown error".into())
    }

    /// The module's bytes (an `ArrayBuffer`).
    async fn bytes() -> Result<JsValue, Unavailable> {
        let window = web_sys::window().ok_or_else(|| Unavailable::from("no window".to_string()))?;
        let provided = get(&window, "sockbindGenBytes")?;
        if let Some(f) = provided.dyn_ref::<Function>() {
            let p: Promise = f
                .call0(&window)
                .map_err(describe)?
                .dyn_into()
                .map_err(describe)?;
            return Ok(JsFuture::from(p).await.map_err(describe)?);
        }
        let url = window
            .document()
            .and_then(|d| d.query_selector("meta[name=sockbind-gen]").ok().flatten())
            .and_then(|m| m.get_attribute("content"))
            .unwrap_or_else(|| "sockbind-gen.wasm".into());
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&url))
            .await
            .map_err(describe)?
            .dyn_into()
            .map_err(describe)?;
        if !response.ok() {
            return Err(Unavailable {
                status: Some(response.status()),
                why: format!("{url}: HTTP {}", response.status()),
            });
        }
        Ok(JsFuture::from(response.array_buffer().map_err(describe)?)
            .await
            .map_err(describe)?)
    }

    async fn instantiate() -> Result<JsValue, Unavailable> {
        let buffer = bytes().await?;
        let wasm = get(&js_sys::global(), "WebAssembly")?;
        let instantiate: Function = get(&wasm, "instantiate")?.dyn_into().map_err(describe)?;
        let p: Promise = instantiate
            .call2(&wasm, &buffer, &Object::new())
            .map_err(describe)?
            .dyn_into()
            .map_err(describe)?;
        Ok(JsFuture::from(p).await.map_err(describe)?)
    }

    /// The module's exports, loading it on first use.
    async fn exports() -> Result<JsValue, Unavailable> {
        let p = LOADING.with(|l| {
            l.borrow_mut()
                .get_or_insert_with(|| {
                    wasm_bindgen_futures::future_to_promise(async {
                        // The HTTP status travels as `{status, why}`.
                        instantiate().await.map_err(|e| {
                            let o = Object::new();
                            let _ = Reflect::set(&o, &"why".into(), &e.why.as_str().into());
                            if let Some(s) = e.status {
                                let _ = Reflect::set(&o, &"status".into(), &s.into());
                            }
                            o.into()
                        })
                    })
                })
                .clone()
        });
        match JsFuture::from(p).await {
            Ok(r) => Ok(get(&get(&r, "instance")?, "exports")?),
            Err(e) => {
                LOADING.with(|l| l.take());
                Err(Unavailable {
                    status: get(&e, "status")
                        .ok()
                        .and_then(|s| s.as_f64())
                        .map(|s| s as u16),
                    why: get(&e, "why")
                        .ok()
                        .and_then(|w| w.as_string())
                        .unwrap_or_else(|| describe(e)),
                })
            }
        }
    }

    /// Calls export `name` (`gen_generate`, `gen_import`) with `input`: the module's text or
    /// its one-line reason (`Ok(Err)`), or why the module could not be loaded or run.
    pub(super) async fn call(
        name: &str,
        input: &str,
    ) -> Result<Result<String, String>, Unavailable> {
        let exports = exports().await?;
        let run = || -> Result<Result<String, String>, JsValue> {
            let f = |n: &str| -> Result<Function, JsValue> {
                Reflect::get(&exports, &JsValue::from_str(n))?.dyn_into()
            };
            let memory = Reflect::get(&exports, &JsValue::from_str("memory"))?;
            let view = || -> Result<Uint8Array, JsValue> {
                Ok(Uint8Array::new(&Reflect::get(
                    &memory,
                    &JsValue::from_str("buffer"),
                )?))
            };
            let len = JsValue::from(input.len() as u32);
            let ptr = f("gen_alloc")?.call1(&JsValue::NULL, &len)?;
            let at = ptr.as_f64().unwrap_or(0.0) as u32;
            view()?.set(&Uint8Array::from(input.as_bytes()), at);
            let out = f(name)?.call2(&JsValue::NULL, &ptr, &len)?;
            let out_at = out.as_f64().unwrap_or(0.0) as u32;
            // The memory may have grown: take a fresh view.
            let mem = view()?;
            let mut head = [0u8; 5];
            mem.subarray(out_at, out_at + 5).copy_to(&mut head);
            let n = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
            let mut text = vec![0u8; n as usize];
            mem.subarray(out_at + 5, out_at + 5 + n).copy_to(&mut text);
            f("gen_free")?.call2(&JsValue::NULL, &out, &JsValue::from(n + 5))?;
            let text = String::from_utf8_lossy(&text).into_owned();
            Ok(if head[4] == 0 { Ok(text) } else { Err(text) })
        };
        run().map_err(|e| {
            // A trap leaves the instance unusable: load a fresh one next time.
            LOADING.with(|l| l.take());
            Unavailable::from(describe(e))
        })
    }
}

/// Why the module could not be loaded or run: the HTTP status when the server answered with
/// an error, and a one-line description (`sockbind-gen-….wasm: HTTP 404`, the browser's
/// message for a network error or a trap).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unavailable {
    /// The HTTP status of the module's response, when it was not a success.
    pub status: Option<u16>,
    /// What went wrong, in one line (the URL and status, or the browser's message).
    pub why: String,
}

impl From<String> for Unavailable {
    fn from(why: String) -> Unavailable {
        Unavailable { status: None, why }
    }
}

/// What a module call can answer besides its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GenError {
    /// The module could not be loaded or run: nothing was read, and a retry may work.
    Unavailable(Unavailable),
    /// The module read the input and refused it, with its one-line reason.
    Refused(String),
}

#[cfg(not(feature = "inline-modules"))]
use loader::call;

/// With the `inline-modules` feature (the offline file's build) the module is linked in and
/// called directly: the same text in and out, nothing to load.
#[cfg(feature = "inline-modules")]
async fn call(name: &str, input: &str) -> Result<Result<String, String>, Unavailable> {
    Ok(sockbind_gen::dispatch(name, input))
}

/// [`call`], the two kinds of failure told apart.
async fn call_typed(name: &str, input: &str) -> Result<String, GenError> {
    match call(name, input).await {
        Ok(answer) => answer.map_err(GenError::Refused),
        Err(e) => Err(GenError::Unavailable(e)),
    }
}

/// A probe program from the module, for a request built by
/// `sockbind_core::codegen::generator_request`.
pub async fn generate(request: &str) -> Result<String, GenError> {
    call_typed("gen_generate", request).await
}

/// A lesson from the module's training part (`gen/src/lessons.rs`, export `gen_lesson`):
/// its plain-text form, or `error` and the lesson's errors one per line; `Err` only when the
/// module could not be loaded or run (why, in one line).
pub async fn lesson(request: &str) -> Result<String, String> {
    match call("gen_lesson", request).await {
        Ok(answer) => answer,
        Err(e) => Err(e.why),
    }
}

/// A probe result's JSON read by the module (`gen/src/import.rs`), as
/// `sockbind_core::probe_import` text; [`GenError::Refused`] carries the reader's typed error
/// as `sockbind_core::probe_import::encode_error` writes it.
pub async fn import(json: &str) -> Result<String, GenError> {
    call_typed("gen_import", json).await
}
