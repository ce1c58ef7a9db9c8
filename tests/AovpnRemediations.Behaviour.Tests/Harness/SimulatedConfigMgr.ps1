# Stand-ins for the ConfigurationManager cmdlets the import script calls, backed by $global:AovpnCm: a site
# with collections, configuration items, baselines and deployments. Each stand-in takes the parameters of the
# real cmdlet that the import script uses (names and types from the ConfigMgr PowerShell reference), records
# the call, and changes the site the way the real cmdlet would. Like ConfigMgr, nothing stops two items,
# baselines or deployments with the same name: the import script is what must not create them.
# Dot-source in BeforeAll; call Reset-SimConfigMgr before each scenario.

function Reset-SimConfigMgr {
    param([string[]]$Collections = @(), [string[]]$Sites = @('P01'))
    $global:AovpnCm = [pscustomobject]@{
        Sites       = $Sites
        Collections = New-Object System.Collections.ArrayList
        Items       = New-Object System.Collections.ArrayList
        Baselines   = New-Object System.Collections.ArrayList
        Deployments = New-Object System.Collections.ArrayList
        Calls       = New-Object System.Collections.ArrayList
        NextId      = 16777500
    }
    $number = 0
    foreach ($name in $Collections) {
        $number++
        [void]$global:AovpnCm.Collections.Add([pscustomobject]@{ Name = $name; CollectionID = ('P01{0:D5}' -f $number) })
    }
}

function Add-SimCmCall {
    # One call: the command and its bound parameters; an object parameter is recorded by its CI_ID.
    param([string]$Command, [System.Collections.IDictionary]$Parameters)
    $copy = [ordered]@{}
    foreach ($key in $Parameters.Keys) {
        $value = $Parameters[$key]
        if ($value -is [psobject] -and $value.PSObject.Properties['CI_ID']) {
            $value = $value.CI_ID
        }
        elseif ($value -is [System.Management.Automation.SwitchParameter]) {
            $value = $value.IsPresent
        }
        $copy[$key] = $value
    }
    [void]$global:AovpnCm.Calls.Add([pscustomobject]@{ Command = $Command; Parameters = $copy })
}

function Get-SimCmCalls {
    param([string]$Like = '*')
    @($global:AovpnCm.Calls | Where-Object { $_.Command -like $Like })
}

function Get-SimCmWrites {
    # Every call that would change the site (anything but Get-*).
    @($global:AovpnCm.Calls | Where-Object { $_.Command -notlike 'Get-*' -and $_.Command -ne 'New-CMSchedule' -and $_.Command -ne 'Set-Location' })
}

function Test-SimCmName {
    # ConfigMgr name parameters take wildcards unless -DisableWildcardHandling is given.
    param([string]$Actual, [string]$Wanted, [bool]$Literal)
    if ($Literal) {
        return $Actual -eq $Wanted
    }
    $Actual -like $Wanted
}

function New-SimCmId {
    $global:AovpnCm.NextId++
    $global:AovpnCm.NextId
}

function Find-SimCmItem {
    param([Parameter(Mandatory)]$Id)
    $item = @($global:AovpnCm.Items | Where-Object { $_.CI_ID -eq [int]$Id })
    if ($item.Count -ne 1) {
        throw "No configuration item with CI_ID $Id."
    }
    $item[0]
}

function Update-SimCmBaselineXml {
    # The baseline's digest names each item by the logical name at the end of its ModelName.
    param([Parameter(Mandatory)]$Baseline)
    $references = foreach ($id in $Baseline.Members) {
        $item = Find-SimCmItem -Id $id
        $parts = $item.ModelName -split '/'
        '<OperatingSystemConfigurationItemReference AuthoringScopeId="{0}" LogicalName="{1}" />' -f $parts[0], $parts[1]
    }
    $Baseline.SDMPackageXML = '<DesiredConfigurationDigest><ConfigurationBaseline><OperatingSystemConfigurationItems>' + (@($references) -join '') + '</OperatingSystemConfigurationItems></ConfigurationBaseline></DesiredConfigurationDigest>'
}

#region Stand-ins
function Get-PSDrive {
    [CmdletBinding()]
    param([string]$Name, [string]$PSProvider)
    Add-SimCmCall -Command 'Get-PSDrive' -Parameters $PSBoundParameters
    if ($PSProvider -eq 'CMSite' -and $global:AovpnCm.Sites -contains $Name) {
        [pscustomobject]@{ Name = $Name; Provider = [pscustomobject]@{ Name = 'CMSite' }; Root = "$Name.example.net" }
    }
}

function Set-Location {
    [CmdletBinding()]
    param([string]$Path)
    Add-SimCmCall -Command 'Set-Location' -Parameters $PSBoundParameters
}

function Get-CMCollection {
    [CmdletBinding()]
    param([string]$Name, [switch]$DisableWildcardHandling)
    Add-SimCmCall -Command 'Get-CMCollection' -Parameters $PSBoundParameters
    $global:AovpnCm.Collections | Where-Object { Test-SimCmName $_.Name $Name $DisableWildcardHandling.IsPresent }
}

function Get-CMConfigurationItem {
    [CmdletBinding()]
    param([string]$Name, [int]$Id, [switch]$Fast, [switch]$DisableWildcardHandling)
    Add-SimCmCall -Command 'Get-CMConfigurationItem' -Parameters $PSBoundParameters
    if ($PSBoundParameters.ContainsKey('Id')) {
        return $global:AovpnCm.Items | Where-Object { $_.CI_ID -eq $Id }
    }
    $global:AovpnCm.Items | Where-Object { Test-SimCmName $_.LocalizedDisplayName $Name $DisableWildcardHandling.IsPresent }
}

function New-CMConfigurationItem {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory)][string]$Name,
        [string]$Description,
        [Parameter(Mandatory)][ValidateSet('WindowsOS', 'WindowsApplication', 'MacOS', 'MobileDevice', 'None')][string]$CreationType
    )
    Add-SimCmCall -Command 'New-CMConfigurationItem' -Parameters $PSBoundParameters
    $id = New-SimCmId
    $logical = 'OperatingSystem_{0:x8}' -f $id
    $item = [pscustomobject]@{
        CI_ID                = $id
        CI_UniqueID          = "ScopeId_SIM/$logical/1"
        ModelName            = "ScopeId_SIM/$logical"
        LocalizedDisplayName = $Name
        LocalizedDescription = $Description
        CreationType         = $CreationType
        CIVersion            = 1
        Settings             = New-Object System.Collections.ArrayList
    }
    [void]$global:AovpnCm.Items.Add($item)
    $item
}

function Set-CMConfigurationItem {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([int]$Id, [string]$Name, $InputObject, [string]$Description, [string]$NewName, [switch]$PassThru)
    Add-SimCmCall -Command 'Set-CMConfigurationItem' -Parameters $PSBoundParameters
    $item = Find-SimCmItem -Id $Id
    if ($PSBoundParameters.ContainsKey('Description')) {
        $item.LocalizedDescription = $Description
    }
    $item.CIVersion++
    if ($PassThru) { $item }
}

function Add-CMComplianceSettingScript {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory)]$InputObject,
        [Parameter(Mandatory)][string]$Name,
        [string]$Description,
        [Parameter(Mandatory)][ValidateSet('String', 'DateTime', 'Integer', 'FloatingPoint', 'Version', 'Boolean')][string]$DataType,
        [Parameter(Mandatory)][ValidateSet('PowerShell', 'VBScript', 'JScript', 'ShellScript')][string]$DiscoveryScriptLanguage,
        [string]$DiscoveryScriptText,
        [switch]$Is64Bit,
        [switch]$IsPerUser,
        [switch]$Remediate,
        [ValidateSet('PowerShell', 'VBScript', 'JScript', 'ShellScript')][string]$RemediationScriptLanguage,
        [string]$RemediationScriptText,
        [switch]$NoRule,
        [switch]$ValueRule,
        [switch]$ExistentialRule,
        [string]$RuleName,
        [string]$RuleDescription,
        [ValidateSet('IsEquals', 'NotEquals', 'GreaterThan', 'LessThan', 'BeginsWith', 'EndsWith', 'Contains', 'OneOf', 'NoneOf')][string]$ExpressionOperator,
        [string[]]$ExpectedValue,
        [switch]$ReportNoncompliance,
        [ValidateSet('None', 'Informational', 'Warning', 'Critical', 'CriticalWithEvent')][string]$NoncomplianceSeverity,
        [switch]$PassThru
    )
    Add-SimCmCall -Command 'Add-CMComplianceSettingScript' -Parameters $PSBoundParameters
    $item = Find-SimCmItem -Id $InputObject.CI_ID
    if (@($item.Settings | Where-Object { $_.Name -eq $Name }).Count -gt 0) {
        throw "Configuration item $($item.CI_ID) already has a setting named '$Name'."
    }
    if ($ValueRule -and (-not $RuleName -or -not $ExpressionOperator -or $null -eq $ExpectedValue)) {
        throw 'The ValueRule parameter set needs -RuleName, -ExpressionOperator and -ExpectedValue.'
    }
    $rule = $null
    if ($ValueRule) {
        $rule = [pscustomobject]@{
            Name                  = $RuleName
            Description           = $RuleDescription
            ExpressionOperator    = $ExpressionOperator
            ExpectedValue         = $ExpectedValue
            Remediate             = $Remediate.IsPresent
            ReportNoncompliance   = $ReportNoncompliance.IsPresent
            NoncomplianceSeverity = $NoncomplianceSeverity
        }
    }
    [void]$item.Settings.Add([pscustomobject]@{
        Name                      = $Name
        Description               = $Description
        DataType                  = $DataType
        DiscoveryScriptLanguage   = $DiscoveryScriptLanguage
        DiscoveryScriptText       = $DiscoveryScriptText
        RemediationScriptLanguage = $RemediationScriptLanguage
        RemediationScriptText     = $RemediationScriptText
        Is64Bit                   = $Is64Bit.IsPresent
        IsPerUser                 = $IsPerUser.IsPresent
        Rule                      = $rule
    })
    $item.CIVersion++
    if ($PassThru) { $item }
}

function Get-CMComplianceSetting {
    [CmdletBinding()]
    param([Parameter(Mandatory)]$InputObject, [string]$SettingName)
    Add-SimCmCall -Command 'Get-CMComplianceSetting' -Parameters $PSBoundParameters
    (Find-SimCmItem -Id $InputObject.CI_ID).Settings | Where-Object { -not $SettingName -or $_.Name -eq $SettingName }
}

function Set-CMComplianceSettingScript {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory)]$InputObject,
        [Parameter(Mandatory)][string]$SettingName,
        [string]$NewSettingName,
        [string]$Description,
        [ValidateSet('PowerShell', 'VBScript', 'JScript', 'ShellScript')][string]$DiscoveryScriptLanguage,
        [string]$DiscoveryScriptText,
        [bool]$Is64Bit,
        [bool]$IsPerUser,
        [ValidateSet('PowerShell', 'VBScript', 'JScript', 'ShellScript')][string]$RemediationScriptLanguage,
        [string]$RemediationScriptText,
        [switch]$RemoveRemediationScript,
        [switch]$PassThru
    )
    Add-SimCmCall -Command 'Set-CMComplianceSettingScript' -Parameters $PSBoundParameters
    $item = Find-SimCmItem -Id $InputObject.CI_ID
    $setting = @($item.Settings | Where-Object { $_.Name -eq $SettingName })
    if ($setting.Count -ne 1) {
        throw "Configuration item $($item.CI_ID) has no setting named '$SettingName'."
    }
    foreach ($name in 'Description', 'DiscoveryScriptLanguage', 'DiscoveryScriptText', 'Is64Bit', 'IsPerUser', 'RemediationScriptLanguage', 'RemediationScriptText') {
        if ($PSBoundParameters.ContainsKey($name)) {
            $setting[0].$name = $PSBoundParameters[$name]
        }
    }
    if ($RemoveRemediationScript) {
        $setting[0].RemediationScriptText = $null
        $setting[0].RemediationScriptLanguage = $null
    }
    $item.CIVersion++
    if ($PassThru) { $item }
}

function Set-CMComplianceRuleValue {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory)]$InputObject,
        [Parameter(Mandatory)][string]$RuleName,
        [string]$NewRuleName,
        [string]$RuleDescription,
        [string[]]$ExpectedValue,
        [ValidateSet('IsEquals', 'NotEquals', 'BeginsWith', 'NotBeginsWith', 'EndsWith', 'NotEndsWith', 'Contains', 'NotContains', 'OneOf', 'NoneOf')][string]$ExpressionOperator,
        [bool]$Remediate,
        [bool]$ReportNoncompliance,
        [ValidateSet('None', 'Informational', 'Warning', 'Critical', 'CriticalWithEvent')][string]$NoncomplianceSeverity,
        [switch]$PassThru
    )
    Add-SimCmCall -Command 'Set-CMComplianceRuleValue' -Parameters $PSBoundParameters
    $item = Find-SimCmItem -Id $InputObject.CI_ID
    $rule = @($item.Settings | Where-Object { $null -ne $_.Rule -and $_.Rule.Name -eq $RuleName } | ForEach-Object { $_.Rule })
    if ($rule.Count -ne 1) {
        throw "Configuration item $($item.CI_ID) has no rule named '$RuleName'."
    }
    foreach ($name in 'RuleDescription', 'ExpectedValue', 'ExpressionOperator', 'Remediate', 'ReportNoncompliance', 'NoncomplianceSeverity') {
        if ($PSBoundParameters.ContainsKey($name)) {
            $property = $name
            if ($name -eq 'RuleDescription') { $property = 'Description' }
            $rule[0].$property = $PSBoundParameters[$name]
        }
    }
    $item.CIVersion++
    if ($PassThru) { $item }
}

function Get-CMBaseline {
    [CmdletBinding()]
    param([string]$Name, [int]$Id, [switch]$Fast, [switch]$DisableWildcardHandling)
    Add-SimCmCall -Command 'Get-CMBaseline' -Parameters $PSBoundParameters
    if ($PSBoundParameters.ContainsKey('Id')) {
        return $global:AovpnCm.Baselines | Where-Object { $_.CI_ID -eq $Id }
    }
    $global:AovpnCm.Baselines | Where-Object { Test-SimCmName $_.LocalizedDisplayName $Name $DisableWildcardHandling.IsPresent }
}

function New-CMBaseline {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory)][string]$Name, [string]$Description)
    Add-SimCmCall -Command 'New-CMBaseline' -Parameters $PSBoundParameters
    $id = New-SimCmId
    $baseline = [pscustomobject]@{
        CI_ID                = $id
        ModelName            = 'ScopeId_SIM/Baseline_{0:x8}' -f $id
        LocalizedDisplayName = $Name
        LocalizedDescription = $Description
        Members              = New-Object System.Collections.ArrayList
        SDMPackageXML        = ''
    }
    Update-SimCmBaselineXml -Baseline $baseline
    [void]$global:AovpnCm.Baselines.Add($baseline)
    $baseline
}

function Set-CMBaseline {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([int]$Id, [string]$Name, [string]$Description, [string[]]$AddOSConfigurationItem, [switch]$PassThru)
    Add-SimCmCall -Command 'Set-CMBaseline' -Parameters $PSBoundParameters
    $baseline = @($global:AovpnCm.Baselines | Where-Object { $_.CI_ID -eq $Id })
    if ($baseline.Count -ne 1) {
        throw "No baseline with CI_ID $Id."
    }
    if ($PSBoundParameters.ContainsKey('Description')) {
        $baseline[0].LocalizedDescription = $Description
    }
    foreach ($ciId in @($AddOSConfigurationItem | Where-Object { $_ })) {
        $item = Find-SimCmItem -Id $ciId
        if ($baseline[0].Members -contains $item.CI_ID) {
            throw "Baseline $Id already holds configuration item $ciId."
        }
        [void]$baseline[0].Members.Add($item.CI_ID)
    }
    Update-SimCmBaselineXml -Baseline $baseline[0]
    if ($PassThru) { $baseline[0] }
}

function New-CMSchedule {
    [CmdletBinding()]
    param([ValidateSet('Minutes', 'Hours', 'Days')][string]$RecurInterval, [int]$RecurCount, [string]$DurationInterval, [int]$DurationCount, [datetime]$Start)
    Add-SimCmCall -Command 'New-CMSchedule' -Parameters $PSBoundParameters
    [pscustomobject]@{ RecurInterval = $RecurInterval; RecurCount = $RecurCount }
}

function Get-CMBaselineDeployment {
    [CmdletBinding()]
    param([string]$Name, [string]$CollectionId, [switch]$DisableWildcardHandling)
    Add-SimCmCall -Command 'Get-CMBaselineDeployment' -Parameters $PSBoundParameters
    $global:AovpnCm.Deployments | Where-Object {
        (Test-SimCmName $_.BaselineName $Name $DisableWildcardHandling.IsPresent) -and (-not $CollectionId -or $_.TargetCollectionID -eq $CollectionId)
    }
}

function New-CMBaselineDeployment {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([int]$Id, [string]$Name, $InputObject, [string]$CollectionId, [string]$CollectionName, [bool]$EnableEnforcement, $Schedule, [bool]$OverrideServiceWindow, [bool]$GenerateAlert)
    Add-SimCmCall -Command 'New-CMBaselineDeployment' -Parameters $PSBoundParameters
    $baseline = @($global:AovpnCm.Baselines | Where-Object { $_.CI_ID -eq $Id })
    $collection = @($global:AovpnCm.Collections | Where-Object { $_.CollectionID -eq $CollectionId })
    if ($baseline.Count -ne 1 -or $collection.Count -ne 1) {
        throw "No baseline $Id or no collection $CollectionId."
    }
    $deployment = [pscustomobject]@{
        BaselineName       = $baseline[0].LocalizedDisplayName
        BaselineId         = $Id
        TargetCollectionID = $CollectionId
        EnableEnforcement  = $EnableEnforcement
        Schedule           = $Schedule
    }
    [void]$global:AovpnCm.Deployments.Add($deployment)
    $deployment
}

function Set-CMBaselineDeployment {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$BaselineName, [string]$CollectionId, [bool]$EnableEnforcement, $Schedule, [switch]$PassThru)
    Add-SimCmCall -Command 'Set-CMBaselineDeployment' -Parameters $PSBoundParameters
    $deployment = @($global:AovpnCm.Deployments | Where-Object { $_.BaselineName -eq $BaselineName -and $_.TargetCollectionID -eq $CollectionId })
    if ($deployment.Count -ne 1) {
        throw "No deployment of '$BaselineName' to $CollectionId."
    }
    if ($PSBoundParameters.ContainsKey('EnableEnforcement')) { $deployment[0].EnableEnforcement = $EnableEnforcement }
    if ($PSBoundParameters.ContainsKey('Schedule')) { $deployment[0].Schedule = $Schedule }
    if ($PassThru) { $deployment[0] }
}
#endregion
