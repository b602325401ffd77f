//! The page's on-demand module: what only an opened panel or lesson needs, as a wasm module of
//! its own that the page (`app/src/probe_gen.rs`) fetches and instantiates on first use, so it
//! costs nothing on the first load:
//! - the "Check it on your Windows" panel's program generators ([`sockbind_core::codegen`]).
//!   The page plans the scenario itself ([`sockbind_core::probe::plan`]), turns the plan into
//!   runtime calls and hands them over as text ([`sockbind_core::codegen::encode_case_calls`]);
//!   this module renders them in one language;
//! - the panel's probe-result JSON reader ([`import`]);
//! - the training module's lesson reader, built-in course and examples, and drills
//!   ([`lessons`]). Reading a lesson checks every question with the core's engine, so the
//!   module carries its own copy of the engine; the offline file, which must hold everything,
//!   is built with this crate linked into the page instead ([`dispatch`]).
//!
//! The wasm interface is plain exports (no wasm-bindgen, no imports), UTF-8 in and out:
//! - `gen_alloc(len) -> ptr`: a buffer of `len` bytes for the input; the callee takes it over;
//! - `gen_generate(ptr, len) -> out` with [`generate`]'s request;
//! - `gen_lesson(ptr, len) -> out` with [`lessons::lesson`]'s request (the training module:
//!   lesson files, the built-in course, drills), answered as [`lessons::framed`] says (a bad
//!   lesson is an answer, status 0; status 1 is left to a broken request);
//! - `gen_import(ptr, len) -> out` with a probe result's JSON ([`import::import`]: the import
//!   box's JSON reader lives here, not in the page);
//! - `out` points at a little-endian `u32` length `n`, one status byte (0 = ok, 1 = error: the
//!   text is a one-line reason) and `n` bytes of text; the caller frees it with
//!   `gen_free(out, n + 5)`.

use sockbind_core::codegen;

pub mod import;
pub mod lessons;

/// The program for a request of four header lines, the language id ([`codegen::Language`]),
/// `tool`, model platform id, the not-run cases as JSON, then the cases' calls
/// ([`codegen::encode_case_calls`]), as [`codegen::generator_request`] writes it.
///
/// Errors: one line, when the request is cut short, names an unknown language or the calls
/// do not read.
pub fn generate(request: &str) -> Result<String, String> {
    let mut parts = request.splitn(5, '\n');
    let mut next = || parts.next().ok_or("request cut short".to_string());
    let (lang, tool, platform, not_run) = (next()?, next()?, next()?, next()?);
    let lang = codegen::Language::parse_id(lang).ok_or("unknown language")?;
    let cases = codegen::decode_case_calls(next()?)?;
    Ok(lang.program_from_calls(tool, &cases, not_run, platform))
}

/// The module's text functions by export name (`gen_generate`, `gen_lesson`, `gen_import`), for
/// a page that links this crate in instead of loading the module: the offline file's build
/// (the page's cargo feature `inline-modules`), which would otherwise carry the core, std and
/// serde a second time. Same results as the exports, statuses as `Ok`/`Err`.
pub fn dispatch(export: &str, input: &str) -> Result<String, String> {
    match export {
        "gen_generate" => generate(input),
        "gen_lesson" => lessons::framed(input),
        "gen_import" => import::import(input),
        _ => Err(format!("no export {export}")),
    }
}

/// A buffer of `len` bytes in this module's memory, for the caller to write its input into.
#[no_mangle]
pub extern "C" fn gen_alloc(len: usize) -> *mut u8 {
    let mut v = std::mem::ManuallyDrop::new(vec![0u8; len].into_boxed_slice());
    v.as_mut_ptr()
}

/// Frees a buffer of `len` bytes from [`gen_alloc`] or an output of `n + 5` bytes.
///
/// # Safety
/// `ptr` and `len` must be exactly what one of those calls handed out, freed once.
#[no_mangle]
pub unsafe extern "C" fn gen_free(ptr: *mut u8, len: usize) {
    drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)));
}

/// Takes over the input buffer and returns the framed output (module docs).
///
/// # Safety
/// `ptr`/`len` must come from [`gen_alloc`] (and not be used again by the caller).
unsafe fn run(ptr: *mut u8, len: usize, f: fn(&str) -> Result<String, String>) -> *mut u8 {
    let input = Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len));
    let result = std::str::from_utf8(&input)
        .map_err(|_| "not UTF-8 text".to_string())
        .and_then(f);
    let (status, text) = match result {
        Ok(t) => (0u8, t),
        Err(e) => (1u8, e),
    };
    let mut out = Vec::with_capacity(text.len() + 5);
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.push(status);
    out.extend_from_slice(text.as_bytes());
    let mut out = std::mem::ManuallyDrop::new(out.into_boxed_slice());
    out.as_mut_ptr()
}

/// [`generate`] over the wasm interface (module docs).
///
/// # Safety
/// `ptr`/`len` must come from [`gen_alloc`]; the buffer is taken over.
#[no_mangle]
pub unsafe extern "C" fn gen_generate(ptr: *mut u8, len: usize) -> *mut u8 {
    run(ptr, len, generate)
}

/// [`lessons::lesson`] over the wasm interface (module docs): the training module's lessons.
///
/// # Safety
/// `ptr`/`len` must come from [`gen_alloc`]; the buffer is taken over.
#[no_mangle]
pub unsafe extern "C" fn gen_lesson(ptr: *mut u8, len: usize) -> *mut u8 {
    run(ptr, len, lessons::framed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockbind_core::probe;

    const SCENARIO: &str = r#"{"platform":"windows-7","sockets":[{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150},{"address":"10.0.0.1","port":5150},{"address":"::","port":5150,"account":"user-b"}],"steps":[{"op":"bind","socket":0},{"op":"listen","socket":0},{"op":"bind","socket":1},{"op":"send","to":"10.0.0.1"},{"op":"close","socket":0,"lingering":true},{"op":"bind","socket":2}]}"#;

    /// Calls the export the way the page does: input through `gen_alloc`, framed output read
    /// and freed with `gen_free`.
    fn call(input: &[u8]) -> (u8, String) {
        unsafe {
            let p = gen_alloc(input.len());
            std::ptr::copy_nonoverlapping(input.as_ptr(), p, input.len());
            let out = gen_generate(p, input.len());
            let n = u32::from_le_bytes(std::slice::from_raw_parts(out, 4).try_into().unwrap());
            let status = *out.add(4);
            let text = std::str::from_utf8(std::slice::from_raw_parts(out.add(5), n as usize))
                .unwrap()
                .to_string();
            gen_free(out, n as usize + 5);
            (status, text)
        }
    }

    #[test]
    fn the_module_writes_exactly_the_core_generators_programs() {
        let s = sockbind_core::parse_scenario(SCENARIO).unwrap();
        let plan = probe::plan("scenario", "scenario", &s, s.platform, &[]).unwrap();
        let plans = std::slice::from_ref(&plan);
        for lang in codegen::Language::ALL.iter().copied() {
            let request = codegen::generator_request(lang, plans);
            let (status, text) = call(request.as_bytes());
            assert_eq!(status, 0, "{lang}: {text}");
            assert_eq!(
                text,
                lang.program(plans, &[], plan.model_platform),
                "{lang}"
            );
        }
        let (_, text) = call(codegen::generator_request(codegen::Language::C, plans).as_bytes());
        assert!(text.contains("127.0.0.2") && text.contains("needs a second account"));
    }

    #[test]
    fn bad_input_is_one_line_never_a_panic() {
        for bad in [
            &b"c\nt\nwindows-7\n[]\ncase\tx\nformat_disk\ti1"[..],
            b"",
            b"python\nt",
            b"cobol\nt\nwindows-7\n[]\n",
            b"c\nt\nwindows-7\n[]\nadd_port\ti1",
            &[0xff, 0xfe],
        ] {
            let (status, text) = call(bad);
            assert_eq!(status, 1, "{bad:?}");
            assert!(!text.is_empty() && !text.contains('\n'), "{text}");
        }
        assert_eq!(call(&[0xff]).1, "not UTF-8 text");
    }
}
