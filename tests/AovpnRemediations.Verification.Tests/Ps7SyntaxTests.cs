using static AovpnRemediations.Verification.Tests.Scripts;

namespace AovpnRemediations.Verification.Tests;

/// <summary>The fixtures show each construct once; these show the edges.</summary>
public sealed class Ps7SyntaxTests
{
    [Theory]
    [InlineData("    $x = 1..3 | ForEach-Object -Par { $_ }", 32)]
    [InlineData("    $x = 1..3 | foreach-object -PARALLEL { $_ }", 32)]
    [InlineData("    $x = Invoke-AovpnThing -Parallel", 28)]
    public void Parallel_parameter_is_a_finding_including_prefixes_on_ForEach_Object(string body, int column)
    {
        var script = Package(body) + (body.Contains("Invoke-AovpnThing", StringComparison.Ordinal) ? "function Invoke-AovpnThing { param([switch]$Parallel) }\n" : "");
        script = script.Replace(Guard + "\n", "", StringComparison.Ordinal) + Guard + "\n";

        Assert.Equal([new ExpectedFinding(VerificationRules.Ps7Syntax, 3, column)], Found(script));
    }

    [Fact]
    public void ThrottleLimit_next_to_Parallel_is_a_parameter_that_5_1_lacks()
    {
        var found = Found(Package("    $x = 1..3 | ForEach-Object -Parallel { $_ } -ThrottleLimit 2"));

        Assert.Equal([new ExpectedFinding(VerificationRules.Ps7Syntax, 3, 32), new ExpectedFinding(VerificationRules.CmdletParameter, 3, 49)], found);
    }

    [Fact]
    public void Path_prefix_on_other_commands_is_not_mistaken_for_parallel() =>
        Assert.Equal([VerificationRules.CmdletParameter], Rules(Package("    $x = Get-Item -Pa 'C:\\'")));

    [Theory]
    [InlineData("    $x = ($a ?? $b) + ($c ?? 'd')", 2)]
    [InlineData("    $x = Get-Date\n    $x = ${x}?.Year", 1)]
    [InlineData("    $x = @(1)\n    $y = ${x}?[0]", 1)]
    [InlineData("    Test-Path -LiteralPath 'a' || Test-Path -LiteralPath 'b'", 1)]
    [InlineData("    $x = { begin { } clean { } }", 1)]
    public void Constructs_AreFoundInsideExpressions(string body, int count)
    {
        var rules = Rules(Package(body));

        Assert.Equal(count, rules.Count);
        Assert.All(rules, rule => Assert.Equal(VerificationRules.Ps7Syntax, rule));
    }

    [Theory]
    [InlineData("    $x = $a?.b")] // PowerShell reads '$a?' as a variable name; 5.1 does too.
    [InlineData("    $x = if ($true) { 1 } else { 2 }")]
    [InlineData("    if ($?) { $x = 1 }")]
    [InlineData("    $x = '$a ?? $b && c'")]
    public void LookalikesThatWindowsPowerShellParses_AreNotFindings(string body) =>
        Assert.Empty(Verify(Package(body)));
}
