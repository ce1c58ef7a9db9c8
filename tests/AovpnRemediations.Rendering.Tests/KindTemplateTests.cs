using System.Text.RegularExpressions;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Rendering.Kinds;
using AovpnRemediations.Rendering.Templates;
using AovpnRemediations.TestSupport;
using Scriban;
using Scriban.Parsing;
using Scriban.Syntax;

namespace AovpnRemediations.Rendering.Tests;

/// <summary>
/// A check kind is one record and one folder, <c>templates/kinds/&lt;kind&gt;/</c>: these keep the two in step, so a
/// kind without its template, a template without its kind, or a template reading a parameter the kind does not
/// declare fails here rather than at build time on someone's profile.
/// </summary>
public partial class KindTemplateTests
{
    private static readonly string KindsFolder = Repository.Path("templates", "kinds");

    private static IEnumerable<Catalogue.Model.Rule> Rules => RuleCatalogue.Rules;

    [Fact]
    public void Every_kind_of_the_catalogue_has_its_folder_and_every_folder_a_kind()
    {
        var kinds = Rules.Select(r => r.Check.Kind).ToHashSet(StringComparer.Ordinal);
        var folders = Directory.EnumerateDirectories(KindsFolder).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(kinds.Except(folders!));
        Assert.Empty(folders.Except(kinds)!);
    }

    [Fact]
    public void A_kind_has_a_remedy_template_exactly_when_one_of_its_rules_has_a_remedy()
    {
        foreach (var group in Rules.GroupBy(r => r.Check.Kind))
        {
            var folder = Path.Combine(KindsFolder, group.Key);
            Assert.True(File.Exists(Path.Combine(folder, "check.scriban")), $"{group.Key} has no check.scriban");
            Assert.True(
                group.Any(r => r.Remedy is not null) == File.Exists(Path.Combine(folder, "remedy.scriban")),
                $"{group.Key}: remedy.scriban must exist exactly when a rule of the kind has a remedy");
            Assert.Empty(Directory.EnumerateFiles(folder).Select(Path.GetFileName).Except(["check.scriban", "remedy.scriban"]));
        }
    }

    [Fact]
    public void Every_check_and_remedy_record_is_used_by_a_rule()
    {
        // A kind's record no rule uses is a kind without a folder waiting to happen.
        var records = typeof(Check).Assembly.GetTypes().Where(t => !t.IsAbstract && (t.IsSubclassOf(typeof(Check)) || t.IsSubclassOf(typeof(Remedy)))).ToList();
        var used = Rules.Select(r => r.Check.GetType()).Concat(Rules.Where(r => r.Remedy is not null).Select(r => r.Remedy!.GetType())).ToHashSet();
        Assert.Empty(records.Where(t => !used.Contains(t)).Select(t => t.Name));
    }

    [Fact]
    public void Every_rule_of_a_kind_declares_the_same_parameters()
    {
        foreach (var group in Rules.GroupBy(r => r.Check.Kind))
        {
            Assert.Single(group.Select(r => string.Join(",", r.Check.Parameters.Select(p => p.Name))).Distinct());
            Assert.True(group.Select(r => string.Join(",", r.Check.Parameters.Select(p => p.Name))).First().Split(',').All(n => SnakeCase().IsMatch(n)), group.Key);
            Assert.True(group.Where(r => r.Remedy is not null).Select(r => string.Join(",", r.Remedy!.Parameters.Select(p => p.Name))).Distinct().Count() <= 1, group.Key);
        }
    }

    [Fact]
    public void Kind_templates_read_only_the_parameters_their_kind_declares_and_every_declared_one()
    {
        foreach (var group in Rules.GroupBy(r => r.Check.Kind))
        {
            var declaredCheck = group.First().Check.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var declaredRemedy = group.Where(r => r.Remedy is not null).SelectMany(r => r.Remedy!.Parameters.Select(p => p.Name)).ToHashSet(StringComparer.Ordinal);
            var readCheck = new HashSet<string>(StringComparer.Ordinal);
            var readRemedy = new HashSet<string>(StringComparer.Ordinal);
            foreach (var template in TemplatesOf(group.Key))
            {
                var reads = Reads(template);
                readCheck.UnionWith(reads.Where(r => r.Model == "check").Select(r => r.Name));
                readRemedy.UnionWith(reads.Where(r => r.Model == "remedy").Select(r => r.Name));
            }

            Assert.True(readCheck.SetEquals(declaredCheck), $"{group.Key}: templates read ctx.check.[{string.Join(", ", readCheck.Order())}], the kind declares [{string.Join(", ", declaredCheck.Order())}]");
            Assert.True(readRemedy.SetEquals(declaredRemedy), $"{group.Key}: templates read ctx.remedy.[{string.Join(", ", readRemedy.Order())}], its remedies declare [{string.Join(", ", declaredRemedy.Order())}]");
        }
    }

    [Fact]
    public void Reading_an_undeclared_parameter_fails_the_render_with_the_template_position()
    {
        var model = KindTemplates.ModelOf([new Binding.BoundParameter("location", new Binding.BoundValue.Identifier("LocalMachine"))]);
        var folder = new TempDirectory();
        foreach (var (name, text) in TemplateSet.Embedded.Sources)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder.Path(name + ".scriban"))!);
            File.WriteAllText(folder.Path(name + ".scriban"), text);
        }

        File.WriteAllText(folder.Path("kinds/certificates-in-store/check.scriban"), "{{ ctx.check.location }}\n{{ ctx.check.locatoin }}\n");
        var set = TemplateSet.FromDirectory(folder.Path("."));
        var info = new Models.RuleInfo { Id = "AOVPN2001", Title = "t", TestFunction = "Test-AOVPN2001" };
        var error = Assert.Throws<TemplateException>(() => TemplateContextFactory.Render(set, KindTemplates.Check("certificates-in-store"), "ctx", new RuleTemplateContext(info, model, null)));
        Assert.Contains("kinds/certificates-in-store/check.scriban:2:", error.Message, StringComparison.Ordinal);
        folder.Dispose();
    }

    /// <summary>The kind's own templates and those they include.</summary>
    private static IEnumerable<Template> TemplatesOf(string kind)
    {
        var pending = new Queue<string>([KindTemplates.Check(kind), KindTemplates.Remedy(kind)]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var name))
        {
            var source = TemplateSet.Embedded.SourceOf(name);
            if (source.Length == 0 || !seen.Add(name))
            {
                continue;
            }

            foreach (Match include in Include().Matches(source))
            {
                pending.Enqueue(include.Groups[1].Value);
            }

            yield return Template.Parse(source, name, lexerOptions: new LexerOptions { KeepTrivia = false });
        }
    }

    /// <summary>Every <c>ctx.check.X</c> and <c>ctx.remedy.X</c> the template's syntax tree reads.</summary>
    private static List<(string Model, string Name)> Reads(Template template)
    {
        var reads = new List<(string, string)>();
        Walk(template.Page, node =>
        {
            if (node is ScriptMemberExpression { Target: ScriptMemberExpression { Target: ScriptVariableGlobal { Name: "ctx" }, Member: { } model }, Member: { } member }
                && model.Name is "check" or "remedy")
            {
                reads.Add((model.Name, member.Name));
            }
        });
        return reads;
    }

    private static void Walk(ScriptNode? node, Action<ScriptNode> visit)
    {
        if (node is null)
        {
            return;
        }

        visit(node);
        for (var i = 0; i < node.ChildrenCount; i++)
        {
            Walk(node.GetChildren(i), visit);
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();

    [GeneratedRegex(@"include '([^']+)'")]
    private static partial Regex Include();
}
