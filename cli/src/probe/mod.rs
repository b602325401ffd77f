//! `sockbind probe`: run a scenario's calls (or the matrix) on this Windows machine and print
//! what Windows returned beside the model's answer; or, on any system, print a program that
//! does so (`--emit c|csharp|python|powershell`).
//!
//! Output: probe result JSON (`sockbind_core::probe`, format `sockbind-probe` v1, README
//! "Probe results"); `--matrix` without `--json` prints a table. Bad input and running on
//! another system: one line on stderr, exit code 2.

#[cfg(windows)]
mod winsock;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::Args;
use sockbind_core::codegen::Language;
use sockbind_core::probe::{self, CasePlan, NotRunCase};
use sockbind_core::{InputError, Platform, Scenario};
use std::io::Read;
use std::path::PathBuf;

/// Arguments of `sockbind probe`.
#[derive(Args)]
pub struct ProbeArgs {
    /// Scenario file (JSON, as for `decide`); stdin when absent and neither --url nor --matrix.
    file: Option<PathBuf>,
    /// A sockbind link instead of a file; quote it ("…") so cmd.exe and PowerShell keep it whole.
    #[arg(long, conflicts_with = "file")]
    url: Option<String>,
    /// Run the matrix: same-account pairs (IPv4, IPv6), dual-stack, disputed, lingering, delivery.
    #[arg(long, conflicts_with_all = ["file", "url"])]
    matrix: bool,
    /// With --matrix: print the raw JSON instead of the table.
    #[arg(long)]
    json: bool,
    /// Map a scenario address onto a local one, e.g. 10.0.0.1=127.0.0.2 (repeatable). Default:
    /// other IPv4 addresses onto 127.0.0.2, 127.0.0.3, …; one other IPv6 address onto ::1.
    #[arg(long = "map", value_name = "SCENARIO=LOCAL")]
    map: Vec<String>,
    /// Local port for the scenario's first port; refused when anything holds it.
    #[arg(long, conflicts_with = "matrix")]
    port: Option<u16>,
    /// Print a program that runs the probe instead of running it (works on any system).
    #[arg(long, value_parser = PossibleValuesParser::new(Language::IDS)
        .map(|id| Language::parse_id(&id).expect("one of Language::IDS")))]
    emit: Option<Language>,
}

/// The version string in `tool`.
#[cfg(windows)]
fn tool() -> String {
    format!("sockbind {}", env!("CARGO_PKG_VERSION"))
}

/// The page's starting scenario, on which a link's parameters are applied (as the page does).
fn link_base() -> Scenario {
    Scenario::start()
}

/// Reads a scenario from a sockbind link. Errors: a parameter the link form cannot use.
fn scenario_from_url(url: &str) -> Result<Scenario, InputError> {
    let pairs = sockbind_core::lesson::query_pairs(url);
    if pairs.is_empty() {
        return Err(InputError::new(
            "--url",
            url,
            "has no scenario parameters (?v=1&platform=…)",
        ));
    }
    let d = sockbind_core::share::from_query(&pairs, &link_base());
    if let Some(n) = d.notes.first() {
        return Err(InputError::new(
            "--url",
            format!("{}={}", n.param, n.value),
            format!("parameter cannot be used ({})", n.reason.id()),
        ));
    }
    Ok(d.scenario)
}

fn read_scenario(args: &ProbeArgs, stdin: &mut dyn Read) -> Result<Scenario, InputError> {
    if let Some(url) = &args.url {
        return scenario_from_url(url);
    }
    let bytes = crate::read_input(args.file.as_deref(), stdin)?;
    sockbind_core::parse_scenario(&sockbind_core::scenario::decode_input(&bytes)?)
}

/// The plans to run or emit, with the not-run matrix cases, for the model `platform`.
fn plans(
    args: &ProbeArgs,
    platform: Platform,
    scenario: Option<Scenario>,
    stdin: &mut dyn Read,
) -> Result<(Vec<CasePlan>, Vec<NotRunCase>), InputError> {
    if args.matrix {
        if !args.map.is_empty() {
            return Err(InputError::new(
                "--map",
                "",
                "the matrix uses loopback addresses only; --map is for a scenario",
            ));
        }
        return Ok(probe::matrix_plans(platform));
    }
    let given = args
        .map
        .iter()
        .map(|m| probe::parse_map_arg(m))
        .collect::<Result<Vec<_>, _>>()?;
    let scenario = match scenario {
        Some(s) => s,
        None => read_scenario(args, stdin)?,
    };
    let p = probe::plan("scenario", "scenario", &scenario, platform, &given)?;
    Ok((vec![p], vec![]))
}

/// Runs `sockbind probe`. Out: the text to print. Errors: bad input, a `--port` in use, or
/// (without `--emit`) any system other than Windows.
pub fn run(args: ProbeArgs, stdin: &mut dyn Read) -> Result<String, InputError> {
    if let Some(lang) = args.emit {
        // Generated programs carry the model for the scenario's own platform (the matrix: 7+).
        let scenario = if args.matrix {
            None
        } else {
            Some(read_scenario(&args, stdin)?)
        };
        let platform = scenario.as_ref().map_or(Platform::Windows7, |s| s.platform);
        let (plans, not_run) = plans(&args, platform, scenario, stdin)?;
        return Ok(lang.program(&plans, &not_run, platform));
    }
    run_here(args, stdin)
}

#[cfg(not(windows))]
fn run_here(_: ProbeArgs, _: &mut dyn Read) -> Result<String, InputError> {
    Err(InputError::new(
        "probe",
        "",
        format!(
            "runs only on Windows (this is {}); `sockbind probe --emit c|csharp|python|powershell` prints a program to run there",
            std::env::consts::OS
        ),
    ))
}

#[cfg(windows)]
fn run_here(args: ProbeArgs, stdin: &mut dyn Read) -> Result<String, InputError> {
    winsock::startup()?;
    let (version, build, wine) = winsock::system();
    let mut nums = version.split('.').map(|n| n.parse::<u32>().unwrap_or(0));
    let platform =
        probe::platform_for_version(nums.next().unwrap_or(0), nums.next().unwrap_or(0), build);
    let (plans, not_run) = plans(&args, platform, None, stdin)?;
    if let Some(p) = args.port {
        if p == 0 || !winsock::port_free(p) {
            return Err(InputError::new(
                "--port",
                p.to_string(),
                "is in use (or 0) on this machine; probing a live port with SO_REUSEADDR would hijack it, so pick a free one or leave --port out",
            ));
        }
    }
    let cases = plans.iter().map(|p| winsock::run(p, args.port)).collect();
    let report = probe::ProbeReport {
        format: probe::PROBE_FORMAT.to_string(),
        version: probe::PROBE_VERSION,
        tool: tool(),
        system: probe::SystemInfo {
            version,
            build,
            wine,
            model_platform: platform,
            date: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .ok()
                .map(|d| probe::utc_date(d.as_secs())),
        },
        cases,
        not_run,
    };
    Ok(if args.matrix && !args.json {
        probe::render_table(&report)
    } else {
        serde_json::to_string_pretty(&report).expect("report serializes")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_decode_like_the_page() {
        let s = scenario_from_url("https://x/?v=1&platform=windows-xp&s0.opt=none&s0.addr=0.0.0.0&s1.opt=SO_REUSEADDR&s1.addr=10.0.0.1").unwrap();
        assert_eq!(s.platform, Platform::WindowsXp);
        assert_eq!(s.sockets[1].address, "10.0.0.1");
        assert!(scenario_from_url("https://x/?v=1&platform=windows-12").is_err());
        assert!(scenario_from_url("https://x/").is_err());
    }
}
