# sockbind probe (PowerShell): runs the scenario's socket calls on this Windows and prints
# the probe result JSON. Run: powershell -ExecutionPolicy Bypass -File probe.ps1 > result.json
$ErrorActionPreference = 'Stop'
$source = @'
<csharp::program>
'@
Add-Type -TypeDefinition $source -Language CSharp
[SockbindProbe]::Run()
