namespace AovpnRemediations.Signing.Providers;

/// <summary>
/// Where a signing key lives. Each backend (certificate file, Windows certificate store, Azure Key Vault) opens its
/// key once; <see cref="ScriptSigner"/> then signs every script with it.
/// </summary>
public interface ICodeSigningProvider
{
    /// <summary>Names the key's source for messages, e.g. "certificate file signer.pfx".</summary>
    string Description { get; }

    /// <summary>Opens the key: the signer certificate, the certificates to embed with it, and a private key object.</summary>
    Task<CodeSigningKey> OpenAsync(CancellationToken cancellationToken = default);
}
