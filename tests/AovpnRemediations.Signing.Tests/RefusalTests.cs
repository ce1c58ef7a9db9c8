using System.Text;
using AovpnRemediations.Signing.Tests.Support;
using AovpnRemediations.Signing.Verification;

namespace AovpnRemediations.Signing.Tests;

/// <summary>What cannot be signed safely is refused before signing, naming the file, the place and the fix.</summary>
public sealed class RefusalTests
{
    public static TheoryData<string, byte[], string, string> Unsafe => new()
    {
        { "non-ASCII", Encoding.UTF8.GetBytes("Write-Output 'ok'\r\n# Caf\u00e9\r\n"), "detect.ps1:2:6: non-ASCII byte 0xC3", "[char] escape" },
        { "UTF-8 BOM", [0xEF, 0xBB, 0xBF, .. "exit 0\r\n"u8], "UTF-8 byte order mark", "without a BOM" },
        { "UTF-16 BOM", [0xFF, 0xFE, (byte)'e', 0], "UTF-16 byte order mark", "ASCII" },
        { "bare LF", "Write-Output 1\r\nexit 0\n"u8.ToArray(), "detect.ps1:2:7: line feed without a carriage return", "CRLF" },
        { "bare CR", "Write-Output 1\rexit 0\r\n"u8.ToArray(), "detect.ps1:1:15: carriage return without a line feed", "CRLF" },
        { "UTF-16 without BOM", "e\0x\0"u8.ToArray(), "NUL byte", "ASCII" },
    };

    [Theory]
    [MemberData(nameof(Unsafe))]
    public async Task A_script_that_would_digest_differently_on_a_device_is_refused_before_signing(string why, byte[] bytes, string problem, string fix)
    {
        using var signer = SigningPki.SelfSignedSigner();
        using var scriptSigner = await ScriptSigner.OpenAsync(new InMemoryProvider(signer));

        var error = await Assert.ThrowsAsync<ScriptSigningException>(() => scriptSigner.SignAsync(bytes, "detect.ps1"));

        Assert.True(error.Message.Contains(problem, StringComparison.Ordinal), $"{why}: {error.Message}");
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("detect.ps1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_verifier_reports_unsafe_encoding_instead_of_a_digest_it_cannot_trust()
    {
        var result = ScriptSignatureVerifier.Verify(Encoding.UTF8.GetBytes("# \u00e9\r\n"), "x.ps1", TestSigning.Trusting(SigningPki.Root()));

        Assert.Equal([SignatureProblemCode.UnsafeEncoding], result.Problems.Select(p => p.Code));
    }

    [Theory]
    [InlineData("exit 0\r\n# SIG # Begin signature block\r\n# MIIB\r\n", "not closed")]
    [InlineData("exit 0\r\n# SIG # Begin signature block\r\n# MIIB\r\n# SIG # End signature block\r\nexit 1\r\n", "text follows")]
    [InlineData("exit 0\r\n# SIG # Begin signature block\r\n# !!!!\r\n# SIG # End signature block\r\n", "not valid base64")]
    public async Task A_malformed_old_block_is_refused_rather_than_guessed_at(string text, string problem)
    {
        using var signer = SigningPki.SelfSignedSigner();
        using var scriptSigner = await ScriptSigner.OpenAsync(new InMemoryProvider(signer));

        var error = await Assert.ThrowsAsync<ScriptSigningException>(() => scriptSigner.SignAsync(TestSigning.Script(text), "old.ps1"));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("old.ps1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_that_is_not_authenticode_verifies_as_not_a_powershell_signature()
    {
        var text = SignatureBlock.Attach("exit 0\r\n", [0x30, 0x03, 0x02, 0x01, 0x01]);

        var result = ScriptSignatureVerifier.Verify(TestSigning.Script(text), "x.ps1", TestSigning.Trusting(SigningPki.Root()));

        Assert.True(result.IsSigned);
        Assert.Equal([SignatureProblemCode.NotPowerShellSignature], result.Problems.Select(p => p.Code));
    }

    [Fact]
    public void A_certificate_without_the_code_signing_eku_is_refused_at_signing()
    {
        using var server = SigningPki.SelfSignedSigner(eku: "1.3.6.1.5.5.7.3.1");
        var error = Assert.Throws<ScriptSigningException>(() =>
            Providers.CodeSigningCertificates.CheckFitForSigning(server, "test", DateTimeOffset.UtcNow));

        Assert.Contains("Code Signing extended key usage", error.Message, StringComparison.Ordinal);
    }
}
