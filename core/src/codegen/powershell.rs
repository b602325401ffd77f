//! The scenario as a PowerShell script: the C# program of [`super::csharp`] compiled in-process
//! by `Add-Type` (Windows PowerShell 5.1 or PowerShell 7; no compiler to install).

/// The script for `cases`: the C# program of [`super::csharp::program_from_calls`] inside
/// `Add-Type` (see [`super::Language::program`]). Run with
/// `powershell -ExecutionPolicy Bypass -File probe.ps1 > result.json`.
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
