using System.Globalization;
using System.Management.Automation.Language;

namespace AovpnRemediations.Verification.Checks;

/// <summary>
/// The functions a script defines and the command names it calls, collected during the AST walk; after it, reports
/// functions defined more than once and functions nothing calls. Calls count from anywhere in the script's own tree:
/// function bodies, the guard block, scriptblock arguments (<c>-Check { Test-X }</c>). The ConfigMgr import script
/// carries the package scripts as base64 strings, which are not parsed, so only its own calls count for it.
/// </summary>
internal sealed class Functions
{
    private readonly Dictionary<string, List<FunctionDefinitionAst>> definitions = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(CommandAst Call, string Name)> calls = [];

    /// <summary>'function script:Get-X' is called as Get-X.</summary>
    public static string NameOf(FunctionDefinitionAst function) => function.Name[(function.Name.LastIndexOf(':') + 1)..];

    public void Define(FunctionDefinitionAst function)
    {
        var name = NameOf(function);
        if (!definitions.TryGetValue(name, out var list))
        {
            definitions[name] = list = [];
        }

        list.Add(function);
    }

    public void Call(CommandAst call, string name) => calls.Add((call, name));

    public bool IsDefined(string name) => definitions.ContainsKey(name);

    /// <summary>Every definition of <paramref name="name"/>, in script order; empty when the script defines none.</summary>
    public IReadOnlyList<FunctionDefinitionAst> DefinitionsOf(string name) => definitions.GetValueOrDefault(name, []);

    public void Report(FindingList findings)
    {
        var called = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (call, name) in calls)
        {
            // Recursion is no use: a call from inside the function's own body does not make it used.
            if (definitions.TryGetValue(name, out var own) && !own.Any(definition => Contains(definition, call)))
            {
                called.Add(name);
            }
        }

        foreach (var (name, list) in definitions)
        {
            if (list.Count > 1)
            {
                ReportDuplicates(name, list, findings);
            }

            // A package script without the guard that calls its entry point is MissingEntryPoint's finding.
            if (!called.Contains(name) && !string.Equals(name, PackageShape.EntryPoint, StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(list[0].Extent, VerificationRules.UnusedFunction,
                    $"function {name} is defined but nothing in this script calls it; remove it (a script carries only the functions it uses).");
            }
        }
    }

    private static void ReportDuplicates(string name, List<FunctionDefinitionAst> list, FindingList findings)
    {
        var lines = string.Join(", ", list.Select(definition => definition.Extent.StartLineNumber.ToString(CultureInfo.InvariantCulture)));
        var last = list[^1].Extent.StartLineNumber.ToString(CultureInfo.InvariantCulture);
        foreach (var definition in list)
        {
            findings.Add(definition.Extent, VerificationRules.DuplicateFunction,
                $"function {name} is defined {list.Count} times (lines {lines}); PowerShell keeps the last one (line {last}) and silently drops the others: define it once.");
        }
    }

    private static bool Contains(Ast outer, Ast inner) =>
        inner.Extent.StartOffset >= outer.Extent.StartOffset && inner.Extent.EndOffset <= outer.Extent.EndOffset;
}
