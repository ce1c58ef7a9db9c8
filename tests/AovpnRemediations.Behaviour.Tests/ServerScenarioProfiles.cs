using System.Collections;
using System.Text.Json.Nodes;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Behaviour.Tests;

/// <summary>
/// The server packages' scenario builds. Those packages go to ConfigMgr by default, so each variant of the
/// sample profile sends them to Intune, whose scripts the specs run; its PKI is a root and issuing CA made
/// here (valid 2020-2040, around the simulated clock), whose private keys reach the specs in memory only,
/// so they can issue server certificates.
/// </summary>
internal static class ServerScenarioProfiles
{
    private static readonly string[] ServerPackages = ["aovpn-vpn-server-cert", "aovpn-nps-mfa", "aovpn-deny-list"];

    /// <summary>
    /// Disables the server packages in a profile, for scenarios about one client package: without this they
    /// would go to ConfigMgr (their default) beside it.
    /// </summary>
    public static JsonObject WithoutServerPackages(JsonObject json)
    {
        foreach (var package in ServerPackages)
        {
            json["packages"]![package] = new JsonObject { ["enabled"] = false };
        }

        return json;
    }

    public static Hashtable Build(TempDirectory temp, Action<ProfileSource, string> build)
    {
        var from = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var root = TestCertificates.Root("CN=Server Scenario Root CA, O=Example", from, to);
        var issuing = TestCertificates.Issued("CN=Server Scenario Issuing CA, O=Example", root, isCa: true, from, to);
        var context = new Hashtable { ["ServerRoot"] = root, ["ServerIssuing"] = issuing };
        var trustedCasOnly = temp.Path("trusted-cas-only");
        build(new FileProfileSource(SampleProfile.WriteTo(temp.Path("trusted-cas-only-profile"), WithoutServerPackages(SampleProfile.Json()))), trustedCasOnly);
        context["TrustedCasOnly"] = trustedCasOnly;

        context["Server"] = BuildVariant(temp, build, "server", root, issuing, _ => { });
        context["ServerRestarts"] = BuildVariant(temp, build, "server-restarts", root, issuing, json =>
        {
            json["nps"]!["allowServiceRestart"] = true;
            json["denyList"]!["allowRemoteAccessRestart"] = true;
            json["denyList"]!["reconnectWaitSeconds"] = 0;
        });
        context["ServerEmptyDenyList"] = BuildVariant(temp, build, "server-empty-deny-list", root, issuing, json =>
        {
            json["denyList"] = new JsonObject { ["users"] = new JsonArray(), ["devices"] = new JsonArray() };
        });
        return context;
    }

    private static string BuildVariant(
        TempDirectory temp,
        Action<ProfileSource, string> build,
        string name,
        System.Security.Cryptography.X509Certificates.X509Certificate2 root,
        System.Security.Cryptography.X509Certificates.X509Certificate2 issuing,
        Action<JsonObject> change)
    {
        var folder = temp.Path(name + "-profile");
        var pki = Path.Combine(folder, "pki");
        Directory.CreateDirectory(pki);
        File.WriteAllBytes(Path.Combine(pki, "server-root.cer"), TestCertificates.PublicDer(root));
        File.WriteAllBytes(Path.Combine(pki, "server-issuing.cer"), TestCertificates.PublicDer(issuing));
        var json = SampleProfile.Json();
        json["pki"]!["rootCertificates"] = new JsonArray("pki/server-root.cer");
        json["pki"]!["intermediateCertificates"] = new JsonArray("pki/server-issuing.cer");
        foreach (var package in ServerPackages)
        {
            json["packages"]![package] = new JsonObject { ["targets"] = new JsonArray("intune") };
        }

        change(json);
        var output = temp.Path(name);
        build(new FileProfileSource(SampleProfile.WriteTo(folder, json)), output);
        return output;
    }
}
