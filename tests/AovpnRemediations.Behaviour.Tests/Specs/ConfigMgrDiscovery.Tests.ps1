# ConfigMgr scripts of aovpn-trusted-cas (configmgr/<package>/discovery.ps1 and remediation.ps1), and the server
# packages' discovery on servers of one role, run against the same simulated endpoint as the Intune scenarios.
# Discovery prints one value for a String rule "Equals Compliant".
param([Parameter(Mandatory)][hashtable]$Context)

BeforeAll {
    . (Join-Path $Context.Harness 'SimulatedEndpoint.ps1')
    $discovery = Join-Path $Context.Sample 'configmgr/aovpn-trusted-cas/discovery.ps1'
    $remediation = Join-Path $Context.Sample 'configmgr/aovpn-trusted-cas/remediation.ps1'
    $root = Import-SimCertificate (Join-Path $Context.SamplePki 'example-root-ca.cer')
    $issuing = Import-SimCertificate (Join-Path $Context.SamplePki 'example-issuing-ca.cer')

    function Set-Healthy {
        Add-SimCertificate -Location LocalMachine -StoreName Root -Certificate $root
        Add-SimCertificate -Location LocalMachine -StoreName CA -Certificate $issuing
    }

    function Invoke-SimDiscovery {
        # Invoke-SimPackage parses the line as JSON, which 'Compliant' is not.
        . $discovery
        . (Join-Path $Context.Harness 'SimulatedPlatform.ps1')
        Invoke-AovpnMain
    }
}

Describe 'ConfigMgr discovery of aovpn-trusted-cas' {
    BeforeEach { Reset-SimEndpoint }

    It 'prints Compliant, exits 0 and writes nothing to stderr when every CA is present' {
        Set-Healthy
        $r = Invoke-SimDiscovery
        $r.Line | Should -BeExactly 'Compliant'
        $r.ExitCode | Should -Be 0
        $r.ErrorText | Should -BeNullOrEmpty
    }

    It 'prints the JSON line with the finding and still exits 0 when the root is missing' {
        Add-SimCertificate -Location LocalMachine -StoreName CA -Certificate $issuing
        $r = Invoke-SimDiscovery
        $r.ExitCode | Should -Be 0
        $r.ErrorText | Should -BeNullOrEmpty
        $json = $r.Line | ConvertFrom-Json
        $json.status | Should -Be 'issue'
        $json.package | Should -Be 'aovpn-trusted-cas'
        @($json.findings | ForEach-Object { "$($_.rule) $($_.code) $($_.thumbprint)" }) | Should -Be @("AOVPN2001 RootCaMissing $($root.Thumbprint)")
    }

    It 'prints the same JSON line as the Intune detection for the same endpoint' {
        $intune = Invoke-SimPackage (Join-Path $Context.Sample 'intune/aovpn-trusted-cas/detect.ps1')
        $r = Invoke-SimDiscovery
        $r.Line | Should -BeExactly $intune.Line
        $intune.ExitCode | Should -Be 1
    }

    It 'reports error as a noncompliant JSON line, never Compliant, with exit 0 and an empty stderr' {
        Set-Healthy
        Set-SimFailure -Function 'Get-AovpnStoreCertificate' -Exception ([System.UnauthorizedAccessException]::new('Access is denied.'))
        $r = Invoke-SimDiscovery
        $r.Line | Should -Not -Be 'Compliant'
        $r.ExitCode | Should -Be 0
        $r.ErrorText | Should -BeNullOrEmpty
        $json = $r.Line | ConvertFrom-Json
        $json.status | Should -Be 'error'
        @($json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN2001 AccessDenied', 'AOVPN2002 AccessDenied')
    }

    It 'prints exactly one line and exits 0 when run directly' {
        # The real platform layer runs here; whatever the test machine's stores hold, the value is one line.
        $lines = @(& { & $discovery } 2>&1)
        $code = $LASTEXITCODE
        $lines.Count | Should -Be 1
        $code | Should -Be 0
        if ($lines[0] -ne 'Compliant') {
            ($lines[0] | ConvertFrom-Json).status | Should -BeIn @('issue', 'error')
        }
    }

    It 'logs to ProgramData\AovpnRemediations\Logs, not to the Intune agent folder' {
        $folder = Join-Path ([System.IO.Path]::GetTempPath()) ('aovpn-cm-log-' + [guid]::NewGuid().ToString('N'))
        $saved = $env:ProgramData
        try {
            $env:ProgramData = $folder
            . $discovery
            Write-AovpnLog -Message 'hello from a test'
            $log = @(Get-ChildItem -LiteralPath $folder -Recurse -File)
            $log.Count | Should -Be 1
            $log[0].Name | Should -Be 'AovpnRemediations.log'
            $log[0].FullName.Substring($folder.Length + 1) -replace '\\', '/' | Should -Be 'AovpnRemediations/Logs/AovpnRemediations.log'
            Get-Content -LiteralPath $log[0].FullName | Should -Match '\[aovpn-trusted-cas detect\] hello from a test$'
        }
        finally {
            $env:ProgramData = $saved
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

Describe 'ConfigMgr remediation of aovpn-trusted-cas' {
    BeforeEach { Reset-SimEndpoint }

    It 'converges: a noncompliant endpoint is repaired and the next discovery prints Compliant' {
        (Invoke-SimDiscovery).Line | Should -Not -Be 'Compliant'
        $r = Invoke-SimPackage $remediation
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions | ForEach-Object { "$($_.rule) $($_.action)" }) | Should -Be @('AOVPN2001 ImportedCertificate', 'AOVPN2002 ImportedCertificate')
        (Invoke-SimDiscovery).Line | Should -BeExactly 'Compliant'
    }

    It 'changes nothing on a second run' {
        Invoke-SimPackage $remediation | Out-Null
        $global:AovpnSim.Calls.Clear()
        $r = Invoke-SimPackage $remediation
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions).Count | Should -Be 0
        Get-SimCalls 'Add-AovpnStoreCertificate*' | Should -BeNullOrEmpty
    }

    It 'repairs nothing blind after an error: it checks again, adds nothing and reports failed with exit 1' {
        Set-SimFailure -Function 'Get-AovpnStoreCertificate' -Exception ([System.UnauthorizedAccessException]::new('Access is denied.'))
        (Invoke-SimDiscovery).Line | Should -Match '"status":"error"'
        $r = Invoke-SimPackage $remediation
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        @($r.Json.actions).Count | Should -Be 0
        Get-SimCalls 'Add-AovpnStoreCertificate*' | Should -BeNullOrEmpty
        $r.ErrorText | Should -Match 'remediation did not fix AOVPN2001 \(AccessDenied\)'
    }

    It 'runs nothing when dot-sourced' {
        $output = & { . $remediation; . $discovery }
        $output | Should -BeNullOrEmpty
        Get-SimCalls | Should -BeNullOrEmpty
    }
}

Describe 'ConfigMgr discovery of the server packages on split VPN and NPS servers' {
    BeforeAll {
        function Invoke-SimServerDiscovery {
            param([Parameter(Mandatory)][string]$Package)
            . (Join-Path $Context.Sample "configmgr/$Package/discovery.ps1")
            . (Join-Path $Context.Harness 'SimulatedPlatform.ps1')
            Invoke-AovpnMain
        }
    }
    BeforeEach { Reset-SimEndpoint }

    It 'prints Compliant for both VPN server packages on an NPS-only server' {
        Set-SimFeature -Name 'DirectAccess-VPN' -State 'Available'
        (Invoke-SimServerDiscovery -Package 'aovpn-vpn-server-cert').Line | Should -BeExactly 'Compliant'
        (Invoke-SimServerDiscovery -Package 'aovpn-deny-list').Line | Should -BeExactly 'Compliant'
        @($global:AovpnSim.Log | Where-Object { $_ -match '"notApplicable":true,"reason":"feature DirectAccess-VPN not installed \(Available\)"' }).Count | Should -Be 2
    }

    It 'prints Compliant for the NPS package on an RRAS-only server' {
        Set-SimFeature -Name 'NPAS' -State 'Available'
        $r = Invoke-SimServerDiscovery -Package 'aovpn-nps-mfa'
        $r.Line | Should -BeExactly 'Compliant'
        $r.ErrorText | Should -BeNullOrEmpty
    }

    It 'still reports its own role''s findings on a split server: an RRAS-only server without an IKEv2 certificate' {
        Set-SimFeature -Name 'NPAS' -State 'Available'
        $r = Invoke-SimServerDiscovery -Package 'aovpn-vpn-server-cert'
        ($r.Line | ConvertFrom-Json).findings[0].code | Should -Be 'NoIkeServerCertificate'
    }

    It 'prints the error line, never Compliant, when the ServerManager module is missing' {
        Set-SimFailure -Function 'Get-AovpnWindowsFeature' -Exception ([System.Management.Automation.CommandNotFoundException]::new('Get-WindowsFeature'))
        foreach ($package in 'aovpn-vpn-server-cert', 'aovpn-nps-mfa', 'aovpn-deny-list') {
            $r = Invoke-SimServerDiscovery -Package $package
            $r.Line | Should -Not -Be 'Compliant'
            $r.ExitCode | Should -Be 0
            ($r.Line | ConvertFrom-Json).status | Should -Be 'error'
        }
    }
}
