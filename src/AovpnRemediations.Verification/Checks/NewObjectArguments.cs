using System.Collections.Concurrent;
using System.Management.Automation.Language;

namespace AovpnRemediations.Verification.Checks;

/// <summary>
/// Finds the type argument of a <c>New-Object</c> call without a runspace: <c>-TypeName</c> (or a prefix of it), else the
/// first positional argument; and <c>-ComObject</c>. Every New-Object parameter but <c>-Strict</c> takes a value.
/// </summary>
internal static class NewObjectArguments
{
    // A build names the same few types again and again; a parse per New-Object call was a tenth of the verify time.
    private static readonly ConcurrentDictionary<string, ITypeName?> ParsedTypeNames = new(StringComparer.Ordinal);

    public static (ExpressionAst? TypeName, CommandParameterAst? ComObject) Bind(CommandAst command)
    {
        ExpressionAst? typeName = null;
        ExpressionAst? firstPositional = null;
        CommandParameterAst? comObject = null;
        var elements = command.CommandElements;
        for (var i = 1; i < elements.Count; i++)
        {
            if (elements[i] is not CommandParameterAst parameter)
            {
                firstPositional ??= elements[i] as ExpressionAst;
                continue;
            }

            var value = parameter.Argument;
            if (value is null && !Is(parameter, "Strict") && i + 1 < elements.Count && elements[i + 1] is ExpressionAst next)
            {
                value = next;
                i++;
            }

            if (Is(parameter, "ComObject"))
            {
                comObject = parameter;
            }
            else if (Is(parameter, "TypeName"))
            {
                typeName = value;
            }
        }

        return (typeName ?? (comObject is null ? firstPositional : null), comObject);
    }

    /// <summary>Parses a type name written as a string ('System.Collections.Generic.List[string]'); null when it is not one.</summary>
    public static ITypeName? ParseTypeName(string text) => ParsedTypeNames.GetOrAdd(text, Parse);

    private static ITypeName? Parse(string text)
    {
        var ast = Parser.ParseInput($"[{text}]", out _, out var errors);
        return errors.Length == 0
            && ast.EndBlock?.Statements is [PipelineAst pipeline]
            && pipeline.GetPureExpression() is TypeExpressionAst type
            && type.Extent.Text.Length == text.Length + 2
                ? type.TypeName
                : null;
    }

    private static bool Is(CommandParameterAst parameter, string fullName) =>
        parameter.ParameterName.Length > 0 && fullName.StartsWith(parameter.ParameterName, StringComparison.OrdinalIgnoreCase);
}
