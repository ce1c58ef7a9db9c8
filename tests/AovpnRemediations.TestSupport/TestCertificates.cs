using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AovpnRemediations.TestSupport;

/// <summary>Certificates made on the fly with CertificateRequest; no private key is ever committed.</summary>
public static class TestCertificates
{
    public static X509Certificate2 Root(string subject, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddYears(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(10));
    }

    public static X509Certificate2 Issued(string subject, X509Certificate2 issuer, bool isCa, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, true));
        var serial = RandomNumberGenerator.GetBytes(8);
        var certificate = request.Create(issuer, notBefore ?? DateTimeOffset.UtcNow.AddYears(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(5), serial);
        return certificate.CopyWithPrivateKey(key);
    }

    public static byte[] PublicDer(X509Certificate2 certificate) => certificate.Export(X509ContentType.Cert);

    public static string PublicPem(X509Certificate2 certificate) => certificate.ExportCertificatePem();
}
