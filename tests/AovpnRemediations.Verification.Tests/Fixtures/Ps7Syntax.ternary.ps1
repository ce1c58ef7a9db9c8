# expect: Ps7Syntax 5:15
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    $status = $true ? 'issue' : 'ok'
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
