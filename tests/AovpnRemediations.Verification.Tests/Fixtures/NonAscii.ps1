# expect: NonAscii 5:17 NonAscii 6:8
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    $name = 'Café VPN'
    # Zürich → Genève: only the first non-ASCII character of a line is reported
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
