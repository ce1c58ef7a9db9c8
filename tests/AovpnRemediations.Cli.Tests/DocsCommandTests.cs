using AovpnRemediations.Catalogue;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Cli.Tests;

public class DocsCommandTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Docs_writes_a_page_per_rule_and_the_index_then_removes_stale_pages_only()
    {
        var folder = temp.Path("rules");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "AOVPN1999.md"), "# a retired rule");
        File.WriteAllText(Path.Combine(folder, "notes.md"), "mine");

        var run = CliRunner.Run("docs", "--output", folder);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        foreach (var rule in RuleCatalogue.Rules)
        {
            Assert.True(File.Exists(Path.Combine(folder, rule.Id + ".md")), rule.Id);
        }

        Assert.True(File.Exists(Path.Combine(folder, "README.md")));
        Assert.False(File.Exists(Path.Combine(folder, "AOVPN1999.md")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "notes.md")));
        Assert.Contains("removed AOVPN1999.md", run.Stdout, StringComparison.Ordinal);

        var again = CliRunner.Run("docs", "--output", folder);
        Assert.Contains($"0 written, {RuleCatalogue.Rules.Count() + 1} unchanged, 0 removed", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Docs_refuses_a_file_for_a_folder()
    {
        var file = temp.Path("file.md");
        File.WriteAllText(file, "x");
        var run = CliRunner.Run("docs", "--output", file);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("is a file", run.Stderr, StringComparison.Ordinal);
    }
}
