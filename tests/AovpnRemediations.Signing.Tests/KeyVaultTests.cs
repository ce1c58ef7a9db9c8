using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using AovpnRemediations.Signing.Providers;
using AovpnRemediations.Signing.Tests.Support;
using AovpnRemediations.Signing.Verification;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Signing.Tests;

/// <summary>The Key Vault signer against a loopback emulator that holds the keys and checks the token.</summary>
public sealed class KeyVaultTests
{
    [Fact]
    public async Task A_key_vault_certificate_signs_with_only_the_digest_leaving_the_machine()
    {
        await using var vault = await KeyVaultEmulator.StartAsync();
        using var signerCertificate = SigningPki.SelfSignedSigner("CN=AOVPN Key Vault Signer");
        vault.Add("aovpn-signing", signerCertificate);
        var credential = new FixedTokenCredential(KeyVaultEmulator.Token);
        var provider = new KeyVaultProvider(new KeyVaultSignerOptions { VaultUri = vault.VaultUri, CertificateName = "aovpn-signing" }, credential);

        using var signer = await ScriptSigner.OpenAsync(provider);
        var first = await signer.SignAsync(TestSigning.Script(TestSigning.SmallScript), "a.ps1");
        var second = await signer.SignAsync(TestSigning.Script("exit 0\r\n"), "b.ps1");

        Assert.Equal(signerCertificate.Thumbprint, signer.SignerThumbprint);
        Assert.True(ScriptSignatureVerifier.Verify(first.SignedBytes, "a.ps1", TestSigning.Trusting(signerCertificate)).IsValid);
        Assert.True(ScriptSignatureVerifier.Verify(second.SignedBytes, "b.ps1", TestSigning.Trusting(signerCertificate)).IsValid);
        var requests = vault.Log.ToList();
        Assert.Equal(
            ["GET /certificates/aovpn-signing", "GET /keys/aovpn-signing/" + KeyVaultEmulator.KeyVersion, "POST /keys/aovpn-signing/" + KeyVaultEmulator.KeyVersion + "/sign", "POST /keys/aovpn-signing/" + KeyVaultEmulator.KeyVersion + "/sign"],
            requests.Select(r => r.Method + " " + r.Path));
        foreach (var sign in requests.Where(r => r.Method == "POST"))
        {
            var body = JsonNode.Parse(sign.Body)!.AsObject();
            Assert.Equal(["alg", "value"], body.Select(p => p.Key).Order(StringComparer.Ordinal));
            Assert.Equal("RS256", (string)body["alg"]!);
            Assert.Equal(32, KeyVaultEmulator.FromBase64Url((string)body["value"]!).Length);
        }

        Assert.All(credential.Scopes, s => Assert.Equal("https://vault.azure.net/.default", s));
    }

    [Fact]
    public async Task A_key_vault_ec_key_with_its_certificate_from_a_file_signs_es256()
    {
        using var temp = new TempDirectory();
        await using var vault = await KeyVaultEmulator.StartAsync();
        using var root = SigningPki.Root();
        using var leaf = SigningPki.Leaf(root, "CN=AOVPN EC Signer", ecdsa: true);
        vault.Add("ec-key", leaf, asCertificate: false);
        var certificateFile = SigningPki.WritePem(temp.Path("ec-signer.pem"), leaf, root);
        var provider = new KeyVaultProvider(
            new KeyVaultSignerOptions { VaultUri = vault.VaultUri, KeyName = "ec-key", CertificateFile = certificateFile },
            new FixedTokenCredential(KeyVaultEmulator.Token));

        using var signer = await ScriptSigner.OpenAsync(provider);
        var signed = await signer.SignAsync(TestSigning.Script(TestSigning.SmallScript), "t.ps1");

        Assert.True(ScriptSignatureVerifier.Verify(signed.SignedBytes, "t.ps1", TestSigning.Trusting(root)).IsValid);
        Assert.Empty(signer.EmbeddedChain);
        Assert.Contains(vault.Log, r => r.Method == "POST" && r.Body.Contains("\"ES256\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejected_token_fails_with_the_status_the_vault_message_and_the_permissions_to_grant()
    {
        await using var vault = await KeyVaultEmulator.StartAsync();
        using var signerCertificate = SigningPki.SelfSignedSigner();
        vault.Add("aovpn-signing", signerCertificate);
        var provider = new KeyVaultProvider(new KeyVaultSignerOptions { VaultUri = vault.VaultUri, CertificateName = "aovpn-signing" }, new FixedTokenCredential("wrong"));

        var error = await Assert.ThrowsAsync<ScriptSigningException>(() => ScriptSigner.OpenAsync(provider));

        Assert.Contains("HTTP 401 Unauthorized: AKV10000", error.Message, StringComparison.Ordinal);
        Assert.Contains("Key Vault Crypto User", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_file_that_is_not_for_the_key_is_refused()
    {
        using var temp = new TempDirectory();
        await using var vault = await KeyVaultEmulator.StartAsync();
        using var keyOwner = SigningPki.SelfSignedSigner("CN=Key Owner");
        using var stranger = SigningPki.SelfSignedSigner("CN=Stranger");
        vault.Add("signing-key", keyOwner, asCertificate: false);
        var provider = new KeyVaultProvider(
            new KeyVaultSignerOptions { VaultUri = vault.VaultUri, KeyName = "signing-key", CertificateFile = SigningPki.WritePem(temp.Path("stranger.pem"), stranger) },
            new FixedTokenCredential(KeyVaultEmulator.Token));

        var error = await Assert.ThrowsAsync<ScriptSigningException>(() => ScriptSigner.OpenAsync(provider));

        Assert.Contains("is not the key of the certificate", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(vault.Log, r => r.Method == "POST");
    }

    [Fact]
    public async Task A_missing_key_says_to_check_the_vault_and_name()
    {
        await using var vault = await KeyVaultEmulator.StartAsync();
        var provider = new KeyVaultProvider(new KeyVaultSignerOptions { VaultUri = vault.VaultUri, CertificateName = "absent" }, new FixedTokenCredential(KeyVaultEmulator.Token));

        var error = await Assert.ThrowsAsync<ScriptSigningException>(() => ScriptSigner.OpenAsync(provider));

        Assert.Contains("HTTP 404", error.Message, StringComparison.Ordinal);
        Assert.Contains("certificates/absent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_name_without_a_certificate_file_is_refused_up_front()
    {
        var error = Assert.Throws<ScriptSigningException>(() =>
            new KeyVaultProvider(new KeyVaultSignerOptions { VaultUri = new Uri("https://v.vault.azure.net"), KeyName = "k" }, new FixedTokenCredential("t")));

        Assert.Contains("needs its certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "ExternalTool")]
    public async Task A_key_vault_signature_verifies_with_osslsigncode()
    {
        using var temp = new TempDirectory();
        await using var vault = await KeyVaultEmulator.StartAsync();
        using var signerCertificate = SigningPki.SelfSignedSigner("CN=AOVPN Key Vault Signer");
        vault.Add("aovpn-signing", signerCertificate);
        var provider = new KeyVaultProvider(new KeyVaultSignerOptions { VaultUri = vault.VaultUri, CertificateName = "aovpn-signing" }, new FixedTokenCredential(KeyVaultEmulator.Token));
        using var signer = await ScriptSigner.OpenAsync(provider);
        var path = temp.Path("kv.ps1");
        await File.WriteAllBytesAsync(path, (await signer.SignAsync(TestSigning.Script(TestSigning.SmallScript), path)).SignedBytes);

        var outcome = Osslsigncode.Verify(path, SigningPki.WritePem(temp.Path("root.pem"), X509CertificateLoader.LoadCertificate(signerCertificate.RawData)));

        Assert.True(outcome.Succeeded, outcome.Output);
    }
}
