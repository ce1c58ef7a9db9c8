using System.Text;
using static AovpnRemediations.Verification.Tests.Scripts;

namespace AovpnRemediations.Verification.Tests;

public sealed class TextRuleTests
{
    private static IReadOnlyList<VerificationFinding> VerifyBytes(byte[] content) =>
        Verifier.Verify("test.ps1", content, ScriptRole.PackageScript);

    private static byte[] Crlf(string script) => Encoding.UTF8.GetBytes(script.ReplaceLineEndings("\r\n"));

    [Fact]
    public void Bare_CR_ends_a_line_for_the_parser_as_for_the_text_rules()
    {
        // 'Write-Host' after a bare CR is on line 4 for both: positions of text and AST findings agree.
        var script = Package("    $a = 1\n    Write-Host 'x'").ReplaceLineEndings("\r\n").Replace("$a = 1\r\n", "$a = 1\r", StringComparison.Ordinal);

        var found = VerifyBytes(Encoding.ASCII.GetBytes(script)).Select(ExpectedFinding.Of);

        Assert.Equal([new ExpectedFinding(VerificationRules.LineEnding, 3, 11), new ExpectedFinding(VerificationRules.WriteHost, 4, 5)], found);
    }

    [Fact]
    public void UTF16_BOM_is_reported_and_the_script_still_verified()
    {
        var content = new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes(Package("    Write-Host 'x'").ReplaceLineEndings("\r\n"))).ToArray();

        Assert.Equal(
            [new ExpectedFinding(VerificationRules.ByteOrderMark, 1, 1), new ExpectedFinding(VerificationRules.WriteHost, 3, 5)],
            VerifyBytes(content).Select(ExpectedFinding.Of));
    }

    [Fact]
    public void Invalid_UTF8_is_non_ASCII_at_its_position()
    {
        var content = Crlf(Package("    $x = 'caf?'"));
        content[Array.IndexOf(content, (byte)'?')] = 0xE9; // Latin-1 e-acute, as a Windows-1252 editor would save it

        var finding = Assert.Single(VerifyBytes(content));
        Assert.Equal((VerificationRules.NonAscii, 3, 14), (finding.Rule, finding.Line, finding.Column));
        Assert.Contains("not valid UTF-8", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ASCII_message_names_the_code_point_and_its_escape()
    {
        var bmp = Assert.Single(Verify(Package("    $x = 'Gen\u00e8ve'")));
        var astral = Assert.Single(Verify(Package("    $x = '\U0001F600'")));

        Assert.Contains("U+00E8", bmp.Message, StringComparison.Ordinal);
        Assert.Contains("[char]0x00E8", bmp.Message, StringComparison.Ordinal);
        Assert.Contains("U+1F600", astral.Message, StringComparison.Ordinal);
        Assert.Contains("[char]::ConvertFromUtf32(0x1F600)", astral.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bare_LF_is_reported()
    {
        var findings = VerifyBytes(Encoding.ASCII.GetBytes(Package("")));

        Assert.Equal(6, findings.Count);
        Assert.All(findings, f => Assert.Equal(VerificationRules.LineEnding, f.Rule));
        Assert.Equal([1, 2, 3, 4, 5, 6], findings.Select(f => f.Line));
    }
}
