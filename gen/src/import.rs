//! The probe panel's import box, the part that reads JSON: a probe result (pasted or dropped
//! into the panel) is read here with [`probe::parse_report`], whose errors name the field at
//! fault (`cases[0].steps[1].observed.code: invalid type…`), and handed back to the page as
//! plain text ([`sockbind_core::probe_import`]). The page then recomputes the model's answers
//! with the decision engine it already has, so it carries no JSON reader for probe results
//! (`serde_path_to_error` and the result types' deserializers live only in this module).

use sockbind_core::{probe, probe_import};

/// A probe result's JSON (surrounding whitespace ignored) → [`probe_import::encode`]'s text.
///
/// Errors: [`probe::parse_report`]'s one line (field path, value, reason) for invalid JSON,
/// another format or a newer version.
pub fn import(text: &str) -> Result<String, String> {
    let r = probe::parse_report(text.trim()).map_err(|e| e.to_string())?;
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

    const RESULT: &str = r#"{"format":"sockbind-probe","version":1,"tool":"test",
 "system":{"version":"10.0","build":22631,"wine":null,"model_platform":"windows-7"},
 "cases":[{"id":"scenario","group":"scenario",
  "scenario":{"platform":"windows-7","sockets":[{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150},{"address":"0.0.0.0","port":5150}]},
  "address_map":[],"ports":[{"scenario":5150,"local":50001}],
  "steps":[
   {"step":0,"op":{"op":"bind","socket":0},"model":null,"observed":{"call":"bind","result":"success","code":0},"agrees":null},
   {"step":1,"op":{"op":"bind","socket":1},"model":null,"observed":{"call":"bind","result":"WSAEACCES","code":10013},"agrees":true}]}],
 "not_run":[]}"#;

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
            let expected = probe::parse_report(&bad).unwrap_err().to_string();
            assert_eq!(text, expected);
            assert!(text.starts_with(field), "{text}");
            assert!(!text.contains('\n'), "{text}");
        }
        for bad in ["", "{not json", "[]", "{\"format\":\"too-large\"}"] {
            let (status, text) = call(bad);
            assert_eq!(status, 1, "{bad}");
            assert!(!text.is_empty() && !text.contains('\n'), "{text}");
        }
    }
}
