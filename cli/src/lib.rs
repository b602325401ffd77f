//! The `sockbind` command line as a library: [`run`] takes the arguments and the standard
//! input and returns what to print and the exit code (the binary, the tests and the fuzz
//! target all call it), plus the renderers for `sockbind table`.
//!
//! - `sockbind decide [FILE]`: reads scenario JSON (stdin when no file; UTF-8 or UTF-16, at
//!   most 1 MiB), prints verdict JSON.
//! - `sockbind table --platform ID [--accounts same|different] [--format markdown|json]`.
//! - `sockbind probe [FILE] [--url URL] [--matrix [--json]] [--map A=B] [--port N] [--emit LANG]`
//!   (module [`probe`]).
//! - `sockbind lesson check FILE`, `sockbind lesson show [FILE | --builtin course|examples]
//!   [--lang en|zh-TW] [--questions-only]`, `sockbind drill --seed N [--count N]
//!   [--platform ID]… [--answers]` (module [`lesson`]).
//! - `sockbind presets`: the runtime preset table as Markdown (module [`presets`]).
//! - `sockbind rules`: the rule table as Markdown (module [`rules`]).
//!
//! Bad input: one line on stderr naming the field and value (escaped and shortened), exit
//! code 2.

use clap::{Parser, Subcommand, ValueEnum};
use sockbind_core::error::one_line;
use sockbind_core::scenario::MAX_INPUT_BYTES;
use sockbind_core::{computed_table, decision, CellKey, InputError, Platform, TableId, ARTICLE};
use std::io::Read;

pub mod lesson;

/// Text as one Markdown table cell: `|` escaped, on one line (for `presets` and `rules`).
pub(crate) fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
pub mod presets;
pub mod probe;
pub mod rules;

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
    /// Check a lesson file, or print its questions with the computed answers.
    Lesson {
        #[command(subcommand)]
        action: lesson::LessonAction,
    },
    /// Print random two-socket bind questions as links (the same for the same seed).
    Drill(lesson::DrillArgs),
    /// Print the runtime presets as a Markdown table (the README's table is this output).
    Presets,
    /// Print the rules (id, result, evidence, sources, explanation) as a Markdown table (the
    /// README's table is this output).
    Rules,
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

/// What one run of `sockbind` prints and returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Standard output (verdict JSON, a table, help or version text).
    pub stdout: String,
    /// Standard error: empty, a note, or one error line (each ending in a newline).
    pub stderr: String,
    /// 0 on success, 2 on bad input or usage.
    pub code: u8,
}

/// Runs `sockbind` with `args` (the first is the program name) and `stdin`.
///
/// Out: [`Outcome`]. Errors never escape: bad input gives one escaped, shortened line on
/// `stderr` (`error: <field> = <value>: <reason>`) and code 2.
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>, stdin: &mut dyn Read) -> Outcome {
    let mut out = Outcome {
        stdout: String::new(),
        stderr: String::new(),
        code: 0,
    };
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind::*;
            if matches!(e.kind(), DisplayHelp | DisplayVersion) {
                out.stdout = e.render().to_string();
                return out;
            }
            if e.kind() == DisplayHelpOnMissingArgumentOrSubcommand {
                out.stderr = e.render().to_string();
                out.code = 2;
                return out;
            }
            out.stderr = format!("{}\n", one_line(&clap_line(&e.render().to_string()), '\''));
            out.code = 2;
            return out;
        }
    };
    match command(cli.command, stdin, &mut out.stderr) {
        Ok(text) => out.stdout = format!("{text}\n"),
        Err(e) => {
            out.stderr.push_str(&format!("error: {e}\n"));
            out.code = 2;
        }
    }
    out
}

/// Condenses clap's message to one line: the error and its details (missing argument names,
/// possible values, tips), without the usage block.
fn clap_line(rendered: &str) -> String {
    rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:"))
        .filter(|l| !l.is_empty() && !l.starts_with("For more information"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads at most [`MAX_INPUT_BYTES`] + 1 bytes (enough to tell the input is too large).
pub(crate) fn read_limited(r: &mut dyn Read) -> std::io::Result<Vec<u8>> {
    let mut buf = vec![];
    r.take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Reads scenario bytes from `file`, or from `stdin` when there is none, at most
/// [`MAX_INPUT_BYTES`] + 1 of them. Errors: the file or stdin cannot be read.
pub(crate) fn read_input(
    file: Option<&std::path::Path>,
    stdin: &mut dyn Read,
) -> Result<Vec<u8>, InputError> {
    match file {
        Some(path) => std::fs::File::open(path)
            .and_then(|mut f| read_limited(&mut f))
            .map_err(|e| {
                InputError::new(
                    "FILE",
                    path.display().to_string(),
                    format!("cannot be read: {e}"),
                )
            }),
        None => read_limited(stdin)
            .map_err(|e| InputError::new("stdin", "", format!("cannot be read: {e}"))),
    }
}

fn command(
    command: Command,
    stdin: &mut dyn Read,
    notes: &mut String,
) -> Result<String, InputError> {
    match command {
        Command::Probe(args) => probe::run(args, stdin),
        Command::Lesson { action } => lesson::run(action, stdin, notes),
        Command::Drill(args) => lesson::drill(args),
        Command::Presets => Ok(presets::markdown()),
        Command::Rules => Ok(rules::markdown()),
        Command::Decide { file } => {
            let bytes = read_input(file.as_deref(), stdin)?;
            let verdict = sockbind_core::decide_bytes(&bytes)?;
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
            if accounts == "different" && table == TableId::XpAndEarlier {
                notes.push_str(&format!(
                    "note: {} has no enhanced socket security; accounts do not matter, printing the XP-and-earlier table\n",
                    platform.id()
                ));
            }
            Ok(match format {
                Format::Markdown => markdown(table),
                Format::Json => json(table),
            })
        }
    }
}

/// Markdown: a title naming the table and the article, then the 6×6 grid with the article's
/// labels (`Success`, `INUSE`, `ACCESS`). Rows are the first bind, columns the second.
pub fn markdown(table: TableId) -> String {
    let keys = CellKey::all();
    let rows = computed_table(table);
    let mut out = format!(
        "**{}** (`{}`), computed by sockbind's rules; see \"{}\", section \"{}\".\n\n",
        table.title(),
        table.id(),
        ARTICLE,
        table.section()
    );
    out.push_str("| First bind \\ Second bind |");
    for k in keys {
        out.push_str(&format!(" {} |", k.label()));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(keys.len()));
    for (r, row) in keys.iter().zip(rows) {
        out.push_str(&format!("\n| {} |", r.label()));
        for cell in row {
            out.push_str(&format!(" {} |", cell.result.short()));
        }
    }
    out
}

/// JSON in the `bind-tables.json` shape for one table, rows and columns in the article's
/// order: `{ "<id>": { row: { column: result } } }`.
pub fn json(table: TableId) -> String {
    let keys = CellKey::all();
    let rows = computed_table(table);
    let row_entries: Vec<String> = keys
        .iter()
        .zip(rows)
        .map(|(r, row)| {
            let cells: Vec<String> = keys
                .iter()
                .zip(row)
                .map(|(c, cell)| {
                    format!("      {}: {}", quote(&c.key()), quote(cell.result.name()))
                })
                .collect();
            format!("    {}: {{\n{}\n    }}", quote(&r.key()), cells.join(",\n"))
        })
        .collect();
    format!(
        "{{\n  {}: {{\n{}\n  }}\n}}",
        quote(table.id()),
        row_entries.join(",\n")
    )
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialize")
}
