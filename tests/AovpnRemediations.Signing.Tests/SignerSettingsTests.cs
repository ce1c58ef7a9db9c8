using AovpnRemediations.Signing.Providers;
using AovpnRemediations.Signing.Tests.Support;

namespace AovpnRemediations.Signing.Tests;

/// <summary>Choosing the signer from settings, on any OS (the store signer itself only exists on Windows).</summary>
public sealed class SignerSettingsTests
{
    private const string Thumbprint = "ABCDEF0123456789ABCDEF0123456789ABCDEF01";

    [Fact]
    public void A_certificate_file_alone_is_the_file_signer()
    {
        var settings = new SignerSettings { CertificateFile = "signer.pfx", PasswordEnvironmentVariable = "PFX_PASSWORD" };

        Assert.Equal(SignerKind.CertificateFile, settings.Kind);
        Assert.IsType<CertificateFileProvider>(settings.CreateProvider());
    }

    [Fact]
    public void With_a_vault_the_certificate_file_is_the_keys_public_certificate()
    {
        var settings = new SignerSettings { KeyVaultUrl = new Uri("https://v.vault.azure.net"), KeyVaultKey = "k", CertificateFile = "signer.pem" };
        var credentialMade = false;

        var provider = settings.CreateProvider(() =>
        {
            credentialMade = true;
            return new FixedTokenCredential("t");
        });

        Assert.Equal(SignerKind.KeyVault, settings.Kind);
        Assert.IsType<KeyVaultProvider>(provider);
        Assert.True(credentialMade);
        Assert.Equal("Key Vault key https://v.vault.azure.net/keys/k", provider.Description);
    }

    [Fact]
    public void A_thumbprint_is_the_store_signer_which_off_windows_is_not_available()
    {
        var settings = new SignerSettings { Thumbprint = Thumbprint };

        Assert.Equal(SignerKind.CertificateStore, settings.Kind);
        if (!OperatingSystem.IsWindows())
        {
            var error = Assert.Throws<ScriptSigningException>(() => settings.CreateProvider());
            Assert.Contains("not available on this OS", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void No_signer_or_two_signers_are_refused_with_what_to_name()
    {
        Assert.Contains("No signer given", Assert.Throws<ScriptSigningException>(() => new SignerSettings().Kind).Message, StringComparison.Ordinal);
        Assert.Contains("name exactly one", Assert.Throws<ScriptSigningException>(() => new SignerSettings { Thumbprint = Thumbprint, CertificateFile = "a.pfx" }.Kind).Message, StringComparison.Ordinal);
        Assert.Contains("name exactly one", Assert.Throws<ScriptSigningException>(() => new SignerSettings { Thumbprint = Thumbprint, KeyVaultUrl = new Uri("https://v.vault.azure.net") }.Kind).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_vault_settings_without_url_or_credential_are_refused()
    {
        Assert.Contains("vault URL", Assert.Throws<ScriptSigningException>(() => new SignerSettings { KeyVaultCertificate = "c" }.CreateProvider(() => new FixedTokenCredential("t"))).Message, StringComparison.Ordinal);
        Assert.Contains("credential", Assert.Throws<ScriptSigningException>(() => new SignerSettings { KeyVaultUrl = new Uri("https://v.vault.azure.net"), KeyVaultCertificate = "c" }.CreateProvider()).Message, StringComparison.Ordinal);
    }
}
