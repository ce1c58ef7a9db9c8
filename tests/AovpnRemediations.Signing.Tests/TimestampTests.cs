using AovpnRemediations.Signing.Tests.Support;
using AovpnRemediations.Signing.Timestamping;
using AovpnRemediations.Signing.Verification;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Signing.Tests;

public sealed class TimestampTests
{
    [Fact]
    public async Task A_timestamped_signature_carries_the_token_as_the_rfc3161_unsigned_attribute_and_verifies()
    {
        using var tsaRoot = SigningPki.Root("CN=AOVPN Test TSA Root");
        await using var tsa = await LoopbackTsa.StartAsync(tsaRoot);
        using var signer = SigningPki.SelfSignedSigner();
        var options = new ScriptSigningOptions { Timestamper = new Rfc3161Timestamper(tsa.Url) };

        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript, options);
        var result = ScriptSignatureVerifier.Verify(signed.SignedBytes, "t.ps1", TestSigning.Trusting(signer) with { TimestampTrustAnchors = SigningPki.Anchors(tsaRoot) });

        Assert.True(result.IsValid, result.ToString());
        Assert.NotNull(signed.TimestampTime);
        Assert.Equal(signed.TimestampTime, result.TimestampTime);
        Assert.Equal(result.TimestampTime, result.VerifiedAt);
        var cms = new SignedCms();
        cms.Decode(SignatureBlock.Split(System.Text.Encoding.ASCII.GetString(signed.SignedBytes), "t").Signature!);
        Assert.Equal(["1.3.6.1.4.1.311.3.3.1"], cms.SignerInfos[0].UnsignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>().Select(a => a.Oid.Value));
    }

    [Fact]
    public async Task A_timestamp_keeps_a_signature_valid_after_the_signer_expires_and_without_it_the_same_signature_is_refused()
    {
        using var tsaRoot = SigningPki.Root("CN=AOVPN Test TSA Root");
        await using var tsa = await LoopbackTsa.StartAsync(tsaRoot);
        using var signer = SigningPki.SelfSignedSigner(notAfter: DateTimeOffset.UtcNow.AddDays(30));
        var stamped = await TestSigning.SignAsync(signer, TestSigning.SmallScript, new ScriptSigningOptions { Timestamper = new Rfc3161Timestamper(tsa.Url) });
        var plain = await TestSigning.SignAsync(signer, TestSigning.SmallScript);
        var later = TestSigning.Trusting(signer) with { TimestampTrustAnchors = SigningPki.Anchors(tsaRoot), Now = DateTimeOffset.UtcNow.AddDays(90) };

        Assert.True(ScriptSignatureVerifier.Verify(stamped.SignedBytes, "stamped.ps1", later).IsValid);
        Assert.Equal(SignatureProblemCode.SignerNotTimeValid, ScriptSignatureVerifier.Verify(plain.SignedBytes, "plain.ps1", later).Problems.Single().Code);
    }

    [Fact]
    public async Task A_timestamp_from_an_untrusted_authority_is_reported()
    {
        using var tsaRoot = SigningPki.Root("CN=AOVPN Test TSA Root");
        await using var tsa = await LoopbackTsa.StartAsync(tsaRoot);
        using var signer = SigningPki.SelfSignedSigner();
        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript, new ScriptSigningOptions { Timestamper = new Rfc3161Timestamper(tsa.Url) });

        var result = ScriptSignatureVerifier.Verify(signed.SignedBytes, "t.ps1", TestSigning.Trusting(signer));

        Assert.Equal([SignatureProblemCode.UntrustedTimestamp], result.Problems.Select(p => p.Code));
    }

    [Fact]
    public async Task An_unreachable_timestamp_authority_fails_the_signing_with_its_url()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var url = new Uri("http://127.0.0.1:9/tsa");

        var error = await Assert.ThrowsAsync<ScriptSigningException>(() =>
            TestSigning.SignAsync(signer, TestSigning.SmallScript, new ScriptSigningOptions { Timestamper = new Rfc3161Timestamper(url) }));

        Assert.Contains(url.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "ExternalTool")]
    public async Task Osslsigncode_verifies_our_timestamp_against_the_tsa_root()
    {
        using var temp = new TempDirectory();
        using var tsaRoot = SigningPki.Root("CN=AOVPN Test TSA Root");
        await using var tsa = await LoopbackTsa.StartAsync(tsaRoot);
        using var signer = SigningPki.SelfSignedSigner();
        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript, new ScriptSigningOptions { Timestamper = new Rfc3161Timestamper(tsa.Url) });
        var path = temp.Path("stamped.ps1");
        await File.WriteAllBytesAsync(path, signed.SignedBytes);

        var outcome = Osslsigncode.Verify(path, SigningPki.WritePem(temp.Path("root.pem"), signer), SigningPki.WritePem(temp.Path("tsa.pem"), tsaRoot));

        Assert.True(outcome.Succeeded, outcome.Output);
        Assert.Contains("Timestamp Server Signature verification: ok", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "ExternalTool")]
    public async Task Our_verifier_accepts_an_rfc3161_timestamp_made_by_osslsigncode()
    {
        using var temp = new TempDirectory();
        using var signer = SigningPki.SelfSignedSigner();
        using var tsaRoot = SigningPki.Root("CN=AOVPN Test TSA Root");
        using var tsaCert = SigningPki.Leaf(tsaRoot, "CN=AOVPN Test TSA", SigningPki.TimeStamping);
        var keyPath = temp.Path("signer.key");
        File.WriteAllText(keyPath, System.Security.Cryptography.X509Certificates.RSACertificateExtensions.GetRSAPrivateKey(signer)!.ExportPkcs8PrivateKeyPem());
        var tsaKeyPath = temp.Path("tsa.key");
        File.WriteAllText(tsaKeyPath, System.Security.Cryptography.X509Certificates.RSACertificateExtensions.GetRSAPrivateKey(tsaCert)!.ExportPkcs8PrivateKeyPem());
        var input = temp.Path("in.ps1");
        var output = temp.Path("out.ps1");
        File.WriteAllBytes(input, TestSigning.Script(TestSigning.SmallScript));

        var sign = Osslsigncode.Run([
            "sign", "-certs", SigningPki.WritePem(temp.Path("signer.pem"), signer), "-key", keyPath, "-h", "sha256",
            "-TSA-certs", SigningPki.WritePem(temp.Path("tsa.pem"), tsaCert), "-TSA-key", tsaKeyPath, "-in", input, "-out", output]);
        Assert.True(sign.ExitCode == 0, sign.Output);

        var result = ScriptSignatureVerifier.VerifyFile(output, TestSigning.Trusting(signer) with { TimestampTrustAnchors = SigningPki.Anchors(tsaRoot) });

        Assert.True(result.IsValid, result.ToString());
        Assert.NotNull(result.TimestampTime);
    }
}
