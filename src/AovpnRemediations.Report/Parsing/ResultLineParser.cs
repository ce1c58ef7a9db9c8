using System.Globalization;
using System.Text.Json;

namespace AovpnRemediations.Report.Parsing;

/// <summary>
/// Reads the result line of a script output: the LAST non-empty line (Intune keeps only the tail of the output, and a
/// generated script writes its JSON line last). Anything a device sent is accepted without throwing: a line that is
/// not JSON, or JSON of another shape, is classified, never a crash.
/// </summary>
public static class ResultLineParser
{
    /// <summary>Longest value kept from a device (a field, a message); the rest is cut so no device can bloat the report.</summary>
    public const int MaxValueLength = 256;

    private const int MaxItems = 256;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    public static ResultLine Parse(string? output)
    {
        var line = LastLine(output);
        if (line.IsEmpty)
        {
            return ResultLine.Empty;
        }

        if (line[0] != '{')
        {
            return Unparsed(LineKind.NotJson, line);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToString(), Options);
        }
        catch (JsonException)
        {
            return Unparsed(LineKind.NotJson, line);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Number || !schema.TryGetInt32(out var s) || s != 1
                || Text(root, "package") is not { Length: > 0 } package
                || Text(root, "status") is not { } status || !IsKnownStatus(status))
            {
                return Unparsed(LineKind.NotOurs, line);
            }

            var truncated = root.TryGetProperty("truncated", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out var n) ? Math.Max(0, n) : 0;
            return new ResultLine(
                LineKind.Ours,
                package,
                Text(root, "version"),
                status,
                Items(root, "findings", "code"),
                Errors(root),
                Items(root, "actions", "action"),
                truncated,
                null);
        }
    }

    /// <summary>The last line that is not blank, trimmed; empty when there is none.</summary>
    public static ReadOnlySpan<char> LastLine(string? output)
    {
        if (string.IsNullOrEmpty(output))
        {
            return [];
        }

        var span = output.AsSpan().TrimEnd();
        var start = span.LastIndexOfAny('\n', '\r');
        return (start < 0 ? span : span[(start + 1)..]).Trim();
    }

    public static bool IsKnownStatus(string status) => status is "ok" or "issue" or "error" or "remediated" or "failed";

    private static ResultLine Unparsed(LineKind kind, ReadOnlySpan<char> line) =>
        new(kind, null, null, null, [], [], [], 0, Cut(line.ToString()));

    private static List<LineFinding> Items(JsonElement root, string property, string codeName)
    {
        var items = new List<LineFinding>();
        if (!root.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return items;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (items.Count >= MaxItems)
            {
                break;
            }

            if (item.ValueKind != JsonValueKind.Object || Text(item, "rule") is not { } rule || Text(item, codeName) is not { } code)
            {
                continue;
            }

            var fields = new List<KeyValuePair<string, string>>();
            foreach (var member in item.EnumerateObject())
            {
                if (member.NameEquals("rule") || member.NameEquals(codeName) || fields.Count >= 32)
                {
                    continue;
                }

                fields.Add(new(Cut(member.Name), Value(member.Value)));
            }

            items.Add(new LineFinding(rule, code, fields));
        }

        return items;
    }

    private static List<LineError> Errors(JsonElement root)
    {
        var errors = new List<LineError>();
        if (!root.TryGetProperty("errors", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return errors;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (errors.Count >= MaxItems)
            {
                break;
            }

            if (item.ValueKind == JsonValueKind.Object)
            {
                errors.Add(new LineError(Text(item, "rule") ?? "", Text(item, "code") ?? "Unknown", Text(item, "message") ?? ""));
            }
        }

        return errors;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Cut(value.GetString()!) : null;

    private static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Cut(value.GetString()!),
        JsonValueKind.Number => Cut(value.GetRawText()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ => Cut(value.GetRawText()),
    };

    internal static string Cut(string text) =>
        text.Length <= MaxValueLength ? text : string.Concat(text.AsSpan(0, MaxValueLength - 3), "...");

    internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
