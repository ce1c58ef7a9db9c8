# The simulated endpoint: state (certificate stores holding real X509Certificate2 objects, a clock, a log,
# injected failures) and helpers to arrange it. Dot-source in BeforeAll; call Reset-SimEndpoint before
# each scenario. SimulatedPlatform.ps1 holds the platform-layer functions that read and change this state.

$script:SimPlatformPath = Join-Path -Path $PSScriptRoot -ChildPath 'SimulatedPlatform.ps1'

function Reset-SimEndpoint {
    param([datetime]$Now = [datetime]::SpecifyKind([datetime]'2026-06-01T10:00:00', [System.DateTimeKind]::Utc))
    $global:AovpnSim = [pscustomobject]@{
        Now      = $Now
        Stores   = @{}
        Failures = @{}
        Log      = New-Object System.Collections.ArrayList
        Calls    = New-Object System.Collections.ArrayList
    }
}

function Get-SimStore {
    # The live list behind one store; changing it changes what the package sees.
    param([Parameter(Mandatory)][string]$Location, [Parameter(Mandatory)][string]$StoreName)
    $key = "$Location\$StoreName"
    if (-not $global:AovpnSim.Stores.ContainsKey($key)) {
        $global:AovpnSim.Stores[$key] = New-Object System.Collections.ArrayList
    }
    , $global:AovpnSim.Stores[$key]
}

function Add-SimCertificate {
    param([Parameter(Mandatory)][string]$Location, [Parameter(Mandatory)][string]$StoreName, [Parameter(Mandatory)]$Certificate)
    [void](Get-SimStore -Location $Location -StoreName $StoreName).Add($Certificate)
}

function Import-SimCertificate {
    # A public certificate file as an X509Certificate2.
    param([Parameter(Mandatory)][string]$Path)
    [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificateFromFile($Path)
}

function Set-SimFailure {
    # Makes a platform function throw, as Windows does when access is denied or a cmdlet is missing.
    param([Parameter(Mandatory)][string]$Function, [Parameter(Mandatory)][System.Exception]$Exception)
    $global:AovpnSim.Failures[$Function] = $Exception
}

function Get-SimCalls {
    param([string]$Like = '*')
    @($global:AovpnSim.Calls | Where-Object { $_ -like $Like })
}

function Invoke-SimPackage {
    # Dot-sources a generated script, swaps its platform layer for the simulated one, and runs it.
    param([Parameter(Mandatory)][string]$Path)
    . $Path
    . $script:SimPlatformPath
    $result = Invoke-AovpnMain
    [pscustomobject]@{
        ExitCode  = $result.ExitCode
        Line      = $result.Line
        ErrorText = $result.ErrorText
        Json      = ($result.Line | ConvertFrom-Json)
    }
}

# --- Server packages (aovpn-vpn-server-cert, aovpn-nps-mfa, aovpn-deny-list) ---------------------------------
# Event logs, services, registry values, Windows features and RRAS sessions of a simulated VPN or NPS server,
# added to the endpoint on first use so Reset-SimEndpoint stays as it is. By default the server has both roles
# (DirectAccess-VPN and NPAS installed); Set-SimFeature makes an RRAS-only or NPS-only one.

function Get-SimServer {
    if (-not $global:AovpnSim.PSObject.Properties['Server']) {
        $server = [pscustomobject]@{
            Events      = New-Object System.Collections.ArrayList
            MissingLogs = @{}
            Services    = @{}
            Registry    = @{}
            Features    = @{ 'DirectAccess-VPN' = 'Installed'; 'NPAS' = 'Installed' }
            Sessions    = New-Object System.Collections.ArrayList
            Redials     = New-Object System.Collections.ArrayList
            CertutilExitCode = 0
        }
        $global:AovpnSim | Add-Member -NotePropertyName Server -NotePropertyValue $server
    }
    $global:AovpnSim.Server
}

function Add-SimEvent {
    # One event record as Get-WinEvent returns it: Id, ProviderName, TimeCreated, Properties (.Value each).
    param(
        [Parameter(Mandatory)][string]$LogName,
        [Parameter(Mandatory)][int]$Id,
        [Parameter(Mandatory)][datetime]$TimeCreated,
        [string]$ProviderName = '',
        [object[]]$Values = @(),
        [int]$Count = 1
    )
    for ($i = 0; $i -lt $Count; $i++) {
        [void](Get-SimServer).Events.Add([pscustomobject]@{
            LogName      = $LogName
            Id           = $Id
            ProviderName = $ProviderName
            RecordId     = New-SimRecordId
            TimeCreated  = $TimeCreated.ToUniversalTime()
            Properties   = @($Values | ForEach-Object { [pscustomobject]@{ Value = $_ } })
        })
    }
}

function New-SimRecordId {
    # Event record ids grow by one per record, as in a real log.
    if (-not $global:AovpnSim.PSObject.Properties['LastRecordId']) {
        $global:AovpnSim | Add-Member -NotePropertyName LastRecordId -NotePropertyValue ([long]1000)
    }
    $global:AovpnSim.LastRecordId++
    $global:AovpnSim.LastRecordId
}

function Set-SimLogMissing {
    # The log does not exist on this server (the extension that creates it is not installed).
    param([Parameter(Mandatory)][string]$LogName)
    (Get-SimServer).MissingLogs[$LogName] = $true
}

function Set-SimService {
    param([Parameter(Mandatory)][string]$Name, [Parameter(Mandatory)][string]$Status)
    (Get-SimServer).Services[$Name] = $Status
}

function Get-SimService {
    param([Parameter(Mandatory)][string]$Name)
    (Get-SimServer).Services[$Name]
}

function Set-SimRegistryValue {
    param([Parameter(Mandatory)][string]$Path, [Parameter(Mandatory)][string]$Name, [Parameter(Mandatory)]$Value)
    (Get-SimServer).Registry["$Path|$Name"] = $Value
}

function Get-SimRegistryValue {
    param([Parameter(Mandatory)][string]$Path, [Parameter(Mandatory)][string]$Name)
    (Get-SimServer).Registry["$Path|$Name"]
}

function Set-SimFeature {
    # A Windows feature's install state as Get-WindowsFeature reports it (Installed, Available, Removed,
    # InstallPending...); -Absent: this Windows has no feature of that name.
    param([Parameter(Mandatory)][string]$Name, [string]$State = 'Available', [switch]$Absent)
    $features = (Get-SimServer).Features
    if ($Absent) {
        $features.Remove($Name)
        return
    }
    $features[$Name] = $State
}

function Add-SimVpnSession {
    # A live RRAS session. -RedialAfterSeconds: an always-on session that, once disconnected, is back that many
    # seconds of simulated time later (what Always On VPN does for a user or device that is not blocked).
    param(
        [Parameter(Mandatory)][AllowEmptyString()][string]$UserName,
        [string]$ClientHostName = '',
        [string]$ClientIPAddress = '',
        [int]$RedialAfterSeconds = -1
    )
    [void](Get-SimServer).Sessions.Add([pscustomobject]@{
        UserName           = $UserName
        ClientHostName     = $ClientHostName
        ClientIPAddress    = $ClientIPAddress
        RedialAfterSeconds = $RedialAfterSeconds
    })
}

function Update-SimRedial {
    # Sessions whose redial is due are live again; called whenever the simulated RRAS is read.
    $server = Get-SimServer
    foreach ($redial in @($server.Redials)) {
        if ($redial.Due -le $global:AovpnSim.Now) {
            [void]$server.Sessions.Add($redial.Session)
            $server.Redials.Remove($redial)
        }
    }
}

function New-SimServerCertificate {
    # A real certificate made with CertificateRequest: basic constraints, optional EKUs and SAN DNS names,
    # the given dates, an ECDSA P-256 key. Issued by -Issuer (which needs its private key) or self-signed.
    param(
        [Parameter(Mandatory)][string]$Subject,
        [string[]]$DnsName = @(),
        [string[]]$Eku = @(),
        $Issuer,
        [datetime]$NotBefore = [datetime]'2026-01-01T00:00:00Z',
        [datetime]$NotAfter = [datetime]'2027-01-01T00:00:00Z',
        [switch]$CertificateAuthority
    )
    $key = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256)
    $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($CertificateAuthority.IsPresent, $false, 0, $true))
    if ($Eku.Count -gt 0) {
        $oids = [System.Security.Cryptography.OidCollection]::new()
        foreach ($oid in $Eku) {
            [void]$oids.Add([System.Security.Cryptography.Oid]::new($oid))
        }
        $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($oids, $false))
    }
    if ($DnsName.Count -gt 0) {
        $san = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
        foreach ($name in $DnsName) {
            $san.AddDnsName($name)
        }
        $request.CertificateExtensions.Add($san.Build())
    }
    if ($null -eq $Issuer) {
        return $request.CreateSelfSigned($NotBefore, $NotAfter)
    }
    $serial = [byte[]]::new(8)
    [System.Security.Cryptography.RandomNumberGenerator]::Fill($serial)
    $serial[0] = $serial[0] -band 0x7F
    $certificate = $request.Create($Issuer, $NotBefore, $NotAfter, $serial)
    [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::CopyWithPrivateKey($certificate, $key)
}

# ---- aovpn-user-tunnel-cert, aovpn-device-tunnel-cert, aovpn-connection-health, aovpn-vpn-profiles,
# ---- aovpn-device-tunnel-profile: the client side of the endpoint (device FQDN, RasClient events, VPN
# ---- connections, key providers, what autoenrollment delivers) and real certificates to arrange it with.

function Get-SimClient {
    # The client state, made on first use after each Reset-SimEndpoint.
    if (-not $global:AovpnSim.PSObject.Properties['Client']) {
        $global:AovpnSim | Add-Member -NotePropertyName Client -NotePropertyValue ([pscustomobject]@{
            Fqdn             = 'PC-0001.corp.example.net'
            Events           = New-Object System.Collections.ArrayList
            VpnProfiles      = @{}
            KeyProviders     = @{}
            LostKeys         = @{}
            # Hybrid or AD joined, where AD CS autoenrollment works; Set-SimClient -EntraJoinedOnly changes it.
            DomainJoined     = $true
            Enrollments      = New-Object System.Collections.ArrayList
            Pending          = New-Object System.Collections.ArrayList
            CertutilExitCode = 0
        })
    }
    $global:AovpnSim.Client
}

function Set-SimEntraJoinedOnly {
    # A device joined to Entra ID only: no AD domain, so no AD CS autoenrollment.
    (Get-SimClient).DomainJoined = $false
}

function Set-SimComputerFqdn {
    param([Parameter(Mandatory)][string]$Fqdn)
    (Get-SimClient).Fqdn = $Fqdn
}

function Add-SimVpnProfile {
    # A VPN connection in the user's phone book, or with -AllUserConnection in the all-user one, with the
    # properties Get-VpnConnection shows (MSFT_VpnConnection): ConnectionStatus is text, as the CIM class has it.
    param([Parameter(Mandatory)][string]$Name, [switch]$AllUserConnection, [string]$ConnectionStatus = 'Disconnected')
    $book = if ($AllUserConnection) { 'AllUser' } else { 'User' }
    (Get-SimClient).VpnProfiles["$book|$Name"] = [pscustomobject]@{
        Name              = $Name
        ServerAddress     = 'vpn.example.net'
        AllUserConnection = [bool]$AllUserConnection
        TunnelType        = 'Ikev2'
        ConnectionStatus  = $ConnectionStatus
    }
}

function Add-SimConnectionFailure {
    # A RasClient 20227 record as Get-WinEvent returns it: Properties[2] is the connection, [3] the error code (text).
    # -Values replaces the insertion strings (a record with fewer of them, say).
    param(
        [Parameter(Mandatory)][string]$Connection,
        [Parameter(Mandatory)][string]$Code,
        [double]$HoursAgo = 1,
        [int]$Count = 1,
        [int]$Id = 20227,
        [string]$ProviderName = 'RasClient',
        [string]$LogName = 'Application',
        [string]$User = 'SYSTEM',
        [object[]]$Values
    )
    for ($i = 0; $i -lt $Count; $i++) {
        $strings = if ($PSBoundParameters.ContainsKey('Values')) { $Values } else { @(('{' + [guid]::NewGuid().ToString().ToUpperInvariant() + '}'), $User, $Connection, $Code) }
        [void](Get-SimClient).Events.Add([pscustomobject]@{
            Id           = $Id
            LogName      = $LogName
            ProviderName = $ProviderName
            RecordId     = New-SimRecordId
            TimeCreated  = $global:AovpnSim.Now.AddHours(-$HoursAgo)
            Properties   = @($strings | ForEach-Object { [pscustomobject]@{ Value = $_ } })
        })
    }
}

function Set-SimKeyProvider {
    # Where a certificate's private key lives; without this a key is in the software provider.
    param([Parameter(Mandatory)]$Certificate, [Parameter(Mandatory)][string]$Provider)
    (Get-SimClient).KeyProviders[$Certificate.Thumbprint] = $Provider
}

function Set-SimKeyLost {
    # The certificate keeps HasPrivateKey, as Windows does, but its key can no longer sign: the HRESULT is what
    # the signature fails with (NTE_BAD_KEYSET when the key container is gone; a TPM_E_ code after a TPM clear).
    param([Parameter(Mandatory)]$Certificate, [string]$Error = '0x80090016')
    (Get-SimClient).LostKeys[$Certificate.Thumbprint] = $Error
}

function Set-SimAutoenrollment {
    # What the CA delivers when certutil -pulse runs in that context: the certificate lands in Location\My
    # AfterSeconds later (the remediation's Start-Sleep, mocked with Step-SimClock, lets the time pass).
    param([Parameter(Mandatory)][string]$Location, [Parameter(Mandatory)]$Certificate, [int]$AfterSeconds = 0)
    [void](Get-SimClient).Enrollments.Add([pscustomobject]@{ Location = $Location; Certificate = $Certificate; AfterSeconds = $AfterSeconds })
}

function Step-SimClock {
    # Lets time pass on the endpoint; enrollments that are due arrive in their store.
    param([Parameter(Mandatory)][double]$Seconds)
    $global:AovpnSim.Now = $global:AovpnSim.Now.AddSeconds($Seconds)
    $client = Get-SimClient
    foreach ($item in @($client.Pending)) {
        if ($item.Due -le $global:AovpnSim.Now) {
            Add-SimCertificate -Location $item.Location -StoreName My -Certificate $item.Certificate
            $client.Pending.Remove($item)
        }
    }
}

function New-SimKey {
    [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
}

function New-SimCertificate {
    # A real certificate made with CertificateRequest: its EKU, SAN DNS names, basic constraints, dates and key
    # are what the package reads. Issued by -Issuer (a CA certificate with its private key), else self-signed.
    param(
        [Parameter(Mandatory)][string]$Subject,
        $Issuer,
        # OIDs of the EKU extension; Client Authentication by default.
        [string[]]$Eku = @('1.3.6.1.5.5.7.3.2'),
        # No EKU extension at all (Windows reads that as "every purpose").
        [switch]$NoEku,
        [string[]]$DnsName = @(),
        [Nullable[datetime]]$NotBefore,
        [Nullable[datetime]]$NotAfter,
        [switch]$NoPrivateKey,
        [switch]$CertificateAuthority
    )
    if ($null -eq $NotBefore) { $NotBefore = $global:AovpnSim.Now.AddDays(-30) }
    if ($null -eq $NotAfter) { $NotAfter = $global:AovpnSim.Now.AddDays(335) }
    $key = New-SimKey
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256)
    $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new([bool]$CertificateAuthority, $false, 0, $true))
    if ($CertificateAuthority) {
        $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509KeyUsageExtension]::new('KeyCertSign, CrlSign', $true))
    }
    elseif (-not $NoEku) {
        $oids = [System.Security.Cryptography.OidCollection]::new()
        foreach ($oid in $Eku) { [void]$oids.Add([System.Security.Cryptography.Oid]::new($oid)) }
        $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($oids, $false))
    }
    if ($DnsName.Count -gt 0) {
        $san = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
        foreach ($name in $DnsName) { $san.AddDnsName($name) }
        $request.CertificateExtensions.Add($san.Build())
    }
    $from = [datetimeoffset]::new([datetime]::SpecifyKind($NotBefore, 'Utc'))
    $until = [datetimeoffset]::new([datetime]::SpecifyKind($NotAfter, 'Utc'))
    if ($null -eq $Issuer) {
        $certificate = $request.CreateSelfSigned($from, $until)
    }
    else {
        $serial = [byte[]]::new(8)
        [System.Security.Cryptography.RandomNumberGenerator]::Fill($serial)
        $serial[0] = $serial[0] -band 0x7F
        $issued = $request.Create($Issuer, $from, $until, $serial)
        $certificate = [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::CopyWithPrivateKey($issued, $key)
    }
    if ($NoPrivateKey) {
        $certificate = [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificate($certificate.RawData)
    }
    $certificate
}

function Import-SimCaWithKey {
    # A CA certificate with its private key (PKCS#12 made by the fixture; never committed).
    param([Parameter(Mandatory)][string]$Path)
    [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadPkcs12FromFile($Path, $null)
}
