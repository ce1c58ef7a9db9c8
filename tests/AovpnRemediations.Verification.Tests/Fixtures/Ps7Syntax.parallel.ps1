# expect: Ps7Syntax 5:34
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    $ids = 1..3 | ForEach-Object -Parallel { $_ * 2 }
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
