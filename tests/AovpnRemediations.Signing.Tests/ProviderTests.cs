using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AovpnRemediations.Signing.Providers;
using AovpnRemediations.Signing.Tests.Support;
using AovpnRemediations.Signing.Verification;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Signing.Tests;

public sealed class CertificateFileProviderTests
{
    private const string PasswordVariable = "AOVPN_TEST_PFX_PASSWORD";

    [Fact]
    public async Task A_pfx_opens_with_the_password_from_the_named_environment_variable_and_brings_its_intermediates()
    {
        using var temp = new TempDirectory();
        using var root = SigningPki.Root();
        using var intermediate = SigningPki.Intermediate(root);
        using var leaf = SigningPki.Leaf(intermediate);
        var pfx = temp.Path("signer.pfx");
        File.WriteAllBytes(pfx, new X509Certificate2Collection { leaf, X509CertificateLoader.LoadCertificate(intermediate.RawData), X509CertificateLoader.LoadCertificate(root.RawData) }.Export(X509ContentType.Pkcs12, "s3cret!")!);
        var environment = new Dictionary<string, string?> { [PasswordVariable] = "s3cret!" };

        using var signer = await ScriptSigner.OpenAsync(new CertificateFileProvider(pfx, passwordEnvironmentVariable: PasswordVariable, environment: n => environment.GetValueOrDefault(n)));
        var signed = await signer.SignAsync(TestSigning.Script(TestSigning.SmallScript), "t.ps1");

        Assert.Equal(leaf.Thumbprint, signer.SignerThumbprint);
        Assert.Equal([intermediate.Thumbprint], signer.EmbeddedChain.Select(c => c.Thumbprint));
        Assert.True(ScriptSignatureVerifier.Verify(signed.SignedBytes, "t.ps1", TestSigning.Trusting(root)).IsValid);
    }

    [Fact]
    public async Task A_missing_password_variable_is_named_in_the_error_and_the_password_never_is()
    {
        using var temp = new TempDirectory();
        using var leaf = SigningPki.SelfSignedSigner();
        var pfx = temp.Path("signer.pfx");
        File.WriteAllBytes(pfx, leaf.Export(X509ContentType.Pkcs12, "s3cret!"));

        var missing = await Assert.ThrowsAsync<ScriptSigningException>(() =>
            new CertificateFileProvider(pfx, passwordEnvironmentVariable: PasswordVariable, environment: _ => null).OpenAsync());
        var wrong = await Assert.ThrowsAsync<ScriptSigningException>(() =>
            new CertificateFileProvider(pfx, passwordEnvironmentVariable: PasswordVariable, environment: _ => "guess").OpenAsync());

        Assert.Contains(PasswordVariable + " ", missing.Message, StringComparison.Ordinal);
        Assert.Contains("is not set", missing.Message, StringComparison.Ordinal);
        Assert.Contains("check the password in " + PasswordVariable, wrong.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("guess", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pem_certificates_with_a_separate_encrypted_key_open_and_the_key_finds_its_certificate()
    {
        using var temp = new TempDirectory();
        using var root = SigningPki.Root();
        using var intermediate = SigningPki.Intermediate(root);
        using var leaf = SigningPki.Leaf(intermediate, ecdsa: true);
        // Intermediate first: the provider must pick the certificate that matches the key, not the first one.
        var certificates = SigningPki.WritePem(temp.Path("chain.pem"), intermediate, leaf);
        var key = temp.Path("signer.key");
        File.WriteAllText(key, leaf.GetECDsaPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem("pem-pass", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));

        using var signer = await ScriptSigner.OpenAsync(new CertificateFileProvider(certificates, key, PasswordVariable, _ => "pem-pass"));
        var signed = await signer.SignAsync(TestSigning.Script(TestSigning.SmallScript), "t.ps1");

        Assert.Equal(leaf.Thumbprint, signer.SignerThumbprint);
        Assert.True(ScriptSignatureVerifier.Verify(signed.SignedBytes, "t.ps1", TestSigning.Trusting(root)).IsValid);
    }

    [Fact]
    public async Task A_pem_key_that_belongs_to_none_of_the_certificates_is_refused()
    {
        using var temp = new TempDirectory();
        using var leaf = SigningPki.SelfSignedSigner();
        using var other = RSA.Create(2048);
        var certificate = SigningPki.WritePem(temp.Path("signer.pem"), leaf);
        var key = temp.Path("other.key");
        File.WriteAllText(key, other.ExportPkcs8PrivateKeyPem());

        var error = await Assert.ThrowsAsync<ScriptSigningException>(() => new CertificateFileProvider(certificate, key).OpenAsync());

        Assert.Contains("belongs to none of the certificates", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_or_non_code_signing_certificate_file_is_refused_when_opened()
    {
        using var temp = new TempDirectory();
        using var expired = SigningPki.SelfSignedSigner(notBefore: DateTimeOffset.UtcNow.AddYears(-2), notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        using var tls = SigningPki.SelfSignedSigner(eku: "1.3.6.1.5.5.7.3.1");
        File.WriteAllBytes(temp.Path("expired.pfx"), expired.Export(X509ContentType.Pkcs12, string.Empty));
        File.WriteAllBytes(temp.Path("tls.pfx"), tls.Export(X509ContentType.Pkcs12, string.Empty));

        var old = await Assert.ThrowsAsync<ScriptSigningException>(() => new CertificateFileProvider(temp.Path("expired.pfx")).OpenAsync());
        var wrongUse = await Assert.ThrowsAsync<ScriptSigningException>(() => new CertificateFileProvider(temp.Path("tls.pfx")).OpenAsync());

        Assert.Contains("renew it", old.Message, StringComparison.Ordinal);
        Assert.Contains("Code Signing extended key usage", wrongUse.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        var error = await Assert.ThrowsAsync<ScriptSigningException>(() => new CertificateFileProvider("/nonexistent/signer.pfx").OpenAsync());

        Assert.Contains("/nonexistent/signer.pfx does not exist", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>The Windows store signer: its choice of certificate is tested on any OS; opening the store only where it exists.</summary>
public sealed class CertificateStoreProviderTests
{
    [Fact]
    public void Off_windows_the_store_signer_is_refused_with_not_available_on_this_os()
    {
        if (OperatingSystem.IsWindows())
        {
            _ = new CertificateStoreProvider(new string('A', 40));
            return;
        }

        var error = Assert.Throws<ScriptSigningException>(() => new CertificateStoreProvider(new string('A', 40)));

        Assert.Contains("not available on this OS", error.Message, StringComparison.Ordinal);
        Assert.Contains("certificate file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\u200eab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01", "ABCDEF0123456789ABCDEF0123456789ABCDEF01")]
    [InlineData("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01", "ABCDEF0123456789ABCDEF0123456789ABCDEF01")]
    public void A_pasted_thumbprint_is_normalised(string pasted, string expected) =>
        Assert.Equal(expected, CodeSigningCertificates.NormalizeThumbprint(pasted));

    [Theory]
    [InlineData("ABCDEF", "has 6 hexadecimal digits")]
    [InlineData("ZZCDEF0123456789ABCDEF0123456789ABCDEF01", "has the character 'Z'")]
    public void A_malformed_thumbprint_is_refused(string thumbprint, string message) =>
        Assert.Contains(message, Assert.Throws<ScriptSigningException>(() => CodeSigningCertificates.NormalizeThumbprint(thumbprint)).Message, StringComparison.Ordinal);

    [Fact]
    public void The_certificate_is_chosen_by_thumbprint_and_must_have_a_key_be_time_valid_and_allow_code_signing()
    {
        using var good = SigningPki.SelfSignedSigner("CN=Good");
        using var other = SigningPki.SelfSignedSigner("CN=Other");
        using var publicOnly = X509CertificateLoader.LoadCertificate(SigningPki.SelfSignedSigner("CN=Public").RawData);
        using var tls = SigningPki.SelfSignedSigner("CN=Tls", eku: "1.3.6.1.5.5.7.3.1");
        using var expired = SigningPki.SelfSignedSigner("CN=Expired", DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddDays(-1));
        var store = new X509Certificate2Collection { other, good, publicOnly, tls, expired };
        var now = DateTimeOffset.UtcNow;

        Assert.Same(good, CodeSigningCertificates.SelectByThumbprint(store, good.Thumbprint.ToLowerInvariant(), "CurrentUser\\My", now));
        Assert.Contains("No certificate with thumbprint", Refusal(new string('0', 40)));
        Assert.Contains("has no private key", Refusal(publicOnly.Thumbprint));
        Assert.Contains("Code Signing extended key usage", Refusal(tls.Thumbprint));
        Assert.Contains("not now", Refusal(expired.Thumbprint));

        string Refusal(string thumbprint) =>
            Assert.Throws<ScriptSigningException>(() => CodeSigningCertificates.SelectByThumbprint(store, thumbprint, "CurrentUser\\My", now)).Message;
    }
}
