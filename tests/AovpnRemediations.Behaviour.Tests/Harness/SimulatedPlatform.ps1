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

# --- Server packages (aovpn-vpn-server-cert, aovpn-nps-mfa, aovpn-deny-list) ---------------------------------

function Get-AovpnEvent {
    param(
        [Parameter(Mandatory = $true)][string]$LogName,
        [string]$ProviderName,
        [Parameter(Mandatory = $true)][int[]]$Id,
        [Parameter(Mandatory = $true)][datetime]$StartTime
    )
    Invoke-SimPlatformCall -Function 'Get-AovpnEvent' -Detail ('{0} {1} {2}' -f $LogName, ($Id -join ','), $StartTime.ToString('yyyy-MM-ddTHH:mm:ssZ'))
    $server = Get-SimServer
    if ($server.MissingLogs.ContainsKey($LogName)) {
        # What Get-WinEvent -FilterHashtable does for a log that does not exist.
        throw [System.Management.Automation.ErrorRecord]::new(
            [System.Exception]::new("There is not an event log on the localhost computer that matches `"$LogName`"."),
            'NoMatchingLogsFound,Microsoft.PowerShell.Commands.GetWinEventCommand',
            [System.Management.Automation.ErrorCategory]::ObjectNotFound,
            $LogName)
    }
    # The event log service filters; Get-AovpnEvent itself never filters afterwards. Server records and the
    # client's RasClient records (Add-SimConnectionFailure) share one event log.
    foreach ($record in @($server.Events) + @((Get-SimClient).Events)) {
        if ($record.LogName -eq $LogName -and $Id -contains $record.Id -and $record.TimeCreated -ge $StartTime -and (-not $ProviderName -or $record.ProviderName -eq $ProviderName)) {
            $record
        }
    }
}

function Get-AovpnService {
    param([Parameter(Mandatory = $true)][string]$Name)
    Invoke-SimPlatformCall -Function 'Get-AovpnService' -Detail $Name
    $status = (Get-SimServer).Services[$Name]
    if ($null -eq $status) {
        return $null
    }
    [pscustomobject]@{ Name = $Name; Status = $status }
}

function Start-AovpnService {
    param([Parameter(Mandatory = $true)][string]$Name)
    Invoke-SimPlatformCall -Function 'Start-AovpnService' -Detail $Name
    $server = Get-SimServer
    if (-not $server.Services.ContainsKey($Name)) {
        throw "Cannot find any service with service name '$Name'."
    }
    $server.Services[$Name] = 'Running'
}

function Restart-AovpnService {
    param([Parameter(Mandatory = $true)][string]$Name)
    Invoke-SimPlatformCall -Function 'Restart-AovpnService' -Detail $Name
    $server = Get-SimServer
    if (-not $server.Services.ContainsKey($Name)) {
        throw "Cannot find any service with service name '$Name'."
    }
    $server.Services[$Name] = 'Running'
    # A restart drops every RRAS session, as the real RemoteAccess restart does.
    if ($Name -eq 'RemoteAccess') {
        $server.Sessions.Clear()
    }
}

function Invoke-AovpnCertutil {
    param([Parameter(Mandatory = $true)][string[]]$Arguments)
    Invoke-SimPlatformCall -Function 'Invoke-AovpnCertutil' -Detail ($Arguments -join ' ')
    if ($Arguments -notcontains '-pulse') {
        # The server packages' CRL cache commands.
        return (Get-SimServer).CertutilExitCode
    }
    # The client packages' autoenrollment pulse delivers what Set-SimAutoenrollment arranged.
    $client = Get-SimClient
    if ($client.CertutilExitCode -ne 0) {
        return $client.CertutilExitCode
    }
    $location = if ($Arguments -contains '-user') { 'CurrentUser' } else { 'LocalMachine' }
    foreach ($enrollment in @($client.Enrollments | Where-Object { $_.Location -eq $location })) {
        [void]$client.Pending.Add([pscustomobject]@{ Location = $location; Certificate = $enrollment.Certificate; Due = $global:AovpnSim.Now.AddSeconds($enrollment.AfterSeconds) })
        [void]$client.Enrollments.Remove($enrollment)
    }
    Step-SimClock -Seconds 0
    0
}

function Get-AovpnRegistryValue {
    param(
        [Parameter(Mandatory = $true)][string]$Path,
        [Parameter(Mandatory = $true)][string]$Name
    )
    Invoke-SimPlatformCall -Function 'Get-AovpnRegistryValue' -Detail "$Path $Name"
    (Get-SimServer).Registry["$Path|$Name"]
}

function Set-AovpnRegistryValue {
    param(
        [Parameter(Mandatory = $true)][string]$Path,
        [Parameter(Mandatory = $true)][string]$Name,
        [Parameter(Mandatory = $true)]$Value,
        [Parameter(Mandatory = $true)][ValidateSet('String', 'ExpandString', 'DWord', 'QWord', 'MultiString')][string]$Type
    )
    Invoke-SimPlatformCall -Function 'Set-AovpnRegistryValue' -Detail "$Path $Name $Type $Value"
    if ($Type -eq 'DWord') {
        $Value = [int]$Value
    }
    elseif ($Type -eq 'QWord') {
        $Value = [long]$Value
    }
    (Get-SimServer).Registry["$Path|$Name"] = $Value
}

function Get-AovpnVpnSession {
    Invoke-SimPlatformCall -Function 'Get-AovpnVpnSession' -Detail ''
    Update-SimRedial
    foreach ($session in (Get-SimServer).Sessions) {
        [pscustomobject]@{ UserName = $session.UserName; ClientHostName = $session.ClientHostName; ClientIPAddress = $session.ClientIPAddress }
    }
}

function Disconnect-AovpnVpnSession {
    param([string]$UserName, [string]$HostIPAddress)
    $server = Get-SimServer
    if ($UserName) {
        Invoke-SimPlatformCall -Function 'Disconnect-AovpnVpnSession' -Detail $UserName
        $ended = @($server.Sessions | Where-Object { $_.UserName -eq $UserName })
    }
    elseif ($HostIPAddress) {
        Invoke-SimPlatformCall -Function 'Disconnect-AovpnVpnSession' -Detail "-HostIPAddress $HostIPAddress"
        $ended = @($server.Sessions | Where-Object { $_.ClientIPAddress -eq $HostIPAddress })
    }
    else {
        throw 'Disconnect-AovpnVpnSession needs -UserName or -HostIPAddress.'
    }
    foreach ($session in $ended) {
        $server.Sessions.Remove($session)
        # Always On VPN dials again unless something blocks it: the session is back after its redial delay.
        if ($session.RedialAfterSeconds -ge 0) {
            [void]$server.Redials.Add([pscustomobject]@{ Session = $session; Due = $global:AovpnSim.Now.AddSeconds($session.RedialAfterSeconds) })
        }
    }
}

function Get-AovpnWindowsFeature {
    param([Parameter(Mandatory = $true)][string]$Name)
    Invoke-SimPlatformCall -Function 'Get-AovpnWindowsFeature' -Detail $Name
    (Get-SimServer).Features[$Name]
}

# ---- aovpn-user-tunnel-cert, aovpn-device-tunnel-cert, aovpn-connection-health, aovpn-vpn-profiles,
# ---- aovpn-device-tunnel-profile: backed by Get-SimClient (SimulatedEndpoint.ps1). Get-AovpnEvent and
# ---- Invoke-AovpnCertutil, which the server packages use too, are above.

function Get-AovpnVpnProfile {
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [switch]$AllUserConnection
    )
    $book = if ($AllUserConnection) { 'AllUser' } else { 'User' }
    Invoke-SimPlatformCall -Function 'Get-AovpnVpnProfile' -Detail "$book $Name"
    (Get-SimClient).VpnProfiles["$book|$Name"]
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
