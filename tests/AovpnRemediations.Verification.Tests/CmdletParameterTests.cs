using AovpnRemediations.Verification.Allowlists;
using static AovpnRemediations.Verification.Tests.Scripts;

namespace AovpnRemediations.Verification.Tests;

public sealed class CmdletParameterTests
{
    [Fact]
    public void Every_section_is_a_command_a_script_may_call_and_has_a_5_1_page()
    {
        var lists = AllowlistSet.Embedded;

        Assert.All(lists.Parameters.CommandNames, name =>
            Assert.True(lists.PackageCommands.Contains(name) || lists.ConfigMgrCommands.Contains(name), name));
        Assert.All(lists.Parameters.CommandNames, name =>
            Assert.StartsWith("https://learn.microsoft.com/en-us/powershell/module/", lists.Parameters.Find(name)!.DocUrl, StringComparison.Ordinal));
    }

    [Fact]
    public void The_common_parameters_are_the_eleven_of_5_1_without_WhatIf_and_Confirm()
    {
        var common = AllowlistSet.Embedded.Parameters.Common.Names.Keys.Order(StringComparer.Ordinal);

        Assert.Equal(
            ["Debug", "ErrorAction", "ErrorVariable", "InformationAction", "InformationVariable", "OutBuffer", "OutVariable",
             "PipelineVariable", "Verbose", "WarningAction", "WarningVariable"],
            common);
    }

    [Theory]
    [InlineData("    $x = Get-Date -WhatIf")]
    [InlineData("    $x = Get-Content -LiteralPath 'a' -AsByteStream")]
    [InlineData("    $x = Split-Path -Path 'a.txt' -LeafBase")]
    [InlineData("    $x = Select-Object -InputObject 1 -SkipIndex 0")]
    public void Parameters_PowerShell_7_added_or_WhatIf_without_ShouldProcess_are_findings(string body) =>
        Assert.Equal([VerificationRules.CmdletParameter], Rules(Package(body)));

    [Theory]
    [InlineData("    $x = Get-Content -PSPath 'a' -First 1 -Encoding Byte -Raw")]
    [InlineData("    $x = Get-Date -Verbose:$false -ErrorAction Stop -OutVariable seen")]
    [InlineData("    Remove-Item -LiteralPath 'a' -WhatIf -Confirm:$false")]
    [InlineData("    $x = & 'Get-Date' -Format 'o'")]
    public void Documented_names_aliases_and_common_parameters_are_accepted(string body) =>
        Assert.Empty(Verify(Package(body)));

    [Fact]
    public void Splatted_keys_are_checked_when_the_hashtable_is_a_literal_of_the_same_scriptblock()
    {
        const string Import = "$arguments = @{ Name = 'AOVPN'; Descriptio = 'x' }\nif ($true) { $arguments['CreationType'] = 'WindowsOS' }\n$ci = New-CMConfigurationItem @arguments\n";

        var finding = Assert.Single(Verify(Import, ScriptRole.ConfigMgrImportScript));

        Assert.Equal((VerificationRules.CmdletParameter, 1, 33), (finding.Rule, finding.Line, finding.Column));
        Assert.Contains("abbreviation of -Description", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_splatted_variable_with_a_computed_value_is_not_guessed_at() =>
        Assert.Empty(Verify("$arguments = Get-AovpnArguments\n$ci = New-CMConfigurationItem @arguments\nfunction Get-AovpnArguments { @{ Nope = 1 } }\n", ScriptRole.ConfigMgrImportScript));

    [Fact]
    public void A_simple_function_without_a_param_block_may_use_args() =>
        Assert.Empty(Verify(Package("    $x = Get-AovpnFirst -Anything 1").Replace(Guard + "\n", "function Get-AovpnFirst { $args[0] }\n" + Guard + "\n", StringComparison.Ordinal)));

    [Fact]
    public void Common_parameters_need_an_advanced_function()
    {
        var simple = Package("    $x = Get-AovpnOne -Value 1 -ErrorAction Stop").Replace(Guard + "\n", "function Get-AovpnOne { param($Value) $Value }\n" + Guard + "\n", StringComparison.Ordinal);
        var advanced = simple.Replace("param($Value)", "[CmdletBinding()] param($Value)", StringComparison.Ordinal);

        Assert.Equal([VerificationRules.CmdletParameter], Rules(simple));
        Assert.Empty(Verify(advanced));
    }

    [Fact]
    public void The_data_file_refuses_a_parameter_listed_twice()
    {
        var error = Assert.Throws<FormatException>(() => CmdletParameterList.Parse("[Common] https://learn.microsoft.com/x\nVerbose\n[Get-Date] https://learn.microsoft.com/y\nDate (Format)\nFormat\n", "p.txt"));

        Assert.Contains("p.txt line 5", error.Message, StringComparison.Ordinal);
    }
}
