//! Prints the drawing model ([`sockbind_core::lanes::drawing`]) of scenarios as JSON, for the
//! end-to-end tests that read the page's drawing.
//!
//! In (stdin): one scenario JSON object per line. Out (stdout): one line per scenario, the
//! drawing JSON or `{"error": "…"}`.

use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines().map_while(Result::ok) {
        if line.trim().is_empty() {
            continue;
        }
        let json = match sockbind_core::parse_scenario(&line)
            .and_then(|s| sockbind_core::lanes::drawing(&s))
        {
            Ok(d) => serde_json::to_string(&d).expect("serialisable"),
            Err(e) => serde_json::json!({ "error": e.to_string() }).to_string(),
        };
        let _ = writeln!(out, "{json}");
    }
}
