//! `sockbind`: decide bind scenarios and print the tables computed by the rules. See the
//! library ([`sockbind_cli::run`]) for the commands; this only connects it to the process.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let out = sockbind_cli::run(std::env::args_os(), &mut std::io::stdin().lock());
    // A closed pipe (e.g. `| head`) is not an error worth a panic.
    let _ = std::io::stdout().write_all(out.stdout.as_bytes());
    let _ = std::io::stderr().write_all(out.stderr.as_bytes());
    ExitCode::from(out.code)
}
