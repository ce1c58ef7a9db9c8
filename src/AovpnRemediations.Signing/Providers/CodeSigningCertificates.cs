using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AovpnRemediations.Signing.Providers;

/// <summary>Checks shared by the signers: is this certificate fit to sign scripts now, and which one of a set is meant.</summary>
public static class CodeSigningCertificates
{
    /// <summary>
    /// A thumbprint as typed or pasted: spaces, colons and the invisible left-to-right mark that certmgr's details
    /// tab copies along are dropped, letters upper-cased. Throws unless 40 hex digits remain.
    /// </summary>
    public static string NormalizeThumbprint(string thumbprint)
    {
        var builder = new StringBuilder(40);
        foreach (var c in thumbprint)
        {
            if (char.IsAsciiHexDigit(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
            else if (c is not (' ' or ':' or '\u200E' or '\u200F' or '\uFEFF' or '\t'))
            {
                throw new ScriptSigningException($"Thumbprint '{thumbprint}' has the character '{c}'; give the certificate's SHA-1 thumbprint as 40 hexadecimal digits.");
            }
        }

        if (builder.Length != 40)
        {
            throw new ScriptSigningException($"Thumbprint '{thumbprint}' has {builder.Length.ToString(CultureInfo.InvariantCulture)} hexadecimal digits; a SHA-1 thumbprint has 40.");
        }

        return builder.ToString();
    }

    /// <summary>
    /// Picks the certificate with this thumbprint from a store's certificates and checks it can sign scripts now.
    /// Kept apart from the store so the choice is testable on any OS.
    /// </summary>
    public static X509Certificate2 SelectByThumbprint(X509Certificate2Collection certificates, string thumbprint, string source, DateTimeOffset now)
    {
        var wanted = NormalizeThumbprint(thumbprint);
        var match = certificates.FirstOrDefault(c => string.Equals(c.Thumbprint, wanted, StringComparison.OrdinalIgnoreCase))
            ?? throw new ScriptSigningException($"No certificate with thumbprint {wanted} in {source}. List the store (Get-ChildItem Cert:\\CurrentUser\\My) and copy the code signing certificate's thumbprint.");
        if (!match.HasPrivateKey)
        {
            throw new ScriptSigningException($"Certificate {wanted} in {source} has no private key here; import it with its key (a .pfx) or sign with the machine that holds the key.");
        }

        CheckFitForSigning(match, source, now);
        return match;
    }

    /// <summary>Throws unless the certificate is time-valid now and allows code signing (an EKU list without it forbids it).</summary>
    public static void CheckFitForSigning(X509Certificate2 certificate, string source, DateTimeOffset now)
    {
        var name = $"{certificate.Subject} ({certificate.Thumbprint}) from {source}";
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            throw new ScriptSigningException($"Signer certificate {name} is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}, not now ({now.UtcDateTime:u}); renew it and sign with the new one.");
        }

        if (!AllowsCodeSigning(certificate))
        {
            throw new ScriptSigningException($"Signer certificate {name} does not have the Code Signing extended key usage (1.3.6.1.5.5.7.3.3); Windows would reject its signatures. Use a code signing certificate.");
        }
    }

    internal static bool AllowsCodeSigning(X509Certificate2 certificate)
    {
        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        return eku is null || eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == Oids.CodeSigningEku);
    }

    /// <summary>True when the key is the private half of the certificate's public key (compared as SubjectPublicKeyInfo).</summary>
    internal static bool KeyMatches(X509Certificate2 certificate, AsymmetricAlgorithm key) =>
        certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());

    /// <summary>The private key of a certificate loaded with one, as the algorithm object SignedCms signs with.</summary>
    internal static AsymmetricAlgorithm PrivateKeyOf(X509Certificate2 certificate, string source) =>
        (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey()
        ?? (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey()
        ?? throw new ScriptSigningException($"Certificate {certificate.Thumbprint} from {source} has a key that is neither RSA nor ECDSA; Authenticode signing here supports those two.");
}
