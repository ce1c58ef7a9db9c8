# expect: ParseError 5:16
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    $count = 1 2
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
