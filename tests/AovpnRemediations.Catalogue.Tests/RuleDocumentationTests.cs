using System.Text;
using AovpnRemediations.Catalogue.Docs;
using AovpnRemediations.Catalogue.KnowledgeBase;
using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Catalogue.Tests;

/// <summary>
/// The committed pages in docs/rules are what the catalogue generates (the habit of PSScriptAnalyzer's
/// RuleDocumentation.tests.ps1): every rule has its page, every page its rule, and no page says something
/// its rule no longer does.
/// </summary>
public class RuleDocumentationTests
{
    private static readonly string Folder = Repository.Path("docs", "rules");

    [Fact]
    public void The_committed_docs_are_what_the_catalogue_generates()
    {
        var generated = RuleDocumentation.Generate(RuleCatalogue.Packages).ToDictionary(p => p.FileName, p => p.Text, StringComparer.Ordinal);
        var committed = Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        var problems = new List<string>();
        problems.AddRange(generated.Keys.Where(name => !committed.Contains(name)).Select(name => $"{name}: missing"));
        problems.AddRange(committed.Where(name => !generated.ContainsKey(name)).Select(name => $"{name}: no such rule in the catalogue"));
        problems.AddRange(generated
            .Where(page => committed.Contains(page.Key) && File.ReadAllText(Path.Combine(Folder, page.Key), Encoding.UTF8).ReplaceLineEndings("\n") != page.Value)
            .Select(page => $"{page.Key}: differs from the catalogue"));
        Assert.True(
            problems.Count == 0,
            "docs/rules does not match the catalogue; run `dotnet run --project src/AovpnRemediations.Cli -- docs` and commit docs/rules:\n  " + string.Join("\n  ", problems.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Every_rule_page_carries_its_finding_codes_fields_remedy_and_sources()
    {
        foreach (var package in RuleCatalogue.Packages)
        {
            foreach (var rule in package.Rules)
            {
                var page = RuleDocumentation.Page(package, rule);
                Assert.StartsWith($"# {rule.Id}: {rule.Descriptor.Title}\n", page, StringComparison.Ordinal);
                Assert.Contains(rule.Descriptor.Why, page, StringComparison.Ordinal);
                Assert.Contains(rule.Descriptor.ManualFix, page, StringComparison.Ordinal);
                Assert.All(rule.FindingCodes, code => Assert.Contains($"| `{code.Name}` |", page, StringComparison.Ordinal));
                Assert.All(rule.FindingCodes.SelectMany(c => c.Fields), field => Assert.Contains($"`{field.JsonName()}`", page, StringComparison.Ordinal));
                Assert.All(rule.Descriptor.Sources, source => Assert.Contains(source.AbsoluteUri, page, StringComparison.Ordinal));
                Assert.Contains(rule.Remedy?.Summary ?? "None: the package reports this finding", page, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_connection_health_page_lists_the_knowledge_base()
    {
        var package = RuleCatalogue.FindPackage(Packages.ConnectionHealthPackage.Id)!;
        var page = RuleDocumentation.Page(package, package.Rules.Single());
        Assert.All(ConnectionErrorCodes.All, entry => Assert.Contains($"### {entry.Code} ({entry.Hex}) {entry.Symbol}", page, StringComparison.Ordinal));
        Assert.DoesNotContain("## Error codes", RuleDocumentation.Page(RuleCatalogue.Packages[0], RuleCatalogue.Packages[0].Rules[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void The_index_links_every_rule()
    {
        var index = RuleDocumentation.Index(RuleCatalogue.Packages);
        Assert.All(RuleCatalogue.Rules, rule => Assert.Contains($"| [{rule.Id}]({rule.Id}.md) |", index, StringComparison.Ordinal));
        Assert.All(RuleCatalogue.Packages, package => Assert.Contains($"### {package.Id}\n", index, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AOVPN1001.md", true)]
    [InlineData("README.md", true)]
    [InlineData("AOVPN12.md", false)]
    [InlineData("notes.md", false)]
    public void Only_its_own_files_are_the_generators_to_replace(string name, bool generated) =>
        Assert.Equal(generated, RuleDocumentation.IsGenerated(name));
}
