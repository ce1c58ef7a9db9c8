using static AovpnRemediations.Verification.Tests.Scripts;

namespace AovpnRemediations.Verification.Tests;

public sealed class FindingFormatTests
{
    [Fact]
    public void ToString_is_file_line_column_rule_message()
    {
        var finding = new VerificationFinding("output/pkg/detect.ps1", 12, 5, VerificationRules.WriteHost, "Write-Host displaces the result line.");

        Assert.Equal("output/pkg/detect.ps1:12:5 WriteHost Write-Host displaces the result line.", finding.ToString());
    }

    [Fact]
    public void Findings_carry_the_display_path()
    {
        var findings = Verifier.Verify("out/a.ps1", System.Text.Encoding.ASCII.GetBytes("Write-Host 'x'\r\n"), ScriptRole.ConfigMgrImportScript);

        Assert.StartsWith("out/a.ps1:1:1 WriteHost ", Assert.Single(findings).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_are_sorted_by_line_then_column_then_rule()
    {
        // Line 2 yields StdoutContract and WriteHost at 2:1 (top-level code), then CommandNotAllowed further right.
        var script = Package("    $x = Get-WmiObject -Class Win32_BIOS; Write-Host 'x'")
            .Replace("function Invoke-AovpnMain", "Write-Host 'x'; Invoke-Expression 'y'\nfunction Invoke-AovpnMain", StringComparison.Ordinal);

        var found = Found(script);

        Assert.Equal(
            [
                new ExpectedFinding(VerificationRules.StdoutContract, 2, 1),
                new ExpectedFinding(VerificationRules.WriteHost, 2, 1),
                new ExpectedFinding(VerificationRules.CommandNotAllowed, 2, 17),
                new ExpectedFinding(VerificationRules.StdoutContract, 2, 17),
                new ExpectedFinding(VerificationRules.CommandNotAllowed, 4, 10),
                new ExpectedFinding(VerificationRules.WriteHost, 4, 43),
            ],
            found);
    }

    [Fact]
    public void RuleNames_AreStable() =>
        Assert.Equal(
            ["ParseError", "Ps7Syntax", "NonAscii", "ByteOrderMark", "LineEnding", "WriteHost", "CommandNotAllowed",
             "TypeNotAllowed", "MissingEntryPoint", "ScriptTooLarge", "StdoutContract", "ExitCode",
             "NotInNetFramework48", "CmdletParameter", "DuplicateFunction", "UnusedFunction", "CultureSensitiveString"],
            VerificationRules.All);

    [Fact]
    public void NullArguments_AreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => Verifier.Verify(null!, [], ScriptRole.PackageScript));
        Assert.Throws<ArgumentNullException>(() => Verifier.Verify("a.ps1", null!, ScriptRole.PackageScript));
    }
}
