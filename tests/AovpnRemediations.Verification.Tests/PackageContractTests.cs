using static AovpnRemediations.Verification.Tests.Scripts;

namespace AovpnRemediations.Verification.Tests;

public sealed class PackageContractTests
{
    [Theory]
    [InlineData("exit 0")]
    [InlineData("exit 1")]
    [InlineData("exit $r.ExitCode")]
    [InlineData("exit")]
    public void Exit_in_the_guard_with_zero_one_or_a_value_is_accepted(string exit) =>
        Assert.Empty(Verify(Package("").Replace("exit $r.ExitCode", exit, StringComparison.Ordinal)));

    [Theory]
    [InlineData("exit 2")]
    [InlineData("exit -1")]
    [InlineData("exit '3'")]
    public void Exit_in_the_guard_with_another_literal_is_a_finding(string exit) =>
        Assert.Equal([VerificationRules.ExitCode], Rules(Package("").Replace("exit $r.ExitCode", exit, StringComparison.Ordinal)));

    [Fact]
    public void Exit_at_top_level_is_only_an_exit_code_finding() =>
        Assert.Equal(
            [new ExpectedFinding(VerificationRules.ExitCode, 2, 1)],
            Found(Package("").Replace("function Invoke-AovpnMain", "exit 0\nfunction Invoke-AovpnMain", StringComparison.Ordinal)));

    [Fact]
    public void Environment_exit_is_an_exit_code_finding() =>
        Assert.Equal([new ExpectedFinding(VerificationRules.ExitCode, 3, 5)], Found(Package("    [System.Environment]::Exit(1)")));

    [Fact]
    public void Stdout_inside_the_guard_is_accepted()
    {
        var script = Package("").Replace("Write-Output $r.Line;", "Write-Output $r.Line; [Console]::Out.Flush(); 'x' | Out-Host;", StringComparison.Ordinal);

        Assert.Empty(Verify(script));
    }

    [Fact]
    public void Top_level_write_output_is_one_finding()
    {
        var script = Package("").Replace("function Invoke-AovpnMain", "Write-Output 'x'\nfunction Invoke-AovpnMain", StringComparison.Ordinal);

        Assert.Equal([new ExpectedFinding(VerificationRules.StdoutContract, 2, 1)], Found(script));
    }

    [Fact]
    public void Guard_that_is_not_last_is_a_finding()
    {
        var script = Package("    Get-AovpnLater") + "function Get-AovpnLater { }\n";

        var finding = Assert.Single(Verify(script));
        Assert.Equal((VerificationRules.StdoutContract, 6), (finding.Rule, finding.Line));
        Assert.Contains("last statement", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("if ($MyInvocation.InvocationName -eq '.') { }")]
    [InlineData("if ($MyInvocation.MyCommand -ne '.') { }")]
    [InlineData("if ($MyInvocation.InvocationName -ne '.') { } else { }")]
    [InlineData("$r = Invoke-AovpnMain")]
    public void Something_else_in_place_of_the_guard_is_top_level_code(string last)
    {
        var script = Package("").Replace(Guard, last, StringComparison.Ordinal);

        Assert.Equal(
            [new ExpectedFinding(VerificationRules.StdoutContract, 6, 1), new ExpectedFinding(VerificationRules.MissingEntryPoint, 7, 1)],
            Found(script));
    }

    [Fact]
    public void Missing_guard_is_reported_where_it_belongs()
    {
        var script = Package("").Replace(Guard + "\n", "", StringComparison.Ordinal);

        var finding = Assert.Single(Verify(script));
        Assert.Equal((VerificationRules.MissingEntryPoint, 6, 1), (finding.Rule, finding.Line, finding.Column));
        Assert.Contains("guard block", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_strict_mode_and_functions_are_the_only_other_top_level_statements()
    {
        var script = "Set-StrictMode -Version Latest\nfunction Get-AovpnA { }\n" + Package("    Get-AovpnA");

        Assert.Empty(Verify(script));
    }

    [Fact]
    public void Missing_entry_point_is_reported_at_the_top_and_not_for_a_filter_or_a_nested_function()
    {
        var nested = "function Invoke-Outer {\n    function Invoke-AovpnMain { }\n}\n" + Guard + "\n";
        var filter = "filter Invoke-AovpnMain { $_ }\n" + Guard + "\n";

        // Invoke-Outer itself is never called.
        Assert.Equal([new ExpectedFinding(VerificationRules.MissingEntryPoint, 1, 1), new ExpectedFinding(VerificationRules.UnusedFunction, 1, 1)], Found(nested));
        Assert.Equal([new ExpectedFinding(VerificationRules.MissingEntryPoint, 1, 1)], Found(filter));
    }

    [Fact]
    public void Parse_errors_suppress_the_AST_rules()
    {
        // Without this the half-parsed tree would also yield MissingEntryPoint and StdoutContract.
        var findings = Verify("function Invoke-AovpnMain {\n    Write-Host 'x'\n");

        Assert.All(findings, f => Assert.Equal(VerificationRules.ParseError, f.Rule));
        Assert.NotEmpty(findings);
    }
}
