using System.Globalization;
using System.Text.RegularExpressions;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue;

/// <summary>The checked-in ID ranges (<c>RuleIdRanges.txt</c>); every rule ID must come from its category's range.</summary>
public sealed partial class RuleIdRanges
{
    private readonly Dictionary<RuleCategory, RuleIdRange> ranges;

    private RuleIdRanges(Dictionary<RuleCategory, RuleIdRange> ranges) => this.ranges = ranges;

    public static RuleIdRanges Embedded { get; } = Parse(ReadEmbedded());

    public RuleIdRange this[RuleCategory category] => ranges[category];

    public IEnumerable<RuleIdRange> All => ranges.Values.OrderBy(r => r.First);

    public static RuleIdRanges Parse(string text)
    {
        var ranges = new Dictionary<RuleCategory, RuleIdRange>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 4 || !Enum.TryParse<RuleCategory>(parts[0], out var category))
            {
                throw new FormatException($"RuleIdRanges.txt line {lineNumber}: expected '<category> <first> <max> <last|none>'.");
            }

            var first = ParseId(parts[1], lineNumber);
            var max = ParseId(parts[2], lineNumber);
            int? last = parts[3] == "none" ? null : ParseId(parts[3], lineNumber);
            if (first > max || (last is { } l && (l < first || l > max)))
            {
                throw new FormatException($"RuleIdRanges.txt line {lineNumber}: range is inconsistent.");
            }

            if (!ranges.TryAdd(category, new RuleIdRange(category, first, max, last)))
            {
                throw new FormatException($"RuleIdRanges.txt line {lineNumber}: category {category} listed twice.");
            }
        }

        foreach (var category in Enum.GetValues<RuleCategory>())
        {
            if (!ranges.ContainsKey(category))
            {
                throw new FormatException($"RuleIdRanges.txt has no range for category {category}.");
            }
        }

        return new RuleIdRanges(ranges);
    }

    public static int ParseNumber(string id)
    {
        var match = IdPattern().Match(id);
        return match.Success
            ? int.Parse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture)
            : throw new FormatException($"'{id}' is not a rule ID (AOVPN + four digits).");
    }

    private static int ParseId(string id, int lineNumber)
    {
        try
        {
            return ParseNumber(id);
        }
        catch (FormatException e)
        {
            throw new FormatException($"RuleIdRanges.txt line {lineNumber}: {e.Message}", e);
        }
    }

    private static string ReadEmbedded()
    {
        using var stream = typeof(RuleIdRanges).Assembly.GetManifestResourceStream("RuleIdRanges.txt")
            ?? throw new InvalidOperationException("RuleIdRanges.txt is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("^AOVPN([0-9]{4})$")]
    private static partial Regex IdPattern();
}

/// <summary>One category's range; <see cref="Last"/> is the highest ID handed out so far.</summary>
public sealed record RuleIdRange(RuleCategory Category, int First, int Max, int? Last)
{
    public bool Contains(int number) => number >= First && number <= Max;

    public bool IsAllocated(int number) => Last is { } last && number >= First && number <= last;
}
