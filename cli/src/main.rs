//! `sockbind`: decide bind scenarios and print the tables computed by the rules. See the
//! library ([`sockbind_cli::run`]) for the commands; this only connects it to the process.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let out = sockbind_cli::run(std::env::args_os(), &mut std::io::stdin().lock());
    // A closed pipe (e.g. `| head`) is not an error worth a panic or a message; any other
    // failure to write the output (a full disk, `> /dev/full`) is one line and exit code 1.
    let mut stdout = std::io::stdout();
    let written = stdout
        .write_all(out.stdout.as_bytes())
        .and_then(|()| stdout.flush());
    let _ = std::io::stderr().write_all(out.stderr.as_bytes());
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            let _ = writeln!(std::io::stderr(), "error: could not write the output: {e}");
            ExitCode::from(1)
        }
        _ => ExitCode::from(out.code),
    }
}
