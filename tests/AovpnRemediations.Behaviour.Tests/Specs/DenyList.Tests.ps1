# aovpn-deny-list: AOVPN6001 (blocked device certificates in LocalMachine\Disallowed), AOVPN6002 (no live
# session of a blocked user or device), AOVPN6003 (IKEv2 CertAuthFlags = 4).
param([Parameter(Mandatory)][hashtable]$Context)

BeforeAll {
    . (Join-Path $Context.Harness 'SimulatedEndpoint.ps1')
    $detect = Join-Path $Context.Server 'intune/aovpn-deny-list/detect.ps1'
    $remediate = Join-Path $Context.Server 'intune/aovpn-deny-list/remediate.ps1'
    $remediateWithRestart = Join-Path $Context.ServerRestarts 'intune/aovpn-deny-list/remediate.ps1'
    $emptyDetect = Join-Path $Context.ServerEmptyDenyList 'intune/aovpn-deny-list/detect.ps1'
    $emptyRemediate = Join-Path $Context.ServerEmptyDenyList 'intune/aovpn-deny-list/remediate.ps1'
    # The sample profile blocks CORP\lost.laptop and LAPTOP-0042.corp.example.net with this certificate.
    $blocked = Import-SimCertificate (Join-Path $Context.SamplePki 'blocked/laptop-0042.cer')
    $ikev2 = 'HKLM:\SYSTEM\CurrentControlSet\Services\RemoteAccess\Parameters\Ikev2'
    $flush = @('Invoke-AovpnCertutil -urlcache * delete', 'Invoke-AovpnCertutil -setreg chain\ChainCacheResyncFiletime @now')
    $markers = 'HKLM:\SOFTWARE\AovpnRemediations\aovpn-deny-list\DisconnectedSessions'

    function Set-Healthy {
        Add-SimCertificate -Location LocalMachine -StoreName Disallowed -Certificate $blocked
        Set-SimRegistryValue -Path $ikev2 -Name CertAuthFlags -Value 4
        Set-SimService -Name RemoteAccess -Status Running
        Add-SimVpnSession -UserName 'CORP\alice' -ClientHostName 'LAPTOP-0007.corp.example.net'
    }

    function Get-Codes {
        param($Result)
        @($Result.Json.findings | ForEach-Object { "$($_.rule) $($_.code)" })
    }
}

Describe 'aovpn-deny-list detection' {
    BeforeEach { Reset-SimEndpoint }

    It 'reports ok when the blocked certificate is disallowed, only other users are connected and CertAuthFlags is 4' {
        Set-Healthy
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
        @($r.Json.findings).Count | Should -Be 0
        $r.ErrorText | Should -BeNullOrEmpty
    }

    It 'reports BlockedCertificateNotDisallowed with the thumbprint when the certificate is not in Disallowed' {
        Set-Healthy
        (Get-SimStore LocalMachine Disallowed).Clear()
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate $blocked
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        Get-Codes $r | Should -Be @('AOVPN6001 BlockedCertificateNotDisallowed')
        $r.Json.findings[0].thumbprint | Should -Be $blocked.Thumbprint
        $r.Json.findings[0].subject | Should -Be $blocked.Subject
    }

    It 'reports BlockedUserConnected for a blocked user whose session name is in another case' {
        Set-Healthy
        Add-SimVpnSession -UserName 'CORP\Lost.Laptop' -ClientHostName 'HOME-PC'
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN6002 BlockedUserConnected')
        $r.Json.findings[0].user | Should -Be 'CORP\Lost.Laptop'
    }

    It 'reports a blocked user once however many sessions they have' {
        Set-Healthy
        Add-SimVpnSession -UserName 'CORP\lost.laptop' -ClientHostName 'HOME-PC'
        Add-SimVpnSession -UserName 'CORP\lost.laptop' -ClientHostName 'TABLET'
        @((Invoke-SimPackage $detect).Json.findings).Count | Should -Be 1
    }

    It 'reports BlockedDeviceConnected with the device and the user for a session from the blocked device' {
        Set-Healthy
        Add-SimVpnSession -UserName 'CORP\bob' -ClientHostName 'laptop-0042.CORP.example.net'
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN6002 BlockedDeviceConnected')
        $r.Json.findings[0].device | Should -Be 'LAPTOP-0042.corp.example.net'
        $r.Json.findings[0].user | Should -Be 'CORP\bob'
    }

    It 'matches a blocked device by its host name when RRAS reports it unqualified' {
        Set-Healthy
        Add-SimVpnSession -UserName 'CORP\bob' -ClientHostName 'LAPTOP-0042'
        Get-Codes (Invoke-SimPackage $detect) | Should -Be @('AOVPN6002 BlockedDeviceConnected')
    }

    It 'does not take a device of the same host name prefix for the blocked one' {
        Set-Healthy
        Add-SimVpnSession -UserName 'CORP\carol' -ClientHostName 'LAPTOP-00421.corp.example.net'
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'reports RevocationNotEnforced with value null when CertAuthFlags is absent' {
        Set-Healthy
        (Get-SimServer).Registry.Clear()
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN6003 RevocationNotEnforced')
        $r.Line | Should -Match '"value":null'
    }

    It 'reports RevocationNotEnforced with the value when CertAuthFlags is 2' {
        Set-Healthy
        Set-SimRegistryValue -Path $ikev2 -Name CertAuthFlags -Value 2
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN6003 RevocationNotEnforced')
        $r.Json.findings[0].value | Should -Be 2
    }

    It 'reports every problem at once' {
        Add-SimVpnSession -UserName 'CORP\lost.laptop' -ClientHostName 'LAPTOP-0042.corp.example.net'
        Get-Codes (Invoke-SimPackage $detect) | Should -Be @('AOVPN6001 BlockedCertificateNotDisallowed', 'AOVPN6002 BlockedUserConnected', 'AOVPN6003 RevocationNotEnforced')
    }

    It 'reports error, never ok, when the RRAS sessions cannot be read' {
        Set-Healthy
        Set-SimFailure -Function 'Get-AovpnVpnSession' -Exception ([System.Management.Automation.CommandNotFoundException]::new('Get-RemoteAccessConnectionStatistics'))
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'error'
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN6002 CommandMissing')
        $r.ErrorText | Should -Match 'could not check AOVPN6002 \(CommandMissing\)'
    }

    It 'checks nothing for an empty deny list and does not even ask RRAS for sessions' {
        Set-SimRegistryValue -Path $ikev2 -Name CertAuthFlags -Value 4
        Add-SimVpnSession -UserName 'CORP\lost.laptop' -ClientHostName 'LAPTOP-0042.corp.example.net'
        Set-SimFailure -Function 'Get-AovpnVpnSession' -Exception ([System.Management.Automation.CommandNotFoundException]::new('Get-RemoteAccessConnectionStatistics'))
        $r = Invoke-SimPackage $emptyDetect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
        Get-SimCalls 'Get-AovpnVpnSession*' | Should -BeNullOrEmpty
    }

    It 'still checks CertAuthFlags with an empty deny list' {
        Get-Codes (Invoke-SimPackage $emptyDetect) | Should -Be @('AOVPN6003 RevocationNotEnforced')
    }
}

Describe 'aovpn-deny-list remediation' {
    BeforeEach {
        Reset-SimEndpoint
        # The remedy watches for a disconnected session to come back; simulated time passes instead of real time.
        Mock Start-Sleep { Step-SimClock -Seconds $Seconds }
    }

    It 'disallows the certificate, flushes the caches, disconnects the blocked session, and a detection afterwards is ok' {
        Set-Healthy
        (Get-SimStore LocalMachine Disallowed).Clear()
        Add-SimVpnSession -UserName 'CORP\Lost.Laptop' -ClientHostName 'LAPTOP-0042.corp.example.net'
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions | ForEach-Object { "$($_.rule) $($_.action)" }) | Should -Be @(
            'AOVPN6001 DisallowedCertificate', 'AOVPN6001 FlushedUrlCache', 'AOVPN6001 FlushedChainCache', 'AOVPN6002 DisconnectedSession', 'AOVPN6002 WatchedForReconnect')
        $r.Json.actions[0].thumbprint | Should -Be $blocked.Thumbprint
        $r.Json.actions[3].user | Should -Be 'CORP\Lost.Laptop'
        @((Get-SimStore LocalMachine Disallowed) | ForEach-Object Thumbprint) | Should -Be @($blocked.Thumbprint)
        (Get-SimStore LocalMachine Disallowed)[0].HasPrivateKey | Should -BeFalse
        Get-SimCalls 'Invoke-AovpnCertutil*' | Should -Be $flush
        @((Get-SimServer).Sessions | ForEach-Object UserName) | Should -Be @('CORP\alice')

        $after = Invoke-SimPackage $detect
        $after.ExitCode | Should -Be 0
        $after.Json.status | Should -Be 'ok'
    }

    It 'changes nothing on a second run' {
        Set-Healthy
        (Get-SimStore LocalMachine Disallowed).Clear()
        Add-SimVpnSession -UserName 'CORP\lost.laptop'
        Invoke-SimPackage $remediate | Out-Null
        $global:AovpnSim.Calls.Clear()
        $r = Invoke-SimPackage $remediate
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions).Count | Should -Be 0
        Get-SimCalls 'Add-AovpnStoreCertificate*' | Should -BeNullOrEmpty
        Get-SimCalls 'Invoke-AovpnCertutil*' | Should -BeNullOrEmpty
        Get-SimCalls 'Disconnect-AovpnVpnSession*' | Should -BeNullOrEmpty
        (Get-SimStore LocalMachine Disallowed).Count | Should -Be 1
    }

    It 'disconnects a blocked user once although they have two sessions' {
        Set-Healthy
        Add-SimVpnSession -UserName 'CORP\lost.laptop' -ClientHostName 'HOME-PC'
        Add-SimVpnSession -UserName 'CORP\lost.laptop' -ClientHostName 'TABLET'
        $r = Invoke-SimPackage $remediate
        $r.Json.status | Should -Be 'remediated'
        Get-SimCalls 'Disconnect-AovpnVpnSession*' | Should -Be @('Disconnect-AovpnVpnSession CORP\lost.laptop')
        Get-SimCalls 'Invoke-AovpnCertutil*' | Should -BeNullOrEmpty
    }

    It 'leaves CertAuthFlags alone when denyList.allowRemoteAccessRestart is false, and says the fix failed' {
        Set-Healthy
        Set-SimRegistryValue -Path $ikev2 -Name CertAuthFlags -Value 2
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        Get-Codes $r | Should -Be @('AOVPN6003 RevocationNotEnforced')
        Get-SimRegistryValue -Path $ikev2 -Name CertAuthFlags | Should -Be 2
        Get-SimCalls 'Set-AovpnRegistryValue*' | Should -BeNullOrEmpty
        Get-SimCalls 'Restart-AovpnService*' | Should -BeNullOrEmpty
    }

    It 'sets CertAuthFlags to 4 and restarts RemoteAccess when allowed, then converges and changes nothing on a second run' {
        Set-Healthy
        (Get-SimServer).Registry.Clear()
        $r = Invoke-SimPackage $remediateWithRestart
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions | ForEach-Object { "$($_.rule) $($_.action)" }) | Should -Be @('AOVPN6003 SetRegistryValue', 'AOVPN6003 RestartedService')
        Get-SimCalls 'Set-AovpnRegistryValue*' | Should -Be @("Set-AovpnRegistryValue $ikev2 CertAuthFlags DWord 4")
        Get-SimCalls 'Restart-AovpnService*' | Should -Be @('Restart-AovpnService RemoteAccess')
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'

        $global:AovpnSim.Calls.Clear()
        $again = Invoke-SimPackage $remediateWithRestart
        @($again.Json.actions).Count | Should -Be 0
        Get-SimCalls 'Restart-AovpnService*' | Should -BeNullOrEmpty
    }

    It 'sets CertAuthFlags without starting a stopped RemoteAccess, which reads it when it next starts' {
        Set-Healthy
        Set-SimRegistryValue -Path $ikev2 -Name CertAuthFlags -Value 2
        Set-SimService -Name RemoteAccess -Status Stopped
        $r = Invoke-SimPackage $remediateWithRestart
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions | ForEach-Object { $_.action }) | Should -Be @('SetRegistryValue')
        Get-SimService RemoteAccess | Should -Be 'Stopped'
    }

    It 'does nothing for an empty deny list beyond CertAuthFlags' {
        Set-SimRegistryValue -Path $ikev2 -Name CertAuthFlags -Value 4
        $r = Invoke-SimPackage $emptyRemediate
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions).Count | Should -Be 0
        Get-SimCalls 'Get-AovpnVpnSession*' | Should -BeNullOrEmpty
        Get-SimCalls 'Add-AovpnStoreCertificate*' | Should -BeNullOrEmpty
    }

    It 'keeps the certificate it added and reports the certutil failure when the caches cannot be flushed' {
        # The block itself is in place (the re-check is clean, so the run counts as remediated); the failed
        # flush is in the errors for the report.
        Set-Healthy
        (Get-SimStore LocalMachine Disallowed).Clear()
        (Get-SimServer).CertutilExitCode = 5
        $r = Invoke-SimPackage $remediate
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN6001 CheckFailed')
        $r.Json.errors[0].message | Should -Match 'certutil -urlcache \* delete exited with 5'
        @($r.Json.actions | ForEach-Object { $_.action }) | Should -Be @('DisallowedCertificate')
        (Get-SimStore LocalMachine Disallowed).Count | Should -Be 1
    }
}

Describe 'aovpn-deny-list with the real platform layer' {
    It 'prints exactly one JSON line and exits with its code when run directly' {
        # Off Windows there is no Get-RemoteAccessConnectionStatistics: the script must say error, never ok.
        $lines = @(& { & $detect } 2>$null)
        $code = $LASTEXITCODE
        $lines.Count | Should -Be 1
        $json = $lines[0] | ConvertFrom-Json
        $json.package | Should -Be 'aovpn-deny-list'
        $code | Should -Be ([int]($json.status -eq 'issue'))
        if (-not $IsWindows) {
            $json.status | Should -Be 'error'
        }
    }
}

Describe 'aovpn-deny-list for ConfigMgr, its default target' {
    BeforeAll {
        $discovery = Join-Path $Context.Sample 'configmgr/aovpn-deny-list/discovery.ps1'

        function Invoke-SimDiscovery {
            . $discovery
            . (Join-Path $Context.Harness 'SimulatedPlatform.ps1')
            Invoke-AovpnMain
        }
    }
    BeforeEach { Reset-SimEndpoint }

    It 'discovers Compliant on a healthy VPN server and the finding for a blocked session' {
        Set-Healthy
        (Invoke-SimDiscovery).Line | Should -BeExactly 'Compliant'
        Add-SimVpnSession -UserName 'CORP\Lost.Laptop'
        $r = Invoke-SimDiscovery
        $r.ExitCode | Should -Be 0
        @(($r.Line | ConvertFrom-Json).findings | ForEach-Object { $_.code }) | Should -Be @('BlockedUserConnected')
    }
}

Describe 'aovpn-deny-list on a server without the RRAS VPN role' {
    BeforeEach { Reset-SimEndpoint }

    It 'reports not applicable with the reason, exit 0, on an NPS-only server, and asks RRAS for nothing' {
        # An NPS server has no Disallowed entry, no CertAuthFlags and no RRAS: without the gate it said
        # BlockedCertificateNotDisallowed and RevocationNotEnforced on every run.
        Set-SimFeature -Name 'DirectAccess-VPN' -State 'Available'
        Set-SimFailure -Function 'Get-AovpnVpnSession' -Exception ([System.Management.Automation.CommandNotFoundException]::new('Get-RemoteAccessConnectionStatistics'))
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
        $r.Json.notApplicable | Should -BeTrue
        $r.Json.reason | Should -Be 'feature DirectAccess-VPN not installed (Available)'
        Get-SimCalls | Should -Be @('Get-AovpnWindowsFeature DirectAccess-VPN')
    }

    It 'remediates nothing on an NPS-only server and says so' {
        Set-SimFeature -Name 'DirectAccess-VPN' -State 'Available'
        $r = Invoke-SimPackage $remediateWithRestart
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
        $r.Json.notApplicable | Should -BeTrue
        @($r.Json.actions).Count | Should -Be 0
        Get-SimCalls 'Add-AovpnStoreCertificate*' | Should -BeNullOrEmpty
        Get-SimCalls 'Set-AovpnRegistryValue*' | Should -BeNullOrEmpty
        (Get-SimStore LocalMachine Disallowed).Count | Should -Be 0
    }

    It 'reports error, never ok, when the feature cannot be queried' {
        Set-SimFailure -Function 'Get-AovpnWindowsFeature' -Exception ([System.Management.Automation.CommandNotFoundException]::new('Get-WindowsFeature'))
        $r = Invoke-SimPackage $detect
        $r.Json.status | Should -Be 'error'
        $r.ExitCode | Should -Be 0
        @($r.Json.errors | ForEach-Object { $_.code }) | Should -Be @('CommandMissing')
    }
}

Describe 'aovpn-deny-list disconnects' {
    BeforeEach {
        Reset-SimEndpoint
        Set-Healthy
        Mock Start-Sleep { Step-SimClock -Seconds $Seconds }
    }

    It 'reports failed, not remediated, when the disconnected user dials again, and detection then says BlockedUserReconnected' {
        # Always On VPN dials again at once: the NPS policy still lets the user in.
        Add-SimVpnSession -UserName 'CORP\lost.laptop' -ClientHostName 'HOME-PC' -RedialAfterSeconds 3
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        Get-Codes $r | Should -Be @('AOVPN6002 BlockedUserReconnected')
        $r.Json.findings[0].user | Should -Be 'CORP\lost.laptop'
        $r.Line | Should -Match '"disconnectedAt":"2026-06-01T10:00:00Z"'
        $r.ErrorText | Should -Match 'remediation did not fix AOVPN6002 BlockedUserReconnected'
        # The watch stopped as soon as the user was back (after 5 s, the first look), not after the whole window.
        Should -Invoke Start-Sleep -Times 1 -Exactly

        $again = Invoke-SimPackage $detect
        $again.ExitCode | Should -Be 1
        Get-Codes $again | Should -Be @('AOVPN6002 BlockedUserReconnected')
    }

    It 'says in its action that a disconnect only ends the session and what blocks the user' {
        Add-SimVpnSession -UserName 'CORP\lost.laptop' -RedialAfterSeconds 3
        $r = Invoke-SimPackage $remediate
        $action = @($r.Json.actions | Where-Object { $_.action -eq 'DisconnectedSession' })[0]
        $action.user | Should -Be 'CORP\lost.laptop'
        $action.note | Should -Match 'ends this session only'
        $action.note | Should -Match 'NPS policy that denies the user, a disabled account or a revoked certificate'
    }

    It 'reports remediated when the user stays away for the whole watch, and records the disconnect as a UTC FILETIME' {
        Add-SimVpnSession -UserName 'CORP\lost.laptop' -ClientHostName 'HOME-PC'
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions | ForEach-Object { $_.action }) | Should -Be @('DisconnectedSession', 'WatchedForReconnect')
        $r.Json.actions[1].waitedSeconds | Should -Be 30
        Should -Invoke Start-Sleep -Times 6 -Exactly
        $stored = Get-SimRegistryValue -Path $markers -Name 'user:corp\lost.laptop'
        $stored | Should -BeOfType [long]
        $stored | Should -Be ([datetime]::SpecifyKind([datetime]'2026-06-01T10:00:00', 'Utc').ToFileTimeUtc())
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'reports BlockedUserReconnected at the next detection when the user comes back after the watch' {
        Add-SimVpnSession -UserName 'CORP\lost.laptop' -RedialAfterSeconds 120
        (Invoke-SimPackage $remediate).Json.status | Should -Be 'remediated'
        Step-SimClock -Seconds 120
        $later = Invoke-SimPackage $detect
        Get-Codes $later | Should -Be @('AOVPN6002 BlockedUserReconnected')
        $later.Line | Should -Match '"disconnectedAt":"2026-06-01T10:00:00Z"'
    }

    It 'disconnects a reconnected user again and still reports failed' {
        Add-SimVpnSession -UserName 'CORP\lost.laptop' -RedialAfterSeconds 3
        Invoke-SimPackage $remediate | Out-Null
        Step-SimClock -Seconds 60
        $global:AovpnSim.Calls.Clear()
        $r = Invoke-SimPackage $remediate
        $r.Json.status | Should -Be 'failed'
        Get-SimCalls 'Disconnect-AovpnVpnSession*' | Should -Be @('Disconnect-AovpnVpnSession CORP\lost.laptop')
        # The marker holds the last disconnect.
        $r.Line | Should -Match '"disconnectedAt":"2026-06-01T10:01:05Z"'
    }

    It 'ignores a marker that is not a FILETIME and reports the session as connected' {
        Set-SimRegistryValue -Path $markers -Name 'user:corp\lost.laptop' -Value '2026-06-01T10:00:00'
        Add-SimVpnSession -UserName 'CORP\lost.laptop'
        Get-Codes (Invoke-SimPackage $detect) | Should -Be @('AOVPN6002 BlockedUserConnected')
        $global:AovpnSim.Log | Where-Object { $_ -match 'not a FILETIME' } | Should -Not -BeNullOrEmpty
    }

    It 'does not wait at all with denyList.reconnectWaitSeconds 0, and says the session is gone' {
        # The restarts variant of the profile sets reconnectWaitSeconds to 0.
        Add-SimVpnSession -UserName 'CORP\lost.laptop' -RedialAfterSeconds 3
        $r = Invoke-SimPackage $remediateWithRestart
        $r.Json.status | Should -Be 'remediated'
        $r.Json.actions[-1].waitedSeconds | Should -Be 0
        Should -Invoke Start-Sleep -Times 0 -Exactly
    }

    It 'reports BlockedDeviceReconnected when the device tunnel comes back after its disconnect' {
        Add-SimVpnSession -UserName 'CORP\LAPTOP-0042$' -ClientIPAddress '10.10.0.42' -RedialAfterSeconds 3
        $r = Invoke-SimPackage $remediate
        $r.Json.status | Should -Be 'failed'
        Get-Codes $r | Should -Be @('AOVPN6002 BlockedDeviceReconnected')
        $r.Json.findings[0].device | Should -Be 'LAPTOP-0042.corp.example.net'
        $r.Json.findings[0].address | Should -Be '10.10.0.42'
        $r.Line | Should -Match '"disconnectedAt":"2026-06-01T10:00:00Z"'
        $action = @($r.Json.actions | Where-Object { $_.action -eq 'DisconnectedSession' })[0]
        $action.note | Should -Match 'Untrusted Certificates'
    }
}

Describe 'aovpn-deny-list device tunnel forms' {
    BeforeEach { Reset-SimEndpoint; Set-Healthy }

    # What RRAS writes as UserName for an IKEv2 machine-certificate session is not documented: each plausible form.
    # The names are made here, at discovery, so that each form is a scenario of its own name.
    $forms = @(
        @{ Form = 'the certificate name (FQDN)'; UserName = 'LAPTOP-0042.corp.example.net' }
        @{ Form = 'the certificate name in another case'; UserName = 'laptop-0042.CORP.EXAMPLE.NET' }
        @{ Form = 'the bare host name'; UserName = 'LAPTOP-0042' }
        @{ Form = 'the computer account DOMAIN\HOST$'; UserName = 'CORP\LAPTOP-0042$' }
        @{ Form = 'the computer account dns.domain\HOST$'; UserName = 'corp.example.net\LAPTOP-0042$' }
        @{ Form = 'the service principal host/FQDN'; UserName = 'host/LAPTOP-0042.corp.example.net' }
        @{ Form = 'the subject CN=FQDN'; UserName = 'CN=LAPTOP-0042.corp.example.net' }
    )
    foreach ($form in $forms) {
        It "matches $($form.Form) as the UserName of the blocked device's tunnel" -ForEach @($form) {
            Add-SimVpnSession -UserName $UserName -ClientIPAddress '10.10.0.42'
            $r = Invoke-SimPackage $detect
            Get-Codes $r | Should -Be @('AOVPN6002 BlockedDeviceConnected')
            $r.Json.findings[0].device | Should -Be 'LAPTOP-0042.corp.example.net'
            $r.Json.findings[0].user | Should -Be $UserName
            $r.Json.findings[0].address | Should -Be '10.10.0.42'
        }
    }

    It 'does not take a user account named like the device (no trailing $) for the device' {
        Add-SimVpnSession -UserName 'CORP\LAPTOP-0042'
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'does not take another device whose name starts the same for the blocked one' {
        Add-SimVpnSession -UserName 'CORP\LAPTOP-00421$'
        Add-SimVpnSession -UserName 'LAPTOP-00421.corp.example.net'
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'disconnects a device session without a user name by its tunnel address' {
        Mock Start-Sleep { Step-SimClock -Seconds $Seconds }
        Add-SimVpnSession -UserName '' -ClientHostName 'LAPTOP-0042' -ClientIPAddress '10.10.0.42'
        $r = Invoke-SimPackage $remediate
        $r.Json.status | Should -Be 'remediated'
        Get-SimCalls 'Disconnect-AovpnVpnSession*' | Should -Be @('Disconnect-AovpnVpnSession -HostIPAddress 10.10.0.42')
        @($r.Json.actions | Where-Object { $_.action -eq 'DisconnectedSession' })[0].address | Should -Be '10.10.0.42'
        Get-SimRegistryValue -Path $markers -Name 'device:laptop-0042.corp.example.net' | Should -Not -BeNullOrEmpty
    }
}
