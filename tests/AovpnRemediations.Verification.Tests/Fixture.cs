using System.Text;

namespace AovpnRemediations.Verification.Tests;

/// <summary>One expected finding: the rule and where it starts.</summary>
public sealed record ExpectedFinding(string Rule, int Line, int Column)
{
    public static ExpectedFinding Of(VerificationFinding finding) => new(finding.Rule, finding.Line, finding.Column);

    public override string ToString() => $"{Rule} {Line}:{Column}";
}

/// <summary>
/// A fixture script under Fixtures/, byte-exact. Its first line declares what it must yield:
/// <c># expect: Ps7Syntax 3:9 NonAscii 4:1</c> (rule, line:column; any number). Clean*.ps1 fixtures declare nothing.
/// </summary>
public sealed record Fixture(string Name, byte[] Content, IReadOnlyList<ExpectedFinding> Expected)
{
    private const string ExpectPrefix = "# expect:";

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static IEnumerable<string> Names =>
        System.IO.Directory.GetFiles(Directory, "*.ps1").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static Fixture Load(string name)
    {
        var content = File.ReadAllBytes(Path.Combine(Directory, name));
        var firstLine = Encoding.UTF8.GetString(content).TrimStart('\uFEFF').Split('\r', '\n')[0];
        if (!firstLine.StartsWith(ExpectPrefix, StringComparison.Ordinal))
        {
            return name.StartsWith("Clean", StringComparison.Ordinal)
                ? new Fixture(name, content, [])
                : throw new InvalidDataException($"{name}: a failing fixture starts with '{ExpectPrefix} <Rule> <line>:<col> ...'.");
        }

        return new Fixture(name, content, ParseExpectations(firstLine[ExpectPrefix.Length..]));
    }

    public static IReadOnlyList<ExpectedFinding> ParseExpectations(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length % 2 != 0)
        {
            throw new InvalidDataException($"expected '<Rule> <line>:<col>' pairs, got '{text}'.");
        }

        return parts.Chunk(2)
            .Select(pair => (pair[0], Position: pair[1].Split(':')))
            .Select(p => new ExpectedFinding(p.Item1, int.Parse(p.Position[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p.Position[1], System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(e => e.Line).ThenBy(e => e.Column).ThenBy(e => e.Rule, StringComparer.Ordinal)
            .ToList();
    }
}
