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
    # X509Store.Certificates hands out new X509Certificate2 objects on every read (with the key link kept), so
    # a script can neither change the store through one nor find it again by reference.
    foreach ($certificate in (Get-SimStore -Location $Location -StoreName $StoreName)) {
        [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($certificate)
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

# Get-AovpnEvent is not replaced: the package's own runs, over this stand-in for the Get-WinEvent cmdlet, so
# what the platform function hands to Windows is tested too (the StartTime bug lived there).

function Get-WinEvent {
    # Stand-in for Get-WinEvent (Windows PowerShell 5.1, Microsoft.PowerShell.Diagnostics), over the simulated
    # event log. Where it bites it does what the cmdlet does (its source is PowerShell's GetEventCommand.cs):
    # - -FilterHashtable StartTime goes through ToString() and DateTime.Parse in the current culture and is then
    #   taken as local time (HandleStartTimeHashValue, StringToDateTime), losing its milliseconds;
    # - -FilterXPath is evaluated by the event log service: this understands the forms packages write
    #   (Provider[@Name='..'], EventID=n joined by "or", TimeCreated[@SystemTime>='..Z'],
    #   TimeCreated[timediff(@SystemTime) <= ms]) and throws on anything else, so a query it cannot judge
    #   never passes by accident;
    # - nothing matched is the non-terminating error NoMatchingEventsFound; a log that does not exist is
    #   NoMatchingLogsFound; with -ErrorAction Stop either is thrown;
    # - records carry Id, ProviderName, LogName, RecordId, TimeCreated in local time (EventLogRecord.TimeCreated)
    #   and Properties whose .Value are the insertion strings.
    # Simplified: one machine, no remote -ComputerName, no -MaxEvents/-Oldest ordering (newest first, always).
    [CmdletBinding(DefaultParameterSetName = 'GetLogSet')]
    param(
        [Parameter(ParameterSetName = 'GetLogSet', Position = 0)][string[]]$LogName,
        [Parameter(ParameterSetName = 'GetLogSet')][string]$FilterXPath,
        [Parameter(ParameterSetName = 'HashQuerySet', Mandatory = $true, Position = 0)][hashtable[]]$FilterHashtable
    )
    $detail = if ($PSCmdlet.ParameterSetName -eq 'HashQuerySet') { 'FilterHashtable' } else { '{0} {1}' -f ($LogName -join ','), $FilterXPath }
    Invoke-SimPlatformCall -Function 'Get-WinEvent' -Detail $detail
    $wanted = @()
    if ($PSCmdlet.ParameterSetName -eq 'HashQuerySet') {
        foreach ($hash in $FilterHashtable) {
            $start = $null
            if ($hash.ContainsKey('StartTime')) {
                # The cmdlet's own round trip: text in the current culture, parsed back, taken as local time.
                $start = [datetime]::Parse($hash['StartTime'].ToString(), [System.Globalization.CultureInfo]::CurrentCulture).ToUniversalTime()
            }
            $wanted += [pscustomobject]@{ Logs = @($hash['LogName']); Providers = @($hash['ProviderName'] | Where-Object { $_ }); Ids = @($hash['Id'] | ForEach-Object { [int]$_ }); Since = $start }
        }
    }
    else {
        $wanted += (ConvertFrom-SimEventXPath -Query $FilterXPath -LogName $LogName)
    }
    $server = Get-SimServer
    foreach ($query in $wanted) {
        foreach ($log in $query.Logs) {
            if ($server.MissingLogs.ContainsKey($log)) {
                $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                    [System.Exception]::new("There is not an event log on the localhost computer that matches `"$log`"."),
                    'NoMatchingLogsFound,Microsoft.PowerShell.Commands.GetWinEventCommand',
                    [System.Management.Automation.ErrorCategory]::ObjectNotFound,
                    $log))
                return
            }
        }
    }
    $found = 0
    # Server records and the client's RasClient records (Add-SimConnectionFailure) share one event log.
    foreach ($record in @(@($server.Events) + @((Get-SimClient).Events) | Sort-Object -Property TimeCreated -Descending)) {
        foreach ($query in $wanted) {
            if ($query.Logs -contains $record.LogName -and $query.Ids -contains $record.Id -and
                ($null -eq $query.Since -or $record.TimeCreated -ge $query.Since) -and
                ($query.Providers.Count -eq 0 -or $query.Providers -contains $record.ProviderName)) {
                $found++
                [pscustomobject]@{
                    Id           = $record.Id
                    LogName      = $record.LogName
                    ProviderName = $record.ProviderName
                    RecordId     = [long]$record.RecordId
                    TimeCreated  = $record.TimeCreated.ToLocalTime()
                    Properties   = $record.Properties
                }
                break
            }
        }
    }
    if ($found -eq 0) {
        $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
            [System.Exception]::new('No events were found that match the specified selection criteria.'),
            'NoMatchingEventsFound,Microsoft.PowerShell.Commands.GetWinEventCommand',
            [System.Management.Automation.ErrorCategory]::ObjectNotFound,
            $null))
    }
}

function ConvertFrom-SimEventXPath {
    # The parts of an event query XPath that packages write; anything else throws.
    param([Parameter(Mandatory)][string]$Query, [Parameter(Mandatory)][string[]]$LogName)
    $match = [regex]::Match($Query, '^\*\[System\[(?<body>.+)\]\]$')
    if (-not $match.Success) {
        throw "The simulated event log does not understand the query '$Query'."
    }
    $result = [pscustomobject]@{ Logs = $LogName; Providers = @(); Ids = @(); Since = $null }
    $rest = $match.Groups['body'].Value
    foreach ($provider in [regex]::Matches($rest, "Provider\[@Name='(?<name>[^']+)'\]")) {
        $result.Providers += $provider.Groups['name'].Value
    }
    $rest = [regex]::Replace($rest, "Provider\[@Name='[^']+'\]", 'TRUE')
    $ids = [regex]::Match($rest, '\((?<ids>EventID=\d+( or EventID=\d+)*)\)|(?<ids>EventID=\d+)')
    if ($ids.Success) {
        $result.Ids = @([regex]::Matches($ids.Groups['ids'].Value, '\d+') | ForEach-Object { [int]$_.Value })
        $rest = $rest.Replace($ids.Value, 'TRUE')
    }
    $since = [regex]::Match($rest, "TimeCreated\[@SystemTime>='(?<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z)'\]")
    $diff = [regex]::Match($rest, 'TimeCreated\[timediff\(@SystemTime\) <= (?<ms>\d+)\]')
    if ($since.Success) {
        $styles = [System.Globalization.DateTimeStyles]::AssumeUniversal -bor [System.Globalization.DateTimeStyles]::AdjustToUniversal
        $result.Since = [datetime]::Parse($since.Groups['at'].Value, [System.Globalization.CultureInfo]::InvariantCulture, $styles)
        $rest = $rest.Replace($since.Value, 'TRUE')
    }
    elseif ($diff.Success) {
        # timediff is measured by the event log service against its own clock: the simulated one.
        $result.Since = $global:AovpnSim.Now.AddMilliseconds(-[double]$diff.Groups['ms'].Value)
        $rest = $rest.Replace($diff.Value, 'TRUE')
    }
    if ($rest -notmatch '^TRUE( and TRUE)*$' -or $result.Ids.Count -eq 0) {
        throw "The simulated event log does not understand the query '$Query'."
    }
    $result
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

# Get-AovpnVpnProfile is not replaced: the package's own runs over this stand-in for Get-VpnConnection.

function Get-VpnConnection {
    # Stand-in for Get-VpnConnection (VpnClient module, a CDXML cmdlet over MSFT_VpnConnection). Each phone book
    # is apart: without -AllUserConnection only the user's, with it only the all-user one. A name that is not
    # there is a non-terminating ObjectNotFound error whose id starts with the RAS error 623
    # (ERROR_CANNOT_FIND_PHONEBOOK_ENTRY); the exact text and id are not confirmed on a device.
    # https://learn.microsoft.com/en-us/powershell/module/vpnclient/get-vpnconnection
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][string[]]$Name,
        [switch]$AllUserConnection
    )
    $book = if ($AllUserConnection) { 'AllUser' } else { 'User' }
    Invoke-SimPlatformCall -Function 'Get-VpnConnection' -Detail ('{0} {1}' -f $book, ($Name -join ','))
    $profiles = (Get-SimClient).VpnProfiles
    foreach ($wanted in @($Name)) {
        $connection = $profiles["$book|$wanted"]
        if ($null -eq $connection) {
            # Phone book entries are found ignoring case, as RAS does.
            $connection = $profiles.GetEnumerator() | Where-Object { $_.Key -ieq "$book|$wanted" } | Select-Object -First 1 -ExpandProperty Value
        }
        if ($null -eq $connection) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                [System.Exception]::new("VPN connection $wanted cannot be found."),
                'VPN 623,Get-VpnConnection',
                [System.Management.Automation.ErrorCategory]::ObjectNotFound,
                $wanted))
            continue
        }
        $connection
    }
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

# The package's own Test-AovpnPrivateKey, kept before it is replaced below: a certificate the scenario did not
# break is judged by it, signing with the certificate's real key.
$script:PackageTestPrivateKey = ${function:Test-AovpnPrivateKey}

function Test-AovpnPrivateKey {
    # Windows keeps HasPrivateKey true when the key behind a certificate is gone (a TPM clear, a deleted key
    # container); Set-SimKeyLost arranges that, and then this answers what the real function gets from
    # Windows: the error of the failed signature. Every other certificate goes to the package's own function.
    param([Parameter(Mandatory = $true)][System.Security.Cryptography.X509Certificates.X509Certificate2]$Certificate)
    Invoke-SimPlatformCall -Function 'Test-AovpnPrivateKey' -Detail $Certificate.Thumbprint
    $lost = (Get-SimClient).LostKeys[$Certificate.Thumbprint]
    if ($null -ne $lost) {
        return $lost
    }
    if ($null -eq $script:PackageTestPrivateKey) {
        throw 'The package does not define Test-AovpnPrivateKey, yet calls it.'
    }
    & $script:PackageTestPrivateKey -Certificate $Certificate
}

function Test-AovpnDomainJoined {
    Invoke-SimPlatformCall -Function 'Test-AovpnDomainJoined' -Detail ''
    [bool](Get-SimClient).DomainJoined
}
