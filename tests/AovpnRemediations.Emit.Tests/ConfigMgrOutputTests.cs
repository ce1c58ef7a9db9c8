using System.Text;
using System.Text.Json.Nodes;
using AovpnRemediations.Emit;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering.Escaping;
using AovpnRemediations.Rendering.Templates;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Emit.Tests;

/// <summary>The ConfigMgr side of output/: layout per target, the importer, and what reaches it from the profile.</summary>
public class ConfigMgrOutputTests : IDisposable
{
    private const string Package = "aovpn-trusted-cas";

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_package_for_both_targets_gets_both_folders_and_the_importer()
    {
        var result = Compile(SampleProfileSource.Instance);
        Assert.Equal(
            [
                "configmgr/Import-AovpnBaseline.ps1",
                $"configmgr/{Package}/discovery.ps1",
                $"configmgr/{Package}/remediation.ps1",
                $"intune/{Package}/detect.ps1",
                $"intune/{Package}/package.json",
                $"intune/{Package}/remediate.ps1",
            ],
            result.Tree.Files.Select(f => f.Path).Where(p => !p.Contains('/', StringComparison.Ordinal) || p.StartsWith("configmgr/Import", StringComparison.Ordinal) || p.Contains($"/{Package}/", StringComparison.Ordinal)));
        var manifest = JsonNode.Parse(result.Manifest.Content)!;
        var entry = manifest["packages"]!.AsArray().Single(p => (string)p!["id"]! == Package)!;
        Assert.Equal(["intune", "configmgr"], entry["targets"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public void A_ConfigMgr_only_package_has_no_Intune_files()
    {
        var result = Compile(Targets("configmgr"));
        Assert.All(result.Tree.Files, f => Assert.StartsWith("configmgr/", f.Path, StringComparison.Ordinal));
        Assert.NotNull(result.Tree.Find($"configmgr/{Package}/discovery.ps1"));
    }

    [Fact]
    public void Without_a_ConfigMgr_package_there_is_no_ConfigMgr_folder_nor_importer()
    {
        var result = Compile(Targets("intune"));
        Assert.DoesNotContain(result.Tree.Files, f => f.Path.StartsWith("configmgr/", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_targets_carry_the_same_version_and_the_same_rule_code()
    {
        var result = Compile(SampleProfileSource.Instance);
        var detect = Text(result, $"intune/{Package}/detect.ps1");
        var discovery = Text(result, $"configmgr/{Package}/discovery.ps1");
        var version = result.Packages.Single(p => p.Package.Id == Package).Version;
        Assert.Contains($"-Version '{version}' -Mode 'detect'", detect, StringComparison.Ordinal);
        Assert.Contains($"-Version '{version}' -Mode 'detect'", discovery, StringComparison.Ordinal);
        var rule = detect[detect.IndexOf("function Test-AOVPN2001", StringComparison.Ordinal)..detect.IndexOf("#endregion", detect.IndexOf("function Test-AOVPN2001", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.Contains(rule, discovery, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_to_a_ConfigMgr_frame_changes_only_the_packages_that_go_to_ConfigMgr()
    {
        var templates = CopyOfTemplates();
        var discovery = Path.Combine(templates, "configmgr", "discovery.ps1.scriban");
        File.WriteAllText(discovery, File.ReadAllText(discovery).Replace("#region ConfigMgr compliance value", "#region ConfigMgr compliance value (changed)", StringComparison.Ordinal));
        var changed = TemplateSet.FromDirectory(templates);

        var intuneOnly = Targets("intune");
        Assert.Equal(Compile(intuneOnly).Packages.Single().Version, Compile(intuneOnly, changed).Packages.Single().Version);
        Assert.NotEqual(Compile(SampleProfileSource.Instance).Packages.Single(p => p.Package.Id == Package).Version, Compile(SampleProfileSource.Instance, changed).Packages.Single(p => p.Package.Id == Package).Version);
    }

    [Fact]
    public void The_importer_embeds_the_exact_bytes_of_each_script_as_Base64()
    {
        var result = Compile(SampleProfileSource.Instance);
        var importer = Text(result, BuildPipeline.ConfigMgrImportPath);
        foreach (var name in new[] { "discovery.ps1", "remediation.ps1" })
        {
            var bytes = result.Tree.Find($"configmgr/{Package}/{name}")!.Content;
            Assert.Contains(Base64Lines(bytes), importer, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Profile_text_reaches_the_importer_only_as_escaped_literals_and_still_verifies()
    {
        // Each of these would end a string, run a command or close the help comment if it were pasted raw.
        const string Organisation = "Ex'ample $(Remove-Item C:\\) `n #> Caf\u00e9";
        const string Baseline = "AOVPN '; Invoke-Expression 'x' #";
        const string Collection = "Servers [prod] $env:TEMP \u2019";
        var json = SampleProfile.Json();
        json["organisation"] = Organisation;
        json["configMgr"] = new JsonObject
        {
            ["namePrefix"] = "O'Brien ",
            ["baselines"] = new JsonObject
            {
                ["clients"] = new JsonObject
                {
                    ["name"] = Baseline,
                    ["deployments"] = new JsonArray(new JsonObject { ["collection"] = Collection, ["everyDays"] = 31 }),
                },
                ["vpnServers"] = new JsonObject { ["name"] = "VPN", ["deployments"] = new JsonArray(new JsonObject { ["collection"] = "VPN" }) },
                ["npsServers"] = new JsonObject { ["name"] = "NPS", ["deployments"] = new JsonArray(new JsonObject { ["collection"] = "NPS" }) },
            },
        };

        var result = Compile(new FileProfileSource(SampleProfile.WriteTo(temp.Path("hostile"), json)));

        var importer = Text(result, BuildPipeline.ConfigMgrImportPath);
        Assert.Contains($"Name        = {PowerShellLiteral.Quote(Baseline)}\r\n", importer, StringComparison.Ordinal);
        Assert.Contains($"Collection = {PowerShellLiteral.Quote(Collection)}; EveryDays = 31 ", importer, StringComparison.Ordinal);
        Assert.Contains($"Name               = {PowerShellLiteral.Quote("O'Brien Trusted root and intermediate CAs")}", importer, StringComparison.Ordinal);
        // The help comment names packages by catalogue id and title only: a profile's "#>" cannot end it early.
        var help = importer[..importer.IndexOf("[CmdletBinding(", StringComparison.Ordinal)];
        Assert.DoesNotContain("ample", help, StringComparison.Ordinal);
        Assert.DoesNotContain("O'Brien", help, StringComparison.Ordinal);
    }

    [Fact]
    public void The_importer_is_verified_on_every_build()
    {
        var templates = CopyOfTemplates();
        var importer = Path.Combine(templates, "configmgr", "Import-AovpnBaseline.ps1.scriban");
        File.AppendAllText(importer, "Write-Host 'done'\n");

        var error = Assert.Throws<VerificationException>(() => Compile(SampleProfileSource.Instance, TemplateSet.FromDirectory(templates)));
        var finding = Assert.Single(error.Findings);
        Assert.Equal(BuildPipeline.ConfigMgrImportPath, finding.File);
        Assert.Equal("WriteHost", finding.Rule);
    }

    private static BuildResult Compile(ProfileSource source, TemplateSet? templates = null) =>
        new BuildPipeline(TimeProvider.System, templates ?? TemplateSet.Embedded, BuildPipeline.ToolVersion).Compile(source);

    private static string Text(BuildResult result, string path) => Encoding.ASCII.GetString(result.Tree.Find(path)!.Content);

    private static string Base64Lines(byte[] bytes) =>
        string.Join("\r\n", Convert.ToBase64String(bytes).Chunk(100).Select(chunk => $"        '{new string(chunk)}'"));

    /// <summary>The sample with the trusted-CA package as its only package, sent to the given targets.</summary>
    private FileProfileSource Targets(params string[] targets)
    {
        var json = SampleProfile.Json();
        // Without the VPN tunnels the client packages are not built; only the trusted-CA package's settings stay.
        json["vpn"]!.AsObject().Remove("userTunnel");
        json["vpn"]!.AsObject().Remove("deviceTunnel");
        json["packages"] = new JsonObject { [Package] = json["packages"]![Package]!.DeepClone() };
        json["packages"]![Package]!["targets"] = new JsonArray([.. targets.Select(t => (JsonNode)JsonValue.Create(t))]);
        // Only this package: the server packages go to ConfigMgr by default.
        foreach (var id in new[] { "aovpn-vpn-server-cert", "aovpn-nps-mfa", "aovpn-deny-list" })
        {
            json["packages"]![id] = new JsonObject { ["enabled"] = false };
        }

        if (!targets.Contains("intune"))
        {
            json["packages"]![Package]!.AsObject().Remove("assignments");
        }

        var folder = temp.Path("profile-" + string.Join("-", targets));
        return new FileProfileSource(SampleProfile.WriteTo(folder, json));
    }

    private string CopyOfTemplates()
    {
        var target = temp.Path("templates-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var (name, text) in TemplateSet.Embedded.Sources)
        {
            var path = Path.Combine(target, name + ".scriban");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        return target;
    }
}
