# aovpn-user-tunnel-cert detection: a clean package script (no findings expected).
Set-StrictMode -Version 2.0

# ---- platform layer ----------------------------------------------------------------------------

function Get-AovpnNow {
    [CmdletBinding()]
    [OutputType([datetime])]
    param()
    return (Get-Date).ToUniversalTime()
}

function Get-AovpnStoreCertificate {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][ValidateSet('CurrentUser', 'LocalMachine')][string]$Location,
        [Parameter(Mandatory = $true)][ValidateSet('My', 'Root', 'CA', 'Disallowed')][string]$StoreName
    )
    $store = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Store -ArgumentList $StoreName, $Location
    try {
        $store.Open([System.Security.Cryptography.X509Certificates.OpenFlags]::ReadOnly)
        return ,([System.Security.Cryptography.X509Certificates.X509Certificate2[]]$store.Certificates)
    }
    finally {
        $store.Close()
    }
}

function Write-AovpnLog {
    param([Parameter(Mandatory = $true)][string]$Message)
    $path = Join-Path -Path $env:LOCALAPPDATA -ChildPath 'AovpnRemediations.log'
    try {
        $stamp = (Get-AovpnNow).ToString('o', [System.Globalization.CultureInfo]::InvariantCulture)
        Add-Content -LiteralPath $path -Value ('{0} {1}' -f $stamp, $Message) -Encoding Ascii -ErrorAction Stop
    }
    catch {
        Write-Verbose -Message ('log write failed: ' + $_.Exception.Message)
    }
}

# ---- checks ------------------------------------------------------------------------------------

function ConvertTo-AovpnJsonString {
    param([AllowEmptyString()][string]$Value)
    $sb = New-Object -TypeName System.Text.StringBuilder
    [void]$sb.Append('"')
    foreach ($ch in $Value.ToCharArray()) {
        $code = [int]$ch
        if ($ch -eq '"' -or $ch -eq '\') {
            [void]$sb.Append('\').Append($ch)
        }
        elseif ($code -lt 0x20 -or $code -gt 0x7E) {
            [void]$sb.Append('\u').Append($code.ToString('x4', [System.Globalization.CultureInfo]::InvariantCulture))
        }
        else {
            [void]$sb.Append($ch)
        }
    }
    [void]$sb.Append('"')
    return $sb.ToString()
}

function Test-AovpnClientAuthCertificate {
    param(
        [Parameter(Mandatory = $true)][System.Security.Cryptography.X509Certificates.X509Certificate2]$Certificate,
        [Parameter(Mandatory = $true)][datetime]$Now
    )
    $clientAuth = '1.3.6.1.5.5.7.3.2'
    if (-not $Certificate.HasPrivateKey -or $Certificate.NotBefore -gt $Now -or $Certificate.NotAfter -le $Now) {
        return $false
    }
    foreach ($extension in $Certificate.Extensions) {
        if ($extension -is [System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]) {
            foreach ($oid in $extension.EnhancedKeyUsages) {
                if ($oid.Value -eq $clientAuth) {
                    return $true
                }
            }
        }
    }
    return $false
}

function Invoke-AovpnMain {
    [CmdletBinding()]
    param()
    $prefix = '{"schema":1,"package":"aovpn-user-tunnel-cert","version":"3f2a9c1d","status":'
    $findings = New-Object -TypeName System.Collections.Generic.List[string]
    try {
        $now = Get-AovpnNow
        $certificates = Get-AovpnStoreCertificate -Location CurrentUser -StoreName My
        $valid = @($certificates | Where-Object { Test-AovpnClientAuthCertificate -Certificate $_ -Now $now })
        if ($valid.Count -eq 0) {
            $findings.Add('{"rule":"AOVPN1001","code":"NoClientAuthCertificate"}')
        }
    }
    catch [System.UnauthorizedAccessException] {
        Write-AovpnLog -Message ('access denied: ' + $_.Exception.Message)
        $line = $prefix + '"error","code":"AccessDenied"}'
        return [pscustomobject]@{ ExitCode = 0; Line = $line; ErrorText = 'AccessDenied: certificate store' }
    }
    $status = 'ok'
    $exitCode = 0
    if ($findings.Count -gt 0) {
        $status = 'issue'
        $exitCode = 1
    }
    $line = $prefix + (ConvertTo-AovpnJsonString -Value $status) + ',"findings":[' + ($findings -join ',') + ']}'
    Write-AovpnLog -Message $line
    return [pscustomobject]@{ ExitCode = $exitCode; Line = $line; ErrorText = $null }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; if ($r.ErrorText) { [Console]::Error.WriteLine($r.ErrorText) }; exit $r.ExitCode }
