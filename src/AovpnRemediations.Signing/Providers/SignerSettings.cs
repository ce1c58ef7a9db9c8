using System.Security.Cryptography.X509Certificates;
using Azure.Core;

namespace AovpnRemediations.Signing.Providers;

public enum SignerKind
{
    CertificateFile,
    CertificateStore,
    KeyVault,
}

/// <summary>
/// Which signer to use, as a command line or a profile would say it; <see cref="CreateProvider"/> turns it into
/// exactly one <see cref="ICodeSigningProvider"/>. A password is never a setting: only the name of the
/// environment variable that holds it.
/// </summary>
public sealed record SignerSettings
{
    /// <summary>A .pfx/.p12 or PEM signer certificate; with <see cref="KeyVaultUrl"/>, the public certificate of the Key Vault key.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>A PEM private key beside a PEM <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; init; }

    public string? PasswordEnvironmentVariable { get; init; }

    /// <summary>A certificate in the Windows store (Windows only).</summary>
    public string? Thumbprint { get; init; }

    public StoreLocation StoreLocation { get; init; } = StoreLocation.CurrentUser;

    public Uri? KeyVaultUrl { get; init; }

    /// <summary>A Key Vault certificate whose key signs.</summary>
    public string? KeyVaultCertificate { get; init; }

    /// <summary>The version of <see cref="KeyVaultCertificate"/> (its key has the same version); the current one when null.</summary>
    public string? KeyVaultCertificateVersion { get; init; }

    /// <summary>A Key Vault key, with <see cref="CertificateFile"/> holding its certificate.</summary>
    public string? KeyVaultKey { get; init; }

    public string? KeyVaultKeyVersion { get; init; }

    /// <summary>Which signer these settings name; throws when they name none, or more than one.</summary>
    public SignerKind Kind
    {
        get
        {
            var kinds = new List<SignerKind>();
            if (KeyVaultUrl is not null || KeyVaultCertificate is not null || KeyVaultKey is not null)
            {
                kinds.Add(SignerKind.KeyVault);
            }

            if (Thumbprint is not null)
            {
                kinds.Add(SignerKind.CertificateStore);
            }

            // With Key Vault the certificate file is only the public certificate: not a signer of its own.
            if (CertificateFile is not null && !kinds.Contains(SignerKind.KeyVault))
            {
                kinds.Add(SignerKind.CertificateFile);
            }

            return kinds.Count switch
            {
                1 => kinds[0],
                0 => throw new ScriptSigningException("No signer given: name a certificate file (.pfx or PEM), a certificate thumbprint in the Windows store, or an Azure Key Vault."),
                _ => throw new ScriptSigningException($"Several signers given ({string.Join(", ", kinds)}); name exactly one: a certificate file, a thumbprint, or a Key Vault."),
            };
        }
    }

    /// <param name="credential">Made only for Key Vault (an Azure.Identity credential: environment, managed identity, device code...).</param>
    public ICodeSigningProvider CreateProvider(Func<TokenCredential>? credential = null, HttpClient? http = null, Func<string, string?>? environment = null, TimeProvider? time = null)
    {
        switch (Kind)
        {
            case SignerKind.CertificateFile:
                return new CertificateFileProvider(CertificateFile!, KeyFile, PasswordEnvironmentVariable, environment, time);
            case SignerKind.CertificateStore:
                if (KeyFile is not null || PasswordEnvironmentVariable is not null)
                {
                    throw new ScriptSigningException("A key file or password variable does not go with a certificate store thumbprint: the store holds the key.");
                }

                return new CertificateStoreProvider(Thumbprint!, StoreLocation, time);
            case SignerKind.KeyVault:
                if (KeyVaultUrl is null)
                {
                    throw new ScriptSigningException("Key Vault signing needs the vault URL, e.g. https://contoso-signing.vault.azure.net.");
                }

                if (credential is null)
                {
                    throw new ScriptSigningException("Key Vault signing needs an Azure credential; none was configured.");
                }

                return new KeyVaultProvider(
                    new KeyVaultSignerOptions
                    {
                        VaultUri = KeyVaultUrl,
                        CertificateName = KeyVaultCertificate,
                        CertificateVersion = KeyVaultCertificateVersion,
                        KeyName = KeyVaultKey,
                        KeyVersion = KeyVaultKeyVersion,
                        CertificateFile = CertificateFile,
                    },
                    credential(),
                    http,
                    time);
            default:
                throw new InvalidOperationException($"Unknown signer kind {Kind}.");
        }
    }
}
