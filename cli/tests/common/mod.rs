//! Runs the real `sockbind` binary (shared by the CLI test files: `mod common;`).
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `sockbind args…` with `stdin` as its standard input; its output and exit status.
pub fn run(args: &[&str], stdin: &str) -> Output {
    run_bytes(args, stdin.as_bytes().to_vec())
}

/// As [`run`], with any bytes as standard input.
pub fn run_bytes(args: &[&str], stdin: Vec<u8>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sockbind"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    // The binary may stop reading (input too large) and exit: a broken pipe is expected then.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&stdin);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// The README's text between `<!-- sockbind NAME -->` and `<!-- /sockbind NAME -->` (the output
/// of `sockbind NAME`, pasted there), without the trailing newline.
pub fn readme_block(name: &str) -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    let begin = format!("<!-- sockbind {name} -->\n");
    let start = readme
        .find(&begin)
        .unwrap_or_else(|| panic!("README has no {begin:?} mark"))
        + begin.len();
    let end = start
        + readme[start..]
            .find(&format!("\n<!-- /sockbind {name} -->"))
            .unwrap_or_else(|| panic!("README's {name} block has no end mark"));
    readme[start..end].trim_end().to_string()
}
