# aovpn-vpn-server-cert: AOVPN4001 (the RRAS server's IKEv2 certificate; no remedy: its subject is supplied in
# the request) and AOVPN4002 (RemoteAccess and BFE run; the remedy starts them).
param([Parameter(Mandatory)][hashtable]$Context)

BeforeAll {
    . (Join-Path $Context.Harness 'SimulatedEndpoint.ps1')
    $detect = Join-Path $Context.Server 'intune/aovpn-vpn-server-cert/detect.ps1'
    $remediate = Join-Path $Context.Server 'intune/aovpn-vpn-server-cert/remediate.ps1'
    $issuing = $Context.ServerIssuing
    $serverAuth = '1.3.6.1.5.5.7.3.1'
    $clientAuth = '1.3.6.1.5.5.7.3.2'
    $ikeIntermediate = '1.3.6.1.5.5.8.2.2'

    function New-IkeCertificate {
        # The IKEv2 certificate as the VPN Server Authentication template issues it, unless told otherwise.
        param(
            [string]$Subject = 'CN=vpn.example.net',
            [string[]]$DnsName = @('vpn.example.net'),
            [string[]]$Eku = @($serverAuth, $ikeIntermediate),
            $Issuer = $issuing,
            [datetime]$NotBefore = [datetime]'2026-01-01T00:00:00Z',
            [datetime]$NotAfter = [datetime]'2027-01-01T00:00:00Z'
        )
        New-SimServerCertificate -Subject $Subject -DnsName $DnsName -Eku $Eku -Issuer $Issuer -NotBefore $NotBefore -NotAfter $NotAfter
    }

    function Add-MachineCertificate {
        param($Certificate)
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate $Certificate
    }

    function Set-ServicesRunning {
        Set-SimService -Name BFE -Status Running
        Set-SimService -Name RemoteAccess -Status Running
    }

    function Get-Codes {
        param($Result)
        @($Result.Json.findings | ForEach-Object { "$($_.rule) $($_.code)" })
    }
}

Describe 'aovpn-vpn-server-cert detection' {
    BeforeEach {
        Reset-SimEndpoint
        Set-ServicesRunning
    }

    It 'reports ok when a trusted IKEv2 certificate for the public FQDN is valid, beside the computer certificate' {
        Add-MachineCertificate (New-IkeCertificate -Subject 'CN=rras01.corp.example.net' -DnsName 'rras01.corp.example.net' -Eku $clientAuth, $serverAuth)
        Add-MachineCertificate (New-IkeCertificate)
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
        @($r.Json.findings).Count | Should -Be 0
        $r.ErrorText | Should -BeNullOrEmpty
        $r.Json.package | Should -Be 'aovpn-vpn-server-cert'
    }

    It 'reports NoIkeServerCertificate with the FQDN looked for when the store is empty' {
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'issue'
        Get-Codes $r | Should -Be @('AOVPN4001 NoIkeServerCertificate')
        $r.Json.findings[0].name | Should -Be 'vpn.example.net'
    }

    It 'reports NoIkeServerCertificate, not a missing EKU, when the only Server Authentication certificate is for another name' {
        Add-MachineCertificate (New-IkeCertificate -Subject 'CN=rras01.corp.example.net' -DnsName 'rras01.corp.example.net' -Eku $clientAuth, $serverAuth)
        Get-Codes (Invoke-SimPackage $detect) | Should -Be @('AOVPN4001 NoIkeServerCertificate')
    }

    It 'does not count a certificate without an EKU extension (RRAS needs both EKUs named)' {
        Add-MachineCertificate (New-IkeCertificate -Eku @())
        Get-Codes (Invoke-SimPackage $detect) | Should -Be @('AOVPN4001 NoIkeServerCertificate')
    }

    It 'reports IkeEkuMissing for a Server-Authentication-only certificate for the FQDN' {
        $sstpOnly = New-IkeCertificate -Eku $serverAuth
        Add-MachineCertificate $sstpOnly
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        Get-Codes $r | Should -Be @('AOVPN4001 IkeEkuMissing')
        $r.Json.findings[0].thumbprint | Should -Be $sstpOnly.Thumbprint
        $r.Json.findings[0].subject | Should -Be 'CN=vpn.example.net'
    }

    It 'reports ServerNameMismatch for an IKEv2 certificate issued to the internal name' {
        $internal = New-IkeCertificate -Subject 'CN=rras01.corp.example.net' -DnsName 'rras01.corp.example.net'
        Add-MachineCertificate $internal
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN4001 ServerNameMismatch')
        $r.Json.findings[0].thumbprint | Should -Be $internal.Thumbprint
        $r.Json.findings[0].name | Should -Be 'vpn.example.net'
    }

    It 'accepts the FQDN from a SAN DNS name alone, in another case' {
        Add-MachineCertificate (New-IkeCertificate -Subject 'CN=RRAS IKEv2, O=Example' -DnsName 'rras01.corp.example.net', 'VPN.Example.NET')
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'accepts the FQDN from the subject CN alone' {
        Add-MachineCertificate (New-IkeCertificate -DnsName @())
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'reports ServerCertificateExpired when the only IKEv2 certificate has expired' {
        $expired = New-IkeCertificate -NotBefore '2025-05-01T00:00:00Z' -NotAfter '2026-05-01T00:00:00Z'
        Add-MachineCertificate $expired
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN4001 ServerCertificateExpired')
        $r.Json.findings[0].thumbprint | Should -Be $expired.Thumbprint
    }

    It 'reports ServerCertificateNotYetValid for a certificate that starts next month' {
        Add-MachineCertificate (New-IkeCertificate -NotBefore '2026-07-01T00:00:00Z' -NotAfter '2027-07-01T00:00:00Z')
        Get-Codes (Invoke-SimPackage $detect) | Should -Be @('AOVPN4001 ServerCertificateNotYetValid')
    }

    It 'lets a valid certificate win over an expired one beside it' {
        Add-MachineCertificate (New-IkeCertificate -NotBefore '2025-05-01T00:00:00Z' -NotAfter '2026-05-01T00:00:00Z')
        Add-MachineCertificate (New-IkeCertificate)
        $r = Invoke-SimPackage $detect
        $r.Json.status | Should -Be 'ok'
        $r.ExitCode | Should -Be 0
    }

    It 'reports ServerCertificateUntrusted for a certificate that chains to a different root' {
        $otherRoot = New-SimServerCertificate -Subject 'CN=Other Root CA' -CertificateAuthority -NotBefore '2020-01-01T00:00:00Z' -NotAfter '2040-01-01T00:00:00Z'
        $foreign = New-IkeCertificate -Issuer $otherRoot
        Add-SimCertificate -Location LocalMachine -StoreName Root -Certificate $otherRoot
        Add-MachineCertificate $foreign
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN4001 ServerCertificateUntrusted')
        $r.Json.findings[0].thumbprint | Should -Be $foreign.Thumbprint
    }

    It 'reports ServerCertificateUntrusted for a self-signed certificate' {
        Add-MachineCertificate (New-IkeCertificate -Issuer $null)
        Get-Codes (Invoke-SimPackage $detect) | Should -Be @('AOVPN4001 ServerCertificateUntrusted')
    }

    It 'reports ServerCertificateExpiring with the days left when the usable certificate expires within 30 days' {
        $soon = New-IkeCertificate -NotAfter '2026-06-11T22:00:00Z'
        Add-MachineCertificate $soon
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        Get-Codes $r | Should -Be @('AOVPN4001 ServerCertificateExpiring')
        $r.Json.findings[0].days | Should -Be 10
        $r.Json.findings[0].thumbprint | Should -Be $soon.Thumbprint
    }

    It 'does not warn when a renewed certificate lasts longer than the one about to expire' {
        Add-MachineCertificate (New-IkeCertificate -NotAfter '2026-06-11T22:00:00Z')
        Add-MachineCertificate (New-IkeCertificate -NotBefore '2026-05-20T00:00:00Z' -NotAfter '2027-05-20T00:00:00Z')
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'reports error, never ok, and exits 0 with a line on stderr when the store cannot be read' {
        Add-MachineCertificate (New-IkeCertificate)
        Set-SimFailure -Function 'Get-AovpnStoreCertificate' -Exception ([System.UnauthorizedAccessException]::new('Access is denied.'))
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'error'
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN4001 AccessDenied')
        $r.ErrorText | Should -Match 'could not check AOVPN4001'
    }

    It 'asks whether the RRAS VPN role is installed, then reads LocalMachine\My and the two services and changes nothing' {
        Add-MachineCertificate (New-IkeCertificate)
        Invoke-SimPackage $detect | Out-Null
        Get-SimCalls | Should -Be @('Get-AovpnWindowsFeature DirectAccess-VPN', 'Get-AovpnStoreCertificate LocalMachine\My', 'Get-AovpnService BFE', 'Get-AovpnService RemoteAccess')
    }

    It 'reports VpnServiceNotRunning (AOVPN4002) with the status for a stopped RemoteAccess' {
        Add-MachineCertificate (New-IkeCertificate)
        Set-SimService -Name RemoteAccess -Status Stopped
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        Get-Codes $r | Should -Be @('AOVPN4002 VpnServiceNotRunning')
        $r.Json.findings[0].service | Should -Be 'RemoteAccess'
        $r.Json.findings[0].status | Should -Be 'Stopped'
    }

    It 'reports VpnServiceMissing for a service that does not exist' {
        Reset-SimEndpoint
        Set-SimService -Name BFE -Status Running
        Add-MachineCertificate (New-IkeCertificate)
        Get-Codes (Invoke-SimPackage $detect) | Should -Be @('AOVPN4002 VpnServiceMissing')
    }
}

Describe 'aovpn-vpn-server-cert remediation' {
    BeforeEach {
        Reset-SimEndpoint
        Set-ServicesRunning
        Add-MachineCertificate (New-IkeCertificate)
    }

    It 'starts a stopped RemoteAccess and BFE, and a detection afterwards is ok' {
        Set-SimService -Name RemoteAccess -Status Stopped
        Set-SimService -Name BFE -Status Stopped
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions | ForEach-Object { "$($_.rule) $($_.action) $($_.service)" }) | Should -Be @('AOVPN4002 StartedService BFE', 'AOVPN4002 StartedService RemoteAccess')
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'changes nothing on a second run' {
        Set-SimService -Name RemoteAccess -Status Stopped
        Invoke-SimPackage $remediate | Out-Null
        $global:AovpnSim.Calls.Clear()
        $r = Invoke-SimPackage $remediate
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions).Count | Should -Be 0
        Get-SimCalls 'Start-*' | Should -BeNullOrEmpty
    }

    It 'leaves a missing service alone and reports failed: installing a role is not a script''s job' {
        Reset-SimEndpoint
        Set-SimService -Name BFE -Status Running
        Add-MachineCertificate (New-IkeCertificate)
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        Get-SimCalls 'Start-*' | Should -BeNullOrEmpty
        @($r.Json.findings | ForEach-Object { $_.code }) | Should -Be @('VpnServiceMissing')
    }

    It 'reports failed with Windows'' message when a service cannot start (disabled)' {
        Set-SimService -Name RemoteAccess -Status Stopped
        Set-SimFailure -Function 'Start-AovpnService' -Exception ([System.InvalidOperationException]::new("Service 'Routing and Remote Access (RemoteAccess)' cannot be started due to the following error: Cannot start service RemoteAccess on computer '.'."))
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Contain 'AOVPN4002 CheckFailed'
    }

    It 'never touches the IKEv2 certificate, which has no remedy' {
        Reset-SimEndpoint
        Set-ServicesRunning
        $r = Invoke-SimPackage $remediate
        $r.Json.status | Should -Be 'failed'
        @($r.Json.actions).Count | Should -Be 0
        Get-SimCalls 'Add-*' | Should -BeNullOrEmpty
    }
}

Describe 'aovpn-vpn-server-cert on a server without the RRAS VPN role' {
    BeforeEach { Reset-SimEndpoint }

    It 'reports not applicable with the reason, exit 0, on an NPS-only server, and reads no certificate store' {
        # Without the gate this server (no IKEv2 certificate, it is no VPN server) said NoIkeServerCertificate forever.
        Set-SimFeature -Name 'DirectAccess-VPN' -State 'Available'
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.ErrorText | Should -BeNullOrEmpty
        $r.Json.status | Should -Be 'ok'
        $r.Json.notApplicable | Should -BeTrue
        $r.Json.reason | Should -Be 'feature DirectAccess-VPN not installed (Available)'
        @($r.Json.findings).Count | Should -Be 0
        $r.Line | Should -Match '^\{"schema":1,"package":"aovpn-vpn-server-cert","version":"[0-9a-f]{8}","status":"ok","notApplicable":true,"reason":"feature DirectAccess-VPN not installed \(Available\)","findings":\[\]\}$'
        Get-SimCalls | Should -Be @('Get-AovpnWindowsFeature DirectAccess-VPN')
    }

    It 'reports not applicable when this Windows has no feature of that name' {
        Set-SimFeature -Name 'DirectAccess-VPN' -Absent
        $r = Invoke-SimPackage $detect
        $r.Json.status | Should -Be 'ok'
        $r.Json.notApplicable | Should -BeTrue
        $r.Json.reason | Should -Be 'feature DirectAccess-VPN not found'
    }

    It 'reports error, never ok nor not applicable, when the feature cannot be queried (no ServerManager module)' {
        Set-SimFailure -Function 'Get-AovpnWindowsFeature' -Exception ([System.Management.Automation.CommandNotFoundException]::new("The term 'Get-WindowsFeature' is not recognized as the name of a cmdlet."))
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'error'
        $r.Line | Should -Not -Match 'notApplicable'
        @($r.Json.errors | ForEach-Object { "$($_.code) $($_.feature)" }) | Should -Be @('CommandMissing DirectAccess-VPN')
        $r.ErrorText | Should -Match 'could not check whether it applies \(CommandMissing\)'
        Get-SimCalls 'Get-AovpnStoreCertificate*' | Should -BeNullOrEmpty
    }

    It 'discovers Compliant for ConfigMgr on an NPS-only server and logs the reason' {
        Set-SimFeature -Name 'DirectAccess-VPN' -State 'Available'
        . (Join-Path $Context.Sample 'configmgr/aovpn-vpn-server-cert/discovery.ps1')
        . (Join-Path $Context.Harness 'SimulatedPlatform.ps1')
        $r = Invoke-AovpnMain
        $r.Line | Should -BeExactly 'Compliant'
        $r.ExitCode | Should -Be 0
        $global:AovpnSim.Log | Should -Contain 'not applicable: feature DirectAccess-VPN not installed (Available)'
    }
}

Describe 'aovpn-vpn-server-cert with the real platform layer' {
    It 'prints exactly one JSON line and exits with its code when run directly' {
        # Off Windows, .NET cannot open LocalMachine\My: the script must say error, never ok.
        $lines = @(& { & $detect } 2>$null)
        $code = $LASTEXITCODE
        $lines.Count | Should -Be 1
        $json = $lines[0] | ConvertFrom-Json
        $json.package | Should -Be 'aovpn-vpn-server-cert'
        $code | Should -Be ([int]($json.status -eq 'issue'))
        if (-not $IsWindows) {
            $json.status | Should -Be 'error'
        }
    }
}

Describe 'aovpn-vpn-server-cert for ConfigMgr, its default target' {
    BeforeEach { Reset-SimEndpoint }

    It 'discovers a noncompliant JSON line, exit 0, for a server without an IKEv2 certificate' {
        Set-ServicesRunning
        . (Join-Path $Context.Sample 'configmgr/aovpn-vpn-server-cert/discovery.ps1')
        . (Join-Path $Context.Harness 'SimulatedPlatform.ps1')
        $r = Invoke-AovpnMain
        $r.ExitCode | Should -Be 0
        $r.ErrorText | Should -BeNullOrEmpty
        @(($r.Line | ConvertFrom-Json).findings | ForEach-Object { $_.code }) | Should -Be @('NoIkeServerCertificate')
        Test-Path (Join-Path $Context.Sample 'configmgr/aovpn-vpn-server-cert/remediation.ps1') | Should -BeTrue
    }
}
