using AovpnRemediations.Binding;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Rendering.Escaping;
using AovpnRemediations.Rendering.Models;
using Scriban.Runtime;

namespace AovpnRemediations.Rendering.Kinds;

/// <summary>
/// The templates of the catalogue's check kinds (<c>templates/kinds/&lt;kind&gt;/check.scriban</c> and, for a kind
/// with a remedy, <c>remedy.scriban</c>), and the one place bound parameter values become template values:
/// identifiers are checked, text is escaped.
/// </summary>
public static class KindTemplates
{
    public static string Check(string kind) => $"kinds/{kind}/check";

    public static string Remedy(string kind) => $"kinds/{kind}/remedy";

    /// <summary>Every kind template the catalogue's rules render with.</summary>
    public static IReadOnlyList<string> Required { get; } =
    [
        .. RuleCatalogue.Rules.Select(r => Check(r.Check.Kind))
            .Concat(RuleCatalogue.Rules.Where(r => r.Remedy is not null).Select(r => Remedy(r.Check.Kind)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>The object a template sees as <c>ctx.check</c> or <c>ctx.remedy</c>.</summary>
    public static ScriptObject ModelOf(IReadOnlyList<BoundParameter> parameters)
    {
        var model = new ScriptObject();
        foreach (var parameter in parameters)
        {
            model.SetValue(parameter.Name, ValueOf(parameter.Value), readOnly: true);
        }

        return model;
    }

    private static object? ValueOf(BoundValue value) => value switch
    {
        BoundValue.Identifier v => Identifier.Require(v.Value),
        BoundValue.Text v => PsLiteral.Of(v.Value),
        BoundValue.TextList v => v.Values.Select(PsLiteral.Of).ToList(),
        BoundValue.Number v => v.Value,
        BoundValue.Flag v => v.Value,
        BoundValue.Certificates v => v.Values.Select(CertificateModel.Of).ToList(),
        BoundValue.Members v => ModelOf(v.Parameters),
        BoundValue.Absent => null,
        _ => throw new InvalidOperationException($"Rendering does not know parameter value {value.GetType().Name}."),
    };
}
