# configmgr/Import-AovpnBaseline.ps1 against stand-ins of the ConfigMgr cmdlets (Harness/SimulatedConfigMgr.ps1):
# creates, then updates and never duplicates, the configuration items, the baseline and its deployments.
param([Parameter(Mandatory)][hashtable]$Context)

BeforeAll {
    . (Join-Path $Context.Harness 'SimulatedConfigMgr.ps1')
    # The sample with aovpn-trusted-cas as its only ConfigMgr package (the server packages left out).
    $import = Join-Path $Context.TrustedCasOnly 'configmgr/Import-AovpnBaseline.ps1'
    $itemName = 'AOVPN - Trusted root and intermediate CAs'
    $collection = 'AOVPN VPN and NPS servers'

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
        Reset-SimConfigMgr -Collections @($collection, 'Other servers')
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

    It 'creates the baseline holding the item' {
        $global:AovpnCm.Baselines.Count | Should -Be 1
        $baseline = $global:AovpnCm.Baselines[0]
        $baseline.LocalizedDisplayName | Should -BeExactly 'AOVPN server health'
        $baseline.LocalizedDescription | Should -Match '\[managed-by:aovpn-remediations baseline\]$'
        @($baseline.Members) | Should -Be @($global:AovpnCm.Items[0].CI_ID)
        $add = @(Get-SimCmCalls 'Set-CMBaseline' | Where-Object { $_.Parameters.Contains('AddOSConfigurationItem') })
        $add.Count | Should -Be 1
        @($add[0].Parameters.AddOSConfigurationItem) | Should -Be @([string]$global:AovpnCm.Items[0].CI_ID)
    }

    It 'deploys the baseline to the profile''s collection only, with remediation and a daily schedule' {
        $global:AovpnCm.Deployments.Count | Should -Be 1
        $deployment = $global:AovpnCm.Deployments[0]
        $deployment.TargetCollectionID | Should -Be 'P0100001'
        $deployment.BaselineId | Should -Be $global:AovpnCm.Baselines[0].CI_ID
        $deployment.EnableEnforcement | Should -BeTrue
        $deployment.Schedule.RecurInterval | Should -Be 'Days'
        $deployment.Schedule.RecurCount | Should -Be 1
    }

    It 'writes the item last: its final description comes after the setting, so a cut-off run is seen as unfinished' {
        $writes = @(Get-SimCmWrites | ForEach-Object { $_.Command })
        $writes[0..2] | Should -Be @('New-CMConfigurationItem', 'Add-CMComplianceSettingScript', 'Set-CMConfigurationItem')
        (Get-SimCmCalls 'New-CMConfigurationItem')[0].Parameters.Description | Should -Not -Match '\[content:'
    }

    It 'reports every change it made and goes back to where it started' {
        @($results | ForEach-Object { '{0} {1} {2}' -f $_.Kind, $_.Action, $_.Changed }) | Should -Be @(
            'ConfigurationItem Create True', 'Baseline Create True', 'BaselineItem Add True', 'Deployment Create True')
        @(Get-SimCmCalls 'Set-Location' | ForEach-Object { $_.Parameters.Path })[0] | Should -Be 'P01:\'
        @(Get-SimCmCalls 'Set-Location').Count | Should -Be 2
    }
}

Describe 'a second import' {
    BeforeEach {
        Reset-SimConfigMgr -Collections @($collection)
        Invoke-Import | Out-Null
        $global:AovpnCm.Calls.Clear()
    }

    It 'creates nothing, leaves the up-to-date item alone and re-applies the deployment settings' {
        $results = Invoke-Import
        Get-SimCmCalls 'New-*' | Where-Object { $_.Command -ne 'New-CMSchedule' } | Should -BeNullOrEmpty
        Get-SimCmCalls 'Add-*' | Should -BeNullOrEmpty
        @(Get-SimCmWrites | ForEach-Object { $_.Command }) | Should -Be @('Set-CMBaselineDeployment')
        (Get-SimCmCalls 'Set-CMBaselineDeployment')[0].Parameters.EnableEnforcement | Should -BeTrue
        $global:AovpnCm.Items.Count | Should -Be 1
        $global:AovpnCm.Baselines.Count | Should -Be 1
        $global:AovpnCm.Deployments.Count | Should -Be 1
        @($global:AovpnCm.Baselines[0].Members).Count | Should -Be 1
        @($results | ForEach-Object { '{0} {1}' -f $_.Kind, $_.Action }) | Should -Be @(
            'ConfigurationItem UpToDate', 'Baseline UpToDate', 'BaselineItem UpToDate', 'Deployment Update')
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
        Reset-SimConfigMgr -Collections @($collection)
        $results = Invoke-Import -WhatIf
        Get-SimCmWrites | Should -BeNullOrEmpty
        $global:AovpnCm.Items.Count | Should -Be 0
        $global:AovpnCm.Baselines.Count | Should -Be 0
        @($results | ForEach-Object { '{0} {1} {2}' -f $_.Kind, $_.Action, $_.Changed }) | Should -Be @(
            'ConfigurationItem Create False', 'Baseline Create False', 'BaselineItem Add False', 'Deployment Create False')
    }

    It 'changes nothing on a site that needs an update' {
        Reset-SimConfigMgr -Collections @($collection)
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
        { Invoke-Import } | Should -Throw -ExpectedMessage "*collection 'AOVPN VPN and NPS servers' does not exist*configMgr.deployments*"
        Get-SimCmWrites | Should -BeNullOrEmpty
        $global:AovpnCm.Items.Count | Should -Be 0
    }

    It 'refuses an item of the same name that the script did not create' {
        Reset-SimConfigMgr -Collections @($collection)
        New-CMConfigurationItem -Name $itemName -Description 'made by hand' -CreationType WindowsOS | Out-Null
        $global:AovpnCm.Calls.Clear()
        { Invoke-Import } | Should -Throw -ExpectedMessage "*configuration item 'AOVPN - Trusted root and intermediate CAs' was not created by this script*"
        Get-SimCmWrites | Should -BeNullOrEmpty
    }

    It 'refuses two items of the same name and lists every problem at once' {
        Reset-SimConfigMgr -Collections @()
        $marker = '[managed-by:aovpn-remediations package:aovpn-trusted-cas]'
        1..2 | ForEach-Object { New-CMConfigurationItem -Name $itemName -Description $marker -CreationType WindowsOS | Out-Null }
        New-CMBaseline -Name 'AOVPN server health' -Description 'hand-made' | Out-Null
        $global:AovpnCm.Calls.Clear()
        $failure = { Invoke-Import } | Should -Throw -PassThru
        $failure.Exception.Message | Should -Match '3 problem\(s\)'
        $failure.Exception.Message | Should -Match "2 configuration items are named"
        $failure.Exception.Message | Should -Match "baseline 'AOVPN server health' was not created by this script"
        $failure.Exception.Message | Should -Match "collection 'AOVPN VPN and NPS servers' does not exist"
        Get-SimCmWrites | Should -BeNullOrEmpty
    }

    It 'fails clearly when started outside a site drive without -SiteCode' {
        Reset-SimConfigMgr -Collections @($collection)
        { & $import } | Should -Throw -ExpectedMessage '*is not a ConfigMgr site drive*-SiteCode*'
        Get-SimCmWrites | Should -BeNullOrEmpty
    }

    It 'fails clearly for a site code without a site drive' {
        Reset-SimConfigMgr -Collections @($collection) -Sites @('P01')
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
            Reset-SimConfigMgr -Collections @($collection)
            Invoke-Import -Path $copy | Out-Null
            (Get-SimCmCalls 'Add-CMComplianceSettingScript')[0].Parameters.IsPerUser | Should -BeTrue
            (Get-Setting).IsPerUser | Should -BeTrue
        }
        finally {
            Remove-Item -LiteralPath $copy -ErrorAction SilentlyContinue
        }
    }
}
