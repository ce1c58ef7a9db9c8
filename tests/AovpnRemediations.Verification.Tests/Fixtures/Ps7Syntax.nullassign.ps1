# expect: Ps7Syntax 6:5
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    $name = $env:AOVPN_PROFILE
    $name ??= 'Contoso VPN'
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
