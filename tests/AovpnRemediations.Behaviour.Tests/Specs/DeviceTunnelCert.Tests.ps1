# aovpn-device-tunnel-cert: AOVPN1004 (a usable machine certificate for the device FQDN in LocalMachine\My),
# AOVPN1005 (not expiring within the warning days), AOVPN1006 (key in the TPM; the scenario profile sets
# pki.requireTpmKey), AOVPN1007 (IKE intermediate EKU when several Client-Auth certificates are there).
param([Parameter(Mandatory)][hashtable]$Context)

BeforeAll {
    . (Join-Path $Context.Harness 'SimulatedEndpoint.ps1')
    $detect = Join-Path $Context.Client 'intune/aovpn-device-tunnel-cert/detect.ps1'
    $remediate = Join-Path $Context.Client 'intune/aovpn-device-tunnel-cert/remediate.ps1'
    $issuing = Import-SimCaWithKey (Join-Path $Context.ClientPki 'issuing.pfx')
    $fqdn = 'PC-0001.corp.example.net'
    $clientAuth = '1.3.6.1.5.5.7.3.2'
    $ikeIntermediate = '1.3.6.1.5.5.8.2.2'

    function New-DeviceCertificate {
        param([string]$Subject = "CN=$fqdn", [switch]$InTpm)
        $certificate = New-SimCertificate -Subject $Subject -Issuer $issuing @args
        if ($InTpm) {
            Set-SimKeyProvider -Certificate $certificate -Provider 'Microsoft Platform Crypto Provider'
        }
        $certificate
    }

    function Add-MachineCertificate {
        param([Parameter(Mandatory)]$Certificate)
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate $Certificate
    }

    function New-MdmCertificate {
        # Like the Intune MDM device certificate: Client Authentication, another CA, a GUID for a subject.
        $mdmRoot = New-SimCertificate -Subject 'CN=Microsoft Intune MDM Device CA (simulated)' -CertificateAuthority -NotBefore ([datetime]'2020-01-01') -NotAfter ([datetime]'2045-01-01')
        New-SimCertificate -Subject 'CN=3f6d2c8e-1b5a-4c7d-9e0f-a1b2c3d4e5f6' -Issuer $mdmRoot
    }

    function Get-Codes {
        param($Result)
        @($Result.Json.findings | ForEach-Object { "$($_.rule) $($_.code)" })
    }
}

Describe 'aovpn-device-tunnel-cert detection' {
    BeforeEach { Reset-SimEndpoint; Set-SimComputerFqdn $fqdn }

    It 'reports ok and exits 0 with a valid certificate for the device FQDN whose key is in the TPM' {
        Add-MachineCertificate (New-DeviceCertificate -InTpm)
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
        $r.Json.package | Should -Be 'aovpn-device-tunnel-cert'
    }

    It 'accepts a certificate that names the FQDN only in a SAN DNS name' {
        Add-MachineCertificate (New-DeviceCertificate -Subject 'CN=PC-0001' -DnsName 'pc-0001', $fqdn -InTpm)
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'matches the FQDN without regard to case' {
        Add-MachineCertificate (New-DeviceCertificate -Subject 'CN=pc-0001.CORP.EXAMPLE.NET' -InTpm)
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'reports CertificateSubjectNotDeviceFqdn with the FQDN for another device''s certificate' {
        $other = New-DeviceCertificate -Subject 'CN=PC-0002.corp.example.net' -DnsName 'PC-0002.corp.example.net' -InTpm
        Add-MachineCertificate $other
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN1004 CertificateSubjectNotDeviceFqdn')
        $r.Json.findings[0].name | Should -Be $fqdn
        $r.Json.findings[0].thumbprint | Should -Be $other.Thumbprint
    }

    It 'reports NoClientAuthCertificate when the machine store has none' {
        Add-MachineCertificate (New-DeviceCertificate -Eku '1.3.6.1.5.5.7.3.1' -InTpm)
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        Get-Codes $r | Should -Be @('AOVPN1004 NoClientAuthCertificate')
        $r.Json.findings[0].count | Should -Be 1
    }

    It 'does not count a machine certificate with no EKU extension' {
        Add-MachineCertificate (New-DeviceCertificate -NoEku -InTpm)
        Get-Codes (Invoke-SimPackage $detect) | Should -Be @('AOVPN1004 NoClientAuthCertificate')
    }

    It 'reports CertificateWithoutPrivateKey, CertificateExpired and CertificateNotYetValid, one per certificate' {
        $keyless = New-DeviceCertificate -NoPrivateKey
        $expired = New-DeviceCertificate -NotBefore $global:AovpnSim.Now.AddDays(-400) -NotAfter $global:AovpnSim.Now.AddHours(-1) -InTpm
        $early = New-DeviceCertificate -NotBefore $global:AovpnSim.Now.AddHours(2) -InTpm
        $keyless, $expired, $early | ForEach-Object { Add-MachineCertificate $_ }
        $r = Invoke-SimPackage $detect
        @($r.Json.findings | ForEach-Object { "$($_.code) $($_.thumbprint)" }) | Should -Be @(
            "CertificateWithoutPrivateKey $($keyless.Thumbprint)",
            "CertificateExpired $($expired.Thumbprint)",
            "CertificateNotYetValid $($early.Thumbprint)")
    }

    It 'reports CertificatePrivateKeyUnusable after a TPM clear, when HasPrivateKey still says the key is there' {
        $certificate = New-DeviceCertificate -InTpm
        Set-SimKeyLost -Certificate $certificate -Error '0x80280009'
        Add-MachineCertificate $certificate
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        Get-Codes $r | Should -Be @('AOVPN1004 CertificatePrivateKeyUnusable')
        $r.Json.findings[0].keyError | Should -Be '0x80280009'
    }

    It 'reports CertificateNotChainedToProfileRoot for the Intune MDM certificate alone' {
        Add-MachineCertificate (New-MdmCertificate)
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN1004 CertificateNotChainedToProfileRoot')
        $r.Json.findings[0].issuer | Should -Be 'CN=Microsoft Intune MDM Device CA (simulated)'
    }

    It 'reports ok when an expired and a valid certificate sit side by side' {
        Add-MachineCertificate (New-DeviceCertificate -NotBefore $global:AovpnSim.Now.AddDays(-400) -NotAfter $global:AovpnSim.Now.AddDays(-30) -DnsName $fqdn -Eku $clientAuth, $ikeIntermediate -InTpm)
        Add-MachineCertificate (New-DeviceCertificate -DnsName $fqdn -Eku $clientAuth, $ikeIntermediate -InTpm)
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'reports CertificateExpiringSoon (AOVPN1005) with the days left' {
        Add-MachineCertificate (New-DeviceCertificate -NotAfter $global:AovpnSim.Now.AddDays(2).AddMinutes(1) -InTpm)
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN1005 CertificateExpiringSoon')
        $r.Json.findings[0].days | Should -Be 2
    }

    It 'reports CertificateKeyNotInTpm (AOVPN1006) with the provider' {
        $certificate = New-DeviceCertificate
        Set-SimKeyProvider -Certificate $certificate -Provider 'Microsoft Enhanced RSA and AES Cryptographic Provider'
        Add-MachineCertificate $certificate
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN1006 CertificateKeyNotInTpm')
        $r.Json.findings[0].provider | Should -Be 'Microsoft Enhanced RSA and AES Cryptographic Provider'
    }

    It 'warns (AOVPN1007) when a second Client-Auth certificate sits beside a device certificate without the IKE EKU' {
        $device = New-DeviceCertificate -InTpm
        Add-MachineCertificate $device
        Add-MachineCertificate (New-MdmCertificate)
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        Get-Codes $r | Should -Be @('AOVPN1007 SeveralClientAuthCertificatesWithoutIkeEku')
        $r.Json.findings[0].count | Should -Be 2
        $r.Json.findings[0].thumbprint | Should -Be $device.Thumbprint
    }

    It 'does not warn when the device certificate carries the IKE intermediate EKU' {
        Add-MachineCertificate (New-DeviceCertificate -Eku $clientAuth, $ikeIntermediate -InTpm)
        Add-MachineCertificate (New-MdmCertificate)
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'does not warn about the IKE EKU with a single Client-Auth certificate' {
        Add-MachineCertificate (New-DeviceCertificate -InTpm)
        Add-MachineCertificate (New-DeviceCertificate -Eku '1.3.6.1.5.5.7.3.1' -InTpm)
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'reports error, never ok, when the device FQDN cannot be read' {
        Add-MachineCertificate (New-DeviceCertificate -InTpm)
        Set-SimFailure -Function 'Get-AovpnComputerFqdn' -Exception ([System.Net.NetworkInformation.NetworkInformationException]::new(5))
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'error'
        @($r.Json.errors | ForEach-Object { $_.rule }) | Should -Be @('AOVPN1004', 'AOVPN1005', 'AOVPN1006', 'AOVPN1007')
        $r.ErrorText | Should -Match 'could not check AOVPN1004'
    }

    It 'reads only LocalMachine\My: a user certificate does not count for the device' {
        Add-SimCertificate -Location CurrentUser -StoreName My -Certificate (New-DeviceCertificate -InTpm)
        Get-Codes (Invoke-SimPackage $detect) | Should -Be @('AOVPN1004 NoClientAuthCertificate')
        @(Get-SimCalls 'Get-AovpnStoreCertificate*' | Select-Object -Unique) | Should -Be @('Get-AovpnStoreCertificate LocalMachine\My')
    }
}

Describe 'aovpn-device-tunnel-cert remediation' {
    BeforeEach {
        Reset-SimEndpoint
        Set-SimComputerFqdn $fqdn
        Mock Start-Sleep { Step-SimClock -Seconds $Seconds }
    }

    It 'pulses machine autoenrollment (certutil -pulse) and a detection afterwards is ok' {
        Add-MachineCertificate (New-DeviceCertificate -NotBefore $global:AovpnSim.Now.AddDays(-400) -NotAfter $global:AovpnSim.Now.AddDays(-1) -InTpm)
        Set-SimAutoenrollment -Location LocalMachine -Certificate (New-DeviceCertificate -InTpm) -AfterSeconds 12
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions | ForEach-Object { "$($_.rule) $($_.action) $($_.arguments) $($_.waitedSeconds)" }) | Should -Be @('AOVPN1004 PulsedAutoenrollment -pulse 15')
        Get-SimCalls 'Invoke-AovpnCertutil*' | Should -Be @('Invoke-AovpnCertutil -pulse')
        # Additive: the expired certificate is still there; the new one sits beside it.
        (Get-SimStore LocalMachine My).Count | Should -Be 2
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'changes nothing on a second run' {
        Set-SimAutoenrollment -Location LocalMachine -Certificate (New-DeviceCertificate -InTpm)
        (Invoke-SimPackage $remediate).Json.status | Should -Be 'remediated'
        $global:AovpnSim.Calls.Clear()
        $r = Invoke-SimPackage $remediate
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions).Count | Should -Be 0
        Get-SimCalls 'Invoke-AovpnCertutil*' | Should -BeNullOrEmpty
    }

    It 'reports failed when the CA delivers a certificate for another name' {
        Set-SimAutoenrollment -Location LocalMachine -Certificate (New-DeviceCertificate -Subject 'CN=PC-0002.corp.example.net' -InTpm)
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        @($r.Json.findings | ForEach-Object { $_.code }) | Should -Be @('CertificateSubjectNotDeviceFqdn')
    }

    It 'leaves the IKE EKU warning to the engineer: no pulse, status failed' {
        Add-MachineCertificate (New-DeviceCertificate -InTpm)
        Add-MachineCertificate (New-MdmCertificate)
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        Get-SimCalls 'Invoke-AovpnCertutil*' | Should -BeNullOrEmpty
        @($r.Json.findings | ForEach-Object { $_.code }) | Should -Be @('SeveralClientAuthCertificatesWithoutIkeEku')
    }
}

Describe 'aovpn-device-tunnel-cert with the real platform layer' {
    It 'prints one JSON line and never ok on a machine without the device certificate' {
        $lines = @(& { & $detect } 2>$null)
        $code = $LASTEXITCODE
        $lines.Count | Should -Be 1
        $json = $lines[0] | ConvertFrom-Json
        $json.package | Should -Be 'aovpn-device-tunnel-cert'
        $json.status | Should -BeIn @('issue', 'error')
        $code | Should -Be ([int]($json.status -eq 'issue'))
    }
}
