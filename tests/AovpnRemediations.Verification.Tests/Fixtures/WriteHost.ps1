# expect: WriteHost 5:5
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    Write-Host 'checking certificates'
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
