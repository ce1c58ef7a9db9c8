using System.CommandLine;
using AovpnRemediations.History.Store;

namespace AovpnRemediations.Cli.Commands;

/// <summary>Options of the commands that read or write the fleet history store.</summary>
internal static class HistoryOptions
{
    public static Option<string?> Store() => new("--store")
    {
        Description = $"The history store file (DuckDB). Default: {HistoryStore.DefaultPath}.",
    };

    /// <summary>The store path a command uses: --store, else the console's default (tests point it at a temporary folder).</summary>
    public static string PathOf(string? option, CliConsole console) => option is { Length: > 0 } path ? Path.GetFullPath(path) : console.HistoryStorePath;

    /// <summary>"7d", "36h", "2w" or a plain number of days.</summary>
    public static TimeSpan? ParsePeriod(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.Length == 0)
        {
            return null;
        }

        var unit = char.IsAsciiLetter(t[^1]) ? t[^1] : 'd';
        var number = char.IsAsciiLetter(t[^1]) ? t[..^1] : t;
        if (!double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value <= 0 || value > 3650)
        {
            return null;
        }

        return unit switch
        {
            'd' => TimeSpan.FromDays(value),
            'h' => TimeSpan.FromHours(value),
            'w' => TimeSpan.FromDays(value * 7),
            _ => null,
        };
    }
}
