using System.Text;

namespace AovpnRemediations.Contracts.Tests;

public sealed class BuildManifestJsonTests
{
    [Fact]
    public void The_committed_manifest_reads_without_problems()
    {
        var manifest = BuildManifestJson.Parse(File.ReadAllBytes(TestSupport.Repository.Path("output", BuildManifestJson.FileName)));
        Assert.Empty(manifest.Problems());
        Assert.Contains(manifest.Packages, p => p.Id == "aovpn-trusted-cas" && p.Targets.Contains(DeploymentTargets.Intune));
        Assert.All(manifest.Packages, p => Assert.True(PackageId.IsValid(p.Id)));
        Assert.All(manifest.Files, f => Assert.Equal(64, f.Sha256.Length));
    }

    [Theory]
    [InlineData("../outside.ps1")]
    [InlineData("/etc/passwd")]
    [InlineData("intune\\x.ps1")]
    [InlineData("intune//x.ps1")]
    [InlineData("intune/./x.ps1")]
    [InlineData("")]
    public void Paths_that_leave_the_folder_are_problems(string path)
    {
        var manifest = new BuildManifestJson { Files = [new BuildManifestFile(path, new string('0', 64))] };
        Assert.Equal([$"lists an unsafe path '{path}'"], manifest.Problems());
    }

    [Fact]
    public void Another_tools_manifest_is_refused_by_name_and_schema()
    {
        var manifest = BuildManifestJson.Parse(Encoding.UTF8.GetBytes("""{"schema":2,"tool":"other"}"""));
        Assert.Contains("(tool 'other', schema 2)", Assert.Single(manifest.Problems()), StringComparison.Ordinal);
    }
}
