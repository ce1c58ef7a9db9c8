# expect: NotInNetFramework48 5:13 NotInNetFramework48 6:16 NotInNetFramework48 7:15 NotInNetFramework48 8:12 NotInNetFramework48 9:14 NotInNetFramework48 10:14 NotInNetFramework48 11:37 NotInNetFramework48 12:14 NotInNetFramework48 13:14
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    $mode = [System.Security.Cryptography.X509Certificates.X509ChainTrustMode]::CustomRootTrust
    $clamped = [System.Math]::Clamp(5, 0, 3)
    $joined = [System.IO.Path]::Join('a', 'b')
    $hex = [Convert]::ToHexString([byte[]]@(1, 2))
    $epoch = [datetime]::UnixEpoch
    $count = [uint]3
    $builder = New-Object -TypeName System.Text.StringBuilder -ArgumentList 1, 2, 3
    $table = [ordered]
    $store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser', 'ReadOnly', 4)
    $empty = [string]::IsNullOrEmpty('')
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
