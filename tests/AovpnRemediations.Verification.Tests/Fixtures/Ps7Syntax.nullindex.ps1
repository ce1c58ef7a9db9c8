# expect: Ps7Syntax 6:14
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    $names = @('Contoso VPN', 'Contoso Device Tunnel')
    $first = ${names}?[0]
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
