//! The CLI entry (`sockbind_cli::run`) with fuzzed arguments and stdin. Checks: no panic;
//! exit code 0 or 2; on code 2, stderr is one printable line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sockbind_core::error::is_unprintable;

fuzz_target!(|data: &[u8]| {
    // First byte picks the arguments; the rest is stdin (or an argument value).
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let args: Vec<String> = match pick % 4 {
        0 | 1 => vec!["sockbind".into(), "decide".into()],
        2 => vec![
            "sockbind".into(),
            "table".into(),
            "--platform".into(),
            text.clone(),
        ],
        _ => std::iter::once("sockbind".to_string())
            .chain(text.split('\u{0}').map(str::to_string))
            .take(8)
            .collect(),
    };
    if args.iter().skip(1).any(|a| a == "decide") && pick % 4 == 3 {
        // `decide FILE` would read the file system; keep to stdin here.
        return;
    }
    let out = sockbind_cli::run(args.iter().map(Into::into), &mut &rest[..]);
    assert!(out.code == 0 || out.code == 2, "code {}", out.code);
    if out.code == 2 && !out.stderr.contains("Usage:") {
        let line = out.stderr.strip_suffix('\n').unwrap_or(&out.stderr);
        assert!(!line.contains('\n'), "{line:?}");
        assert!(!line.chars().any(is_unprintable), "{line:?}");
    }
});
