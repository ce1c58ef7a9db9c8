# expect: ExitCode 5:19 ExitCode 9:115
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    if ($false) { exit 1 }
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; if ($r.ExitCode -gt 1) { exit 2 }; exit $r.ExitCode }
