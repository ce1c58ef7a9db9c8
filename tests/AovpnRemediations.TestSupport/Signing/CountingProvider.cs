using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AovpnRemediations.Signing.Providers;

namespace AovpnRemediations.TestSupport.Signing;

/// <summary>
/// A signer that counts its signatures and can fail after some (a key on a token that was pulled out halfway): it
/// signs through <see cref="RemoteRsa"/>, as an external key does.
/// </summary>
public sealed class CountingProvider(X509Certificate2 certificateWithKey, int? failAfter = null) : ICodeSigningProvider
{
    private int _signatures;

    public int Signatures => _signatures;

    public string Description => "counting test key " + certificateWithKey.Subject;

    public Task<CodeSigningKey> OpenAsync(CancellationToken cancellationToken = default)
    {
        var rsa = certificateWithKey.GetRSAPrivateKey() ?? throw new ArgumentException("an RSA certificate with its key", nameof(certificateWithKey));
        var remote = new RemoteRsa(rsa.ExportParameters(false), (digest, hash) =>
        {
            if (Interlocked.Increment(ref _signatures) > failAfter)
            {
                throw new CryptographicException("the signing key went away");
            }

            return rsa.SignHash(digest, hash, RSASignaturePadding.Pkcs1);
        });
        return Task.FromResult(new CodeSigningKey(X509CertificateLoader.LoadCertificate(certificateWithKey.RawData), remote, [], Description));
    }
}
