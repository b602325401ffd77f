//! The scenario as a PowerShell script: the C# program of [`super::csharp`] compiled in-process
//! by `Add-Type` (Windows PowerShell 5.1 or PowerShell 7; no compiler to install).

use crate::platform::Platform;
use crate::probe::{CasePlan, NotRunCase};

/// The script: prints the probe result JSON. Run with
/// `powershell -ExecutionPolicy Bypass -File probe.ps1 > result.json`.
pub fn program(
    tool: &str,
    plans: &[CasePlan],
    not_run: &[NotRunCase],
    platform: Platform,
) -> String {
    super::from_plans(program_from_calls, tool, plans, not_run, platform)
}

/// The same program from the cases' runtime calls (see [`super::csharp::program_from_calls`]).
pub fn program_from_calls(
    tool: &str,
    cases: &[super::CaseCalls],
    not_run_json: &str,
    platform: &str,
) -> String {
    wrap(&super::csharp::program_from_calls(
        tool,
        cases,
        not_run_json,
        platform,
    ))
}

fn wrap(source: &str) -> String {
    // The single-quoted here-string ends only at a line starting with '@; string literals in
    // the source are escaped, so none can.
    debug_assert!(!source.contains("\n'@"));
    format!(
        "# sockbind probe (PowerShell): runs the scenario's socket calls on this Windows and prints\n\
         # the probe result JSON. Run: powershell -ExecutionPolicy Bypass -File probe.ps1 > result.json\n\
         $ErrorActionPreference = 'Stop'\n\
         $source = @'\n{source}'@\n\
         Add-Type -TypeDefinition $source -Language CSharp\n\
         [SockbindProbe]::Run()\n"
    )
}
