using System.Security.Cryptography.X509Certificates;
using AovpnRemediations.Signing.Tests.Support;
using AovpnRemediations.Signing.Verification;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Signing.Tests;

/// <summary>Signatures made here, checked by osslsigncode: a verifier that shares no code with ours.</summary>
[Trait("Category", "ExternalTool")]
public sealed class OsslsigncodeTests
{
    [Fact]
    public async Task Every_output_script_signed_here_verifies_with_osslsigncode_and_its_powershell_digest_matches()
    {
        using var temp = new TempDirectory();
        using var signer = SigningPki.SelfSignedSigner();
        var ca = SigningPki.WritePem(temp.Path("root.pem"), signer);
        using var scriptSigner = await ScriptSigner.OpenAsync(new InMemoryProvider(signer));
        var scripts = TestSigning.OutputScripts();
        Assert.True(scripts.Count >= 10, $"expected the generated scripts under output/, found {scripts.Count}");

        foreach (var script in scripts)
        {
            var signed = await scriptSigner.SignAsync(await File.ReadAllBytesAsync(script), script);
            var path = temp.Path(Path.GetFileName(Path.GetDirectoryName(script)) + "-" + Path.GetFileName(script));
            await File.WriteAllBytesAsync(path, signed.SignedBytes);

            var outcome = Osslsigncode.Verify(path, ca);

            Assert.True(outcome.Succeeded, $"{script}: osslsigncode exit {outcome.ExitCode}\n{outcome.Output}");
            var (current, calculated) = outcome.Digests;
            Assert.NotNull(current);
            Assert.Equal(current, calculated);
            Assert.True(ScriptSignatureVerifier.Verify(signed.SignedBytes, script, TestSigning.Trusting(signer)).IsValid, script);
        }
    }

    [Fact]
    public async Task A_one_character_change_after_signing_fails_osslsigncode_too()
    {
        using var temp = new TempDirectory();
        using var signer = SigningPki.SelfSignedSigner();
        var ca = SigningPki.WritePem(temp.Path("root.pem"), signer);
        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript);
        var tampered = (byte[])signed.SignedBytes.Clone();
        tampered[TestSigning.SmallScript.IndexOf("hello", StringComparison.Ordinal)] = (byte)'j';
        var good = temp.Path("good.ps1");
        var bad = temp.Path("bad.ps1");
        await File.WriteAllBytesAsync(good, signed.SignedBytes);
        await File.WriteAllBytesAsync(bad, tampered);

        var goodOutcome = Osslsigncode.Verify(good, ca);
        var badOutcome = Osslsigncode.Verify(bad, ca);

        Assert.True(goodOutcome.Succeeded, goodOutcome.Output);
        Assert.NotEqual(0, badOutcome.ExitCode);
        var (current, calculated) = badOutcome.Digests;
        Assert.NotEqual(current, calculated);
        Assert.Equal(SignatureProblemCode.ContentChanged, ScriptSignatureVerifier.Verify(tampered, bad, TestSigning.Trusting(signer)).Problems.Single().Code);
    }

    [Fact]
    public async Task A_leaf_with_an_intermediate_verifies_with_osslsigncode_given_only_the_root()
    {
        using var temp = new TempDirectory();
        using var root = SigningPki.Root();
        using var intermediate = SigningPki.Intermediate(root);
        using var leaf = SigningPki.Leaf(intermediate);
        var ca = SigningPki.WritePem(temp.Path("root.pem"), root);
        var signed = await TestSigning.SignAsync(leaf, TestSigning.SmallScript, null, intermediate);
        var path = temp.Path("chain.ps1");
        await File.WriteAllBytesAsync(path, signed.SignedBytes);

        var outcome = Osslsigncode.Verify(path, ca);

        Assert.True(outcome.Succeeded, outcome.Output);
    }

    [Fact]
    public async Task An_ecdsa_signature_verifies_with_osslsigncode()
    {
        using var temp = new TempDirectory();
        using var signer = SigningPki.SelfSignedSigner(ecdsa: true);
        var ca = SigningPki.WritePem(temp.Path("root.pem"), signer);
        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript);
        var path = temp.Path("ec.ps1");
        await File.WriteAllBytesAsync(path, signed.SignedBytes);

        var outcome = Osslsigncode.Verify(path, ca);

        Assert.True(outcome.Succeeded, outcome.Output);
    }

    [Fact]
    public async Task Osslsigncode_refuses_a_signer_outside_the_ca_file()
    {
        using var temp = new TempDirectory();
        using var signer = SigningPki.SelfSignedSigner();
        using var stranger = SigningPki.Root("CN=Some Other Root");
        var ca = SigningPki.WritePem(temp.Path("other.pem"), stranger);
        var signed = await TestSigning.SignAsync(signer, TestSigning.SmallScript);
        var path = temp.Path("t.ps1");
        await File.WriteAllBytesAsync(path, signed.SignedBytes);

        var outcome = Osslsigncode.Verify(path, ca);

        Assert.NotEqual(0, outcome.ExitCode);
    }

    [Fact]
    public async Task A_script_signed_by_osslsigncode_verifies_with_ours_strips_to_its_text_and_re_signs()
    {
        using var temp = new TempDirectory();
        using var signer = SigningPki.SelfSignedSigner();
        var certPath = SigningPki.WritePem(temp.Path("signer.pem"), signer);
        var keyPath = temp.Path("signer.key");
        File.WriteAllText(keyPath, signer.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var input = temp.Path("in.ps1");
        var output = temp.Path("out.ps1");
        File.WriteAllBytes(input, TestSigning.Script(TestSigning.SmallScript));

        var sign = Osslsigncode.Run(["sign", "-certs", certPath, "-key", keyPath, "-h", "sha256", "-in", input, "-out", output]);
        Assert.Equal(0, sign.ExitCode);

        var bytes = File.ReadAllBytes(output);
        Assert.True(ScriptSignatureVerifier.Verify(bytes, output, TestSigning.Trusting(signer)).IsValid);
        Assert.Equal(TestSigning.SmallScript, ScriptSignature.UnsignedText(bytes, output));

        // Re-signing here replaces osslsigncode's block with ours, and osslsigncode accepts the result.
        var resigned = await TestSigning.SignAsync(signer, System.Text.Encoding.ASCII.GetString(bytes));
        var resignedPath = temp.Path("resigned.ps1");
        File.WriteAllBytes(resignedPath, resigned.SignedBytes);
        Assert.Equal(TestSigning.SmallScript, resigned.UnsignedText);
        Assert.True(Osslsigncode.Verify(resignedPath, certPath).Succeeded);
    }
}
