//! The probe panel's import box, the part that reads JSON: a probe result (pasted or dropped
//! into the panel) is read here with [`probe::read_report`], whose errors are typed (a reason
//! id, the field at fault exactly as in the JSON, `cases[0].steps[1].observed.code`, and the
//! value), and handed back to the page as plain text ([`sockbind_core::probe_import`]). The
//! page then recomputes the model's answers with the decision engine it already has and says
//! any error in its own language, so it carries no JSON reader for probe results
//! (`serde_path_to_error` and the result types' deserializers live only in this module).

use sockbind_core::{probe, probe_import};

/// A probe result's JSON (surrounding whitespace ignored) → [`probe_import::encode`]'s text.
///
/// Errors: [`probe::read_report`]'s typed error (field path, value, reason id) as one line of
/// [`probe_import::encode_error`], for invalid JSON, another format or a newer version; the
/// page reads it back with [`probe_import::decode_error`].
pub fn import(text: &str) -> Result<String, String> {
    let r = probe::read_report(text.trim()).map_err(|e| probe_import::encode_error(&e))?;
    Ok(probe_import::encode(&r))
}

/// [`import`] over the wasm interface (`gen_alloc` in, framed output out; crate docs).
///
/// # Safety
/// `ptr`/`len` must come from `gen_alloc`; the buffer is taken over.
#[no_mangle]
pub unsafe extern "C" fn gen_import(ptr: *mut u8, len: usize) -> *mut u8 {
    super::run(ptr, len, import)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The probe-result fixture the core's and the page's tests share.
    const RESULT: &str = include_str!("../../core/tests/fixtures/probe-result.json");

    /// Calls `gen_import` the way the page does (input through `gen_alloc`, framed output).
    fn call(input: &str) -> (u8, String) {
        unsafe {
            let p = crate::gen_alloc(input.len());
            std::ptr::copy_nonoverlapping(input.as_ptr(), p, input.len());
            let out = gen_import(p, input.len());
            let n = u32::from_le_bytes(std::slice::from_raw_parts(out, 4).try_into().unwrap());
            let status = *out.add(4);
            let text = std::str::from_utf8(std::slice::from_raw_parts(out.add(5), n as usize))
                .unwrap()
                .to_string();
            crate::gen_free(out, n as usize + 5);
            (status, text)
        }
    }

    #[test]
    fn a_result_reaches_the_page_as_text_and_the_page_rechecks_it() {
        let (status, text) = call(&format!("\n  {RESULT}\n"));
        assert_eq!(status, 0, "{text}");
        let mut r = probe_import::decode(&text).unwrap();
        r.recheck().unwrap();
        assert_eq!(r.system.build, 22631);
        // The file's own "agrees": true is not trusted: WSAEACCES differs from the model.
        assert_eq!(r.differences(), 1);
        let mut direct = probe::parse_report(RESULT).unwrap();
        direct.recheck().unwrap();
        assert_eq!(r.cases[0].steps, direct.cases[0].steps);
    }

    #[test]
    fn errors_name_the_field_exactly_as_the_reader_does() {
        for (bad, field) in [
            (
                RESULT.replace("10013", "\"x\""),
                "cases[0].steps[1].observed.code",
            ),
            (
                RESULT.replace("\"build\":22631", "\"build\":-1"),
                "system.build",
            ),
            (
                RESULT.replace("\"bind\",\"socket\":1", "\"bind\",\"sock\":1"),
                "cases[0].steps[1].op",
            ),
            (
                RESULT.replace("windows-7\"},", "windows-99\"},"),
                "system.model_platform",
            ),
            (RESULT.replace("\"sockbind-probe\"", "\"other\""), "format"),
            (RESULT.replace("\"version\":1", "\"version\":9"), "version"),
        ] {
            let (status, text) = call(&bad);
            assert_eq!(status, 1);
            // The page gets the reader's typed error, the field named byte for byte.
            let expected = probe::read_report(&bad).unwrap_err();
            assert_eq!(probe_import::decode_error(&text), Some(expected.clone()));
            assert_eq!(expected.field, field);
            assert!(!text.contains('\n'), "{text}");
        }
        for bad in ["", "{not json", "[]", "{\"format\":\"too-large\"}"] {
            let (status, text) = call(bad);
            assert_eq!(status, 1, "{bad}");
            assert!(!text.contains('\n'), "{text}");
            assert!(probe_import::decode_error(&text).is_some(), "{text}");
        }
    }
}
