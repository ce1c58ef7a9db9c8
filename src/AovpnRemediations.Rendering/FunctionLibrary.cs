using System.Management.Automation.Language;
using AovpnRemediations.Rendering.Templates;

namespace AovpnRemediations.Rendering;

/// <summary>
/// The functions a script may include, one per template: <c>runtime/</c> (the result line and the run), <c>shared/</c>
/// (logic several kinds use, which runs for real in the behaviour tests) and <c>platform/</c> (the only functions that
/// touch Windows, which tests replace). A script carries exactly those its code calls, directly or through each other,
/// found from the PowerShell syntax tree, never from text patterns: a name in a comment or a string adds nothing.
/// </summary>
public sealed class FunctionLibrary
{
    /// <summary>The library's folders in the order their regions appear in a script.</summary>
    public static IReadOnlyList<string> Groups { get; } = ["runtime", "shared", "platform"];

    private readonly TemplateSet templates;
    private readonly IReadOnlyDictionary<string, (string Name, object Model)> models;
    private readonly Dictionary<string, string> groupOf;
    private readonly Dictionary<string, (string Text, IReadOnlyList<string> Calls)> rendered = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="templates">Where the function templates come from.</param>
    /// <param name="models">What each group's templates see, by group name: the model's name in the templates, and the model.</param>
    public FunctionLibrary(TemplateSet templates, IReadOnlyDictionary<string, (string Name, object Model)> models)
    {
        this.templates = templates;
        this.models = models;
        groupOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, _) in templates.Sources)
        {
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && Groups.Contains(name[..slash]))
            {
                groupOf[name[(slash + 1)..]] = name[..slash];
            }
        }
    }

    /// <summary>Every function of a group, by name (for tests and the README's platform table).</summary>
    public IEnumerable<string> FunctionsOf(string group) => groupOf.Where(f => f.Value == group).Select(f => f.Key).Order(StringComparer.Ordinal);

    /// <summary>
    /// The code of each group's functions that <paramref name="code"/> needs, in the order they are first called
    /// (breadth first from the code), each function followed by a blank line apart from the last.
    /// </summary>
    public IReadOnlyDictionary<string, string> NeededBy(string code)
    {
        var needed = new List<string>();
        var pending = new Queue<string>(CommandsCalledBy(code));
        while (pending.TryDequeue(out var name))
        {
            if (!groupOf.ContainsKey(name) || needed.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            needed.Add(name);
            foreach (var call in Render(name).Calls)
            {
                pending.Enqueue(call);
            }
        }

        return Groups.ToDictionary(
            group => group,
            group => string.Join("\n", needed.Where(n => groupOf[n] == group).Select(n => Render(n).Text.TrimEnd('\n') + "\n")).TrimEnd('\n'));
    }

    /// <summary>The names of the commands some PowerShell code calls, in the order they appear.</summary>
    public static IReadOnlyList<string> CommandsCalledBy(string code)
    {
        var script = Parser.ParseInput(code, out _, out _);
        return [.. script.FindAll(node => node is CommandAst, searchNestedScriptBlocks: true)
            .Select(node => ((CommandAst)node).GetCommandName())
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private (string Text, IReadOnlyList<string> Calls) Render(string function)
    {
        if (!rendered.TryGetValue(function, out var entry))
        {
            var group = groupOf[function];
            var (modelName, model) = models[group];
            var text = TemplateContextFactory.Render(templates, group + "/" + function, modelName, model);
            entry = (text, CommandsCalledBy(text));
            rendered[function] = entry;
        }

        return entry;
    }
}
