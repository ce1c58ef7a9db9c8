using static AovpnRemediations.Verification.Tests.Scripts;

namespace AovpnRemediations.Verification.Tests;

public sealed class FunctionRuleTests
{
    private static string WithFunctions(string body, string functions) =>
        Package(body).Replace(Guard + "\n", "", StringComparison.Ordinal) + functions + Guard + "\n";

    [Fact]
    public void A_function_defined_twice_is_refused_at_both_definitions()
    {
        var script = WithFunctions("    $x = Get-AovpnX", "function Get-AovpnX { 1 }\nfunction script:Get-AovpnX { 2 }\n");

        var findings = Verify(script);

        Assert.Equal([VerificationRules.DuplicateFunction, VerificationRules.DuplicateFunction], findings.Select(f => f.Rule));
        Assert.Equal([6, 7], findings.Select(f => f.Line));
        Assert.All(findings, f => Assert.Contains("lines 6, 7", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_function_called_only_from_a_scriptblock_argument_is_used() =>
        Assert.Empty(Verify(WithFunctions(
            "    $x = Invoke-AovpnCheck -Check { Test-AovpnX }",
            "function Invoke-AovpnCheck { param([scriptblock]$Check) & $Check }\nfunction Test-AovpnX { $true }\n")));

    [Fact]
    public void A_function_that_only_calls_itself_is_unused()
    {
        var finding = Assert.Single(Verify(WithFunctions("", "function Get-AovpnLoop { Get-AovpnLoop }\n")));

        Assert.Equal((VerificationRules.UnusedFunction, 6), (finding.Rule, finding.Line));
    }

    [Fact]
    public void The_import_script_counts_its_own_functions_and_calls()
    {
        const string Import = "function Connect-AovpnSite { }\nfunction Read-AovpnSite { }\nConnect-AovpnSite\n$embedded = 'ZnVuY3Rpb24gUmVhZC1Bb3ZwblNpdGUgeyB9'\n";

        var finding = Assert.Single(Verify(Import, ScriptRole.ConfigMgrImportScript));

        Assert.Equal((VerificationRules.UnusedFunction, 2), (finding.Rule, finding.Line));
    }
}
