using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AovpnRemediations.Profile.Loading;

/// <summary>
/// Reads one public certificate file (DER or PEM). Anything that carries a private key is refused: the
/// key would end up in scripts readable by every device and by anyone with Graph read access.
/// </summary>
public static class CertificateFileReader
{
    /// <summary>Returns the certificate, or the reason the file is not a usable public certificate.</summary>
    public static (ProfileCertificate? Certificate, string? Problem, string? Fix) Read(string file, byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return (null, "the file is empty.", "export the certificate again as DER (.cer) or Base-64 (PEM).");
        }

        var text = LooksLikeText(bytes) ? Encoding.ASCII.GetString(bytes) : null;
        if (text is not null && text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return (null, "the file contains a private key.", "export the public certificate only (no private key) and point the profile at that file.");
        }

        if (IsPkcs12(bytes))
        {
            return (null, "the file is a PFX/PKCS#12 container, which carries a private key.", "export the public certificate only, as DER (.cer) or Base-64 (PEM).");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = text is not null && text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? LoadSinglePem(text)
                : X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or InvalidDataException)
        {
            return (null, "the file is not an X.509 certificate.", "export the certificate as DER (.cer) or Base-64 (PEM) from the CA or the certificate store.");
        }

        using (certificate)
        {
            if (certificate.HasPrivateKey)
            {
                return (null, "the file carries a private key.", "export the public certificate only.");
            }

            var basicConstraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
            return (new ProfileCertificate(
                file,
                certificate.Thumbprint.ToUpperInvariant(),
                certificate.Subject,
                certificate.Issuer,
                new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
                new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
                basicConstraints?.CertificateAuthority == true,
                certificate.RawData), null, null);
        }
    }

    private static X509Certificate2 LoadSinglePem(string text)
    {
        var first = text.IndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal);
        if (text.IndexOf("-----BEGIN CERTIFICATE-----", first + 1, StringComparison.Ordinal) >= 0)
        {
            throw new FormatException("More than one certificate in one file.");
        }

        return X509Certificate2.CreateFromPem(text);
    }

    private static bool LooksLikeText(byte[] bytes) => bytes.All(b => b is 0x09 or 0x0A or 0x0D || (b >= 0x20 && b < 0x7F));

    private static bool IsPkcs12(byte[] bytes)
    {
        try
        {
            return X509Certificate2.GetCertContentType(bytes) == X509ContentType.Pkcs12;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
