# aovpn-vpn-profiles: AOVPN3002, the user tunnel's VPN connection in the signed-in user's phone book or the
# all-user one (runs as the user). Detection only.
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
        Get-SimCalls 'Get-VpnConnection*' | Should -Be @('Get-VpnConnection User Example VPN')
        $global:AovpnSim.Log | Should -Contain 'AOVPN3002: Example VPN found in the user phone book'
    }

    It 'reports UserTunnelProfileMissing with the connection name when it is missing' {
        Add-SimVpnProfile -Name 'Contoso VPN'
        $r = Invoke-SimPackage $detect
        $r.ExitCode | Should -Be 1
        $r.Json.status | Should -Be 'issue'
        @($r.Json.findings | ForEach-Object { "$($_.rule) $($_.code) $($_.profile)" }) | Should -Be @('AOVPN3002 UserTunnelProfileMissing Example VPN')
        Get-SimCalls 'Get-VpnConnection*' | Should -Be @('Get-VpnConnection User Example VPN', 'Get-VpnConnection AllUser Example VPN')
    }

    It 'finds a user tunnel deployed as an all-user connection and says which phone book held it' {
        Add-SimVpnProfile -Name 'Example VPN' -AllUserConnection
        $r = Invoke-SimPackage $detect
        $r.Json.status | Should -Be 'ok'
        $global:AovpnSim.Log | Should -Contain 'AOVPN3002: Example VPN found in the all-user phone book'
    }

    It 'matches the connection name in any case, as the phone book does' {
        Add-SimVpnProfile -Name 'EXAMPLE vpn'
        (Invoke-SimPackage $detect).Json.status | Should -Be 'ok'
    }

    It 'reports error with CommandMissing when Get-VpnConnection is not there, never ok' {
        Set-SimFailure -Function 'Get-VpnConnection' -Exception ([System.Management.Automation.CommandNotFoundException]::new('Get-VpnConnection'))
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
