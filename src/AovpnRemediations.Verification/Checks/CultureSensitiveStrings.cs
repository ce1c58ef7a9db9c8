using System.Management.Automation.Language;

namespace AovpnRemediations.Verification.Checks;

/// <summary>
/// String methods whose answer depends on the device's culture. .NET compares strings in the current culture unless
/// told otherwise: with a string argument IndexOf, LastIndexOf, StartsWith, EndsWith and CompareTo do, and ToUpper and
/// ToLower without a culture do (the Turkish dotless i). Seen here: in th-TH '.'.IndexOf('.') is 0 for any string,
/// because the Thai collation ignores the full stop. Scripts pass StringComparison.Ordinal (or OrdinalIgnoreCase), a
/// [char], or call the Invariant variants.
/// </summary>
internal static class CultureSensitiveStrings
{
    private static readonly HashSet<string> Comparing = new(StringComparer.OrdinalIgnoreCase) { "IndexOf", "LastIndexOf", "StartsWith", "EndsWith", "CompareTo" };

    private static readonly HashSet<string> Casing = new(StringComparer.OrdinalIgnoreCase) { "ToUpper", "ToLower" };

    public static void Check(InvokeMemberExpressionAst call, FindingList findings)
    {
        if (call.Static || call.Member is not StringConstantExpressionAst { Value: var name })
        {
            return;
        }

        var arguments = call.Arguments ?? [];
        if (Casing.Contains(name) && arguments.Count == 0)
        {
            findings.Add(call.Extent, VerificationRules.CultureSensitiveString,
                $".{name}() changes case by the device's culture (in tr-TR 'i' becomes a dotted capital); call .{name}Invariant().");
            return;
        }

        if (!Comparing.Contains(name) || arguments.Count == 0 || arguments.Any(NamesComparison) || IsChar(arguments[0]))
        {
            return;
        }

        findings.Add(call.Extent, VerificationRules.CultureSensitiveString,
            $".{name}() of a string compares in the device's culture (in th-TH .IndexOf('.') is 0 for any string); pass [System.StringComparison]::Ordinal or OrdinalIgnoreCase, or a [char].");
    }

    private static bool NamesComparison(ExpressionAst argument) =>
        argument is MemberExpressionAst { Static: true, Expression: TypeExpressionAst type }
        && type.TypeName.Name.EndsWith("StringComparison", StringComparison.OrdinalIgnoreCase);

    private static bool IsChar(ExpressionAst argument) =>
        argument is ConvertExpressionAst convert && convert.Type.TypeName.Name is { } typeName
        && (typeName.Equals("char", StringComparison.OrdinalIgnoreCase) || typeName.Equals("System.Char", StringComparison.OrdinalIgnoreCase));
}
