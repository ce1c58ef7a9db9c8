# aovpn-trusted-cas: AOVPN2001 (roots in LocalMachine\Root), AOVPN2002 (intermediates in LocalMachine\CA).
param([Parameter(Mandatory)][hashtable]$Context)

BeforeAll {
    . (Join-Path $Context.Harness 'SimulatedEndpoint.ps1')
    $detect = Join-Path $Context.Sample 'intune/aovpn-trusted-cas/detect.ps1'
    $remediate = Join-Path $Context.Sample 'intune/aovpn-trusted-cas/remediate.ps1'
    $root = Import-SimCertificate (Join-Path $Context.SamplePki 'example-root-ca.cer')
    $issuing = Import-SimCertificate (Join-Path $Context.SamplePki 'example-issuing-ca.cer')

    function Set-Healthy {
        Add-SimCertificate -Location LocalMachine -StoreName Root -Certificate $root
        Add-SimCertificate -Location LocalMachine -StoreName CA -Certificate $issuing
    }
}

Describe 'aovpn-trusted-cas detection' {
    BeforeEach { Reset-SimEndpoint }

    It 'reports ok and exits 0 when every root and intermediate is present' {
        Set-Healthy
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
        @($r.Json.findings).Count | Should -Be 0
        $r.ErrorText | Should -BeNullOrEmpty
        $r.Json.package | Should -Be 'aovpn-trusted-cas'
        $r.Json.schema | Should -Be 1
        $r.Json.version | Should -Match '^[0-9a-f]{8}$'
    }

    It 'reports RootCaMissing with the thumbprint and subject when the root is missing' {
        Add-SimCertificate -Location LocalMachine -StoreName CA -Certificate $issuing
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'issue'
        $finding = @($r.Json.findings)
        $finding.Count | Should -Be 1
        $finding[0].rule | Should -Be 'AOVPN2001'
        $finding[0].code | Should -Be 'RootCaMissing'
        $finding[0].thumbprint | Should -Be $root.Thumbprint
        $finding[0].subject | Should -Be $root.Subject
    }

    It 'reports IntermediateCaMissing when the issuing CA is missing' {
        Add-SimCertificate -Location LocalMachine -StoreName Root -Certificate $root
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        @($r.Json.findings | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN2002 IntermediateCaMissing')
    }

    It 'reports both findings when both are missing' {
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        @($r.Json.findings | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN2001 RootCaMissing', 'AOVPN2002 IntermediateCaMissing')
    }

    It 'does not accept the root in the wrong store (Intermediate CA instead of Trusted Root)' {
        Add-SimCertificate -Location LocalMachine -StoreName CA -Certificate $root
        Add-SimCertificate -Location LocalMachine -StoreName CA -Certificate $issuing
        $r = Invoke-SimPackage $detect
        @($r.Json.findings | ForEach-Object { $_.code }) | Should -Be @('RootCaMissing')
    }

    It 'reports error, never ok, and exits 0 with a line on stderr when the store cannot be read' {
        Set-Healthy
        Set-SimFailure -Function 'Get-AovpnStoreCertificate' -Exception ([System.UnauthorizedAccessException]::new('Access is denied.'))
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'error'
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN2001 AccessDenied', 'AOVPN2002 AccessDenied')
        $r.ErrorText | Should -Match 'could not check AOVPN2001 \(AccessDenied\)'
    }

    It 'reads the stores once per rule and changes nothing' {
        $r = Invoke-SimPackage $detect
        Get-SimCalls | Should -Be @('Get-AovpnStoreCertificate LocalMachine\Root', 'Get-AovpnStoreCertificate LocalMachine\CA')
    }
}

Describe 'aovpn-trusted-cas remediation' {
    BeforeEach { Reset-SimEndpoint }

    It 'imports the missing public certificates and a detection afterwards is ok' {
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions | ForEach-Object { "$($_.rule) $($_.action) $($_.thumbprint)" }) | Should -Be @(
            "AOVPN2001 ImportedCertificate $($root.Thumbprint)",
            "AOVPN2002 ImportedCertificate $($issuing.Thumbprint)")
        @((Get-SimStore LocalMachine Root) | ForEach-Object Thumbprint) | Should -Be @($root.Thumbprint)
        @((Get-SimStore LocalMachine CA) | ForEach-Object Thumbprint) | Should -Be @($issuing.Thumbprint)
        (Get-SimStore LocalMachine Root)[0].HasPrivateKey | Should -BeFalse

        $after = Invoke-SimPackage $detect
        $after.ExitCode | Should -Be 0
        $after.Json.status | Should -Be 'ok'
    }

    It 'changes nothing on a second run' {
        Invoke-SimPackage $remediate | Out-Null
        $global:AovpnSim.Calls.Clear()
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions).Count | Should -Be 0
        Get-SimCalls 'Add-AovpnStoreCertificate*' | Should -BeNullOrEmpty
        (Get-SimStore LocalMachine Root).Count | Should -Be 1
    }

    It 'only adds what is missing and leaves other certificates alone' {
        $other = Import-SimCertificate (Join-Path $Context.SamplePki 'blocked/laptop-0042.cer')
        Add-SimCertificate -Location LocalMachine -StoreName Root -Certificate $root
        Add-SimCertificate -Location LocalMachine -StoreName CA -Certificate $other
        $r = Invoke-SimPackage $remediate
        @($r.Json.actions | ForEach-Object { $_.rule }) | Should -Be @('AOVPN2002')
        @((Get-SimStore LocalMachine CA) | ForEach-Object Thumbprint) | Should -Be @($other.Thumbprint, $issuing.Thumbprint)
    }

    It 'reports failed with exit 1 when the store refuses the import' {
        Set-SimFailure -Function 'Add-AovpnStoreCertificate' -Exception ([System.UnauthorizedAccessException]::new('Access is denied.'))
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        @($r.Json.findings | ForEach-Object { $_.code }) | Should -Be @('RootCaMissing', 'IntermediateCaMissing')
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN2001 AccessDenied', 'AOVPN2002 AccessDenied')
        $r.ErrorText | Should -Match 'remediation did not fix AOVPN2001 RootCaMissing'
    }
}

Describe 'aovpn-trusted-cas with several roots and intermediates' {
    BeforeAll {
        $multiDetect = Join-Path $Context.MultiCa 'intune/aovpn-trusted-cas/detect.ps1'
        $multiRemediate = Join-Path $Context.MultiCa 'intune/aovpn-trusted-cas/remediate.ps1'
        $roots = @(Get-ChildItem (Join-Path $Context.MultiCaPki 'root-*.cer') | Sort-Object Name | ForEach-Object { Import-SimCertificate $_.FullName })
        $issuers = @(Get-ChildItem (Join-Path $Context.MultiCaPki 'issuing-*.cer') | Sort-Object Name | ForEach-Object { Import-SimCertificate $_.FullName })
    }
    BeforeEach { Reset-SimEndpoint }

    It 'reports exactly the one root of two that is missing' {
        Add-SimCertificate -Location LocalMachine -StoreName Root -Certificate $roots[0]
        $issuers | ForEach-Object { Add-SimCertificate -Location LocalMachine -StoreName CA -Certificate $_ }
        $r = Invoke-SimPackage $multiDetect
        $r.ExitCode | Should -Be 1
        @($r.Json.findings | ForEach-Object { $_.thumbprint }) | Should -Be @($roots[1].Thumbprint)
    }

    It 'converges from an empty machine in one remediation' {
        $r = Invoke-SimPackage $multiRemediate
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions).Count | Should -Be 4
        (Invoke-SimPackage $multiDetect).Json.status | Should -Be 'ok'
    }
}

Describe 'the script contract' {
    BeforeEach { Reset-SimEndpoint }

    It 'runs nothing when dot-sourced and defines Invoke-AovpnMain' {
        $output = & {
            . $detect
            if (-not (Get-Command Invoke-AovpnMain -CommandType Function -ErrorAction SilentlyContinue)) { 'Invoke-AovpnMain missing' }
        }
        $output | Should -BeNullOrEmpty
        Get-SimCalls | Should -BeNullOrEmpty
    }

    It 'prints exactly one JSON line and exits with its code when run directly' {
        # The real platform layer runs here; on a test machine without the example CAs that is an issue.
        $lines = @(& { & $detect } 2>$null)
        $code = $LASTEXITCODE
        $lines.Count | Should -Be 1
        $json = $lines[0] | ConvertFrom-Json
        $json.package | Should -Be 'aovpn-trusted-cas'
        $code | Should -Be ([int]($json.status -eq 'issue'))
    }
}
