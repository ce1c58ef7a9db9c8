using AovpnRemediations.Verification.Allowlists;

namespace AovpnRemediations.Verification.Tests;

public sealed class AllowlistTests
{
    [Fact]
    public void ReadNames_skips_comments_and_blank_lines_and_trims()
    {
        var text = "# header\r\n\r\n## Group\r\n  Get-Date  \r\nGet-Item # trailing comment\r\n\t\r\n";

        Assert.Equal(["Get-Date", "Get-Item"], AllowlistFile.ReadNames(text, "t.txt"));
    }

    [Fact]
    public void ReadNames_rejects_two_names_on_one_line()
    {
        var error = Assert.Throws<FormatException>(() => AllowlistFile.ReadNames("Get-Date\nGet-Item Get-Content\n", "t.txt"));

        Assert.Contains("t.txt line 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Invoke-Expression")]
    [InlineData("add-type")]
    [InlineData("WRITE-HOST")]
    [InlineData("ConvertTo-Json")]
    public void CommandAllowlist_refuses_to_list_a_forbidden_command(string name)
    {
        var error = Assert.Throws<FormatException>(() => CommandAllowlist.Parse($"Get-Date\n{name}\n", "commands.txt"));

        Assert.Contains("never allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandAllowlist_matches_ignoring_case()
    {
        var list = CommandAllowlist.Parse("Get-Date\ncertutil.exe\n", "t.txt");

        Assert.True(list.Contains("GET-DATE"));
        Assert.True(list.Contains("CertUtil.EXE"));
        Assert.False(list.Contains("certutil"));
    }

    public static TheoryData<string> RequiredPackageCommands => new(
        "Get-Date", "Get-Item", "Get-ChildItem", "Test-Path", "New-Item", "Join-Path", "Split-Path", "Get-Content",
        "Set-Content", "Add-Content", "Move-Item", "Remove-Item", "Get-ItemProperty", "Set-ItemProperty", "New-ItemProperty",
        "Get-WinEvent", "Get-Service", "Start-Service", "Restart-Service", "Start-Sleep", "Write-Output", "Write-Verbose",
        "Write-Warning", "Write-Error", "ForEach-Object", "Where-Object", "Select-Object", "Sort-Object", "Group-Object",
        "Measure-Object", "New-Object", "Out-Null", "Out-String", "Get-CimInstance", "Get-VpnConnection",
        "Get-RemoteAccessConnectionStatistics", "Disconnect-VpnUser", "Get-VpnServerConfiguration", "Get-VpnAuthProtocol",
        "certutil.exe", "Set-StrictMode");

    [Theory]
    [MemberData(nameof(RequiredPackageCommands))]
    public void Embedded_commands_hold_what_AOVPN_scripts_need(string name) =>
        Assert.True(AllowlistSet.Embedded.PackageCommands.Contains(name), name);

    public static TheoryData<string> RequiredConfigMgrCommands => new(
        "Get-CMConfigurationItem", "New-CMConfigurationItem", "Set-CMConfigurationItem", "Add-CMComplianceSettingScript",
        "Set-CMComplianceSettingScript", "Get-CMComplianceSetting", "Remove-CMComplianceSetting", "New-CMComplianceRuleValue", "Set-CMComplianceRuleValue",
        "Get-CMBaseline", "New-CMBaseline", "Set-CMBaseline", "Get-CMBaselineDeployment", "New-CMBaselineDeployment",
        "Set-CMBaselineDeployment", "New-CMSchedule", "Get-CMCollection", "Get-CMDeviceCollection", "Import-Module",
        "Set-Location", "Get-PSDrive", "New-PSDrive", "Get-Location");

    [Theory]
    [MemberData(nameof(RequiredConfigMgrCommands))]
    public void Embedded_ConfigMgr_commands_are_only_on_the_import_script_list(string name)
    {
        Assert.True(AllowlistSet.Embedded.ConfigMgrCommands.Contains(name), name);
        Assert.False(AllowlistSet.Embedded.PackageCommands.Contains(name), name);
    }
}
