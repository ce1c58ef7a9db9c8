using System.Collections;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using AovpnRemediations.Emit;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering.Templates;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Behaviour.Tests;

/// <summary>
/// Builds the packages the specs run: the sample profile's, and a variant with two roots and two
/// intermediates (certificates made on the fly, public parts only on disk). Paths reach the specs as
/// <c>$Context</c>.
/// </summary>
public sealed class ScenarioFixture : IDisposable
{
    private readonly TempDirectory temp = new();

    public ScenarioFixture()
    {
        Pester = PesterHost.Shared;
        var sample = temp.Path("sample");
        Build(SampleProfileSource.Instance, sample);

        var multiCa = temp.Path("multi-ca-profile");
        Directory.CreateDirectory(multiCa);
        var json = SampleProfile.Json();
        var pki = Path.Combine(multiCa, "pki");
        Directory.CreateDirectory(pki);
        var roots = new JsonArray();
        var intermediates = new JsonArray();
        for (var i = 1; i <= 2; i++)
        {
            var root = TestCertificates.Root($"CN=Multi Root {i}");
            var issuing = TestCertificates.Issued($"CN=Multi Issuing {i}", root, isCa: true);
            File.WriteAllBytes(Path.Combine(pki, $"root-{i}.cer"), TestCertificates.PublicDer(root));
            File.WriteAllBytes(Path.Combine(pki, $"issuing-{i}.cer"), TestCertificates.PublicDer(issuing));
            roots.Add($"pki/root-{i}.cer");
            intermediates.Add($"pki/issuing-{i}.cer");
        }

        json["pki"]!["rootCertificates"] = roots;
        json["pki"]!["intermediateCertificates"] = intermediates;
        var multiOutput = temp.Path("multi-ca");
        Build(new FileProfileSource(SampleProfile.WriteTo(multiCa, json)), multiOutput);
        var (client, clientPki) = BuildClientScenario("client", issuance: null);
        var (clientIntune, _) = BuildClientScenario("client-intune", issuance: "intune");
        // The sample's files sit beside the changed profile; only the new CAs belong to this variant.
        Context = new Hashtable
        {
            ["Client"] = client,
            ["ClientPki"] = clientPki,
            ["ClientIntune"] = clientIntune,
            ["Harness"] = Repository.Path("tests", "AovpnRemediations.Behaviour.Tests", "Harness"),
            ["Sample"] = sample,
            ["SamplePki"] = Repository.Path("src", "AovpnRemediations.Profile", "Sample", "pki"),
            ["MultiCa"] = multiOutput,
            ["MultiCaPki"] = pki,
            ["ConfigMgrOnly"] = BuildConfigMgrOnly(),
        };
        foreach (DictionaryEntry entry in ServerScenarioProfiles.Build(temp, Build))
        {
            Context[entry.Key] = entry.Value;
        }
    }

    /// <summary>
    /// The sample's trusted-CA package for ConfigMgr only, with names a careless importer would break on (a quote,
    /// wildcard brackets) and two deployments.
    /// </summary>
    private string BuildConfigMgrOnly()
    {
        var directory = temp.Path("configmgr-only-profile");
        Directory.CreateDirectory(directory);
        var json = SampleProfile.Json();
        json["packages"] = new JsonObject { ["aovpn-trusted-cas"] = new JsonObject { ["targets"] = new JsonArray("configmgr") } };
        ServerScenarioProfiles.WithoutServerPackages(json);
        // Without the VPN tunnels the client packages (Intune by default) are not built.
        json["vpn"]!.AsObject().Remove("userTunnel");
        json["vpn"]!.AsObject().Remove("deviceTunnel");
        json["configMgr"] = JsonNode.Parse("""
            {
              "namePrefix": "Contoso's AOVPN - ",
              "baselines": {
                "clients": {
                  "name": "AOVPN [servers] health",
                  "deployments": [
                    { "collection": "VPN servers [prod]", "everyDays": 7 },
                    { "collection": "NPS servers" }
                  ]
                }
              }
            }
            """);
        var output = temp.Path("configmgr-only");
        Build(new FileProfileSource(SampleProfile.WriteTo(directory, json)), output);
        return output;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<IReadOnlyList<PesterTestResult>>> results = new();

    public PesterHost Pester { get; }

    public Hashtable Context { get; }

    /// <summary>Each spec runs once; its scenarios' outcomes are then looked up one by one.</summary>
    public IReadOnlyList<PesterTestResult> ResultsOf(string specPath) =>
        results.GetOrAdd(specPath, path => new Lazy<IReadOnlyList<PesterTestResult>>(() => Pester.Run(path, Context))).Value;

    public void Dispose() => temp.Dispose();

    /// <summary>
    /// A client packages' scenario profile: a test root and issuing CA made here (the sample's CA keys are
    /// not committed), pki.requireTpmKey on, and the certificate issuance given (null: the default). The CAs with their keys go to a temporary folder as PKCS#12 for
    /// the specs to issue user and device certificates from; the profile gets their public certificates.
    /// </summary>
    private (string Output, string Pki) BuildClientScenario(string name, string? issuance)
    {
        var folder = temp.Path(name + "-profile");
        var pki = Path.Combine(folder, "pki");
        Directory.CreateDirectory(pki);
        var keys = temp.Path(name + "-ca-keys");
        Directory.CreateDirectory(keys);
        var from = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var until = new DateTimeOffset(2045, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var root = TestCertificates.Root("CN=Scenario Root CA, O=Example", from, until);
        var issuing = TestCertificates.Issued("CN=Scenario Issuing CA, O=Example", root, isCa: true, from, until);
        File.WriteAllBytes(Path.Combine(pki, "scenario-root.cer"), TestCertificates.PublicDer(root));
        File.WriteAllBytes(Path.Combine(pki, "scenario-issuing.cer"), TestCertificates.PublicDer(issuing));
        File.WriteAllBytes(Path.Combine(keys, "root.pfx"), root.Export(X509ContentType.Pkcs12));
        File.WriteAllBytes(Path.Combine(keys, "issuing.pfx"), issuing.Export(X509ContentType.Pkcs12));

        var json = SampleProfile.Json();
        json["pki"]!["rootCertificates"] = new JsonArray("pki/scenario-root.cer");
        json["pki"]!["intermediateCertificates"] = new JsonArray("pki/scenario-issuing.cer");
        json["pki"]!["requireTpmKey"] = true;
        if (issuance is not null)
        {
            json["pki"]!["clientCertificateIssuance"] = issuance;
        }

        var output = temp.Path(name);
        Build(new FileProfileSource(SampleProfile.WriteTo(folder, json)), output);
        return (output, keys);
    }

    private static void Build(ProfileSource source, string output) =>
        new BuildPipeline(TimeProvider.System, TemplateSet.Embedded, BuildPipeline.ToolVersion).Build(source, output);
}
