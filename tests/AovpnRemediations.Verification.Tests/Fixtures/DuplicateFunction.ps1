# expect: DuplicateFunction 4:1 DuplicateFunction 8:1
Set-StrictMode -Version 2.0

function Get-AovpnCertificateEku {
    return @('1.3.6.1.5.5.7.3.1')
}

function Get-AovpnCertificateEku {
    return @('1.3.6.1.5.5.7.3.2')
}

function Invoke-AovpnMain {
    $ekus = Get-AovpnCertificateEku
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
