using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Cli.Tests;

/// <summary>
/// The bad-input corpus: each case breaks one thing a real user gets wrong. Each must fail with a message
/// naming the file, where in it, and the fix, exit non-zero, and leave the previous output untouched.
/// </summary>
public class BadInputTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string> Cases => [.. Corpus.Keys];

    private static readonly Dictionary<string, BadCase> Corpus = new()
    {
        ["missing profile file"] = new(Setup: (dir, _) => Path.Combine(dir, "nope.json"), Exit: 3, Expect: ["nope.json", "does not exist", "aovpn-remediations init"]),
        ["broken JSON"] = new(Raw: text => text.Replace("\"vpn\": {", "\"vpn\": {,", StringComparison.Ordinal), Exit: 3, Expect: ["aovpn.json:5:", "not valid JSON"]),
        ["comment in JSON"] = new(Raw: text => text.Replace("\"vpn\": {", "// the VPN\n  \"vpn\": {", StringComparison.Ordinal), Exit: 3, Expect: ["aovpn.json:5:", "not valid JSON"]),
        ["unknown property"] = new(Json: j => j["vpn"]!["publicFQDN"] = "vpn.example.net", Exit: 3, Expect: ["$.vpn.publicFQDN", "is not a known setting", "publicFqdn"]),
        ["wrong type"] = new(Json: j => j["thresholds"]!["connectionEventWindowHours"] = "24", Exit: 3, Expect: ["$.thresholds.connectionEventWindowHours", "\"24\"", "integer"]),
        ["missing required setting"] = new(Json: j => j["vpn"]!.AsObject().Remove("publicFqdn"), Exit: 3, Expect: ["$.vpn.publicFqdn", "is required", "e.g. vpn.example.net"]),
        ["bad FQDN"] = new(Json: j => j["vpn"]!["publicFqdn"] = "https://vpn.example.net/", Exit: 3, Expect: ["$.vpn.publicFqdn", "does not have the expected form", "vpn.example.net"]),
        ["bad thumbprint"] = new(Json: j => j["pki"]!["rootCertificates"] = JsonNode.Parse("""[{ "file": "pki/example-root-ca.cer", "thumbprint": "\u200e62029a9ac4" }]"""), Exit: 3, Expect: ["$.pki.rootCertificates[0].thumbprint", "40 hex digits", "invisible character"]),
        ["pinned thumbprint mismatch"] = new(Json: j => j["pki"]!["rootCertificates"] = JsonNode.Parse("""[{ "file": "pki/example-root-ca.cer", "thumbprint": "00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00 11 22 33" }]"""), Exit: 3, Expect: ["$.pki.rootCertificates[0].thumbprint", "not the pinned 00112233"]),
        ["certificate file missing"] = new(Json: j => j["pki"]!["intermediateCertificates"] = new JsonArray("pki/missing.cer"), Exit: 3, Expect: ["$.pki.intermediateCertificates[0]", "missing.cer' does not exist", "relative to the profile"]),
        ["file that is not a certificate"] = new(Setup: (dir, json) => { File.WriteAllText(Path.Combine(dir, "pki", "notes.cer"), "just some notes"); json["pki"]!["intermediateCertificates"] = new JsonArray("pki/notes.cer"); return null; }, Exit: 3, Expect: ["$.pki.intermediateCertificates[0]", "not an X.509 certificate"]),
        ["certificate with a private key (PFX)"] = new(Setup: (dir, json) => { File.WriteAllBytes(Path.Combine(dir, "pki", "root.cer"), TestCertificates.Root("CN=Leaky Root").Export(X509ContentType.Pfx)); json["pki"]!["rootCertificates"] = new JsonArray("pki/example-root-ca.cer", "pki/root.cer"); return null; }, Exit: 3, Expect: ["$.pki.rootCertificates[1]", "PFX/PKCS#12", "public certificate only"]),
        ["PEM with a private key"] = new(Setup: (dir, json) => { using var key = ECDsa.Create(); File.WriteAllText(Path.Combine(dir, "pki", "root.pem"), TestCertificates.PublicPem(TestCertificates.Root("CN=Pem Root")) + key.ExportPkcs8PrivateKeyPem()); json["pki"]!["rootCertificates"] = new JsonArray("pki/root.pem"); return null; }, Exit: 3, Expect: ["$.pki.rootCertificates[0]", "contains a private key"]),
        ["expired CA certificate"] = new(Setup: (dir, json) => { File.WriteAllBytes(Path.Combine(dir, "pki", "old.cer"), TestCertificates.PublicDer(TestCertificates.Root("CN=Old Root", DateTimeOffset.UtcNow.AddYears(-10), DateTimeOffset.UtcNow.AddDays(-3)))); json["pki"]!["rootCertificates"] = new JsonArray("pki/example-root-ca.cer", "pki/old.cer"); return null; }, Exit: 3, Expect: ["$.pki.rootCertificates[1]", "'CN=Old Root' expired on"]),
        ["device certificate listed as a root"] = new(Json: j => j["pki"]!["rootCertificates"] = new JsonArray("pki/example-root-ca.cer", "pki/blocked/laptop-0042.cer"), Exit: 3, Expect: ["$.pki.rootCertificates[1]", "is not a CA certificate"]),
        ["duplicate package ids"] = new(Raw: text => text.Replace("\"packages\": {", "\"packages\": {\n    \"aovpn-trusted-cas\": { \"enabled\": false },", StringComparison.Ordinal), Exit: 3, Expect: ["$.packages['aovpn-trusted-cas']", "written twice"]),
        ["unknown package id"] = new(Json: j => j["packages"]!["aovpn-trusted-ca"] = new JsonObject(), Exit: 3, Expect: ["$.packages['aovpn-trusted-ca']", "not a package of the catalogue", "aovpn-trusted-cas"]),
        ["empty group name"] = new(Json: j => j["packages"]!["aovpn-trusted-cas"]!["assignments"]![0]!["group"] = "", Exit: 3, Expect: ["$.packages['aovpn-trusted-cas'].assignments[0].group", "must not be empty"]),
        ["two targets in one assignment"] = new(Json: j => j["packages"]!["aovpn-trusted-cas"]!["assignments"]![0]!["allDevices"] = true, Exit: 3, Expect: ["$.packages['aovpn-trusted-cas'].assignments[0]", "exactly one of group, excludeGroup, allDevices or allUsers"]),
        ["threshold out of range"] = new(Json: j => j["thresholds"]!["clientCertificateExpiryWarningDays"] = 900, Exit: 3, Expect: ["$.thresholds.clientCertificateExpiryWarningDays", "at most 365", "1-365"]),
        ["hourly schedule with a time"] = new(Json: j => j["intune"]!["defaultSchedule"] = JsonNode.Parse("""{ "type": "hourly", "interval": 4, "time": "02:00" }"""), Exit: 3, Expect: ["$.intune.defaultSchedule", "\"hourly\",\"interval\":4"]),
        ["templates folder missing a template"] = new(Setup: (dir, _) => { Directory.CreateDirectory(Path.Combine(dir, "templates", "common")); File.WriteAllText(Path.Combine(dir, "templates", "common", "entry.scriban"), "x"); return null; }, Args: dir => ["--templates", Path.Combine(dir, "templates")], Exit: 3, Expect: ["template 'intune/detect.ps1.scriban' is missing"]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_fails_clearly_and_writes_nothing(string name)
    {
        var bad = Corpus[name];
        var output = temp.Path("output");
        Assert.Equal(0, CliRunner.Run("build", "--output", output).ExitCode);
        var before = Snapshot(output);

        var profileDirectory = temp.Path("profile");
        Directory.CreateDirectory(profileDirectory);
        var json = SampleProfile.Json();
        var profilePath = SampleProfile.WriteTo(profileDirectory);
        var custom = bad.Setup?.Invoke(profileDirectory, json);
        bad.Json?.Invoke(json);
        if (bad.Json is not null || bad.Setup is not null)
        {
            SampleProfile.WriteTo(profileDirectory, json);
        }

        if (bad.Raw is not null)
        {
            File.WriteAllText(profilePath, bad.Raw(File.ReadAllText(profilePath)));
        }

        var run = CliRunner.Run(["build", "--profile", custom ?? profilePath, "--output", output, .. bad.Args?.Invoke(profileDirectory) ?? []]);

        Assert.Equal(bad.Exit, run.ExitCode);
        Assert.All(bad.Expect, expected => Assert.Contains(expected, run.Stderr, StringComparison.Ordinal));
        Assert.Contains("nothing was written", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(before, Snapshot(output));
    }

    [Fact]
    public void An_output_folder_that_is_not_ours_is_refused()
    {
        var output = temp.Path("documents");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "report.docx"), "precious");
        var run = CliRunner.Run("build", "--output", output);
        Assert.Equal(5, run.ExitCode);
        Assert.Contains("was not written by aovpn-remediations", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(["report.docx"], Directory.EnumerateFiles(output).Select(Path.GetFileName));
    }

    [Fact]
    public void An_unknown_option_is_invalid_input()
    {
        var run = CliRunner.Run("build", "--profle", "x.json");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("--profle", run.Stderr, StringComparison.Ordinal);
    }

    private static List<(string, string)> Snapshot(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(p => (p, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p)))))];

    private sealed record BadCase(
        int Exit,
        string[] Expect,
        Action<JsonObject>? Json = null,
        Func<string, string>? Raw = null,
        Func<string, JsonObject, string?>? Setup = null,
        Func<string, string[]>? Args = null);
}
