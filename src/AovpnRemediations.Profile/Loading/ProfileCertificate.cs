using System.Security.Cryptography.X509Certificates;

namespace AovpnRemediations.Profile.Loading;

/// <summary>A public certificate the profile names, read and checked.</summary>
/// <param name="File">The path as written in the profile.</param>
/// <param name="Thumbprint">SHA-1 thumbprint, upper-case hex, as Windows shows it.</param>
/// <param name="RawData">The DER bytes; scripts embed these to import the certificate.</param>
public sealed record ProfileCertificate(
    string File,
    string Thumbprint,
    string Subject,
    string Issuer,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    bool IsCertificateAuthority,
    byte[] RawData)
{
    public bool IsSelfIssued => string.Equals(Subject, Issuer, StringComparison.Ordinal);

    public X509Certificate2 Load() => X509CertificateLoader.LoadCertificate(RawData);
}
