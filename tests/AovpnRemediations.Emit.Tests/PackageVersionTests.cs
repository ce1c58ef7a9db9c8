using AovpnRemediations.Emit;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering.Templates;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Emit.Tests;

/// <summary>
/// A package's version is what publish and the fleet report key on: it must change exactly when the
/// package's scripts change, so one template change shows up as one package update.
/// </summary>
public class PackageVersionTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("platform/Get-AovpnVpnSession", "aovpn-deny-list")]
    [InlineData("kinds/connection-failures/check", "aovpn-connection-health")]
    [InlineData("platform/Get-AovpnVpnProfile", "aovpn-vpn-profiles", "aovpn-device-tunnel-profile")]
    public void A_template_only_some_packages_use_changes_only_their_versions(string template, params string[] changed)
    {
        var before = Versions(TemplateSet.Embedded);
        var edited = CopyOfTemplates();
        File.AppendAllText(Path.Combine(edited, template + ".scriban"), "\n# a reviewer's note\n");
        var after = Versions(TemplateSet.FromDirectory(edited));

        Assert.Equal(before.Keys, after.Keys);
        Assert.Equal(changed.Order(StringComparer.Ordinal), before.Keys.Where(id => before[id] != after[id]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_version_in_every_script_is_the_packages_version()
    {
        var result = new BuildPipeline(TimeProvider.System, TemplateSet.Embedded, BuildPipeline.ToolVersion).Compile(SampleProfileSource.Instance);
        foreach (var package in result.Packages)
        {
            Assert.All(package.Scripts.SelectMany(s => s.Value), script => Assert.Contains($"-Version '{package.Version}'", script.Text, StringComparison.Ordinal));
        }
    }

    private static Dictionary<string, string> Versions(TemplateSet templates) =>
        new BuildPipeline(TimeProvider.System, templates, BuildPipeline.ToolVersion).Compile(SampleProfileSource.Instance)
            .Packages.ToDictionary(p => p.Package.Id, p => p.Version);

    private string CopyOfTemplates()
    {
        var target = temp.Path("templates");
        foreach (var (name, text) in TemplateSet.Embedded.Sources)
        {
            var path = Path.Combine(target, name + ".scriban");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        return target;
    }
}
