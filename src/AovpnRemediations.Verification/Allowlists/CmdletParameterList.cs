using System.Collections.Frozen;

namespace AovpnRemediations.Verification.Allowlists;

/// <summary>The parameters of one command: names and aliases, each mapped to the name it stands for.</summary>
internal sealed record CommandParameters(string Command, string DocUrl, FrozenDictionary<string, string> Names)
{
    /// <summary>The parameter <paramref name="name"/> is or is an alias of, or null.</summary>
    public string? Canonical(string name) => Names.GetValueOrDefault(name);

    /// <summary>Parameters whose name or alias starts with <paramref name="prefix"/>: what PowerShell would bind an abbreviation to.</summary>
    public IReadOnlyList<string> Completions(string prefix) =>
        Names.Where(pair => pair.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Select(pair => pair.Value).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// The checked-in Windows PowerShell 5.1 parameter lists (cmdlet-parameters.txt): <c>[Command] URL</c> sections of one
/// parameter per line, aliases in parentheses; the <c>[Common]</c> section holds the common parameters.
/// </summary>
internal sealed class CmdletParameterList
{
    public const string CommonSection = "Common";

    private readonly FrozenDictionary<string, CommandParameters> commands;

    private CmdletParameterList(FrozenDictionary<string, CommandParameters> commands, CommandParameters common)
    {
        this.commands = commands;
        Common = common;
    }

    public CommandParameters Common { get; }

    public IEnumerable<string> CommandNames => commands.Keys;

    /// <summary>The section of <paramref name="command"/> (ignoring case), or null when the file has none.</summary>
    public CommandParameters? Find(string command) => commands.GetValueOrDefault(command);

    public static CmdletParameterList Parse(string text, string fileName)
    {
        var sections = new Dictionary<string, (string Url, Dictionary<string, string> Names)>(StringComparer.OrdinalIgnoreCase);
        (string Url, Dictionary<string, string> Names)? current = null;
        foreach (var (lineNumber, line) in AllowlistFile.ContentLines(text))
        {
            if (line.StartsWith('['))
            {
                current = ParseHeader(line, fileName, lineNumber, out var command);
                if (!sections.TryAdd(command, current.Value))
                {
                    throw new FormatException($"{fileName} line {lineNumber}: a second section for {command}.");
                }

                continue;
            }

            if (current is null)
            {
                throw new FormatException($"{fileName} line {lineNumber}: '{line}' comes before the first [Command] section.");
            }

            ParseParameter(line, current.Value.Names, fileName, lineNumber);
        }

        if (!sections.TryGetValue(CommonSection, out var common))
        {
            throw new FormatException($"{fileName}: no [{CommonSection}] section.");
        }

        var commands = sections
            .Where(pair => !string.Equals(pair.Key, CommonSection, StringComparison.OrdinalIgnoreCase))
            .ToFrozenDictionary(
                pair => pair.Key,
                pair => new CommandParameters(pair.Key, pair.Value.Url, pair.Value.Names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase)),
                StringComparer.OrdinalIgnoreCase);
        return new CmdletParameterList(commands, new CommandParameters(CommonSection, common.Url, common.Names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase)));
    }

    private static (string Url, Dictionary<string, string> Names) ParseHeader(string line, string fileName, int lineNumber, out string command)
    {
        var close = line.IndexOf(']', StringComparison.Ordinal);
        var url = close < 0 ? "" : line[(close + 1)..].Trim();
        command = close < 0 ? "" : line[1..close].Trim();
        if (command.Length == 0 || command.Any(char.IsWhiteSpace) || !url.StartsWith("https://learn.microsoft.com/", StringComparison.Ordinal))
        {
            throw new FormatException($"{fileName} line {lineNumber}: expected '[Command-Name] https://learn.microsoft.com/...', got '{line}'.");
        }

        return (url, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
    }

    private static void ParseParameter(string line, Dictionary<string, string> names, string fileName, int lineNumber)
    {
        var open = line.IndexOf('(', StringComparison.Ordinal);
        var name = (open < 0 ? line : line[..open]).Trim();
        var aliases = open < 0
            ? []
            : line[(open + 1)..].TrimEnd(')').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (name.Length == 0 || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '_') || (open >= 0 && !line.EndsWith(')')))
        {
            throw new FormatException($"{fileName} line {lineNumber}: expected 'Parameter' or 'Parameter (Alias, Alias)', got '{line}'.");
        }

        foreach (var key in aliases.Prepend(name))
        {
            if (!names.TryAdd(key, name))
            {
                throw new FormatException($"{fileName} line {lineNumber}: {key} is listed twice in this section.");
            }
        }
    }
}
