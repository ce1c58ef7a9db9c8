# aovpn-connection-health: AOVPN3001 counts RasClient 20227 failures of the profile's connections over the
# last thresholds.connectionEventWindowHours (24) by connection and error code. Detection only.
param([Parameter(Mandatory)][hashtable]$Context)

BeforeAll {
    . (Join-Path $Context.Harness 'SimulatedEndpoint.ps1')
    $package = Join-Path $Context.Client 'intune/aovpn-connection-health'
    $detect = Join-Path $package 'detect.ps1'
    $user = 'Example VPN'
    $device = 'Example VPN Device Tunnel'

    function Get-Failures {
        param($Result)
        @($Result.Json.findings | ForEach-Object {
            if ($_.code -eq 'ConnectionFailed') { '{0}|{1}|{2}|{3}' -f $_.profile, $_.error, $_.hex, $_.count }
            else { '{0}|{1}|{2}|{3}' -f $_.code, $_.profile, $_.rawCode, $_.count }
        })
    }
}

Describe 'aovpn-connection-health detection' {
    BeforeEach { Reset-SimEndpoint }

    It 'reports ok with no failures, asking the event log for RasClient 20227 since 24 hours ago in UTC' {
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
        $r.Json.package | Should -Be 'aovpn-connection-health'
        # The start is an XPath SystemTime in UTC: its meaning does not depend on the device's zone or culture.
        Get-SimCalls 'Get-WinEvent*' | Should -Be @("Get-WinEvent Application *[System[Provider[@Name='RasClient'] and (EventID=20227) and TimeCreated[@SystemTime>='2026-05-31T10:00:00.000Z']]]")
    }

    It 'counts a failure 20 hours ago and not one 25 hours ago, whatever the time zone' {
        # With -FilterHashtable StartTime the window moved by the UTC offset: 16 hours at UTC-8, 33 at UTC+9.
        Add-SimConnectionFailure -Connection $user -Code '809' -HoursAgo 20
        Add-SimConnectionFailure -Connection $user -Code '812' -HoursAgo 25
        Add-SimConnectionFailure -Connection $user -Code '853' -HoursAgo 23.99
        Get-Failures (Invoke-SimPackage $detect) | Should -Be @('Example VPN|809|0x00000329|1', 'Example VPN|853|0x00000355|1')
    }

    It 'counts failures by connection and error code, most frequent first' {
        Add-SimConnectionFailure -Connection $device -Code '13801' -HoursAgo 2
        Add-SimConnectionFailure -Connection $user -Code '809' -Count 3 -User 'CORP\alice'
        Add-SimConnectionFailure -Connection $user -Code '812' -HoursAgo 23
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'issue'
        @($r.Json.findings | ForEach-Object { $_.rule } | Select-Object -Unique) | Should -Be @('AOVPN3001')
        Get-Failures $r | Should -Be @(
            'Example VPN|809|0x00000329|3',
            'Example VPN|812|0x0000032C|1',
            'Example VPN Device Tunnel|13801|0x000035E9|1')
    }

    It 'keeps a negative HRESULT as logged and shows it as 0x%08X' {
        Add-SimConnectionFailure -Connection $user -Code '-2146762495'
        $r = Invoke-SimPackage $detect
        $r.Json.findings[0].error | Should -Be -2146762495
        $r.Json.findings[0].hex | Should -Be '0x800B0101'
        $r.Line | Should -Match '"error":-2146762495,"hex":"0x800B0101"'
    }

    It 'folds the same HRESULT written unsigned onto the signed code' {
        Add-SimConnectionFailure -Connection $user -Code '2148204809'
        Add-SimConnectionFailure -Connection $user -Code '-2146762487'
        Get-Failures (Invoke-SimPackage $detect) | Should -Be @('Example VPN|-2146762487|0x800B0109|2')
    }

    It 'counts error 0 (the NPS extension discarding the request) like any other code' {
        Add-SimConnectionFailure -Connection $user -Code '0' -Count 2
        Get-Failures (Invoke-SimPackage $detect) | Should -Be @('Example VPN|0|0x00000000|2')
    }

    It 'ignores other connections, events older than the window, other event IDs and other providers' {
        Add-SimConnectionFailure -Connection 'Contoso VPN' -Code '809' -Count 4
        Add-SimConnectionFailure -Connection $user -Code '809' -HoursAgo 25
        Add-SimConnectionFailure -Connection $user -Code '809' -Id 20226
        Add-SimConnectionFailure -Connection $user -Code '809' -ProviderName 'RasMan'
        Add-SimConnectionFailure -Connection $user -Code '809' -LogName 'System'
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
    }

    It 'matches the connection name without regard to case and reports the profile''s spelling' {
        Add-SimConnectionFailure -Connection 'EXAMPLE vpn' -Code '853'
        Get-Failures (Invoke-SimPackage $detect) | Should -Be @('Example VPN|853|0x00000355|1')
    }

    It 'reports an unparsable error code apart, cut to 40 characters' {
        Add-SimConnectionFailure -Connection $device -Code 'not-a-number'
        Add-SimConnectionFailure -Connection $device -Code ('x' * 60)
        Add-SimConnectionFailure -Connection $device -Code '0x800B0101'
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        @($r.Json.findings | ForEach-Object { "$($_.code) $($_.rawCode)" } | Sort-Object) | Should -Be @(
            'ConnectionFailedUnknownCode 0x800B0101',
            'ConnectionFailedUnknownCode not-a-number',
            ('ConnectionFailedUnknownCode ' + ('x' * 40)))
        @($r.Json.findings | ForEach-Object { $_.profile } | Select-Object -Unique) | Should -Be @($device)
    }

    It 'counts records with fewer than four insertion strings apart, with their record ids, never dropping them' {
        Add-SimConnectionFailure -Connection $user -Code '809'
        Add-SimConnectionFailure -Connection $user -Code 'x' -Values @('{0C5E2F4A-0000-0000-0000-000000000001}') -Count 2
        Add-SimConnectionFailure -Connection $user -Code 'x' -Values @() -HoursAgo 3
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        @($r.Json.findings | ForEach-Object { $_.code }) | Should -Be @('ConnectionFailed', 'ConnectionEventUnreadable')
        $unreadable = $r.Json.findings[1]
        $unreadable.count | Should -Be 3
        @($unreadable.recordIds).Count | Should -Be 3
        $ids = @((Get-SimClient).Events | Where-Object { @($_.Properties).Count -lt 4 } | ForEach-Object { [long]$_.RecordId })
        @($unreadable.recordIds | Sort-Object) | Should -Be @($ids | Sort-Object)
    }

    It 'keeps the line valid JSON within 2,048 characters with 500 failures of 60 codes, most frequent first' {
        $codes = @(0, 691, 703, 720, 768, 798, 800, 809, 812, 813, 827, 834, 853, 858, 859, 862, 864, 868) + @(13801..13842) + @('-2146762495', '-2146762487')
        $codes = @($codes | Select-Object -First 60)
        $codes.Count | Should -Be 60
        $total = 0
        for ($i = 0; $i -lt 60; $i++) {
            $count = if ($i -lt 20) { 12 } else { 6 }
            if ($i -eq 7) { $count = 32 }
            $connection = if ($i % 2) { $device } else { $user }
            Add-SimConnectionFailure -Connection $connection -Code ([string]$codes[$i]) -Count $count -HoursAgo (($i % 20) + 0.5)
            $total += $count
        }
        $total | Should -Be 500
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'issue'
        $r.Line.Length | Should -BeLessOrEqual 2048
        $r.Line.Length | Should -BeGreaterThan 1900
        $kept = @($r.Json.findings).Count
        ($kept + $r.Json.truncated) | Should -Be 60
        $r.Json.truncated | Should -BeGreaterThan 0
        $r.Json.findings[0].error | Should -Be 809
        $r.Json.findings[0].count | Should -Be 32
        @($r.Json.findings | ForEach-Object { $_.count }) | Select-Object -Skip 1 | ForEach-Object { $_ | Should -BeLessOrEqual 12 }
    }

    It 'reports error, never ok, and exits 0 with a line on stderr when the event log cannot be read' {
        Add-SimConnectionFailure -Connection $user -Code '809'
        Set-SimFailure -Function 'Get-WinEvent' -Exception ([System.UnauthorizedAccessException]::new('Attempted to perform an unauthorized operation.'))
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'error'
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN3001 AccessDenied')
        $r.ErrorText | Should -Match 'could not check AOVPN3001'
    }

    It 'is detection only: the package has no remediation script' {
        Test-Path (Join-Path $package 'remediate.ps1') | Should -BeFalse
        (Get-Content (Join-Path $package 'package.json') -Raw | ConvertFrom-Json).remediationScript | Should -BeNullOrEmpty
    }

    It 'changes nothing on the endpoint: it only reads the event log' {
        Add-SimConnectionFailure -Connection $user -Code '809'
        Invoke-SimPackage $detect | Out-Null
        @(Get-SimCalls | ForEach-Object { ($_ -split ' ')[0] } | Select-Object -Unique) | Should -Be @('Get-WinEvent')
    }
}

Describe 'aovpn-connection-health with the real platform layer' {
    It 'reports error (CommandMissing), never ok, where Get-WinEvent does not exist' {
        $lines = @(& { & $detect } 2>$null)
        $code = $LASTEXITCODE
        $lines.Count | Should -Be 1
        $json = $lines[0] | ConvertFrom-Json
        if (Get-Command Get-WinEvent -ErrorAction SilentlyContinue) {
            # On Windows the real answer depends on the machine; the contract is one JSON line of this package.
            $json.package | Should -Not -BeNullOrEmpty
            return
        }
        $json.status | Should -Be 'error'
        @($json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN3001 CommandMissing')
        $code | Should -Be 0
    }
}
