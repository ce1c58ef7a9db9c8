using System.Security.Cryptography;
using System.Text;
using AovpnRemediations.Signing.Tests.Support;
using AovpnRemediations.Signing.Verification;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Signing.Tests;

public sealed class SignAndVerifyTests
{
    [Fact]
    public async Task A_signed_script_is_its_text_a_crlf_and_the_block_in_lines_of_64_base64_characters()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript);

        var text = Encoding.ASCII.GetString(signed.SignedBytes);
        Assert.StartsWith(TestSigning.SmallScript + "\r\n# SIG # Begin signature block\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n# SIG # End signature block\r\n", text, StringComparison.Ordinal);
        var lines = text[(TestSigning.SmallScript.Length + 2)..].Split("\r\n")[1..^2];
        Assert.All(lines, l => Assert.StartsWith("# ", l, StringComparison.Ordinal));
        Assert.All(lines[..^1], l => Assert.Equal(66, l.Length));
        Assert.InRange(lines[^1].Length, 3, 66);
        Assert.Equal(TestSigning.SmallScript, signed.UnsignedText);
        Assert.Equal(signer.Thumbprint, signed.SignerThumbprint);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(TestSigning.Script(TestSigning.SmallScript))), signed.UnsignedSha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(signed.SignedBytes)), signed.SignedSha256);
        Assert.Equal(signed.SignedBytes.Length - TestSigning.SmallScript.Length, signed.SignatureBytes);
    }

    [Fact]
    public async Task The_signature_is_authenticode_for_the_powershell_sip_over_the_utf16_digest_with_windows_signed_attributes()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript);

        var cms = new SignedCms();
        cms.Decode(SignatureBlock.Split(signed.UnsignedText + Encoding.ASCII.GetString(signed.SignedBytes)[signed.UnsignedText.Length..], "t").Signature!);
        Assert.Equal("1.3.6.1.4.1.311.2.1.4", cms.ContentInfo.ContentType.Value);
        var (oid, digest) = PowerShellSip.DecodeIndirectData(cms.ContentInfo.Content);
        Assert.Equal("2.16.840.1.101.3.4.2.1", oid);
        Assert.Equal(SHA256.HashData(Encoding.Unicode.GetBytes(TestSigning.SmallScript)), digest);
        // The SIP info as osslsigncode writes it: version 0x10000, the GUID's bytes, five zeros.
        Assert.Contains("02030100000410" + "1FCC3B60594B084EB724D2C6297EF351" + "020100020100020100020100020100", Convert.ToHexString(cms.ContentInfo.Content), StringComparison.Ordinal);

        var attributes = cms.SignerInfos[0].SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Oid.Value).ToList();
        Assert.Equal(["1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4", "1.3.6.1.4.1.311.2.1.11", "1.3.6.1.4.1.311.2.1.12"], attributes.Order(StringComparer.Ordinal));
        Assert.Equal(SubjectIdentifierType.IssuerAndSerialNumber, cms.SignerInfos[0].SignerIdentifier.Type);
    }

    [Theory]
    [InlineData("Write-Output 1\r\n")]
    [InlineData("Write-Output 1")]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    public async Task Stripping_the_block_gives_back_the_unsigned_text_exactly(string text)
    {
        using var signer = SigningPki.SelfSignedSigner();
        var signed = await TestSigning.SignAsync(signer, text);

        Assert.Equal(text, ScriptSignature.UnsignedText(signed.SignedBytes, "t.ps1"));
        var result = ScriptSignatureVerifier.Verify(signed.SignedBytes, "t.ps1", TestSigning.Trusting(signer));
        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task Signing_twice_gives_a_valid_signature_each_time_and_the_same_unsigned_text()
    {
        using var signer = SigningPki.SelfSignedSigner();
        using var scriptSigner = await ScriptSigner.OpenAsync(new InMemoryProvider(signer));
        var first = await scriptSigner.SignAsync(TestSigning.Script(TestSigning.SmallScript), "t.ps1");
        var second = await scriptSigner.SignAsync(first.SignedBytes, "t.ps1");

        Assert.Equal(first.UnsignedText, second.UnsignedText);
        Assert.Equal(first.UnsignedSha256, second.UnsignedSha256);
        Assert.Single(Regex.Matches(Encoding.ASCII.GetString(second.SignedBytes), "# SIG # Begin signature block"));
        Assert.True(ScriptSignatureVerifier.Verify(first.SignedBytes, "1", TestSigning.Trusting(signer)).IsValid);
        Assert.True(ScriptSignatureVerifier.Verify(second.SignedBytes, "2", TestSigning.Trusting(signer)).IsValid);
    }

    [Fact]
    public async Task Changing_one_character_after_signing_is_refused_as_changed_content()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript);
        var tampered = (byte[])signed.SignedBytes.Clone();
        tampered[TestSigning.SmallScript.IndexOf("hello", StringComparison.Ordinal)] = (byte)'j';

        var result = ScriptSignatureVerifier.Verify(tampered, "t.ps1", TestSigning.Trusting(signer));

        Assert.False(result.IsValid);
        Assert.Equal([SignatureProblemCode.ContentChanged], result.Problems.Select(p => p.Code));
        Assert.Contains("changed after signing", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_value_changed_in_the_block_is_refused_as_a_bad_signature()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript);
        var cms = new SignedCms();
        cms.Decode(SignatureBlock.Split(Encoding.ASCII.GetString(signed.SignedBytes), "t").Signature!);
        var der = cms.Encode();
        var at = der.AsSpan().IndexOf(cms.SignerInfos[0].GetSignature());
        der[at + 7] ^= 0x01;

        var result = ScriptSignatureVerifier.Verify(TestSigning.Script(SignatureBlock.Attach(signed.UnsignedText, der)), "t.ps1", TestSigning.Trusting(signer));

        Assert.Equal([SignatureProblemCode.BadSignature], result.Problems.Select(p => p.Code));
    }

    [Fact]
    public async Task Another_scripts_signature_block_pasted_under_a_script_is_refused_as_changed_content()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var other = await TestSigning.SignAsync(signer, "Write-Output 'other'\r\n");
        var block = Encoding.ASCII.GetString(other.SignedBytes)[(other.UnsignedText.Length + 2)..];

        var result = ScriptSignatureVerifier.Verify(TestSigning.Script(TestSigning.SmallScript + "\r\n" + block), "t.ps1", TestSigning.Trusting(signer));

        Assert.Equal([SignatureProblemCode.ContentChanged], result.Problems.Select(p => p.Code));
    }

    [Fact]
    public async Task A_signer_that_does_not_chain_to_the_given_anchors_is_refused()
    {
        using var signer = SigningPki.SelfSignedSigner();
        using var stranger = SigningPki.Root("CN=Some Other Root");
        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript);

        var result = ScriptSignatureVerifier.Verify(signed.SignedBytes, "t.ps1", TestSigning.Trusting(stranger));

        Assert.Equal([SignatureProblemCode.UntrustedChain], result.Problems.Select(p => p.Code));
        Assert.Equal(signer.Thumbprint, result.SignerThumbprint);
    }

    [Fact]
    public async Task A_leaf_with_an_intermediate_embeds_the_intermediate_and_verifies_against_the_root()
    {
        using var root = SigningPki.Root();
        using var intermediate = SigningPki.Intermediate(root);
        using var leaf = SigningPki.Leaf(intermediate);
        var signed = await TestSigning.SignAsync(leaf, TestSigning.SmallScript, null, intermediate);

        var result = ScriptSignatureVerifier.Verify(signed.SignedBytes, "t.ps1", TestSigning.Trusting(root));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(leaf.Thumbprint, result.SignerThumbprint);
        Assert.Equal("CN=AOVPN Test Signer", result.SignerSubject);
        Assert.Equal("SHA256", result.DigestAlgorithm);
    }

    [Fact]
    public async Task An_expired_signer_without_a_timestamp_is_refused()
    {
        using var signer = SigningPki.SelfSignedSigner(notAfter: DateTimeOffset.UtcNow.AddDays(30));
        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript);

        var options = TestSigning.Trusting(signer) with { Now = DateTimeOffset.UtcNow.AddDays(60) };
        var result = ScriptSignatureVerifier.Verify(signed.SignedBytes, "t.ps1", options);

        Assert.Equal([SignatureProblemCode.SignerNotTimeValid], result.Problems.Select(p => p.Code));
        Assert.Contains("has no timestamp", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    public async Task Other_sha2_digests_sign_and_verify(string algorithm)
    {
        using var signer = SigningPki.SelfSignedSigner();
        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript, new ScriptSigningOptions { DigestAlgorithm = new HashAlgorithmName(algorithm) });

        var result = ScriptSignatureVerifier.Verify(signed.SignedBytes, "t.ps1", TestSigning.Trusting(signer));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(algorithm, result.DigestAlgorithm);
    }

    [Fact]
    public async Task Sha1_is_refused_before_any_key_is_opened()
    {
        var error = await Assert.ThrowsAsync<ScriptSigningException>(() =>
            ScriptSigner.OpenAsync(new InMemoryProvider(SigningPki.SelfSignedSigner()), new ScriptSigningOptions { DigestAlgorithm = HashAlgorithmName.SHA1 }));
        Assert.Contains("SHA256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ecdsa_signer_signs_and_verifies()
    {
        using var signer = SigningPki.SelfSignedSigner(ecdsa: true);
        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript);

        Assert.True(ScriptSignatureVerifier.Verify(signed.SignedBytes, "t.ps1", TestSigning.Trusting(signer)).IsValid);
    }

    [Fact]
    public async Task Inspect_reports_unsigned_text_signer_and_both_hashes()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript);

        var info = ScriptSignature.Inspect(signed.SignedBytes, "t.ps1");
        var unsigned = ScriptSignature.Inspect(TestSigning.Script(TestSigning.SmallScript), "u.ps1");

        Assert.True(info.IsSigned);
        Assert.Equal(signer.Thumbprint, info.SignerThumbprint);
        Assert.Equal(signed.UnsignedSha256, info.UnsignedSha256);
        Assert.Equal(signed.SignedSha256, info.FileSha256);
        Assert.False(unsigned.IsSigned);
        Assert.Null(unsigned.SignerThumbprint);
        Assert.Equal(info.UnsignedSha256, unsigned.FileSha256);
    }

    [Fact]
    public void An_unsigned_script_verifies_as_not_signed()
    {
        var result = ScriptSignatureVerifier.Verify(TestSigning.Script(TestSigning.SmallScript), "u.ps1", TestSigning.Trusting(SigningPki.Root()));

        Assert.False(result.IsSigned);
        Assert.Equal([SignatureProblemCode.NotSigned], result.Problems.Select(p => p.Code));
    }

    [Fact]
    public async Task Sign_file_writes_the_signed_bytes_in_place()
    {
        using var temp = new TempDirectory();
        var path = temp.Path("detect.ps1");
        File.WriteAllText(path, TestSigning.SmallScript);
        using var signer = SigningPki.SelfSignedSigner();
        using var scriptSigner = await ScriptSigner.OpenAsync(new InMemoryProvider(signer));

        var signed = await scriptSigner.SignFileAsync(path);

        Assert.Equal(signed.SignedBytes, File.ReadAllBytes(path));
        Assert.True(ScriptSignatureVerifier.VerifyFile(path, TestSigning.Trusting(signer)).IsValid);
    }
}
