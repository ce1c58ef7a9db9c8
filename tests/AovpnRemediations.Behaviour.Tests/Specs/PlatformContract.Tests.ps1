# The simulated platform against the real one. Every scenario replaces the platform layer (or the Windows cmdlet
# under it) with a simulation; a simulation that takes other parameters, returns other types or fails in other
# ways than Windows would let a wrong script pass. These check each simulated function against the generated
# platform function it replaces, and against what Microsoft documents for the call underneath.
param([Parameter(Mandatory)][hashtable]$Context)

BeforeAll {
    $repository = Split-Path -Parent (Split-Path -Parent $Context.Harness)
    $repository = Split-Path -Parent $repository
    $platformNames = @(Get-ChildItem -Path (Join-Path $repository 'templates/platform') -Filter '*.scriban' | ForEach-Object { $_.BaseName } | Sort-Object)
    . (Join-Path $Context.Harness 'SimulatedEndpoint.ps1')
    $simulated = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $Context.Harness 'SimulatedPlatform.ps1'), [ref]$null, [ref]$null)
    $simulatedFunctions = @{}
    foreach ($function in $simulated.FindAll({ param($a) $a -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $false)) {
        $simulatedFunctions[$function.Name] = $function
    }

    # The platform functions as the build renders them, from every script the scenarios run.
    $generated = @{}
    foreach ($folder in @($Context.Sample, $Context.Client, $Context.ClientIntune, $Context.Server, $Context.ServerRestarts)) {
        foreach ($file in Get-ChildItem -Path $folder -Filter '*.ps1' -Recurse) {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$null, [ref]$null)
            foreach ($function in $ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $false)) {
                if (-not $generated.ContainsKey($function.Name)) {
                    $generated[$function.Name] = $function
                }
            }
        }
    }

    # Platform functions the scenarios run as generated, over stand-ins of the Windows cmdlets they call.
    $keptReal = @{ 'Get-AovpnEvent' = @('Get-WinEvent'); 'Get-AovpnVpnProfile' = @('Get-VpnConnection') }

    function Get-ParameterShape {
        # name:type:mandatory for each parameter, in order.
        param([Parameter(Mandatory)][System.Management.Automation.Language.FunctionDefinitionAst]$Function)
        $block = $Function.Body.ParamBlock
        if ($null -eq $block) {
            return @()
        }
        foreach ($parameter in $block.Parameters) {
            $mandatory = @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.Language.AttributeAst] -and $_.TypeName.Name -eq 'Parameter' } |
                ForEach-Object { $_.NamedArguments } | Where-Object { $_.ArgumentName -eq 'Mandatory' }).Count -gt 0
            '{0}:{1}:{2}' -f $parameter.Name.VariablePath.UserPath, $parameter.StaticType.Name, $mandatory
        }
    }
}

Describe 'the simulated platform layer' {
    It 'simulates every platform function, as itself or by the cmdlet under it' {
        $problems = foreach ($name in $platformNames) {
            if (-not $generated.ContainsKey($name)) { "templates/platform/$name.scriban is rendered into no scenario's script" }
            if (-not ($simulatedFunctions.ContainsKey($name) -or $keptReal.ContainsKey($name))) { "$name has no simulation" }
        }
        @($problems) | Should -BeNullOrEmpty
    }

    It 'gives each simulated function the parameters, types and mandatory flags of the generated one' {
        $problems = foreach ($name in $platformNames | Where-Object { -not $keptReal.ContainsKey($_) }) {
            $want = @(Get-ParameterShape $generated[$name]) -join ', '
            $have = @(Get-ParameterShape $simulatedFunctions[$name]) -join ', '
            if ($want -ne $have) { "$name takes ($have), the generated one ($want)" }
        }
        @($problems) | Should -BeNullOrEmpty
        foreach ($name in $keptReal.Keys) {
            $simulatedFunctions.ContainsKey($name) | Should -BeFalse -Because "$name runs as generated"
        }
    }

    It 'gives each cmdlet stand-in every parameter the generated platform function passes to it' {
        $problems = foreach ($name in $keptReal.Keys) {
            foreach ($cmdlet in $keptReal[$name]) {
                $calls = @($generated[$name].FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] -and $a.GetCommandName() -eq $cmdlet }, $true))
                if ($calls.Count -eq 0) { "$name does not call $cmdlet any more" }
                $accepted = @($simulatedFunctions[$cmdlet].Body.ParamBlock.Parameters | ForEach-Object { $_.Name.VariablePath.UserPath }) + @('ErrorAction')
                foreach ($call in $calls) {
                    foreach ($element in @($call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] })) {
                        if ($accepted -notcontains $element.ParameterName) { "the $cmdlet stand-in has no -$($element.ParameterName), which $name passes" }
                    }
                }
            }
        }
        @($problems) | Should -BeNullOrEmpty
    }
}

Describe 'what the simulation returns and throws, as Windows documents it' {
    BeforeEach {
        Reset-SimEndpoint
        # Functions of one script, then the simulation over them, as Invoke-SimPackage does.
        . (Join-Path $Context.Server 'intune/aovpn-nps-mfa/remediate.ps1')
        . (Join-Path $Context.Client 'intune/aovpn-user-tunnel-cert/remediate.ps1')
        . (Join-Path $Context.Client 'intune/aovpn-connection-health/detect.ps1')
        . (Join-Path $Context.Client 'intune/aovpn-vpn-profiles/detect.ps1')
        . (Join-Path $Context.Harness 'SimulatedPlatform.ps1')
    }

    It 'Get-AovpnNow is a UTC [datetime]' {
        $now = Get-AovpnNow
        $now | Should -BeOfType [datetime]
        $now.Kind | Should -Be ([System.DateTimeKind]::Utc)
    }

    It 'Get-AovpnStoreCertificate returns new X509Certificate2 objects on each read, as X509Store.Certificates does' {
        # https://learn.microsoft.com/en-us/dotnet/api/system.security.cryptography.x509certificates.x509store.certificates
        $certificate = New-SimCertificate -Subject 'CN=contract'
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate $certificate
        $first = @(Get-AovpnStoreCertificate -Location LocalMachine -StoreName My)
        $second = @(Get-AovpnStoreCertificate -Location LocalMachine -StoreName My)
        $first[0] | Should -BeOfType [System.Security.Cryptography.X509Certificates.X509Certificate2]
        [object]::ReferenceEquals($first[0], $second[0]) | Should -BeFalse
        [object]::ReferenceEquals($first[0], $certificate) | Should -BeFalse
        $first[0].Thumbprint | Should -Be $certificate.Thumbprint
        $first[0].HasPrivateKey | Should -BeTrue
        @(Get-AovpnStoreCertificate -Location CurrentUser -StoreName Root).Count | Should -Be 0
    }

    It 'Get-AovpnEvent returns nothing, and no error, when no event matches (NoMatchingEventsFound)' {
        # https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.diagnostics/get-winevent?view=powershell-5.1
        @(Get-AovpnEvent -LogName 'Application' -ProviderName 'RasClient' -Id 20227 -StartTime (Get-AovpnNow).AddHours(-1)).Count | Should -Be 0
    }

    It 'Get-AovpnEvent throws NoMatchingLogsFound for a log that does not exist' {
        Set-SimLogMissing -LogName 'Microsoft-AzureMfa-AuthZ/AuthZAdminCh'
        $thrown = $null
        try {
            Get-AovpnEvent -LogName 'Microsoft-AzureMfa-AuthZ/AuthZAdminCh' -Id 3 -StartTime (Get-AovpnNow).AddHours(-1)
        }
        catch {
            $thrown = $_
        }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'NoMatchingLogsFound*'
    }

    It 'Get-AovpnEvent records carry Id, RecordId, Properties with .Value, and TimeCreated in local time as EventLogRecord does' {
        # https://learn.microsoft.com/en-us/dotnet/api/system.diagnostics.eventing.reader.eventrecord.timecreated
        Add-SimConnectionFailure -Connection 'Example VPN' -Code '809' -HoursAgo 2
        $record = @(Get-AovpnEvent -LogName 'Application' -ProviderName 'RasClient' -Id 20227 -StartTime (Get-AovpnNow).AddHours(-24))[0]
        $record.Id | Should -Be 20227
        $record.RecordId | Should -BeOfType [long]
        $record.TimeCreated.Kind | Should -Be ([System.DateTimeKind]::Local)
        $record.TimeCreated.ToUniversalTime() | Should -Be $global:AovpnSim.Now.AddHours(-2)
        $record.Properties[3].Value | Should -Be '809'
    }

    It 'Get-WinEvent -FilterHashtable reads StartTime back as local time, as the cmdlet does' {
        # GetEventCommand.cs HandleStartTimeHashValue: value.ToString(), DateTime.Parse(current culture), ToUniversalTime().
        Add-SimConnectionFailure -Connection 'Example VPN' -Code '809' -HoursAgo 1
        $start = (Get-AovpnNow).AddHours(-2)
        $offset = [System.TimeZoneInfo]::Local.GetUtcOffset($start)
        $found = @(Get-WinEvent -FilterHashtable @{ LogName = 'Application'; ProviderName = 'RasClient'; Id = 20227; StartTime = $start } -ErrorAction SilentlyContinue).Count
        # The window really starts at start - offset: west of UTC it ends up later than asked, east earlier.
        $expected = if ($offset.TotalHours -lt -1) { 0 } else { 1 }
        $found | Should -Be $expected
    }

    It 'Get-AovpnVpnProfile returns $null for a connection that is not there, and the connection when it is' {
        # https://learn.microsoft.com/en-us/powershell/module/vpnclient/get-vpnconnection
        Get-AovpnVpnProfile -Name 'Example VPN' | Should -BeNullOrEmpty
        Add-SimVpnProfile -Name 'Example VPN'
        (Get-AovpnVpnProfile -Name 'Example VPN').ConnectionStatus | Should -BeOfType [string]
        Get-AovpnVpnProfile -Name 'Example VPN' -AllUserConnection | Should -BeNullOrEmpty
    }

    It 'Get-AovpnService returns $null for a service that does not exist, and its status as text' {
        # https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/get-service?view=powershell-5.1
        Get-AovpnService -Name 'IAS' | Should -BeNullOrEmpty
        Set-SimService -Name 'IAS' -Status 'Stopped'
        (Get-AovpnService -Name 'IAS').Status | Should -Be 'Stopped'
    }

    It 'Start-AovpnService throws for a service that does not exist' {
        { Start-AovpnService -Name 'IAS' } | Should -Throw
    }

    It 'Get-AovpnRegistryValue returns $null for a value that is not there' {
        Get-AovpnRegistryValue -Path 'HKLM:\SOFTWARE\AovpnRemediations\aovpn-nps-mfa' -Name 'IasRestartedUtc' | Should -BeNullOrEmpty
    }

    It 'Invoke-AovpnCertutil returns the exit code as an [int]' {
        Invoke-AovpnCertutil -Arguments @('-user', '-pulse') | Should -BeOfType [int]
    }

    It 'Test-AovpnPrivateKey signs with a real key, and reports a lost key while HasPrivateKey stays true' {
        $certificate = New-SimCertificate -Subject 'CN=contract'
        Test-AovpnPrivateKey -Certificate $certificate | Should -BeNullOrEmpty
        Set-SimKeyLost -Certificate $certificate -Error '0x80090016'
        $certificate.HasPrivateKey | Should -BeTrue
        Test-AovpnPrivateKey -Certificate $certificate | Should -Be '0x80090016'
    }

    It 'Get-AovpnCertificateKeyProvider returns $null for a certificate without a private key' {
        Get-AovpnCertificateKeyProvider -Certificate (New-SimCertificate -Subject 'CN=contract' -NoPrivateKey) | Should -BeNullOrEmpty
    }
}
