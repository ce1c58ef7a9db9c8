# expect: MissingEntryPoint 1:1
Set-StrictMode -Version 2.0

function Invoke-Main {
    $now = Get-Date
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-Main; Write-Output $r.Line; exit $r.ExitCode }
