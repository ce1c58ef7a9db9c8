# aovpn-user-tunnel-cert: AOVPN1001 (a usable Client Authentication certificate in CurrentUser\My),
# AOVPN1002 (not expiring within the warning days), AOVPN1003 (key in the TPM; the scenario profile sets
# pki.requireTpmKey). Certificates are real, issued from the scenario profile's test CAs.
param([Parameter(Mandatory)][hashtable]$Context)

BeforeAll {
    . (Join-Path $Context.Harness 'SimulatedEndpoint.ps1')
    $detect = Join-Path $Context.Client 'intune/aovpn-user-tunnel-cert/detect.ps1'
    $remediate = Join-Path $Context.Client 'intune/aovpn-user-tunnel-cert/remediate.ps1'
    $issuing = Import-SimCaWithKey (Join-Path $Context.ClientPki 'issuing.pfx')
    $tpm = 'Microsoft Platform Crypto Provider'
    $clientAuth = '1.3.6.1.5.5.7.3.2'
    $serverAuth = '1.3.6.1.5.5.7.3.1'

    function New-UserCertificate {
        param([string]$Subject = 'CN=alice@corp.example.net', [switch]$InTpm)
        $certificate = New-SimCertificate -Subject $Subject -Issuer $issuing @args
        if ($InTpm) {
            Set-SimKeyProvider -Certificate $certificate -Provider $tpm
        }
        $certificate
    }

    function Add-UserCertificate {
        param([Parameter(Mandatory)]$Certificate)
        Add-SimCertificate -Location CurrentUser -StoreName My -Certificate $Certificate
    }

    function Get-Codes {
        param($Result)
        @($Result.Json.findings | ForEach-Object { "$($_.rule) $($_.code)" })
    }
}

Describe 'aovpn-user-tunnel-cert detection' {
    BeforeEach { Reset-SimEndpoint }

    It 'reports ok and exits 0 with a valid certificate whose key is in the TPM' {
        Add-UserCertificate (New-UserCertificate -InTpm)
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
        $r.Json.package | Should -Be 'aovpn-user-tunnel-cert'
        @($r.Json.findings).Count | Should -Be 0
        $r.ErrorText | Should -BeNullOrEmpty
    }

    It 'reports NoClientAuthCertificate with the store count when the store is empty' {
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'issue'
        Get-Codes $r | Should -Be @('AOVPN1001 NoClientAuthCertificate')
        $r.Json.findings[0].count | Should -Be 0
    }

    It 'does not count a Server Authentication-only certificate' {
        Add-UserCertificate (New-UserCertificate -Eku $serverAuth -InTpm)
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN1001 NoClientAuthCertificate')
        $r.Json.findings[0].count | Should -Be 1
    }

    It 'does not count a certificate with no EKU extension (Windows would read it as every purpose)' {
        $all = New-UserCertificate -NoEku -InTpm
        $all.Extensions | Where-Object { $_.Oid.Value -eq '2.5.29.37' } | Should -BeNullOrEmpty
        Add-UserCertificate $all
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        Get-Codes $r | Should -Be @('AOVPN1001 NoClientAuthCertificate')
    }

    It 'reports CertificateWithoutPrivateKey with thumbprint and subject' {
        $certificate = New-UserCertificate -NoPrivateKey
        $certificate.HasPrivateKey | Should -BeFalse
        Add-UserCertificate $certificate
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN1001 CertificateWithoutPrivateKey')
        $r.Json.findings[0].thumbprint | Should -Be $certificate.Thumbprint
        $r.Json.findings[0].subject | Should -Be 'CN=alice@corp.example.net'
    }

    It 'reports CertificatePrivateKeyUnusable with the HRESULT when the key is gone but HasPrivateKey is still true' {
        # After a TPM clear or a deleted key container Windows still says HasPrivateKey; only signing tells.
        $certificate = New-UserCertificate -InTpm
        Set-SimKeyLost -Certificate $certificate -Error '0x80090016'
        Add-UserCertificate $certificate
        $certificate.HasPrivateKey | Should -BeTrue
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        Get-Codes $r | Should -Be @('AOVPN1001 CertificatePrivateKeyUnusable')
        $r.Json.findings[0].thumbprint | Should -Be $certificate.Thumbprint
        $r.Json.findings[0].keyError | Should -Be '0x80090016'
    }

    It 'signs with the real key of a certificate that passes everything else, and uses one whose key works beside one whose key is gone' {
        $broken = New-UserCertificate -InTpm -NotAfter $global:AovpnSim.Now.AddDays(300)
        Set-SimKeyLost -Certificate $broken -Error '0x80280009'
        $working = New-UserCertificate -InTpm -NotAfter $global:AovpnSim.Now.AddDays(200)
        Add-UserCertificate $broken
        Add-UserCertificate $working
        $r = Invoke-SimPackage $detect
        $r.Json.status | Should -Be 'ok'
        @(Get-SimCalls 'Test-AovpnPrivateKey*') | Should -Be @("Test-AovpnPrivateKey $($broken.Thumbprint)", "Test-AovpnPrivateKey $($working.Thumbprint)")
    }

    It 'reports CertificateExpired for an expired certificate' {
        $certificate = New-UserCertificate -NotBefore $global:AovpnSim.Now.AddDays(-400) -NotAfter $global:AovpnSim.Now.AddDays(-1) -InTpm
        Add-UserCertificate $certificate
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN1001 CertificateExpired')
        $r.Json.findings[0].thumbprint | Should -Be $certificate.Thumbprint
    }

    It 'reports CertificateNotYetValid for a certificate that starts tomorrow' {
        Add-UserCertificate (New-UserCertificate -NotBefore $global:AovpnSim.Now.AddDays(1) -InTpm)
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN1001 CertificateNotYetValid')
    }

    It 'reports CertificateNotChainedToProfileRoot with the issuer for a chain to a different root' {
        $otherRoot = New-SimCertificate -Subject 'CN=Other Root CA' -CertificateAuthority -NotBefore ([datetime]'2020-01-01') -NotAfter ([datetime]'2045-01-01')
        $otherIssuing = New-SimCertificate -Subject 'CN=Other Issuing CA' -Issuer $otherRoot -CertificateAuthority -NotBefore ([datetime]'2021-01-01') -NotAfter ([datetime]'2040-01-01')
        $foreign = New-SimCertificate -Subject 'CN=alice@other.example' -Issuer $otherIssuing
        Add-UserCertificate $foreign
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN1001 CertificateNotChainedToProfileRoot')
        $r.Json.findings[0].issuer | Should -Be 'CN=Other Issuing CA'
        $r.Json.findings[0].thumbprint | Should -Be $foreign.Thumbprint
    }

    It 'does not accept an impostor CA that copies the issuing CA name but not its key' {
        $impostorRoot = New-SimCertificate -Subject 'CN=Scenario Root CA, O=Example' -CertificateAuthority -NotBefore ([datetime]'2020-01-01') -NotAfter ([datetime]'2045-01-01')
        $impostor = New-SimCertificate -Subject 'CN=Scenario Issuing CA, O=Example' -Issuer $impostorRoot -CertificateAuthority -NotBefore ([datetime]'2021-01-01') -NotAfter ([datetime]'2040-01-01')
        Add-UserCertificate (New-SimCertificate -Subject 'CN=mallory@corp.example.net' -Issuer $impostor)
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN1001 CertificateNotChainedToProfileRoot')
    }

    It 'reports ok when an expired and a valid certificate sit side by side (the valid one wins)' {
        Add-UserCertificate (New-UserCertificate -NotBefore $global:AovpnSim.Now.AddDays(-400) -NotAfter $global:AovpnSim.Now.AddDays(-35) -InTpm)
        Add-UserCertificate (New-UserCertificate -InTpm)
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
    }

    It 'reports each unusable certificate with its own first reason when none is usable' {
        $expired = New-UserCertificate -NotBefore $global:AovpnSim.Now.AddDays(-400) -NotAfter $global:AovpnSim.Now.AddDays(-2)
        $keyless = New-UserCertificate -NoPrivateKey
        Add-UserCertificate $expired
        Add-UserCertificate $keyless
        $r = Invoke-SimPackage $detect
        @($r.Json.findings | ForEach-Object { "$($_.code) $($_.thumbprint)" }) | Should -Be @(
            "CertificateExpired $($expired.Thumbprint)",
            "CertificateWithoutPrivateKey $($keyless.Thumbprint)")
    }

    It 'reports CertificateExpiringSoon (AOVPN1002) with the days left, as an issue' {
        $certificate = New-UserCertificate -NotAfter $global:AovpnSim.Now.AddDays(10).AddHours(5) -InTpm
        Add-UserCertificate $certificate
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        Get-Codes $r | Should -Be @('AOVPN1002 CertificateExpiringSoon')
        $r.Json.findings[0].days | Should -Be 10
        $r.Json.findings[0].thumbprint | Should -Be $certificate.Thumbprint
    }

    It 'does not warn about an expiring certificate once a renewed one is there' {
        Add-UserCertificate (New-UserCertificate -NotAfter $global:AovpnSim.Now.AddDays(3) -InTpm)
        Add-UserCertificate (New-UserCertificate -InTpm)
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'warns exactly at the threshold and not a day before it' {
        Add-UserCertificate (New-UserCertificate -NotAfter $global:AovpnSim.Now.AddDays(21) -InTpm)
        (Get-Codes (Invoke-SimPackage $detect)) | Should -Be @('AOVPN1002 CertificateExpiringSoon')
        Reset-SimEndpoint
        Add-UserCertificate (New-UserCertificate -NotAfter $global:AovpnSim.Now.AddDays(22) -InTpm)
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'reports CertificateKeyNotInTpm (AOVPN1003) with the provider for a software key' {
        $certificate = New-UserCertificate
        Add-UserCertificate $certificate
        $r = Invoke-SimPackage $detect
        Get-Codes $r | Should -Be @('AOVPN1003 CertificateKeyNotInTpm')
        $r.Json.findings[0].provider | Should -Be 'Microsoft Software Key Storage Provider'
        $r.Json.findings[0].thumbprint | Should -Be $certificate.Thumbprint
    }

    It 'reads only CurrentUser\My: a machine certificate does not count for the user' {
        Add-SimCertificate -Location LocalMachine -StoreName My -Certificate (New-UserCertificate -InTpm)
        Get-Codes (Invoke-SimPackage $detect) | Should -Be @('AOVPN1001 NoClientAuthCertificate')
        @(Get-SimCalls 'Get-AovpnStoreCertificate*' | Select-Object -Unique) | Should -Be @('Get-AovpnStoreCertificate CurrentUser\My')
    }

    It 'reports error, never ok, and exits 0 with a line on stderr when the store cannot be read' {
        Add-UserCertificate (New-UserCertificate -InTpm)
        Set-SimFailure -Function 'Get-AovpnStoreCertificate' -Exception ([System.UnauthorizedAccessException]::new('Access is denied.'))
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'error'
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN1001 AccessDenied', 'AOVPN1002 AccessDenied', 'AOVPN1003 AccessDenied')
        $r.ErrorText | Should -Match 'could not check AOVPN1001 \(AccessDenied\)'
    }

    It 'reports error when the key provider cannot be read' {
        Add-UserCertificate (New-UserCertificate -InTpm)
        Set-SimFailure -Function 'Get-AovpnCertificateKeyProvider' -Exception ([System.Security.Cryptography.CryptographicException]::new('Keyset does not exist'))
        $r = Invoke-SimPackage $detect
        $r.Json.status | Should -Be 'error'
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN1003 CheckFailed')
    }
}

Describe 'aovpn-user-tunnel-cert remediation' {
    BeforeEach {
        Reset-SimEndpoint
        Mock Start-Sleep { Step-SimClock -Seconds $Seconds }
    }

    It 'pulses user autoenrollment, waits for the certificate, and a detection afterwards is ok' {
        Set-SimAutoenrollment -Location CurrentUser -Certificate (New-UserCertificate -InTpm) -AfterSeconds 8
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions | ForEach-Object { "$($_.rule) $($_.action) $($_.arguments) $($_.waitedSeconds)" }) | Should -Be @('AOVPN1001 PulsedAutoenrollment -user -pulse 10')
        Get-SimCalls 'Invoke-AovpnCertutil*' | Should -Be @('Invoke-AovpnCertutil -user -pulse')
        Should -Invoke Start-Sleep -Times 2 -Exactly
        (Get-SimStore CurrentUser My).Count | Should -Be 1

        $after = Invoke-SimPackage $detect
        $after.ExitCode | Should -Be 0
        $after.Json.status | Should -Be 'ok'
    }

    It 'does not wait when the certificate arrives at once' {
        Set-SimAutoenrollment -Location CurrentUser -Certificate (New-UserCertificate -InTpm)
        $r = Invoke-SimPackage $remediate
        $r.Json.status | Should -Be 'remediated'
        $r.Json.actions[0].waitedSeconds | Should -Be 0
        Should -Invoke Start-Sleep -Times 0 -Exactly
    }

    It 'changes nothing on a second run' {
        Set-SimAutoenrollment -Location CurrentUser -Certificate (New-UserCertificate -InTpm)
        Invoke-SimPackage $remediate | Out-Null
        $global:AovpnSim.Calls.Clear()
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions).Count | Should -Be 0
        Get-SimCalls 'Invoke-AovpnCertutil*' | Should -BeNullOrEmpty
        (Get-SimStore CurrentUser My).Count | Should -Be 1
    }

    It 'renews an expiring certificate through the same pulse (AOVPN1002)' {
        Add-UserCertificate (New-UserCertificate -NotAfter $global:AovpnSim.Now.AddDays(5) -InTpm)
        Set-SimAutoenrollment -Location CurrentUser -Certificate (New-UserCertificate -InTpm) -AfterSeconds 3
        $r = Invoke-SimPackage $remediate
        $r.Json.status | Should -Be 'remediated'
        @($r.Json.actions | ForEach-Object { $_.rule }) | Should -Be @('AOVPN1002')
        (Get-SimStore CurrentUser My).Count | Should -Be 2
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'fails at once, without pulsing or waiting, on a device joined to Entra ID only' {
        # AD CS autoenrollment needs an AD domain; waiting 30 seconds there only made a daily failure slow.
        Set-SimEntraJoinedOnly
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        Get-SimCalls 'Invoke-AovpnCertutil*' | Should -BeNullOrEmpty
        Should -Invoke Start-Sleep -Times 0 -Exactly
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Contain 'AOVPN1001 CheckFailed'
        @($r.Json.errors | ForEach-Object { $_.message }) -join ' ' | Should -Match 'domain-joined'
    }

    It 'reports failed with exit 1 after waiting the profile''s 30 seconds when nothing arrives' {
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        $r.Json.actions[0].waitedSeconds | Should -Be 30
        Should -Invoke Start-Sleep -Times 6 -Exactly
        @($r.Json.findings | ForEach-Object { $_.code }) | Should -Be @('NoClientAuthCertificate')
        $r.ErrorText | Should -Match 'remediation did not fix AOVPN1001 NoClientAuthCertificate'
    }

    It 'reports failed with the certutil exit code when certutil fails' {
        (Get-SimClient).CertutilExitCode = 5
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN1001 CheckFailed')
        $r.Json.errors[0].message | Should -Match 'exited with 5'
        Should -Invoke Start-Sleep -Times 0 -Exactly
    }

    It 'does not pulse for a key outside the TPM, which no enrollment fixes, and reports failed' {
        Add-UserCertificate (New-UserCertificate)
        $r = Invoke-SimPackage $remediate
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'failed'
        @($r.Json.actions).Count | Should -Be 0
        Get-SimCalls 'Invoke-AovpnCertutil*' | Should -BeNullOrEmpty
        @($r.Json.findings | ForEach-Object { $_.code }) | Should -Be @('CertificateKeyNotInTpm')
    }
}

Describe 'aovpn-user-tunnel-cert with the real platform layer' {
    It 'prints one JSON line and never ok on a machine without the user certificate' {
        # The real CurrentUser\My of the test machine holds no certificate from the scenario CAs.
        $lines = @(& { & $detect } 2>$null)
        $code = $LASTEXITCODE
        $lines.Count | Should -Be 1
        $json = $lines[0] | ConvertFrom-Json
        $json.package | Should -Be 'aovpn-user-tunnel-cert'
        $json.status | Should -BeIn @('issue', 'error')
        $code | Should -Be ([int]($json.status -eq 'issue'))
    }
}

Describe 'aovpn-user-tunnel-cert with certificates from Intune (pki.clientCertificateIssuance intune)' {
    BeforeAll {
        $intune = Join-Path $Context.ClientIntune 'intune/aovpn-user-tunnel-cert'
    }

    BeforeEach { Reset-SimEndpoint }

    It 'is detection only: certutil -pulse cannot ask Intune for a SCEP or PKCS certificate' {
        Test-Path (Join-Path $intune 'remediate.ps1') | Should -BeFalse
        (Get-Content (Join-Path $intune 'package.json') -Raw | ConvertFrom-Json).remediationScript | Should -BeNullOrEmpty
    }

    It 'still reports a missing certificate' {
        $r = Invoke-SimPackage (Join-Path $intune 'detect.ps1')
        $r.ExitCode | Should -Be 1
        @($r.Json.findings | ForEach-Object { $_.code }) | Should -Be @('NoClientAuthCertificate')
    }
}
