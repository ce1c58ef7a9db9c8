# expect: LineEnding 5:11 LineEnding 6:11
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    $a = 1
    $b = 2    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
