namespace AovpnRemediations.Verification.Allowlists;

/// <summary>Reads the embedded allow-list files: one name per line, <c>#</c> starts a comment, blank lines are ignored.</summary>
internal static class AllowlistFile
{
    public static IReadOnlyList<string> ReadNames(string text, string fileName)
    {
        var names = new List<string>();
        foreach (var (lineNumber, line) in ContentLines(text))
        {
            // A space inside a name is almost always two names on one line or a comment without '#'.
            if (line.Any(char.IsWhiteSpace))
            {
                throw new FormatException($"{fileName} line {lineNumber}: expected one name, got '{line}'.");
            }

            names.Add(line);
        }

        return names;
    }

    public static string ReadEmbedded(string logicalName)
    {
        using var stream = typeof(AllowlistFile).Assembly.GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"Embedded allow-list {logicalName} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The lines of an allow-list file that say something, numbered from 1: a comment (<c>#</c> on) cut, blanks trimmed, empty lines skipped.</summary>
    public static IEnumerable<(int Number, string Text)> ContentLines(string text)
    {
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var hash = rawLine.IndexOf('#', StringComparison.Ordinal);
            var line = (hash < 0 ? rawLine : rawLine[..hash]).Trim();
            if (line.Length > 0)
            {
                yield return (lineNumber, line);
            }
        }
    }
}
