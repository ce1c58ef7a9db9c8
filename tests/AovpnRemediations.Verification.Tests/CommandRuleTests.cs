using static AovpnRemediations.Verification.Tests.Scripts;

namespace AovpnRemediations.Verification.Tests;

public sealed class CommandRuleTests
{
    [Theory]
    [InlineData("    $now = get-date")]
    [InlineData("    $items = GET-CHILDITEM -LiteralPath 'C:\\'")]
    [InlineData("    $null = CertUtil.EXE -pulse")]
    [InlineData("    $now = & 'Get-Date'")]
    [InlineData("    $now = & \"Get-Date\"")]
    public void Allowed_commands_match_ignoring_case_and_through_a_literal_name(string body) =>
        Assert.Empty(Verify(Package(body)));

    [Theory]
    [InlineData("    $check = { Get-Date }\n    $now = & $check")]
    [InlineData("    $check = { Get-Date }\n    . $check")]
    [InlineData("    $now = & { Get-Date }")]
    public void ScriptblockInvocations_AreAllowed(string body) =>
        Assert.Empty(Verify(Package(body)));

    [Theory]
    [InlineData("    $noun = 'Date'\n    & \"Get-$noun\"", 4, 7)]
    [InlineData("    $table = @{}\n    & $table.Check", 4, 7)]
    [InlineData("    & (Get-Command -Name Get-Date)", 3, 7)]
    [InlineData("    . \"$PSScriptRoot\\helper.ps1\"", 3, 7)]
    public void Dynamic_command_names_are_findings(string body, int line, int column)
    {
        var findings = Verify(Package(body));

        var finding = Assert.Single(findings);
        Assert.Equal((VerificationRules.CommandNotAllowed, line, column), (finding.Rule, finding.Line, finding.Column));
        Assert.Contains("computed at run time", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dot_sourcing_a_literal_path_is_a_finding() =>
        Assert.Equal([new ExpectedFinding(VerificationRules.CommandNotAllowed, 3, 7)], Found(Package("    . .\\helper.ps1")));

    [Theory]
    [InlineData("Invoke-Expression -Command 'Get-Date'")]
    [InlineData("invoke-expression -Command 'Get-Date'")]
    [InlineData("Add-Type -TypeDefinition 'public class X {}'")]
    [InlineData("Invoke-WebRequest -Uri 'https://example.net'")]
    [InlineData("Invoke-RestMethod -Uri 'https://example.net'")]
    [InlineData("Start-Process -FilePath 'cmd.exe'")]
    [InlineData("ConvertTo-Json -InputObject 1")]
    [InlineData("& 'Invoke-Expression' 'Get-Date'")]
    public void ForbiddenCommands_SayWhy(string statement)
    {
        var finding = Assert.Single(Verify(Package("    $x = " + statement)));

        Assert.Equal(VerificationRules.CommandNotAllowed, finding.Rule);
        Assert.Contains("never allowed", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forbidden_command_stays_forbidden_when_the_script_defines_a_function_of_that_name()
    {
        var script = "function Invoke-Expression { param($Command) }\n" + Package("    Invoke-Expression -Command 'x'");

        Assert.Equal([VerificationRules.CommandNotAllowed], Rules(script));
    }

    [Theory]
    [InlineData("    $x = 1..3 | % { $_ }")]
    [InlineData("    $x = 1..3 | select -First 1")]
    [InlineData("    $x = Get-WmiObject -Class Win32_BIOS")]
    [InlineData("    $x = Get-EventLog -LogName Application")]
    public void Aliases_and_unlisted_commands_are_findings(string body) =>
        Assert.Equal([VerificationRules.CommandNotAllowed], Rules(Package(body)));

    [Fact]
    public void Functions_the_script_defines_may_be_called_even_before_their_definition()
    {
        var script = Package("    $ok = Test-AovpnLater\n    $ok = Test-AovpnScoped") +
            "function Test-AovpnLater { return $true }\nfunction script:Test-AovpnScoped { return $true }\n";

        // The guard must stay last, so move it after the added functions.
        script = script.Replace(Guard + "\n", "", StringComparison.Ordinal) + Guard + "\n";

        Assert.Empty(Verify(script));
    }

    [Fact]
    public void WriteHost_is_only_a_WriteHost_finding_inside_or_outside_the_guard()
    {
        var inside = Package("").Replace("Write-Output $r.Line", "Write-Host $r.Line", StringComparison.Ordinal);

        Assert.Equal([VerificationRules.WriteHost], Rules(Package("    Write-Host 'x'")));
        Assert.Equal([VerificationRules.WriteHost], Rules(inside));
    }

    [Fact]
    public void ConfigMgr_cmdlets_are_allowed_only_in_the_import_script()
    {
        const string Import = "Import-Module -Name ConfigurationManager\nSet-Location -Path 'P01:'\n$ci = Get-CMConfigurationItem -Name 'AOVPN'\n";

        Assert.Empty(Verify(Import, ScriptRole.ConfigMgrImportScript));

        var finding = Assert.Single(Verify(Package("    $b = Get-CMBaseline -Name 'AOVPN'")));
        Assert.Equal(VerificationRules.CommandNotAllowed, finding.Rule);
        Assert.Contains("only in the ConfigMgr import script", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_script_has_no_package_contract_but_the_shared_rules_still_apply()
    {
        // Top-level code, exit 2 and Write-Output are fine in the importer; it has no Invoke-AovpnMain.
        const string Import = "Write-Output 'importing'\nif ($false) { exit 2 }\n";
        Assert.Empty(Verify(Import, ScriptRole.ConfigMgrImportScript));

        const string Bad = "Write-Host 'x'\nInvoke-Expression 'x'\n$x = $a ?? 1\n";
        Assert.Equal(
            [VerificationRules.WriteHost, VerificationRules.CommandNotAllowed, VerificationRules.Ps7Syntax],
            Rules(Bad, ScriptRole.ConfigMgrImportScript));
    }
}
