using System.Collections.Concurrent;
using System.Management.Automation.Language;

namespace AovpnRemediations.Verification.Checks;

/// <summary>
/// Finds the arguments of a <c>New-Object</c> call without a runspace: <c>-TypeName</c> (or a prefix of it), else the
/// first positional argument; <c>-ArgumentList</c> (<c>-Args</c>), else the second positional argument; and
/// <c>-ComObject</c>. Every New-Object parameter but <c>-Strict</c> takes a value.
/// </summary>
internal static class NewObjectArguments
{
    // A build names the same few types again and again; a parse per New-Object call was a tenth of the verify time.
    private static readonly ConcurrentDictionary<string, ITypeName?> ParsedTypeNames = new(StringComparer.Ordinal);

    public static (ExpressionAst? TypeName, ExpressionAst? ArgumentList, CommandParameterAst? ComObject) Bind(CommandAst command)
    {
        ExpressionAst? typeName = null;
        ExpressionAst? argumentList = null;
        var positional = new List<ExpressionAst>();
        CommandParameterAst? comObject = null;
        var elements = command.CommandElements;
        for (var i = 1; i < elements.Count; i++)
        {
            if (elements[i] is not CommandParameterAst parameter)
            {
                if (elements[i] is ExpressionAst expression)
                {
                    positional.Add(expression);
                }

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
            else if (Is(parameter, "ArgumentList") || string.Equals(parameter.ParameterName, "Args", StringComparison.OrdinalIgnoreCase))
            {
                argumentList = value;
            }
        }

        // Positional: TypeName is position 0 and ArgumentList position 1, of the parameters not given by name.
        var unnamed = new Queue<ExpressionAst>(positional);
        if (typeName is null && comObject is null && unnamed.Count > 0)
        {
            typeName = unnamed.Dequeue();
        }

        if (argumentList is null && comObject is null && unnamed.Count > 0)
        {
            argumentList = unnamed.Dequeue();
        }

        return (typeName, argumentList, comObject);
    }

    /// <summary>
    /// How many constructor arguments <c>-ArgumentList</c> passes, where the syntax alone tells: <c>a, b</c> is two,
    /// <c>(, $bytes)</c> and a literal are one. A variable or a computed value may hold an array whose elements
    /// become the arguments, so its count is unknown (null).
    /// </summary>
    public static int? ArgumentCount(ExpressionAst? argumentList) => argumentList switch
    {
        null => 0,
        ArrayLiteralAst array => array.Elements.Count,
        UnaryExpressionAst { TokenKind: TokenKind.Comma } => 1,
        ParenExpressionAst { Pipeline: var pipeline } => pipeline.GetPureExpression() is { } inner ? ArgumentCount(inner) : null,
        ConstantExpressionAst or ExpandableStringExpressionAst or HashtableAst or ScriptBlockExpressionAst => 1,
        ConvertExpressionAst { Type.TypeName: not ArrayTypeName } => 1,
        _ => null,
    };

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
