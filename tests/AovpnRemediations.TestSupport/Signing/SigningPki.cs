using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AovpnRemediations.TestSupport.Signing;

/// <summary>Throwaway signing PKIs made with CertificateRequest; no private key is ever written to the repository.</summary>
public static class SigningPki
{
    public const string CodeSigning = "1.3.6.1.5.5.7.3.3";
    public const string TimeStamping = "1.3.6.1.5.5.7.3.8";

    public static X509Certificate2 SelfSignedSigner(string subject = "CN=AOVPN Test Signer", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, bool ecdsa = false, string? eku = CodeSigning)
    {
        using var key = NewKey(ecdsa);
        var request = Request(subject, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        if (eku is not null)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(eku)], false));
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(1));
    }

    public static X509Certificate2 Root(string subject = "CN=AOVPN Test Root")
    {
        using var key = NewKey(ecdsa: false);
        var request = Request(subject, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(10));
    }

    public static X509Certificate2 Intermediate(X509Certificate2 root, string subject = "CN=AOVPN Test Code Signing CA")
    {
        using var key = NewKey(ecdsa: false);
        var request = Request(subject, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var issued = request.Create(root, DateTimeOffset.UtcNow.AddMonths(-6), DateTimeOffset.UtcNow.AddYears(5), RandomNumberGenerator.GetBytes(12));
        return issued.CopyWithPrivateKey((RSA)key);
    }

    /// <summary>A leaf issued by <paramref name="issuer"/>; <paramref name="eku"/> is code signing unless told (timestamping for a TSA).</summary>
    public static X509Certificate2 Leaf(X509Certificate2 issuer, string subject = "CN=AOVPN Test Signer", string eku = CodeSigning, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, bool ecdsa = false)
    {
        using var key = NewKey(ecdsa);
        var request = Request(subject, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        // RFC 3161 asks for a critical timestamping EKU on a TSA; code signing EKUs are not critical in practice.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(eku)], critical: eku == TimeStamping));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        // Through a generator, so an ECDSA leaf can be issued by an RSA CA.
        using var issuerKey = issuer.GetRSAPrivateKey()!;
        using var issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(1), RandomNumberGenerator.GetBytes(12));
        return ecdsa ? issued.CopyWithPrivateKey((ECDsa)key) : issued.CopyWithPrivateKey((RSA)key);
    }

    public static string WritePem(string path, params X509Certificate2[] certificates)
    {
        File.WriteAllText(path, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));
        return path;
    }

    public static X509Certificate2Collection Anchors(params X509Certificate2[] certificates) =>
        [.. certificates.Select(c => X509CertificateLoader.LoadCertificate(c.RawData))];

    /// <summary>ESS signingCertificateV2 (RFC 5035) naming the TSA certificate by its SHA-256, which RFC 3161 tokens carry.</summary>
    public static byte[] SigningCertificateV2(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteOctetString(SHA256.HashData(certificate.RawData));
        }

        return writer.Encode();
    }

    private static AsymmetricAlgorithm NewKey(bool ecdsa) =>
        ecdsa ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);

    private static CertificateRequest Request(string subject, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
        _ => throw new ArgumentException("RSA or ECDsa", nameof(key)),
    };
}
