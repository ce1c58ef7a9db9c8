# expect: TypeNotAllowed 5:12 TypeNotAllowed 6:13 TypeNotAllowed 7:14 TypeNotAllowed 8:36
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    $web = [System.Net.WebClient]::new()
    $mode = [System.Security.Cryptography.X509Certificates.X509ChainTrustMode]::CustomRootTrust
    $addrs = [System.Collections.Generic.List[System.Net.IPAddress]]::new()
    $client = New-Object -TypeName System.Net.Sockets.TcpClient
    $list = New-Object -TypeName 'System.Collections.Generic.List[string]'
    $bytes = [System.Text.Encoding]::ASCII.GetBytes([string]$list.Count)
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
