using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AovpnRemediations.Signing.Trust;

/// <summary>One setting of an Intune custom (OMA-URI) profile.</summary>
/// <param name="DataType">As the Intune portal names it ("String"); Graph's type is omaSettingString.</param>
public sealed record OmaUriSetting(string Name, string OmaUri, string DataType, string Value);

/// <summary>
/// What devices need before they run scripts signed by this signer with Intune's "Enforce script signature check":
/// the signer in LocalMachine\TrustedPublisher, and its chain trusted (a self-signed signer in Root as well).
/// Offered three ways: the .cer, an Intune custom profile over the RootCATrustedCertificates CSP, and a script that
/// imports the certificates (for a platform script, Win32 app or Group Policy startup script). docs/signing.md says
/// which parts Microsoft documents and which are unconfirmed.
/// </summary>
public sealed record SignerTrustPackage
{
    public required string Thumbprint { get; init; }

    public required string Subject { get; init; }

    public required DateTimeOffset NotAfter { get; init; }

    public required bool IsSelfSigned { get; init; }

    /// <summary>The public certificate, DER: what a .cer file holds.</summary>
    public required byte[] CertificateDer { get; init; }

    public required string CerFileName { get; init; }

    public required IReadOnlyList<OmaUriSetting> OmaUriSettings { get; init; }

    /// <summary>A Windows PowerShell 5.1 script (ASCII, CRLF) that adds the certificates to the LocalMachine stores, idempotently.</summary>
    public required string ImportScript { get; init; }
}

public static class SignerTrust
{
    private const string CspRoot = "./Device/Vendor/MSFT/RootCATrustedCertificates";

    /// <param name="signer">The signing certificate (public part).</param>
    /// <param name="issuers">Its intermediates and root, when the devices do not trust them yet; left out when they do.</param>
    public static SignerTrustPackage Describe(X509Certificate2 signer, IEnumerable<X509Certificate2>? issuers = null)
    {
        var selfSigned = IsSelfSigned(signer);
        var entries = new List<(string Node, X509Certificate2 Certificate, string Role)> { ("TrustedPublisher", signer, "trusted publisher") };
        if (selfSigned)
        {
            // A self-signed signer is its own root: the chain is only trusted when it is also in Root.
            entries.Add(("Root", signer, "root (self-signed signer)"));
        }

        foreach (var issuer in issuers ?? [])
        {
            entries.Add(IsSelfSigned(issuer) ? ("Root", issuer, "root") : ("CA", issuer, "intermediate"));
        }

        var settings = entries
            .Select(e => new OmaUriSetting(
                $"AOVPN script signer {e.Role} {e.Certificate.Thumbprint}",
                $"{CspRoot}/{e.Node}/{e.Certificate.Thumbprint}/EncodedCertificate",
                "String",
                Convert.ToBase64String(e.Certificate.RawData)))
            .ToList();

        return new SignerTrustPackage
        {
            Thumbprint = signer.Thumbprint,
            Subject = signer.Subject,
            NotAfter = new DateTimeOffset(signer.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            IsSelfSigned = selfSigned,
            CertificateDer = signer.RawData,
            CerFileName = $"aovpn-script-signer-{signer.Thumbprint[..8].ToLowerInvariant()}.cer",
            OmaUriSettings = settings,
            ImportScript = ImportScript(entries.Select(e => (StoreName(e.Node), e.Certificate)).ToList()),
        };
    }

    private static string StoreName(string node) => node switch
    {
        "TrustedPublisher" => "TrustedPublisher",
        "Root" => "Root",
        "CA" => "CA",
        _ => throw new ArgumentOutOfRangeException(nameof(node), node, "unknown store node"),
    };

    private static string ImportScript(IReadOnlyList<(string Store, X509Certificate2 Certificate)> entries)
    {
        // Every value is a store name, a hex thumbprint or base64: nothing here needs PowerShell escaping.
        var lines = new List<string>
        {
            "# Adds the AovpnRemediations script signer to this device's LocalMachine certificate stores, so that",
            "# scripts it signed pass Intune's signature check. Idempotent: certificates already present are left alone.",
            "# Run as SYSTEM or an administrator (for example as an Intune platform script or a Win32 app).",
            "$ErrorActionPreference = 'Stop'",
            "$entries = @(",
        };
        for (var i = 0; i < entries.Count; i++)
        {
            var (store, certificate) = entries[i];
            lines.Add($"    @{{ Store = '{store}'; Thumbprint = '{certificate.Thumbprint}'; Base64 = '{Convert.ToBase64String(certificate.RawData)}' }}{(i < entries.Count - 1 ? "," : string.Empty)}");
        }

        lines.AddRange(
        [
            ")",
            "$added = 0",
            "foreach ($entry in $entries) {",
            "    $store = New-Object System.Security.Cryptography.X509Certificates.X509Store($entry.Store, [System.Security.Cryptography.X509Certificates.StoreLocation]::LocalMachine)",
            "    $store.Open([System.Security.Cryptography.X509Certificates.OpenFlags]::ReadWrite)",
            "    try {",
            "        $present = @($store.Certificates.Find([System.Security.Cryptography.X509Certificates.X509FindType]::FindByThumbprint, $entry.Thumbprint, $false))",
            "        if ($present.Count -eq 0) {",
            "            $certificate = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList (,[Convert]::FromBase64String($entry.Base64))",
            "            $store.Add($certificate)",
            "            $added++",
            "        }",
            "    }",
            "    finally {",
            "        $store.Close()",
            "    }",
            "}",
            "Write-Output ('{\"status\":\"ok\",\"added\":' + $added + '}')",
            "exit 0",
        ]);
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append(line).Append("\r\n");
        }

        return builder.ToString();
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
}
