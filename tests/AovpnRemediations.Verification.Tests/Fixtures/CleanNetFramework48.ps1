# Every .NET API here exists in .NET Framework 4.8 (no findings expected): accelerators, inherited statics, enums,
# constructors by arity, generics, nested types, PowerShell's own types.
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param()
    $table = [ordered]@{ a = 1 }
    $now = [datetime]::UtcNow
    $utc = [datetime]::SpecifyKind($now, [System.DateTimeKind]::Utc)
    $parsed = [datetime]::ParseExact('2024-01-01', 'yyyy-MM-dd', [System.Globalization.CultureInfo]::InvariantCulture)
    $folder = [System.Environment+SpecialFolder]::CommonApplicationData
    $path = [System.IO.Path]::Combine('a', 'b', 'c', 'd', 'e')
    $text = [string]::Format('{0}{1}{2}{3}', 1, 2, 3, 4)
    $list = [System.Collections.Generic.List[string]]::new()
    $map = New-Object -TypeName 'System.Collections.Generic.Dictionary[string,int]'
    $builder = New-Object -TypeName System.Text.StringBuilder -ArgumentList ($text.Length + 2)
    $store = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Store -ArgumentList 'My', 'CurrentUser'
    $certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromCertFile('c.cer')
    $span = [timespan]::new()
    $regex = [regex]::Escape('a.b')
    $ok = [System.Security.Cryptography.X509Certificates.StoreLocation]::LocalMachine
    $name = [System.Enum]::GetName([System.Security.Cryptography.X509Certificates.StoreLocation], $ok)
    $big = [bigint]::Parse('12345678901234567890')
    $error1 = [System.Management.Automation.ErrorRecord]
    $reference = [ref]$null
    $fqdn = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().DomainName
    $max = [int]::MaxValue
    $bytes = [byte[]]::new(4)
    $line = '{"schema":1,"status":"ok"}'
    return [pscustomobject]@{ ExitCode = 0; Line = $line }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
