using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AovpnRemediations.Signing.Providers;

/// <summary>
/// An opened signing key. <see cref="PrivateKey"/> is what SignedCms signs with: a local RSA/ECDsa key, or a
/// <see cref="RemoteRsa"/>/<see cref="RemoteECDsa"/> whose SignHash sends only the digest to the key's service.
/// </summary>
public sealed class CodeSigningKey : IDisposable
{
    public CodeSigningKey(X509Certificate2 certificate, AsymmetricAlgorithm privateKey, IReadOnlyList<X509Certificate2> chain, string description)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
        Chain = chain;
        Description = description;
    }

    /// <summary>The signer certificate (public part is enough).</summary>
    public X509Certificate2 Certificate { get; }

    public AsymmetricAlgorithm PrivateKey { get; }

    /// <summary>Certificates embedded beside the signer so a device can build the chain (intermediates; never needed for a self-signed signer).</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    public string Description { get; }

    /// <summary>SHA-1 thumbprint of the signer, upper-case hex: what Windows and Intune show.</summary>
    public string Thumbprint => Certificate.Thumbprint;

    public void Dispose()
    {
        PrivateKey.Dispose();
        Certificate.Dispose();
        foreach (var certificate in Chain)
        {
            certificate.Dispose();
        }
    }
}
