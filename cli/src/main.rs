//! `sockbind`: decide bind scenarios and print the tables computed by the rules.
//!
//! - `sockbind decide [FILE]`: reads scenario JSON (stdin when no file), prints verdict JSON.
//! - `sockbind table --platform ID [--accounts same|different] [--format markdown|json]`.
//! - `sockbind probe [FILE] [--url URL] [--matrix [--json]] [--map A=B] [--port N] [--emit LANG]`
//!   (module `probe`).
//!
//! Bad input: one line on stderr naming the field and value, exit code 2.

use clap::{Parser, Subcommand, ValueEnum};
use sockbind_core::{decision, InputError, Platform};
use std::io::Read;
use std::process::ExitCode;

mod probe;

#[derive(Parser)]
#[command(
    name = "sockbind",
    version,
    about = "How Windows decides a second bind() to a port in use"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read a scenario (JSON, from FILE or stdin) and print the verdict JSON.
    Decide {
        /// Scenario file; stdin when absent.
        file: Option<std::path::PathBuf>,
    },
    /// Print a 6x6 table computed by the rules (paste it into documentation).
    Table {
        /// Platform id, e.g. windows-7, windows-xp.
        #[arg(long, value_parser = parse_platform)]
        platform: Platform,
        /// Whether both binds run under the same user account (2003 and later only).
        #[arg(long, value_enum, default_value_t = Accounts::Same)]
        accounts: Accounts,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
    },
    /// Run a scenario's calls (or --matrix) on this Windows and print what it returned beside
    /// the model; --emit prints a program that does so.
    Probe(probe::ProbeArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Accounts {
    Same,
    Different,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Markdown,
    Json,
}

fn parse_platform(s: &str) -> Result<Platform, String> {
    Platform::from_id(s, "--platform").map_err(|e| e.reason)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind::*;
            if matches!(
                e.kind(),
                DisplayHelp | DisplayVersion | DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return if e.kind() == DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
            eprintln!("{}", one_line(&e.render().to_string()));
            return ExitCode::from(2);
        }
    };
    match run(cli.command) {
        Ok(out) => {
            use std::io::Write;
            // A closed pipe (e.g. `| head`) is not an error worth a panic.
            let _ = writeln!(std::io::stdout(), "{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Condenses clap's message to one line: the error and its details (missing argument names,
/// possible values, tips), without the usage block.
fn one_line(rendered: &str) -> String {
    rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:"))
        .filter(|l| !l.is_empty() && !l.starts_with("For more information"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn run(command: Command) -> Result<String, InputError> {
    match command {
        Command::Probe(args) => probe::run(args),
        Command::Decide { file } => {
            let text = match &file {
                Some(path) => std::fs::read_to_string(path).map_err(|e| {
                    InputError::new(
                        "FILE",
                        path.display().to_string(),
                        format!("cannot be read: {e}"),
                    )
                })?,
                None => {
                    let mut s = String::new();
                    std::io::stdin().read_to_string(&mut s).map_err(|e| {
                        InputError::new("stdin", "", format!("cannot be read: {e}"))
                    })?;
                    s
                }
            };
            let verdict = sockbind_core::decide_json(&text)?;
            Ok(serde_json::to_string_pretty(&verdict).expect("verdict serializes"))
        }
        Command::Table {
            platform,
            accounts,
            format,
        } => {
            let accounts = match accounts {
                Accounts::Same => "same",
                Accounts::Different => "different",
            };
            let table = decision::table_for_choice(platform, accounts)?;
            if accounts == "different" && table == sockbind_core::TableId::XpAndEarlier {
                eprintln!(
                    "note: {} has no enhanced socket security; accounts do not matter, printing the XP-and-earlier table",
                    platform.id()
                );
            }
            Ok(match format {
                Format::Markdown => sockbind_cli::markdown(table),
                Format::Json => sockbind_cli::json(table),
            })
        }
    }
}
