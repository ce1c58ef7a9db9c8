# aovpn-device-tunnel-profile: AOVPN3003, the device tunnel's VPN connection in the all-user phone book
# (runs as SYSTEM). Detection only.
param([Parameter(Mandatory)][hashtable]$Context)

BeforeAll {
    . (Join-Path $Context.Harness 'SimulatedEndpoint.ps1')
    $package = Join-Path $Context.Client 'intune/aovpn-device-tunnel-profile'
    $detect = Join-Path $package 'detect.ps1'
}

Describe 'aovpn-device-tunnel-profile detection' {
    BeforeEach { Reset-SimEndpoint }

    It 'reports ok when the device tunnel connection is in the all-user phone book' {
        Add-SimVpnProfile -Name 'Example VPN Device Tunnel' -AllUserConnection
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
        Get-SimCalls 'Get-VpnConnection*' | Should -Be @('Get-VpnConnection AllUser Example VPN Device Tunnel')
    }

    It 'reports DeviceTunnelProfileMissing when it is only in a user''s phone book' {
        Add-SimVpnProfile -Name 'Example VPN Device Tunnel'
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        @($r.Json.findings | ForEach-Object { "$($_.rule) $($_.code) $($_.profile)" }) | Should -Be @('AOVPN3003 DeviceTunnelProfileMissing Example VPN Device Tunnel')
    }

    It 'reports error, never ok, when the phone book cannot be read' {
        Set-SimFailure -Function 'Get-VpnConnection' -Exception ([System.UnauthorizedAccessException]::new('Access is denied.'))
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'error'
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN3003 AccessDenied')
    }

    It 'is detection only and runs as SYSTEM' {
        Test-Path (Join-Path $package 'remediate.ps1') | Should -BeFalse
        (Get-Content (Join-Path $package 'package.json') -Raw | ConvertFrom-Json).runAsAccount | Should -Be 'system'
    }
}

Describe 'aovpn-device-tunnel-profile with the real platform layer' {
    It 'reports error (CommandMissing), never a missing profile, where Get-VpnConnection does not exist' {
        $lines = @(& { & $detect } 2>$null)
        $json = $lines[0] | ConvertFrom-Json
        if (Get-Command Get-VpnConnection -ErrorAction SilentlyContinue) {
            # On Windows the real answer depends on the machine; the contract is one JSON line of this package.
            $json.package | Should -Not -BeNullOrEmpty
            return
        }
        $lines.Count | Should -Be 1
        $json.status | Should -Be 'error'
        @($json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN3003 CommandMissing')
    }
}
