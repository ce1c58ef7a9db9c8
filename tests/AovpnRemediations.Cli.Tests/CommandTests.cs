using System.Text.Json;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Cli.Tests;

public class CommandTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Build_writes_the_packages_and_says_what()
    {
        var run = CliRunner.Run("build", "--output", temp.Path("out"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("aovpn-trusted-cas", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("script(s) verified", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.True(File.Exists(temp.Path("out", "intune", "aovpn-trusted-cas", "detect.ps1")));
        Assert.True(File.Exists(temp.Path("out", "manifest.json")));
    }

    [Fact]
    public void Init_writes_a_profile_that_validates_and_builds()
    {
        var directory = temp.Path("starter");
        Assert.Equal(0, CliRunner.Run("init", "--directory", directory).ExitCode);
        Assert.True(File.Exists(Path.Combine(directory, "aovpn.schema.json")));
        Assert.True(File.Exists(Path.Combine(directory, "pki", "example-root-ca.cer")));

        var validate = CliRunner.Run("validate", "--profile", Path.Combine(directory, "aovpn.json"));
        Assert.Equal(0, validate.ExitCode);
        Assert.Contains("is valid", validate.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("build", "--profile", Path.Combine(directory, "aovpn.json"), "--output", temp.Path("out")).ExitCode);
    }

    [Fact]
    public void Init_refuses_to_overwrite_without_force()
    {
        var directory = temp.Path("starter");
        Assert.Equal(0, CliRunner.Run("init", "--directory", directory).ExitCode);
        File.WriteAllText(Path.Combine(directory, "aovpn.json"), "{ \"mine\": true }");
        var again = CliRunner.Run("init", "--directory", directory);
        Assert.Equal(3, again.ExitCode);
        Assert.Contains("--force", again.Stderr, StringComparison.Ordinal);
        Assert.Equal("{ \"mine\": true }", File.ReadAllText(Path.Combine(directory, "aovpn.json")));
        Assert.Equal(0, CliRunner.Run("init", "--directory", directory, "--force").ExitCode);
    }

    [Fact]
    public void Init_with_templates_writes_a_folder_that_builds_the_same_output()
    {
        var directory = temp.Path("starter");
        Assert.Equal(0, CliRunner.Run("init", "--directory", directory, "--templates").ExitCode);
        Assert.Equal(0, CliRunner.Run("build", "--output", temp.Path("a")).ExitCode);
        Assert.Equal(0, CliRunner.Run("build", "--output", temp.Path("b"), "--templates", Path.Combine(directory, "templates")).ExitCode);
        foreach (var file in Directory.EnumerateFiles(temp.Path("a"), "*", SearchOption.AllDirectories))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(file.Replace(temp.Path("a"), temp.Path("b"), StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Rules_lists_the_catalogue_as_text_and_JSON()
    {
        var text = CliRunner.Run("rules");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("AOVPN2001", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("aovpn-trusted-cas", text.Stdout, StringComparison.Ordinal);

        var json = CliRunner.Run("rules", "--json");
        var rules = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().ToList();
        var root = rules.Single(r => r.GetProperty("id").GetString() == "AOVPN2001");
        Assert.Equal("aovpn-trusted-cas", root.GetProperty("package").GetString());
        Assert.True(root.GetProperty("remediates").GetBoolean());
        Assert.Equal("Critical", root.GetProperty("severity").GetString());
        Assert.Equal("RootCaMissing", root.GetProperty("findingCodes")[0].GetString());
    }
}
