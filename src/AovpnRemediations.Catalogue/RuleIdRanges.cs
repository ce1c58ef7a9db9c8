using System.Globalization;
using System.Text.RegularExpressions;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue;

/// <summary>
/// The checked-in ID ranges (<c>RuleIdRanges.txt</c>): every rule ID comes from its category's range, and the
/// IDs of rules taken out of the catalogue are listed as retired, never to be used again.
/// </summary>
public sealed partial class RuleIdRanges
{
    private readonly Dictionary<RuleCategory, RuleIdRange> ranges;

    private RuleIdRanges(Dictionary<RuleCategory, RuleIdRange> ranges, IReadOnlySet<int> retired)
    {
        this.ranges = ranges;
        Retired = retired;
    }

    /// <summary>Numbers of retired rules.</summary>
    public IReadOnlySet<int> Retired { get; }

    public static RuleIdRanges Embedded { get; } = Parse(ReadEmbedded());

    public RuleIdRange this[RuleCategory category] => ranges[category];

    public IEnumerable<RuleIdRange> All => ranges.Values.OrderBy(r => r.First);

    public static RuleIdRanges Parse(string text)
    {
        var ranges = new Dictionary<RuleCategory, RuleIdRange>();
        var retired = new HashSet<int>();
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
            if (parts[0] == "retired")
            {
                if (parts.Length < 3 || !retired.Add(ParseId(parts[1], lineNumber)))
                {
                    throw new FormatException($"RuleIdRanges.txt line {lineNumber}: expected 'retired <ID> <why>', each ID once.");
                }

                continue;
            }

            if (parts.Length != 3 || !Enum.TryParse<RuleCategory>(parts[0], out var category))
            {
                throw new FormatException($"RuleIdRanges.txt line {lineNumber}: expected '<category> <first> <max>'.");
            }

            var first = ParseId(parts[1], lineNumber);
            var max = ParseId(parts[2], lineNumber);
            if (first > max)
            {
                throw new FormatException($"RuleIdRanges.txt line {lineNumber}: range is inconsistent.");
            }

            if (!ranges.TryAdd(category, new RuleIdRange(category, first, max)))
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

        var stray = retired.FirstOrDefault(number => !ranges.Values.Any(r => r.Contains(number)));
        if (stray != 0)
        {
            throw new FormatException($"RuleIdRanges.txt: retired AOVPN{stray:D4} is in no category's range.");
        }

        return new RuleIdRanges(ranges, retired);
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

/// <summary>One category's range of IDs.</summary>
public sealed record RuleIdRange(RuleCategory Category, int First, int Max)
{
    public bool Contains(int number) => number >= First && number <= Max;
}
