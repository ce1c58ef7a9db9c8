# aovpn-vpn-profiles: AOVPN3002, the user tunnel's VPN connection in the signed-in user's phone book
# (runs as the user). Detection only.
param([Parameter(Mandatory)][hashtable]$Context)

BeforeAll {
    . (Join-Path $Context.Harness 'SimulatedEndpoint.ps1')
    $package = Join-Path $Context.Client 'intune/aovpn-vpn-profiles'
    $detect = Join-Path $package 'detect.ps1'
}

Describe 'aovpn-vpn-profiles detection' {
    BeforeEach { Reset-SimEndpoint }

    It 'reports ok when the user tunnel connection exists' {
        Add-SimVpnProfile -Name 'Example VPN'
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'ok'
        Get-SimCalls 'Get-AovpnVpnProfile*' | Should -Be @('Get-AovpnVpnProfile User Example VPN')
    }

    It 'reports UserTunnelProfileMissing with the connection name when it is missing' {
        Add-SimVpnProfile -Name 'Contoso VPN'
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'issue'
        @($r.Json.findings | ForEach-Object { "$($_.rule) $($_.code) $($_.profile)" }) | Should -Be @('AOVPN3002 UserTunnelProfileMissing Example VPN')
    }

    It 'does not take the device tunnel''s all-user connection of the same name for the user''s' {
        Add-SimVpnProfile -Name 'Example VPN' -AllUserConnection
        (Invoke-SimPackage $detect).Json.findings[0].code | Should -Be 'UserTunnelProfileMissing'
    }

    It 'reports error with CommandMissing when Get-VpnConnection is not there, never ok' {
        Set-SimFailure -Function 'Get-AovpnVpnProfile' -Exception ([System.Management.Automation.CommandNotFoundException]::new('Get-VpnConnection'))
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 0
        $r.Json.status | Should -Be 'error'
        @($r.Json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN3002 CommandMissing')
        $r.ErrorText | Should -Not -BeNullOrEmpty
    }

    It 'is detection only and runs as the user' {
        Test-Path (Join-Path $package 'remediate.ps1') | Should -BeFalse
        (Get-Content (Join-Path $package 'package.json') -Raw | ConvertFrom-Json).runAsAccount | Should -Be 'user'
    }
}

Describe 'aovpn-vpn-profiles with the real platform layer' {
    It 'reports error (CommandMissing), never a missing profile, where Get-VpnConnection does not exist' {
        $lines = @(& { & $detect } 2>$null)
        $code = $LASTEXITCODE
        $lines.Count | Should -Be 1
        $json = $lines[0] | ConvertFrom-Json
        if (Get-Command Get-VpnConnection -ErrorAction SilentlyContinue) {
            # On Windows the real answer depends on the machine; the contract is one JSON line of this package.
            $json.package | Should -Not -BeNullOrEmpty
            return
        }
        $json.status | Should -Be 'error'
        @($json.errors | ForEach-Object { "$($_.rule) $($_.code)" }) | Should -Be @('AOVPN3002 CommandMissing')
        @($json.findings).Count | Should -Be 0
        $code | Should -Be 0
    }
}
