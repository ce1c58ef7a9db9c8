# aovpn-nps-mfa: AOVPN5001 (IAS running), AOVPN5002 (ESTS token errors, AuthZAdminCh event 3), AOVPN5003
# (Security 6274 discards), AOVPN5004 (the NPS extension certificate).
param([Parameter(Mandatory)][hashtable]$Context)

BeforeAll {
    . (Join-Path $Context.Harness 'SimulatedEndpoint.ps1')
    $detect = Join-Path $Context.Server 'intune/aovpn-nps-mfa/detect.ps1'
    $remediate = Join-Path $Context.Server 'intune/aovpn-nps-mfa/remediate.ps1'
    $remediateWithRestart = Join-Path $Context.ServerRestarts 'intune/aovpn-nps-mfa/remediate.ps1'
    $tenantId = '3fa2c1d4-5b6e-4f70-8a9b-0c1d2e3f4a5b'
    $authZ = 'Microsoft-AzureMfa-AuthZ/AuthZAdminCh'
    $markerPath = 'HKLM:\SOFTWARE\AovpnRemediations\aovpn-nps-mfa'
    $markerName = 'IasRestartedUtc'

    function New-ExtensionCertificate {
        # What AzureMfaNpsExtnConfigSetup.ps1 makes: self-signed, CN=<tenant ID>, OU=Microsoft NPS Extension, two years.
        param(
            [string]$Tenant = $tenantId,
            [datetime]$NotBefore = [datetime]'2026-01-01T00:00:00Z',
            [datetime]$NotAfter = [datetime]'2028-01-01T00:00:00Z'
        )
        New-SimServerCertificate -Subject "CN=$Tenant, OU=Microsoft NPS Extension" -NotBefore $NotBefore -NotAfter $NotAfter
    }

    function Set-Healthy {
        Set-SimService -Name IAS -Status Running
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate (New-ExtensionCertificate)
    }

    function Add-TokenError {
        param([datetime]$At = $global:AovpnSim.Now.AddHours(-2), [int]$Count = 1)
        Add-SimEvent -LogName $authZ -Id 3 -TimeCreated $At -Count $Count -Values 'ESTS_TOKEN_ERROR Msg:: Verify the client certificate is properly enrolled in Azure against your tenant'
    }

    function Add-Discard {
        param([datetime]$At = $global:AovpnSim.Now.AddHours(-2), [int]$Count = 1)
        Add-SimEvent -LogName Security -ProviderName 'Microsoft-Windows-Security-Auditing' -Id 6274 -TimeCreated $At -Count $Count
    }

    function Get-Codes {
        param($Result)
        @($Result.Json.findings | ForEach-Object { "$($_.rule) $($_.code)" })
    }
}

Describe 'aovpn-nps-mfa detection' {
    BeforeEach { Reset-SimEndpoint }

    It 'reports ok when IAS runs, no token error or discard was logged and the extension certificate is valid' {
        Set-Healthy
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
        @($r.Json.findings).Count | Should -Be 0
        $r.ErrorText | Should -BeNullOrEmpty
    }

    It 'reads events through the event log filter: the window start, the ids and the provider' {
        Set-Healthy
        Invoke-SimPackage $detect | Out-Null
        Get-SimCalls 'Get-WinEvent*' | Should -Be @(
            "Get-WinEvent $authZ *[System[(EventID=3) and TimeCreated[@SystemTime>='2026-05-31T10:00:00.000Z']]]",
            "Get-WinEvent Security *[System[Provider[@Name='Microsoft-Windows-Security-Auditing'] and (EventID=6274) and TimeCreated[@SystemTime>='2026-05-31T10:00:00.000Z']]]")
        Get-SimCalls '*-AovpnService*' | Should -Be @('Get-AovpnService IAS')
        Get-SimCalls 'Set-*' | Should -BeNullOrEmpty
    }

    It 'reports NpsServiceMissing when the NPS role is not installed' {
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate (New-ExtensionCertificate)
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        Get-Codes $r | Should -Be @('AOVPN5001 NpsServiceMissing')
        $r.Json.findings[0].service | Should -Be 'IAS'
    }

    It 'reports NpsServiceNotRunning with the status when IAS is stopped' {
        Set-Healthy
        Set-SimService -Name IAS -Status Stopped
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN5001 NpsServiceNotRunning')
        $r.Json.findings[0].status | Should -Be 'Stopped'
    }

    It 'reports EstsTokenErrors with the count of AuthZAdminCh event 3 in the window' {
        Set-Healthy
        Add-TokenError -Count 3
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        Get-Codes $r | Should -Be @('AOVPN5002 EstsTokenErrors')
        $r.Json.findings[0].count | Should -Be 3
    }

    It 'ignores token errors older than the window and other event ids of the channel' {
        Set-Healthy
        Add-TokenError -At $global:AovpnSim.Now.AddHours(-25) -Count 4
        Add-SimEvent -LogName $authZ -Id 1 -TimeCreated $global:AovpnSim.Now.AddHours(-1)
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'reports MfaExtensionLogMissing, not an error, when the extension is not installed' {
        Set-Healthy
        Set-SimLogMissing -LogName $authZ
        $r = Invoke-SimPackage $detect
        $r.Json.status | Should -Be 'issue'
        Get-Codes $r | Should -Be @('AOVPN5002 MfaExtensionLogMissing')
        $r.Json.findings[0].name | Should -Be $authZ
        $r.ErrorText | Should -BeNullOrEmpty
    }

    It 'reports RequestsDiscarded with the count of Security 6274 in the window' {
        Set-Healthy
        Add-Discard -Count 2
        Add-Discard -At $global:AovpnSim.Now.AddDays(-3)
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN5003 RequestsDiscarded')
        $r.Json.findings[0].count | Should -Be 2
    }

    It 'reports NpsCertificateMissing with the expected subject when only another tenant has a certificate' {
        Set-SimService -Name IAS -Status Running
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate (New-ExtensionCertificate -Tenant '00000000-1111-2222-3333-444444444444')
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN5004 NpsCertificateMissing')
        $r.Json.findings[0].subject | Should -Be "CN=$tenantId, OU=Microsoft NPS Extension"
    }

    It 'does not take a certificate for the tenant without the extension OU' {
        Set-SimService -Name IAS -Status Running
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate (New-SimServerCertificate -Subject "CN=$tenantId")
        Get-Codes (Invoke-SimPackage $detect) | Should -Be @('AOVPN5004 NpsCertificateMissing')
    }

    It 'reports NpsCertificateExpired naming the newest when every extension certificate has expired' {
        Set-SimService -Name IAS -Status Running
        $older = New-ExtensionCertificate -NotBefore '2022-01-01T00:00:00Z' -NotAfter '2024-01-01T00:00:00Z'
        $newer = New-ExtensionCertificate -NotBefore '2024-01-01T00:00:00Z' -NotAfter '2026-01-01T00:00:00Z'
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate $older
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate $newer
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN5004 NpsCertificateExpired')
        $r.Json.findings[0].thumbprint | Should -Be $newer.Thumbprint
    }

    It 'reports NpsCertificateNotYetValid for a certificate dated in the future' {
        Set-SimService -Name IAS -Status Running
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate (New-ExtensionCertificate -NotBefore '2026-07-01T00:00:00Z' -NotAfter '2028-07-01T00:00:00Z')
        Get-Codes (Invoke-SimPackage $detect) | Should -Be @('AOVPN5004 NpsCertificateNotYetValid')
    }

    It 'reports NpsCertificateExpiring with the days left when the newest valid certificate expires within 30 days' {
        Set-SimService -Name IAS -Status Running
        $soon = New-ExtensionCertificate -NotBefore '2024-06-06T00:00:00Z' -NotAfter '2026-06-06T22:00:00Z'
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate $soon
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN5004 NpsCertificateExpiring')
        $r.Json.findings[0].days | Should -Be 5
        $r.Json.findings[0].thumbprint | Should -Be $soon.Thumbprint
    }

    It 'judges several extension certificates by the newest valid one' {
        Set-SimService -Name IAS -Status Running
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate (New-ExtensionCertificate -NotBefore '2022-01-01T00:00:00Z' -NotAfter '2024-01-01T00:00:00Z')
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate (New-ExtensionCertificate -NotBefore '2024-06-06T00:00:00Z' -NotAfter '2026-06-06T22:00:00Z')
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate (New-ExtensionCertificate -NotBefore '2026-05-01T00:00:00Z' -NotAfter '2028-05-01T00:00:00Z')
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'counts only events after the last IAS restart the package recorded, read back as UTC in any time zone' {
        Set-Healthy
        Set-SimRegistryValue -Path $markerPath -Name $markerName -Value '2026-06-01T08:00:00Z'
        Add-TokenError -At $global:AovpnSim.Now.AddHours(-3) -Count 5
        Add-TokenError -At $global:AovpnSim.Now.AddHours(-1)
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN5002 EstsTokenErrors')
        $r.Json.findings[0].count | Should -Be 1
    }

    It 'ignores an unreadable restart marker and reads the whole window' {
        Set-Healthy
        Set-SimRegistryValue -Path $markerPath -Name $markerName -Value 'yesterday'
        Add-TokenError -At $global:AovpnSim.Now.AddHours(-3)
        (Invoke-SimPackage $detect).Json.findings[0].count | Should -Be 1
    }

    It 'reports error, never ok, with a line on stderr when the event log cannot be read' {
        Set-Healthy
        Set-SimFailure -Function 'Get-WinEvent' -Exception ([System.UnauthorizedAccessException]::new('Attempted to perform an unauthorized operation.'))
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'error'
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN5002 AccessDenied', 'AOVPN5003 AccessDenied')
        $r.ErrorText | Should -Match 'could not check AOVPN5002 \(AccessDenied\), AOVPN5003 \(AccessDenied\)'
    }

    It 'reports error when the service control manager cannot be asked' {
        Set-Healthy
        Set-SimFailure -Function 'Get-AovpnService' -Exception ([System.Management.Automation.CommandNotFoundException]::new('Get-Service'))
        $r = Invoke-SimPackage $detect
        $r.Json.status | Should -Be 'error'
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN5001 CommandMissing')
    }
}

Describe 'aovpn-nps-mfa remediation' {
    BeforeEach { Reset-SimEndpoint }

    It 'starts a stopped IAS, records the start, and a detection afterwards is ok' {
        Set-Healthy
        Set-SimService -Name IAS -Status Stopped
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions | ForEach-Object { "$($_.rule) $($_.action) $($_.service)" }) | Should -Be @('AOVPN5001 StartedService IAS')
        Get-SimService IAS | Should -Be 'Running'
        Get-SimRegistryValue -Path $markerPath -Name $markerName | Should -Be '2026-06-01T10:00:00Z'
        Get-SimCalls 'Restart-AovpnService*' | Should -BeNullOrEmpty

        $after = Invoke-SimPackage $detect
        $after.ExitCode | Should -Be 0
        $after.Json.status | Should -Be 'ok'
    }

    It 'changes nothing on a second run' {
        Set-Healthy
        Set-SimService -Name IAS -Status Stopped
        Invoke-SimPackage $remediate | Out-Null
        $global:AovpnSim.Calls.Clear()
        $r = Invoke-SimPackage $remediate
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions).Count | Should -Be 0
        Get-SimCalls '*-AovpnService IAS' | Should -Be @('Get-AovpnService IAS', 'Get-AovpnService IAS')
        Get-SimCalls 'Set-AovpnRegistryValue*' | Should -BeNullOrEmpty
    }

    It 'never restarts a running IAS after token errors when nps.allowServiceRestart is false, and says the fix failed' {
        Set-Healthy
        Add-TokenError -Count 2
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        @($r.Json.actions).Count | Should -Be 0
        Get-Codes $r | Should -Be @('AOVPN5002 EstsTokenErrors')
        Get-SimCalls 'Restart-AovpnService*' | Should -BeNullOrEmpty
        Get-SimCalls 'Start-AovpnService*' | Should -BeNullOrEmpty
        $r.ErrorText | Should -Match 'remediation did not fix AOVPN5002 EstsTokenErrors'
    }

    It 'restarts a running IAS once after token errors when nps.allowServiceRestart is true, then converges' {
        Set-Healthy
        Add-TokenError -Count 2
        Add-Discard -Count 2
        $r = Invoke-SimPackage $remediateWithRestart
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions | ForEach-Object { "$($_.rule) $($_.action) $($_.service)" }) | Should -Be @('AOVPN5002 RestartedService IAS')
        Get-SimCalls 'Restart-AovpnService*' | Should -Be @('Restart-AovpnService IAS')
        Get-SimRegistryValue -Path $markerPath -Name $markerName | Should -Be '2026-06-01T10:00:00Z'
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'

        $global:AovpnSim.Calls.Clear()
        $again = Invoke-SimPackage $remediateWithRestart
        $again.Json.status | Should -Be 'remediated'
        @($again.Json.actions).Count | Should -Be 0
        Get-SimCalls 'Restart-AovpnService*' | Should -BeNullOrEmpty
    }

    It 'restarts again only for token errors logged after its last restart' {
        Set-Healthy
        Set-SimRegistryValue -Path $markerPath -Name $markerName -Value '2026-06-01T08:00:00Z'
        Add-TokenError -At $global:AovpnSim.Now.AddHours(-3)
        $quiet = Invoke-SimPackage $remediateWithRestart
        @($quiet.Json.actions).Count | Should -Be 0
        Add-TokenError -At $global:AovpnSim.Now.AddHours(-1)
        $r = Invoke-SimPackage $remediateWithRestart
        @($r.Json.actions | ForEach-Object { $_.action }) | Should -Be @('RestartedService')
    }

    It 'starts a stopped IAS once and does not restart it again for the same token errors' {
        Set-Healthy
        Set-SimService -Name IAS -Status Stopped
        Add-TokenError
        $r = Invoke-SimPackage $remediateWithRestart
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions | ForEach-Object { "$($_.rule) $($_.action)" }) | Should -Be @('AOVPN5001 StartedService')
        Get-SimCalls 'Restart-AovpnService*' | Should -BeNullOrEmpty
    }

    It 'does not restart IAS for a missing extension log, and reports it as not fixed' {
        Set-Healthy
        Set-SimLogMissing -LogName $authZ
        $r = Invoke-SimPackage $remediateWithRestart
        $r.Json.status | Should -Be 'failed'
        Get-Codes $r | Should -Be @('AOVPN5002 MfaExtensionLogMissing')
        Get-SimCalls 'Restart-AovpnService*' | Should -BeNullOrEmpty
    }

    It 'reports failed with exit 1 when IAS cannot be started' {
        Set-Healthy
        Set-SimService -Name IAS -Status Stopped
        Set-SimFailure -Function 'Start-AovpnService' -Exception ([System.InvalidOperationException]::new('Service IAS cannot be started.'))
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        Get-Codes $r | Should -Be @('AOVPN5001 NpsServiceNotRunning')
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN5001 CheckFailed')
        Get-SimRegistryValue -Path $markerPath -Name $markerName | Should -BeNullOrEmpty
    }
}

Describe 'aovpn-nps-mfa with the real platform layer' {
    It 'prints exactly one JSON line and exits with its code when run directly' {
        # Off Windows there is no Get-Service or Get-WinEvent: the script must say error, never ok.
        $lines = @(& { & $detect } 2>$null)
        $code = $LASTEXITCODE
        $lines.Count | Should -Be 1
        $json = $lines[0] | ConvertFrom-Json
        $json.package | Should -Be 'aovpn-nps-mfa'
        $code | Should -Be ([int]($json.status -eq 'issue'))
        if (-not $IsWindows) {
            $json.status | Should -Be 'error'
        }
    }
}

Describe 'aovpn-nps-mfa for ConfigMgr, its default target' {
    BeforeAll {
        # The sample's build: the same rules in ConfigMgr's frame (discovery prints Compliant or the JSON line).
        $discovery = Join-Path $Context.Sample 'configmgr/aovpn-nps-mfa/discovery.ps1'
        $remediation = Join-Path $Context.Sample 'configmgr/aovpn-nps-mfa/remediation.ps1'

        function Invoke-SimDiscovery {
            . $discovery
            . (Join-Path $Context.Harness 'SimulatedPlatform.ps1')
            Invoke-AovpnMain
        }
    }
    BeforeEach { Reset-SimEndpoint }

    It 'discovers Compliant on a healthy NPS server' {
        Set-Healthy
        $r = Invoke-SimDiscovery
        $r.Line | Should -BeExactly 'Compliant'
        $r.ExitCode | Should -Be 0
    }

    It 'discovers the stopped IAS, and its remediation starts it so that discovery is Compliant again' {
        Set-Healthy
        Set-SimService -Name IAS -Status Stopped
        ((Invoke-SimDiscovery).Line | ConvertFrom-Json).findings[0].code | Should -Be 'NpsServiceNotRunning'
        $fixed = Invoke-SimPackage $remediation
        $fixed.Json.status | Should -Be 'remediated'
        (Invoke-SimDiscovery).Line | Should -BeExactly 'Compliant'
    }
}

Describe 'aovpn-nps-mfa on a server without the NPS role' {
    BeforeEach {
        Reset-SimEndpoint
        # An RRAS-only server: no IAS service, no extension certificate, no AzureMfa log. Without the gate it said
        # NpsServiceMissing, MfaExtensionLogMissing and NpsCertificateMissing on every run.
        Set-SimFeature -Name 'NPAS' -State 'Available'
        Set-SimLogMissing -LogName $authZ
    }

    It 'reports not applicable with the reason, exit 0, on an RRAS-only server, and looks at nothing else' {
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.ErrorText | Should -BeNullOrEmpty
        $r.Json.status | Should -Be 'ok'
        $r.Json.notApplicable | Should -BeTrue
        $r.Json.reason | Should -Be 'feature NPAS not installed (Available)'
        @($r.Json.findings).Count | Should -Be 0
        Get-SimCalls | Should -Be @('Get-AovpnWindowsFeature NPAS')
    }

    It 'remediates nothing on an RRAS-only server and says so: not applicable, no action, exit 0' {
        Set-SimService -Name IAS -Status Stopped
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
        $r.Json.notApplicable | Should -BeTrue
        $r.Json.reason | Should -Be 'feature NPAS not installed (Available)'
        @($r.Json.actions).Count | Should -Be 0
        Get-SimCalls 'Start-AovpnService*' | Should -BeNullOrEmpty
        Get-SimService IAS | Should -Be 'Stopped'
    }

    It 'discovers Compliant for ConfigMgr on an RRAS-only server and logs the reason' {
        . (Join-Path $Context.Sample 'configmgr/aovpn-nps-mfa/discovery.ps1')
        . (Join-Path $Context.Harness 'SimulatedPlatform.ps1')
        $r = Invoke-AovpnMain
        $r.Line | Should -BeExactly 'Compliant'
        $r.ExitCode | Should -Be 0
        $global:AovpnSim.Log | Should -Contain 'not applicable: feature NPAS not installed (Available)'
    }

    It 'checks as usual while the feature is installed, and says what is missing' {
        Set-SimFeature -Name 'NPAS' -State 'Installed'
        $r = Invoke-SimPackage $detect
        $r.Json.status | Should -Be 'issue'
        $r.Line | Should -Not -Match 'notApplicable'
        Get-Codes $r | Should -Contain 'AOVPN5001 NpsServiceMissing'
    }

    It 'reports error when the feature query fails, and its remediation fails with exit 1 and changes nothing' {
        Set-SimService -Name IAS -Status Stopped
        Set-SimFailure -Function 'Get-AovpnWindowsFeature' -Exception ([System.UnauthorizedAccessException]::new('Access is denied.'))
        $detected = Invoke-SimPackage $detect
        $detected.Json.status | Should -Be 'error'
        @($detected.Json.errors | ForEach-Object { $_.code }) | Should -Be @('AccessDenied')
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        $r.Line | Should -Not -Match 'notApplicable'
        $r.ErrorText | Should -Match 'could not tell whether it applies \(AccessDenied\)'
        Get-SimCalls 'Start-AovpnService*' | Should -BeNullOrEmpty
    }
}
