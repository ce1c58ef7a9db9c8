using System.Globalization;
using AovpnRemediations.Emit;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering.Templates;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Emit.Tests;

public class DeterminismTests
{
    [Fact]
    public void Two_builds_give_identical_bytes()
    {
        Assert.Equal(Snapshot(Compile()), Snapshot(Compile()));
    }

    [Theory]
    [InlineData("tr-TR")]
    [InlineData("ar-SA")]
    [InlineData("th-TH")]
    [InlineData("de-DE")]
    public void The_culture_of_the_build_machine_does_not_change_the_output(string culture)
    {
        var reference = Snapshot(Compile());
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            Assert.Equal(reference, Snapshot(Compile()));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    [Fact]
    public void The_manifest_holds_the_hash_of_every_other_file()
    {
        var result = Compile();
        var manifest = System.Text.Json.JsonDocument.Parse(result.Manifest.Content).RootElement;
        var listed = manifest.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("sha256").GetString()!);
        Assert.Equal(result.Tree.Files.Select(f => f.Path), listed.Keys);
        Assert.All(result.Tree.Files, f => Assert.Equal(f.Sha256, listed[f.Path]));
        Assert.Equal(result.Profile.Sha256, manifest.GetProperty("profileSha256").GetString());
    }

    private static BuildResult Compile() =>
        new BuildPipeline(TimeProvider.System, TemplateSet.Embedded, BuildPipeline.ToolVersion).Compile(SampleProfileSource.Instance);

    private static List<(string, string)> Snapshot(BuildResult result) =>
        [.. result.Tree.Files.Append(result.Manifest).Select(f => (f.Path, f.Sha256))];
}
