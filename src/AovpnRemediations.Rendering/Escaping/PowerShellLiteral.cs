using System.Globalization;
using System.Text;

namespace AovpnRemediations.Rendering.Escaping;

/// <summary>
/// The one escaping function: every profile value enters a generated script through <see cref="Quote"/>.
/// </summary>
/// <remarks>
/// The result is a single-quoted literal, so nothing in it is expanded (no <c>$var</c>, <c>$(...)</c> or
/// backtick escapes). Inside single quotes only a quote needs doubling, but PowerShell also treats
/// U+2018..U+201B as single quotes, and the scripts must be ASCII (Windows PowerShell 5.1 reads BOM-less
/// UTF-8 as ANSI) and CRLF (a raw LF in a literal would be rewritten). So every character outside
/// printable ASCII is written as a <c>[char]0xNNNN</c> conversion joined with <c>+</c>, and the whole
/// expression is parenthesised so it stays one operand wherever a template puts it.
/// </remarks>
public static class PowerShellLiteral
{
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.All(IsPlain))
        {
            return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        }

        var parts = new List<string>();
        var run = new StringBuilder();
        foreach (var c in value)
        {
            if (IsPlain(c))
            {
                run.Append(c == '\'' ? "''" : c.ToString());
                continue;
            }

            if (run.Length > 0)
            {
                parts.Add("'" + run + "'");
                run.Clear();
            }

            parts.Add("[char]0x" + ((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }

        if (run.Length > 0)
        {
            parts.Add("'" + run + "'");
        }

        // Start from a string so that '+' concatenates even when the value begins with an escaped char.
        if (!parts[0].StartsWith('\''))
        {
            parts.Insert(0, "''");
        }

        return "(" + string.Join(" + ", parts) + ")";
    }

    private static bool IsPlain(char c) => c >= 0x20 && c <= 0x7E;
}

/// <summary>
/// A profile value already escaped by <see cref="PowerShellLiteral.Quote"/>. View-models expose profile
/// values only as this type, so a template cannot emit an unescaped one.
/// </summary>
public sealed class PsLiteral
{
    private PsLiteral(string code) => Code = code;

    public string Code { get; }

    public static PsLiteral Of(string value) => new(PowerShellLiteral.Quote(value));

    /// <summary>
    /// A long value as escaped pieces of at most <paramref name="width"/> characters joined by '+', one per
    /// line: still only string constants, so it evaluates to exactly the value.
    /// </summary>
    public static PsLiteral Wrapped(string value, int width, string continuationIndent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (value.Length <= width || continuationIndent.Any(c => c != ' '))
        {
            return Of(value);
        }

        var pieces = value.Chunk(width).Select(chunk => PowerShellLiteral.Quote(new string(chunk)));
        return new("(" + string.Join(" +\n" + continuationIndent, pieces) + ")");
    }

    public override string ToString() => Code;
}
