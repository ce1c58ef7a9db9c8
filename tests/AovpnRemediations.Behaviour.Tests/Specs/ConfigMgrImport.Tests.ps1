# configmgr/Import-AovpnBaseline.ps1 against stand-ins of the ConfigMgr cmdlets (Harness/SimulatedConfigMgr.ps1):
# creates, then updates and never duplicates, the configuration items, one baseline per role and their deployments,
# and retires the single baseline of earlier versions.
param([Parameter(Mandatory)][hashtable]$Context)

BeforeAll {
    . (Join-Path $Context.Harness 'SimulatedConfigMgr.ps1')
    # The sample with aovpn-trusted-cas as its only ConfigMgr package (the server packages left out).
    $import = Join-Path $Context.TrustedCasOnly 'configmgr/Import-AovpnBaseline.ps1'
    $itemName = 'AOVPN - Trusted root and intermediate CAs'
    # The sample deploys the trusted CAs (the clients baseline) to both server collections.
    $collections = @('AOVPN VPN servers', 'AOVPN NPS servers')

    function Invoke-Import {
        param([string]$Path = $import, [switch]$WhatIf, [switch]$Force)
        @(& $Path -SiteCode 'P01' -WhatIf:$WhatIf -Force:$Force)
    }

    function Get-Setting {
        param([string]$Name = $itemName)
        $item = @($global:AovpnCm.Items | Where-Object { $_.LocalizedDisplayName -eq $Name })
        $item.Count | Should -Be 1
        $item[0].Settings.Count | Should -Be 1
        $item[0].Settings[0]
    }

    function Read-ScriptText {
        param([string]$Relative)
        [System.IO.File]::ReadAllText((Join-Path $Context.TrustedCasOnly $Relative))
    }

    function Set-PackageChanged {
        # What an import of an older build leaves: the same item, an older script, another content hash.
        $item = $global:AovpnCm.Items[0]
        $item.LocalizedDescription = $item.LocalizedDescription -replace '\[content:[0-9a-f]+\]', '[content:000000000000]'
        $item.Settings[0].DiscoveryScriptText = 'old discovery'
        $item.Settings[0].Rule.NoncomplianceSeverity = 'Warning'
    }
}

Describe 'a first import' {
    BeforeEach {
        Reset-SimConfigMgr -Collections (@($collections) + 'Other servers')
        $results = Invoke-Import
    }

    It 'creates one Windows OS configuration item per package, owned by the script' {
        @(Get-SimCmCalls 'New-CMConfigurationItem').Count | Should -Be 1
        (Get-SimCmCalls 'New-CMConfigurationItem')[0].Parameters.CreationType | Should -Be 'WindowsOS'
        $global:AovpnCm.Items.Count | Should -Be 1
        $global:AovpnCm.Items[0].LocalizedDisplayName | Should -BeExactly $itemName
        $global:AovpnCm.Items[0].LocalizedDescription | Should -Match '\[managed-by:aovpn-remediations package:aovpn-trusted-cas\] \[content:[0-9a-f]{12}\]$'
    }

    It 'adds a String PowerShell 64-bit script setting with a remediating value rule Equals Compliant' {
        $call = @(Get-SimCmCalls 'Add-CMComplianceSettingScript')
        $call.Count | Should -Be 1
        $p = $call[0].Parameters
        $p.DataType | Should -Be 'String'
        $p.DiscoveryScriptLanguage | Should -Be 'PowerShell'
        $p.RemediationScriptLanguage | Should -Be 'PowerShell'
        $p.Is64Bit | Should -BeTrue
        $p.Contains('IsPerUser') | Should -BeFalse
        $p.ValueRule | Should -BeTrue
        $p.ExpressionOperator | Should -Be 'IsEquals'
        @($p.ExpectedValue) | Should -Be @('Compliant')
        $p.Remediate | Should -BeTrue
        $p.ReportNoncompliance | Should -BeTrue
        $p.NoncomplianceSeverity | Should -Be 'Critical'
        $p.Name | Should -Be 'aovpn-trusted-cas'
        $p.RuleName | Should -Be 'aovpn-trusted-cas is Compliant'
    }

    It 'embeds the exact text of discovery.ps1 and remediation.ps1' {
        $setting = Get-Setting
        $setting.DiscoveryScriptText | Should -BeExactly (Read-ScriptText 'configmgr/aovpn-trusted-cas/discovery.ps1')
        $setting.RemediationScriptText | Should -BeExactly (Read-ScriptText 'configmgr/aovpn-trusted-cas/remediation.ps1')
    }

    It 'creates the clients baseline holding the item' {
        $global:AovpnCm.Baselines.Count | Should -Be 1
        $baseline = $global:AovpnCm.Baselines[0]
        $baseline.LocalizedDisplayName | Should -BeExactly 'AOVPN trusted CAs'
        $baseline.LocalizedDescription | Should -Match '\[managed-by:aovpn-remediations baseline:clients\]$'
        @($baseline.Members) | Should -Be @($global:AovpnCm.Items[0].CI_ID)
        $add = @(Get-SimCmCalls 'Set-CMBaseline' | Where-Object { $_.Parameters.Contains('AddOSConfigurationItem') })
        $add.Count | Should -Be 1
        @($add[0].Parameters.AddOSConfigurationItem) | Should -Be @([string]$global:AovpnCm.Items[0].CI_ID)
    }

    It 'deploys the baseline to the profile''s collections only, with remediation and a daily schedule' {
        @($global:AovpnCm.Deployments | ForEach-Object { $_.TargetCollectionID }) | Should -Be @('P0100001', 'P0100002')
        foreach ($deployment in $global:AovpnCm.Deployments) {
            $deployment.BaselineId | Should -Be $global:AovpnCm.Baselines[0].CI_ID
            $deployment.EnableEnforcement | Should -BeTrue
            $deployment.Schedule.RecurInterval | Should -Be 'Days'
            $deployment.Schedule.RecurCount | Should -Be 1
        }
    }

    It 'writes the item last: its final description comes after the setting, so a cut-off run is seen as unfinished' {
        $writes = @(Get-SimCmWrites | ForEach-Object { $_.Command })
        $writes[0..2] | Should -Be @('New-CMConfigurationItem', 'Add-CMComplianceSettingScript', 'Set-CMConfigurationItem')
        (Get-SimCmCalls 'New-CMConfigurationItem')[0].Parameters.Description | Should -Not -Match '\[content:'
    }

    It 'reports every change it made and goes back to where it started' {
        @($results | ForEach-Object { '{0} {1} {2}' -f $_.Kind, $_.Action, $_.Changed }) | Should -Be @(
            'ConfigurationItem Create True', 'Baseline Create True', 'BaselineItem Add True', 'Deployment Create True', 'Deployment Create True')
        @(Get-SimCmCalls 'Set-Location' | ForEach-Object { $_.Parameters.Path })[0] | Should -Be 'P01:\'
        @(Get-SimCmCalls 'Set-Location').Count | Should -Be 2
    }
}

Describe 'a second import' {
    BeforeEach {
        Reset-SimConfigMgr -Collections $collections
        Invoke-Import | Out-Null
        $global:AovpnCm.Calls.Clear()
    }

    It 'creates nothing, leaves the up-to-date item alone and re-applies the deployment settings' {
        $results = Invoke-Import
        Get-SimCmCalls 'New-*' | Where-Object { $_.Command -ne 'New-CMSchedule' } | Should -BeNullOrEmpty
        Get-SimCmCalls 'Add-*' | Should -BeNullOrEmpty
        @(Get-SimCmWrites | ForEach-Object { $_.Command }) | Should -Be @('Set-CMBaselineDeployment', 'Set-CMBaselineDeployment')
        (Get-SimCmCalls 'Set-CMBaselineDeployment')[0].Parameters.EnableEnforcement | Should -BeTrue
        $global:AovpnCm.Items.Count | Should -Be 1
        $global:AovpnCm.Baselines.Count | Should -Be 1
        $global:AovpnCm.Deployments.Count | Should -Be 2
        @($global:AovpnCm.Baselines[0].Members).Count | Should -Be 1
        @($results | ForEach-Object { '{0} {1}' -f $_.Kind, $_.Action }) | Should -Be @(
            'ConfigurationItem UpToDate', 'Baseline UpToDate', 'BaselineItem UpToDate', 'Deployment Update', 'Deployment Update')
    }

    It 'updates an item whose package changed through Set-CMComplianceSettingScript and Set-CMComplianceRuleValue' {
        Set-PackageChanged
        $results = Invoke-Import
        $script = @(Get-SimCmCalls 'Set-CMComplianceSettingScript')
        $script.Count | Should -Be 1
        $script[0].Parameters.SettingName | Should -Be 'aovpn-trusted-cas'
        $script[0].Parameters.Is64Bit | Should -BeTrue
        $script[0].Parameters.IsPerUser | Should -BeFalse
        $rule = @(Get-SimCmCalls 'Set-CMComplianceRuleValue')
        $rule.Count | Should -Be 1
        $rule[0].Parameters.RuleName | Should -Be 'aovpn-trusted-cas is Compliant'
        $rule[0].Parameters.ExpressionOperator | Should -Be 'IsEquals'
        $rule[0].Parameters.Remediate | Should -BeTrue
        $rule[0].Parameters.ReportNoncompliance | Should -BeTrue
        $setting = Get-Setting
        $setting.DiscoveryScriptText | Should -BeExactly (Read-ScriptText 'configmgr/aovpn-trusted-cas/discovery.ps1')
        $setting.Rule.NoncomplianceSeverity | Should -Be 'Critical'
        $global:AovpnCm.Items[0].LocalizedDescription | Should -Not -Match '000000000000'
        Get-SimCmCalls 'New-CMConfigurationItem' | Should -BeNullOrEmpty
        Get-SimCmCalls 'Add-CMComplianceSettingScript' | Should -BeNullOrEmpty
        $results[0].Action | Should -Be 'Update'
        (Invoke-Import)[0].Action | Should -Be 'UpToDate'
    }

    It 'rewrites an up-to-date item with -Force' {
        $results = Invoke-Import -Force
        @(Get-SimCmCalls 'Set-CMComplianceSettingScript').Count | Should -Be 1
        @(Get-SimCmCalls 'Set-CMComplianceRuleValue').Count | Should -Be 1
        $results[0].Action | Should -Be 'Update'
        $global:AovpnCm.Items.Count | Should -Be 1
    }

    It 'finishes a run that was cut off after creating the item: adds the setting once, no second item' {
        $item = $global:AovpnCm.Items[0]
        $item.Settings.Clear()
        $item.LocalizedDescription = '... [managed-by:aovpn-remediations package:aovpn-trusted-cas]'
        Invoke-Import | Out-Null
        @(Get-SimCmCalls 'Add-CMComplianceSettingScript').Count | Should -Be 1
        Get-SimCmCalls 'New-CMConfigurationItem' | Should -BeNullOrEmpty
        (Get-Setting).DiscoveryScriptText | Should -BeExactly (Read-ScriptText 'configmgr/aovpn-trusted-cas/discovery.ps1')
    }

    It 'adds the item back to a baseline that lost it, once' {
        $global:AovpnCm.Baselines[0].Members.Clear()
        Update-SimCmBaselineXml -Baseline $global:AovpnCm.Baselines[0]
        Invoke-Import | Out-Null
        @($global:AovpnCm.Baselines[0].Members) | Should -Be @($global:AovpnCm.Items[0].CI_ID)
        $global:AovpnCm.Calls.Clear()
        Invoke-Import | Out-Null
        Get-SimCmCalls 'Set-CMBaseline' | Should -BeNullOrEmpty
    }
}

Describe '-WhatIf' {
    It 'changes nothing on an empty site and shows what it would create' {
        Reset-SimConfigMgr -Collections $collections
        $results = Invoke-Import -WhatIf
        Get-SimCmWrites | Should -BeNullOrEmpty
        $global:AovpnCm.Items.Count | Should -Be 0
        $global:AovpnCm.Baselines.Count | Should -Be 0
        @($results | ForEach-Object { '{0} {1} {2}' -f $_.Kind, $_.Action, $_.Changed }) | Should -Be @(
            'ConfigurationItem Create False', 'Baseline Create False', 'BaselineItem Add False', 'Deployment Create False', 'Deployment Create False')
    }

    It 'changes nothing on a site that needs an update' {
        Reset-SimConfigMgr -Collections $collections
        Invoke-Import | Out-Null
        Set-PackageChanged
        $global:AovpnCm.Calls.Clear()
        $results = Invoke-Import -WhatIf
        Get-SimCmWrites | Should -BeNullOrEmpty
        (Get-Setting).DiscoveryScriptText | Should -Be 'old discovery'
        $results[0].Action | Should -Be 'Update'
        $results[0].Changed | Should -BeFalse
    }
}

Describe 'refusals: one problem and nothing is written' {
    It 'fails clearly when a collection of the profile does not exist' {
        Reset-SimConfigMgr -Collections @('Other servers')
        { Invoke-Import } | Should -Throw -ExpectedMessage "*collection 'AOVPN VPN servers' does not exist*configMgr.baselines.<role>.deployments*"
        Get-SimCmWrites | Should -BeNullOrEmpty
        $global:AovpnCm.Items.Count | Should -Be 0
    }

    It 'refuses an item of the same name that the script did not create' {
        Reset-SimConfigMgr -Collections $collections
        New-CMConfigurationItem -Name $itemName -Description 'made by hand' -CreationType WindowsOS | Out-Null
        $global:AovpnCm.Calls.Clear()
        { Invoke-Import } | Should -Throw -ExpectedMessage "*configuration item 'AOVPN - Trusted root and intermediate CAs' was not created by this script*"
        Get-SimCmWrites | Should -BeNullOrEmpty
    }

    It 'refuses two items of the same name and lists every problem at once' {
        Reset-SimConfigMgr -Collections @()
        $marker = '[managed-by:aovpn-remediations package:aovpn-trusted-cas]'
        1..2 | ForEach-Object { New-CMConfigurationItem -Name $itemName -Description $marker -CreationType WindowsOS | Out-Null }
        New-CMBaseline -Name 'AOVPN trusted CAs' -Description 'hand-made' | Out-Null
        $global:AovpnCm.Calls.Clear()
        $failure = { Invoke-Import } | Should -Throw -PassThru
        $failure.Exception.Message | Should -Match '4 problem\(s\)'
        $failure.Exception.Message | Should -Match "2 configuration items are named"
        $failure.Exception.Message | Should -Match "baseline 'AOVPN trusted CAs' was not created by this script.*configMgr.baselines.clients.name"
        $failure.Exception.Message | Should -Match "collection 'AOVPN VPN servers' does not exist"
        $failure.Exception.Message | Should -Match "collection 'AOVPN NPS servers' does not exist"
        Get-SimCmWrites | Should -BeNullOrEmpty
    }

    It 'fails clearly when started outside a site drive without -SiteCode' {
        Reset-SimConfigMgr -Collections $collections
        { & $import } | Should -Throw -ExpectedMessage '*is not a ConfigMgr site drive*-SiteCode*'
        Get-SimCmWrites | Should -BeNullOrEmpty
    }

    It 'fails clearly for a site code without a site drive' {
        Reset-SimConfigMgr -Collections $collections -Sites @('P01')
        { & $import -SiteCode 'X99' } | Should -Throw -ExpectedMessage '*no ConfigMgr site drive X99*'
        Get-SimCmWrites | Should -BeNullOrEmpty
    }
}

Describe 'names that need quoting and several deployments' {
    BeforeAll {
        $odd = Join-Path $Context.ConfigMgrOnly 'configmgr/Import-AovpnBaseline.ps1'
    }
    BeforeEach {
        Reset-SimConfigMgr -Collections @('VPN servers [prod]', 'VPN servers p', 'NPS servers')
    }

    It 'creates the item and baseline with the exact names and deploys to each collection on its schedule' {
        Invoke-Import -Path $odd | Out-Null
        $global:AovpnCm.Items[0].LocalizedDisplayName | Should -BeExactly "Contoso's AOVPN - Trusted root and intermediate CAs"
        $global:AovpnCm.Baselines[0].LocalizedDisplayName | Should -BeExactly 'AOVPN [servers] health'
        @($global:AovpnCm.Deployments | ForEach-Object { '{0} every {1} {2}' -f $_.TargetCollectionID, $_.Schedule.RecurCount, $_.Schedule.RecurInterval }) | Should -Be @(
            'P0100001 every 7 Days', 'P0100003 every 1 Days')
    }

    It 'finds them again on the next run instead of creating copies' {
        Invoke-Import -Path $odd | Out-Null
        Invoke-Import -Path $odd | Out-Null
        $global:AovpnCm.Items.Count | Should -Be 1
        $global:AovpnCm.Baselines.Count | Should -Be 1
        $global:AovpnCm.Deployments.Count | Should -Be 2
    }

    It 'does not build Intune packages for a ConfigMgr-only profile' {
        Test-Path (Join-Path $Context.ConfigMgrOnly 'intune') | Should -BeFalse
        Test-Path (Join-Path $Context.ConfigMgrOnly 'configmgr/aovpn-trusted-cas/discovery.ps1') | Should -BeTrue
    }
}

Describe 'a package that runs as the logged-on user' {
    It 'gets -IsPerUser on its script setting' {
        # No user-context package goes to ConfigMgr in the sample; flip the flag in a copy of the importer.
        $copy = Join-Path ([System.IO.Path]::GetTempPath()) ('Import-AovpnBaseline-' + [guid]::NewGuid().ToString('N') + '.ps1')
        try {
            $text = [System.IO.File]::ReadAllText($import)
            $text.Contains('PerUser            = $false') | Should -BeTrue
            [System.IO.File]::WriteAllText($copy, $text.Replace('PerUser            = $false', 'PerUser            = $true'))
            Reset-SimConfigMgr -Collections $collections
            Invoke-Import -Path $copy | Out-Null
            (Get-SimCmCalls 'Add-CMComplianceSettingScript')[0].Parameters.IsPerUser | Should -BeTrue
            (Get-Setting).IsPerUser | Should -BeTrue
        }
        finally {
            Remove-Item -LiteralPath $copy -ErrorAction SilentlyContinue
        }
    }
}

Describe 'one baseline per role: the sample''s trusted CAs, VPN server and NPS server packages' {
    BeforeAll {
        # The sample's build: aovpn-trusted-cas (clients), aovpn-vpn-server-cert and aovpn-deny-list (vpnServers),
        # aovpn-nps-mfa (npsServers), each role with its own baseline and collections.
        $sampleImport = Join-Path $Context.Sample 'configmgr/Import-AovpnBaseline.ps1'
        $serverCollections = @('AOVPN VPN servers', 'AOVPN NPS servers', 'AOVPN VPN and NPS servers')
        $names = @{
            'aovpn-trusted-cas'     = 'AOVPN - Trusted root and intermediate CAs'
            'aovpn-vpn-server-cert' = 'AOVPN - VPN server IKEv2 certificate and services'
            'aovpn-nps-mfa'         = 'AOVPN - NPS and Azure MFA extension health'
            'aovpn-deny-list'       = 'AOVPN - VPN deny list'
        }

        function Get-Deployed {
            # Baseline name -> the names of the collections it is deployed to.
            param([Parameter(Mandatory)][string]$Baseline)
            @($global:AovpnCm.Deployments | Where-Object { $_.BaselineName -eq $Baseline } | ForEach-Object {
                    $id = $_.TargetCollectionID
                    @($global:AovpnCm.Collections | Where-Object { $_.CollectionID -eq $id })[0].Name
                })
        }

        function New-OlderItems {
            # The items an earlier version made: the same names and ownership markers, older scripts.
            foreach ($id in 'aovpn-trusted-cas', 'aovpn-vpn-server-cert', 'aovpn-nps-mfa', 'aovpn-deny-list') {
                New-CMConfigurationItem -Name $names[$id] -Description "older [managed-by:aovpn-remediations package:$id] [content:000000000000]" -CreationType WindowsOS
            }
        }
    }
    BeforeEach { Reset-SimConfigMgr -Collections $serverCollections }

    It 'creates three baselines, each with only its role''s items, deployed to its own collections' {
        $results = @(& $sampleImport -SiteCode 'P01')
        $global:AovpnCm.Items.Count | Should -Be 4
        @($global:AovpnCm.Baselines | ForEach-Object { $_.LocalizedDisplayName }) | Should -Be @('AOVPN trusted CAs', 'AOVPN VPN server health', 'AOVPN NPS server health')
        Get-SimCmMemberNames (Get-SimCmBaseline 'AOVPN trusted CAs') | Should -Be @($names['aovpn-trusted-cas'])
        Get-SimCmMemberNames (Get-SimCmBaseline 'AOVPN VPN server health') | Should -Be @($names['aovpn-vpn-server-cert'], $names['aovpn-deny-list'])
        Get-SimCmMemberNames (Get-SimCmBaseline 'AOVPN NPS server health') | Should -Be @($names['aovpn-nps-mfa'])
        Get-Deployed 'AOVPN trusted CAs' | Should -Be @('AOVPN VPN servers', 'AOVPN NPS servers')
        Get-Deployed 'AOVPN VPN server health' | Should -Be @('AOVPN VPN servers')
        Get-Deployed 'AOVPN NPS server health' | Should -Be @('AOVPN NPS servers')
        (Get-SimCmBaseline 'AOVPN VPN server health').LocalizedDescription | Should -Match '\[managed-by:aovpn-remediations baseline:vpnServers\]$'
        (Get-SimCmBaseline 'AOVPN NPS server health').LocalizedDescription | Should -Match '\[managed-by:aovpn-remediations baseline:npsServers\]$'
        @($results | Where-Object { $_.Kind -eq 'Baseline' } | ForEach-Object { '{0} {1}' -f $_.Name, $_.Action }) | Should -Be @(
            'AOVPN trusted CAs Create', 'AOVPN VPN server health Create', 'AOVPN NPS server health Create')
    }

    It 'renames an item of an earlier build whose package title changed, found by its marker, instead of making a second one' {
        $old = New-CMConfigurationItem -Name 'AOVPN - VPN server certificate (a title of an earlier build)' -Description 'older [managed-by:aovpn-remediations package:aovpn-vpn-server-cert] [content:000000000000]' -CreationType WindowsOS
        & $sampleImport -SiteCode 'P01' | Out-Null
        $global:AovpnCm.Items.Count | Should -Be 4
        @($global:AovpnCm.Items | Where-Object { $_.CI_ID -eq $old.CI_ID })[0].LocalizedDisplayName | Should -Be $names['aovpn-vpn-server-cert']
        Get-SimCmMemberNames (Get-SimCmBaseline 'AOVPN VPN server health') | Should -Be @($names['aovpn-vpn-server-cert'], $names['aovpn-deny-list'])
    }

    It 'changes nothing on a second run: no item, baseline, membership or deployment is created or removed' {
        & $sampleImport -SiteCode 'P01' | Out-Null
        $global:AovpnCm.Calls.Clear()
        $results = @(& $sampleImport -SiteCode 'P01')
        @(Get-SimCmWrites | ForEach-Object { $_.Command } | Select-Object -Unique) | Should -Be @('Set-CMBaselineDeployment')
        @(Get-SimCmCalls 'Set-CMBaselineDeployment').Count | Should -Be 4
        $global:AovpnCm.Baselines.Count | Should -Be 3
        $global:AovpnCm.Deployments.Count | Should -Be 4
        @($results | Where-Object { $_.Kind -ne 'Deployment' -and $_.Action -ne 'UpToDate' }) | Should -BeNullOrEmpty
    }

    It 'retires the single baseline of earlier versions: its items leave it, it and its deployment stay, nothing is deleted' {
        $older = @(New-OlderItems)
        Add-SimCmLegacyBaseline -Name 'AOVPN server health' -Items $older -Collection 'AOVPN VPN and NPS servers' | Out-Null
        $global:AovpnCm.Calls.Clear()
        $results = @(& $sampleImport -SiteCode 'P01')

        $legacy = Get-SimCmBaseline 'AOVPN server health'
        # Nothing left in it for a VPN-only or NPS-only server to be noncompliant about.
        @($legacy.Members).Count | Should -Be 0
        $legacy.LocalizedDescription | Should -Match '^Retired by aovpn-remediations: .*AOVPN trusted CAs, AOVPN VPN server health, AOVPN NPS server health.*delete it and its deployments by hand\. \[managed-by:aovpn-remediations baseline\]$'
        Get-Deployed 'AOVPN server health' | Should -Be @('AOVPN VPN and NPS servers')
        Get-SimCmCalls 'Remove-*' | Should -BeNullOrEmpty
        # The same items, updated in place, are now in their role's baselines.
        $global:AovpnCm.Items.Count | Should -Be 4
        Get-SimCmMemberNames (Get-SimCmBaseline 'AOVPN NPS server health') | Should -Be @($names['aovpn-nps-mfa'])
        @($results | Where-Object { $_.Kind -eq 'LegacyBaseline' } | ForEach-Object { '{0} {1} {2}' -f $_.Name, $_.Action, $_.Changed }) | Should -Be @('AOVPN server health Retire True')
        # Retired last, after every role's baseline holds its items.
        $results[-1].Kind | Should -Be 'LegacyBaseline'

        $global:AovpnCm.Calls.Clear()
        $again = @(& $sampleImport -SiteCode 'P01')
        @($again | Where-Object { $_.Kind -eq 'LegacyBaseline' } | ForEach-Object { $_.Action }) | Should -Be @('UpToDate')
        Get-SimCmCalls 'Set-CMBaseline' | Should -BeNullOrEmpty
    }

    It 'makes the old baseline the VPN servers'' baseline when the profile gives that role its name' {
        $older = @(New-OlderItems)
        Add-SimCmLegacyBaseline -Name 'AOVPN VPN server health' -Items $older -Collection 'AOVPN VPN servers' | Out-Null
        $global:AovpnCm.Calls.Clear()
        $results = @(& $sampleImport -SiteCode 'P01')
        $global:AovpnCm.Baselines.Count | Should -Be 3
        $vpn = Get-SimCmBaseline 'AOVPN VPN server health'
        Get-SimCmMemberNames $vpn | Should -Be @($names['aovpn-vpn-server-cert'], $names['aovpn-deny-list'])
        $vpn.LocalizedDescription | Should -Match '\[managed-by:aovpn-remediations baseline:vpnServers\]$'
        @($results | Where-Object { $_.Action -eq 'Remove' } | ForEach-Object { $_.Name }) | Should -Be @($names['aovpn-trusted-cas'], $names['aovpn-nps-mfa'])
        @($results | Where-Object { $_.Kind -eq 'LegacyBaseline' }) | Should -BeNullOrEmpty
        @($global:AovpnCm.Deployments | Where-Object { $_.BaselineName -eq 'AOVPN VPN server health' }).Count | Should -Be 1
    }

    It 'leaves a baseline it did not make alone, even when it holds this build''s items' {
        & $sampleImport -SiteCode 'P01' | Out-Null
        $handMade = New-CMBaseline -Name 'Our server checks' -Description 'made by hand'
        Set-CMBaseline -Id $handMade.CI_ID -AddOSConfigurationItem @([string]@($global:AovpnCm.Items | Where-Object { $_.LocalizedDisplayName -eq $names['aovpn-nps-mfa'] })[0].CI_ID)
        $global:AovpnCm.Calls.Clear()
        & $sampleImport -SiteCode 'P01' | Out-Null
        @((Get-SimCmBaseline 'Our server checks').Members).Count | Should -Be 1
        (Get-SimCmBaseline 'Our server checks').LocalizedDescription | Should -Be 'made by hand'
        Get-SimCmCalls 'Set-CMBaseline' | Should -BeNullOrEmpty
    }

    It 'shows the retirement under -WhatIf and changes nothing' {
        $older = @(New-OlderItems)
        Add-SimCmLegacyBaseline -Name 'AOVPN server health' -Items $older | Out-Null
        $global:AovpnCm.Calls.Clear()
        $results = @(& $sampleImport -SiteCode 'P01' -WhatIf)
        Get-SimCmWrites | Should -BeNullOrEmpty
        @((Get-SimCmBaseline 'AOVPN server health').Members).Count | Should -Be 4
        @($results | Where-Object { $_.Kind -eq 'LegacyBaseline' } | ForEach-Object { '{0} {1}' -f $_.Action, $_.Changed }) | Should -Be @('Retire False')
    }

    It 'checks every role''s collections before anything is written' {
        Reset-SimConfigMgr -Collections @('AOVPN VPN servers')
        { & $sampleImport -SiteCode 'P01' } | Should -Throw -ExpectedMessage "*collection 'AOVPN NPS servers' does not exist*"
        Get-SimCmWrites | Should -BeNullOrEmpty
    }
}
