# expect: TypeNotAllowed 5:12 TypeNotAllowed 6:13 TypeNotAllowed 7:14 TypeNotAllowed 8:36 TypeNotAllowed 9:13
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    $web = [System.Net.WebClient]::new()
    $ldap = [adsi]'LDAP://DC=example,DC=net'
    $names = [System.Collections.Generic.List[System.Net.Sockets.TcpClient]]::new()
    $client = New-Object -TypeName System.Net.Sockets.TcpClient
    $code = [scriptblock]::Create('Get-Date')
    $list = New-Object -TypeName 'System.Collections.Generic.List[string]'
    $address = [System.Net.IPAddress]::Parse('192.0.2.1')
    $bytes = [System.Text.Encoding]::ASCII.GetBytes([string]$list.Count)
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
