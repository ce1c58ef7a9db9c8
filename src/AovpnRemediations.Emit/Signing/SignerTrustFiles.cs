using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using AovpnRemediations.Signing.Trust;

namespace AovpnRemediations.Emit.Signing;

/// <summary>One file of <c>output/signing/</c>.</summary>
public sealed record TrustFile(string Name, byte[] Content);

/// <summary>
/// What devices need before they run the signed scripts with Intune's signature check on, as files in
/// <c>output/signing/</c>, from <see cref="SignerTrust.Describe"/>: the signer's public certificate (and the
/// intermediates the signature embeds; never a root the signer chains to, which the devices must already trust), an
/// Intune custom profile over the RootCATrustedCertificates CSP as a Graph request body, a script that imports the
/// certificates (the alternative for devices without that profile), and a README saying which to use.
/// </summary>
public static class SignerTrustFiles
{
    public const string IntuneProfileFileName = "trusted-publisher.intune.json";
    public const string ImportScriptFileName = "Add-AovpnScriptSigner.ps1";
    public const string ReadmeFileName = "README.md";

    public static IReadOnlyList<TrustFile> Create(X509Certificate2 signer, IReadOnlyList<X509Certificate2> intermediates, bool timestamped)
    {
        var trust = SignerTrust.Describe(signer, intermediates);
        var files = new List<TrustFile> { new(trust.CerFileName, trust.CertificateDer) };
        files.AddRange(intermediates.Select(c => new TrustFile(IntermediateFileName(c), c.RawData)));
        files.Add(new TrustFile(IntuneProfileFileName, AsciiJson.Serialize(IntuneProfile(trust))));
        files.Add(new TrustFile(ImportScriptFileName, Encoding.ASCII.GetBytes(trust.ImportScript)));
        files.Add(new TrustFile(ReadmeFileName, Encoding.ASCII.GetBytes(Readme(trust, signer, intermediates, files.Select(f => f.Name).Append(ReadmeFileName).ToList(), timestamped))));
        return files;
    }

    private static string IntermediateFileName(X509Certificate2 certificate) =>
        $"aovpn-script-signer-ca-{certificate.Thumbprint[..8].ToLowerInvariant()}.cer";

    /// <summary>
    /// A <c>windows10CustomConfiguration</c> body for <c>POST /deviceManagement/deviceConfigurations</c> (v1.0 or beta),
    /// or the values to type into the portal's custom profile: one String OMA-URI setting per certificate.
    /// </summary>
    private static JsonObject IntuneProfile(SignerTrustPackage trust) => new()
    {
        ["@odata.type"] = "#microsoft.graph.windows10CustomConfiguration",
        ["displayName"] = $"AOVPN script signer {trust.Thumbprint[..8]} (Trusted Publishers)",
        ["description"] = $"Puts the certificate that signs the AovpnRemediations scripts ({trust.Subject}, thumbprint {trust.Thumbprint}, valid until {trust.NotAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}) in Trusted Publishers{(trust.IsSelfSigned ? " and, being self-signed, in Trusted Root Certification Authorities" : string.Empty)} on every device it is assigned to. Written by aovpn-remediations when signing; assign it to the devices that run the packages.",
        ["omaSettings"] = new JsonArray(trust.OmaUriSettings.Select(s => (JsonNode)new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.omaSettingString",
            ["displayName"] = s.Name,
            ["description"] = $"RootCATrustedCertificates CSP; data type {s.DataType}; value: the DER certificate in base64.",
            ["omaUri"] = s.OmaUri,
            ["value"] = s.Value,
        }).ToArray()),
    };

    private static string Readme(SignerTrustPackage trust, X509Certificate2 signer, IReadOnlyList<X509Certificate2> intermediates, IReadOnlyList<string> names, bool timestamped)
    {
        var date = (DateTime d) => d.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var o = new StringBuilder();
        void Line(string text = "") => o.Append(Ascii(text)).Append("\r\n");

        Line("# Trusting the script signer");
        Line();
        Line("Written by aovpn-remediations when it signed this output folder. Every `.ps1` in it is signed by:");
        Line();
        Line($"- subject: `{signer.Subject}`");
        Line($"- thumbprint (SHA-1): `{trust.Thumbprint}`");
        Line($"- valid from {date(signer.NotBefore)} to {date(signer.NotAfter)}");
        Line(trust.IsSelfSigned
            ? "- self-signed: it is its own root, so devices must trust it as a root as well as a publisher"
            : $"- issued by `{signer.Issuer}`{(intermediates.Count > 0 ? $" (intermediates embedded in every signature: {string.Join(", ", intermediates.Select(c => $"`{c.Subject}`"))})" : string.Empty)}");
        Line(timestamped
            ? "- timestamped: the signatures stay valid after the certificate expires"
            : "- not timestamped: the signatures stop being valid when the certificate expires; sign again before then (`sign --timestamp-url` avoids this)");
        Line();
        Line("## When devices need this");
        Line();
        Line("With `intune.enforceSignatureCheck: true` in the profile, Intune runs each script under the device's PowerShell");
        Line("execution policy instead of Bypass. Under AllSigned (and RemoteSigned for a script Windows considers downloaded) a");
        Line("script runs only when its signer is in the device's Trusted Publishers store and chains to a trusted root; otherwise");
        Line("PowerShell does not run it. Deploy the signer's trust **before** publishing with the check on. With the check off,");
        Line("Intune runs the scripts with Bypass and the signature is not looked at.");
        Line("Sources: https://learn.microsoft.com/en-us/intune/intune-service/fundamentals/remediations and");
        Line("https://github.com/MicrosoftDocs/memdocs/issues/1346 (what the switch means exactly).");
        Line();
        Line("## Files");
        Line();
        Line("| file | what it is |");
        Line("|---|---|");
        foreach (var name in names)
        {
            Line($"| `{name}` | {Describe(name, trust)} |");
        }

        Line();
        Line("## 1. Intune custom profile (RootCATrustedCertificates CSP)");
        Line();
        Line($"`{IntuneProfileFileName}` is a Windows 10 custom configuration profile, ready to POST to");
        Line("`https://graph.microsoft.com/v1.0/deviceManagement/deviceConfigurations` and assign to the devices that run the");
        Line("packages. In the portal: Devices > Configuration > Create > Windows 10 and later > Templates > Custom, one row per setting:");
        Line();
        Line("| name | OMA-URI | data type |");
        Line("|---|---|---|");
        foreach (var setting in trust.OmaUriSettings)
        {
            Line($"| {setting.Name} | `{setting.OmaUri}` | {setting.DataType} (the value in the JSON file) |");
        }

        Line();
        Line("The CSP: https://learn.microsoft.com/en-us/windows/client-management/mdm/rootcacertificates-csp (TrustedPublisher,");
        Line("Root and CA nodes, `{CertHash}` = the SHA-1 thumbprint). The data type String is what vendors use for this node;");
        Line("Microsoft does not state it for it (unconfirmed).");
        if (!trust.IsSelfSigned)
        {
            Line();
            Line("The root CA the signer chains to is not in this folder: devices must trust it already (an Intune trusted");
            Line("certificate profile for the computer Root store, or Group Policy).");
        }

        Line();
        Line("## 2. A script");
        Line();
        Line($"`{ImportScriptFileName}` adds the same certificates to the LocalMachine stores and leaves those already there alone.");
        Line("Run it as SYSTEM or an administrator: an Intune platform script with the signature check off, a Win32 app, a ConfigMgr");
        Line("script or a Group Policy startup script. It cannot be a signature-checked remediation of this signer (the device does");
        Line("not trust the signer yet).");
        Line();
        Line("## 3. Group Policy (domain-joined devices)");
        Line();
        Line("Import the `.cer` into Computer Configuration > Policies > Windows Settings > Security Settings > Public Key Policies >");
        Line("Trusted Publishers" + (trust.IsSelfSigned ? " and Trusted Root Certification Authorities." : " (and any intermediate into Intermediate Certification Authorities)."));
        Line("(The Trusted Root Certification Authorities container is documented at https://technet.microsoft.com/en-us/library/cc783813(WS.10).aspx;");
        Line("the Trusted Publishers container beside it was not checked against a Microsoft page.)");
        Line();
        Line("## ConfigMgr");
        Line();
        Line("The ConfigMgr importer embeds the signed discovery and remediation scripts and is signed itself. With the client");
        Line("setting Computer Agent > PowerShell execution policy = All Signed, the devices need the same trust as above.");
        Line();
        Line("Check the signatures before publishing: `aovpn-remediations verify-signatures --trust-anchor <root or signer .cer>`.");
        return o.ToString();
    }

    private static string Describe(string name, SignerTrustPackage trust) => name switch
    {
        _ when name == trust.CerFileName => "the signer's public certificate (DER)" + (trust.IsSelfSigned ? "; it goes to Trusted Publishers and Root" : "; it goes to Trusted Publishers"),
        IntuneProfileFileName => "Intune custom profile (OMA-URI settings) as a Graph request body",
        ImportScriptFileName => "script that imports the certificates into LocalMachine stores (signed too)",
        ReadmeFileName => "this page",
        _ => "an intermediate CA of the signer (DER); it goes to Intermediate Certification Authorities",
    };

    /// <summary>output/ is ASCII: a subject with other characters shows them as \uXXXX.</summary>
    private static string Ascii(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is >= ' ' and <= '~' ? c.ToString() : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
