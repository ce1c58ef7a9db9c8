# The platform layer of DESIGN.md, backed by $global:AovpnSim. Same names and parameters as the real
# functions; dot-sourced over a generated script after the script itself.

function Invoke-SimPlatformCall {
    param([string]$Function, [string]$Detail)
    [void]$global:AovpnSim.Calls.Add(("{0} {1}" -f $Function, $Detail).Trim())
    if ($global:AovpnSim.Failures.ContainsKey($Function)) {
        throw $global:AovpnSim.Failures[$Function]
    }
}

function Get-AovpnNow {
    $global:AovpnSim.Now
}

function Get-AovpnStoreCertificate {
    param(
        [Parameter(Mandatory = $true)][ValidateSet('CurrentUser', 'LocalMachine')][string]$Location,
        [Parameter(Mandatory = $true)][ValidateSet('My', 'Root', 'CA', 'Disallowed')][string]$StoreName
    )
    Invoke-SimPlatformCall -Function 'Get-AovpnStoreCertificate' -Detail "$Location\$StoreName"
    foreach ($certificate in (Get-SimStore -Location $Location -StoreName $StoreName)) {
        $certificate
    }
}

function Add-AovpnStoreCertificate {
    param(
        [Parameter(Mandatory = $true)][ValidateSet('CurrentUser', 'LocalMachine')][string]$Location,
        [Parameter(Mandatory = $true)][ValidateSet('My', 'Root', 'CA', 'Disallowed')][string]$StoreName,
        [Parameter(Mandatory = $true)][System.Security.Cryptography.X509Certificates.X509Certificate2]$Certificate
    )
    Invoke-SimPlatformCall -Function 'Add-AovpnStoreCertificate' -Detail "$Location\$StoreName $($Certificate.Thumbprint)"
    if ($Certificate.HasPrivateKey) {
        throw 'The simulated endpoint refuses a private key: packages must only ever import public certificates.'
    }
    $store = Get-SimStore -Location $Location -StoreName $StoreName
    # Like X509Store.Add: adding a certificate that is already there changes nothing.
    if (-not @($store | Where-Object { $_.Thumbprint -eq $Certificate.Thumbprint })) {
        [void]$store.Add($Certificate)
    }
}

function Write-AovpnLog {
    param([Parameter(Mandatory = $true)][string]$Message)
    [void]$global:AovpnSim.Log.Add($Message)
}

# ---- aovpn-user-tunnel-cert, aovpn-device-tunnel-cert, aovpn-connection-health, aovpn-vpn-profiles,
# ---- aovpn-device-tunnel-profile: backed by Get-SimClient (SimulatedEndpoint.ps1).

function Get-AovpnEvent {
    param(
        [Parameter(Mandatory = $true)][string]$LogName,
        [string]$ProviderName,
        [Parameter(Mandatory = $true)][int[]]$Id,
        [Parameter(Mandatory = $true)][datetime]$StartTime
    )
    Invoke-SimPlatformCall -Function 'Get-AovpnEvent' -Detail ('{0} {1} {2} {3:yyyy-MM-ddTHH:mm:ssZ}' -f $LogName, $ProviderName, ($Id -join ','), $StartTime)
    # What -FilterHashtable does in the event log service: log, provider, IDs and start time.
    foreach ($record in (Get-SimClient).Events) {
        if ($record.LogName -eq $LogName -and (-not $ProviderName -or $record.ProviderName -eq $ProviderName) -and $Id -contains $record.Id -and $record.TimeCreated -ge $StartTime) {
            $record
        }
    }
}

function Get-AovpnVpnProfile {
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [switch]$AllUserConnection
    )
    $book = if ($AllUserConnection) { 'AllUser' } else { 'User' }
    Invoke-SimPlatformCall -Function 'Get-AovpnVpnProfile' -Detail "$book $Name"
    (Get-SimClient).VpnProfiles["$book|$Name"]
}

function Invoke-AovpnCertutil {
    param([Parameter(Mandatory = $true)][string[]]$Arguments)
    Invoke-SimPlatformCall -Function 'Invoke-AovpnCertutil' -Detail ($Arguments -join ' ')
    $client = Get-SimClient
    if ($client.CertutilExitCode -ne 0) {
        return $client.CertutilExitCode
    }
    if ($Arguments -contains '-pulse') {
        $location = if ($Arguments -contains '-user') { 'CurrentUser' } else { 'LocalMachine' }
        foreach ($enrollment in @($client.Enrollments | Where-Object { $_.Location -eq $location })) {
            [void]$client.Pending.Add([pscustomobject]@{ Location = $location; Certificate = $enrollment.Certificate; Due = $global:AovpnSim.Now.AddSeconds($enrollment.AfterSeconds) })
            [void]$client.Enrollments.Remove($enrollment)
        }
        Step-SimClock -Seconds 0
    }
    0
}

function Get-AovpnComputerFqdn {
    Invoke-SimPlatformCall -Function 'Get-AovpnComputerFqdn'
    (Get-SimClient).Fqdn
}

function Get-AovpnCertificateKeyProvider {
    param([Parameter(Mandatory = $true)][System.Security.Cryptography.X509Certificates.X509Certificate2]$Certificate)
    Invoke-SimPlatformCall -Function 'Get-AovpnCertificateKeyProvider' -Detail $Certificate.Thumbprint
    if (-not $Certificate.HasPrivateKey) {
        return $null
    }
    $provider = (Get-SimClient).KeyProviders[$Certificate.Thumbprint]
    if ($null -eq $provider) {
        $provider = 'Microsoft Software Key Storage Provider'
    }
    $provider
}
