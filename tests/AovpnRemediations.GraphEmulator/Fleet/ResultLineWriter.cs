using System.Globalization;
using System.Text;
using AovpnRemediations.Contracts;

namespace AovpnRemediations.GraphEmulator.Fleet;

/// <summary>A value of a finding as a script writes it: a string or an integer.</summary>
public readonly record struct LineValue(string? Text, long? Number)
{
    public static implicit operator LineValue(string text) => new(text, null);

    public static implicit operator LineValue(long number) => new(null, number);

    public override string ToString() => Text ?? Number?.ToString(CultureInfo.InvariantCulture) ?? "";
}

/// <summary>An entry of <c>findings</c>, <c>actions</c> or <c>errors</c>: ordered key/value pairs.</summary>
public sealed record LineEntry(IReadOnlyList<KeyValuePair<string, LineValue>> Members)
{
    public static LineEntry Finding(string rule, string code, params (string Key, LineValue Value)[] data) =>
        new([new(ResultLineSchema.Entry.Rule, rule), new(ResultLineSchema.Entry.Code, code), .. data.Select(d => new KeyValuePair<string, LineValue>(d.Key, d.Value))]);

    public static LineEntry Action(string rule, string action, params (string Key, LineValue Value)[] data) =>
        new([new(ResultLineSchema.Entry.Rule, rule), new(ResultLineSchema.Entry.Action, action), .. data.Select(d => new KeyValuePair<string, LineValue>(d.Key, d.Value))]);

    public static LineEntry Error(string rule, string code, string message) =>
        new([new(ResultLineSchema.Entry.Rule, rule), new(ResultLineSchema.Entry.Code, code), new(ResultLineSchema.Entry.Message, message)]);
}

/// <summary>
/// Writes result lines byte for byte as the generated scripts do (templates/common/runtime.scriban:
/// ConvertTo-AovpnJson and Format-AovpnResultLine): compact JSON, every character outside printable ASCII as a
/// lower-case \uXXXX escape, members in the scripts' order, and the same cut at 2,048 characters with "truncated".
/// A test runs a real generated script and compares its line with this writer's.
/// </summary>
public static class ResultLineWriter
{
    private static class M
    {
        public const string Schema = ResultLineSchema.Members.Schema;
        public const string Package = ResultLineSchema.Members.Package;
        public const string Version = ResultLineSchema.Members.Version;
        public const string Status = ResultLineSchema.Members.Status;
        public const string Actions = ResultLineSchema.Members.Actions;
        public const string Findings = ResultLineSchema.Members.Findings;
        public const string Errors = ResultLineSchema.Members.Errors;
        public const string Truncated = ResultLineSchema.Members.Truncated;
    }

    public const int Limit = ResultLineSchema.MaxLength;

    public static string Detection(string package, string version, string status, IReadOnlyList<LineEntry> findings, IReadOnlyList<LineEntry>? errors = null)
    {
        var members = new List<(string, object)> { Schema, (M.Package, package), (M.Version, version), (M.Status, status), (M.Findings, findings) };
        if (errors is { Count: > 0 })
        {
            members.Add((M.Errors, errors));
        }

        return Format(members);
    }

    public static string Remediation(string package, string version, string status, IReadOnlyList<LineEntry> actions, IReadOnlyList<LineEntry> findingsAfter, IReadOnlyList<LineEntry>? errors = null)
    {
        var members = new List<(string, object)> { Schema, (M.Package, package), (M.Version, version), (M.Status, status), (M.Actions, actions), (M.Findings, findingsAfter) };
        if (errors is { Count: > 0 })
        {
            members.Add((M.Errors, errors));
        }

        return Format(members);
    }

    /// <summary>Complete-AovpnFailure: the script itself broke; findings so far and one ScriptFailed error.</summary>
    public static string Failure(string package, string version, string status, IReadOnlyList<LineEntry> findings, string message) =>
        Format([Schema, (M.Package, package), (M.Version, version), (M.Status, status), (M.Findings, findings), (M.Errors, new[] { LineEntry.Error("", "ScriptFailed", message) })]);

    private static (string, object) Schema => (M.Schema, (long)ResultLineSchema.Version);

    private static string Format(IReadOnlyList<(string Key, object Value)> members)
    {
        var encoded = new List<(string Name, string? Scalar, List<string>? Items)>();
        var fixedLength = 2 + (members.Count - 1);
        var itemsLength = 0;
        foreach (var (key, value) in members)
        {
            var name = JsonString(key);
            if (value is IReadOnlyList<LineEntry> list)
            {
                var items = list.Select(Entry).ToList();
                encoded.Add((name, null, items));
                fixedLength += name.Length + 3;
                itemsLength += items.Sum(i => i.Length + 1);
            }
            else
            {
                var scalar = value is long n ? n.ToString(CultureInfo.InvariantCulture) : JsonString((string)value);
                encoded.Add((name, scalar, null));
                fixedLength += name.Length + 1 + scalar.Length;
            }
        }

        var truncated = 0;
        var budget = Limit - fixedLength;
        if (itemsLength > budget)
        {
            budget -= 20; // room for ,"truncated":NNNNN
            var full = false;
            foreach (var member in encoded.Where(m => m.Items is not null))
            {
                var kept = new List<string>();
                foreach (var item in member.Items!)
                {
                    if (!full && item.Length + 1 <= budget)
                    {
                        kept.Add(item);
                        budget -= item.Length + 1;
                    }
                    else
                    {
                        full = true;
                        truncated++;
                    }
                }

                member.Items!.Clear();
                member.Items.AddRange(kept);
            }
        }

        var parts = encoded.Select(m => m.Items is null ? m.Name + ":" + m.Scalar : m.Name + ":[" + string.Join(',', m.Items) + "]").ToList();
        if (truncated > 0)
        {
            parts.Add(JsonString(M.Truncated) + ":" + truncated.ToString(CultureInfo.InvariantCulture));
        }

        return "{" + string.Join(',', parts) + "}";
    }

    private static string Entry(LineEntry entry) =>
        "{" + string.Join(',', entry.Members.Select(m => JsonString(m.Key) + ":" + (m.Value.Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : JsonString(m.Value.Text ?? "")))) + "}";

    /// <summary>ConvertTo-AovpnJsonString: quote and backslash escaped, everything outside 32..126 as \u plus four lower-case hex digits.</summary>
    public static string JsonString(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case < ' ' or > '~':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
