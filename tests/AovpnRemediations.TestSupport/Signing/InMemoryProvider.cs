using System.Security.Cryptography.X509Certificates;
using AovpnRemediations.Signing.Providers;

namespace AovpnRemediations.TestSupport.Signing;

/// <summary>A provider over a certificate already in memory, for tests that are not about where keys live.</summary>
public sealed class InMemoryProvider(X509Certificate2 certificateWithKey, params X509Certificate2[] chain) : ICodeSigningProvider
{
    public string Description => "test key " + certificateWithKey.Subject;

    public Task<CodeSigningKey> OpenAsync(CancellationToken cancellationToken = default)
    {
        var copy = X509CertificateLoader.LoadCertificate(certificateWithKey.RawData);
        var key = (System.Security.Cryptography.AsymmetricAlgorithm?)certificateWithKey.GetRSAPrivateKey() ?? certificateWithKey.GetECDsaPrivateKey()!;
        return Task.FromResult(new CodeSigningKey(copy, key, [.. chain.Select(c => X509CertificateLoader.LoadCertificate(c.RawData))], Description));
    }
}
