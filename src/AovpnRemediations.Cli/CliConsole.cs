using AovpnRemediations.Graph;
using AovpnRemediations.History.LogAnalytics;
using AovpnRemediations.Report;
using Spectre.Console;

namespace AovpnRemediations.Cli;

/// <summary>
/// The one console every command talks to: results to <see cref="Out"/>, messages and errors to <see cref="Error"/>,
/// a live <see cref="Terminal"/> for progress bars and coloured tables when a person is watching, <see cref="Confirm"/>
/// for questions, and the environment credentials come from. Tests build their own.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error)
{
    // Synchronized: run's triggers report as each device ends and --verbose logs every request, from several threads
    // at once; a test's StringWriter (unlike Console.Out) would mix or break their lines.
    public TextWriter Out { get; } = TextWriter.Synchronized(output);

    public TextWriter Error { get; } = TextWriter.Synchronized(error);

    /// <summary>A terminal on both ends: progress bars, prompts and device code sign-in are allowed.</summary>
    public bool Interactive { get; init; }

    /// <summary>Where live progress and coloured tables go when <see cref="Interactive"/>; null draws nothing live.</summary>
    public IAnsiConsole? Terminal { get; init; }

    /// <summary>Asks a yes/no question; null when nobody can answer.</summary>
    public Func<string, bool>? Confirm { get; init; }

    public Func<string, string?> Environment { get; init; } = global::System.Environment.GetEnvironmentVariable;

    /// <summary>The history store when no --store is given (tests use a temporary folder).</summary>
    public string HistoryStorePath { get; init; } = AovpnRemediations.History.Store.HistoryStore.DefaultPath;

    /// <summary>Last changes to every Graph connection a command opens (tests: no-op waits).</summary>
    public Action<GraphConnectionOptions>? ConfigureGraph { get; init; }

    /// <summary>Last changes to how <c>report</c> and <c>run</c> read device results (tests: no-op waits between export polls).</summary>
    public Action<ReportOptions>? ConfigureReport { get; init; }

    /// <summary>Last changes to the Log Analytics upload of <c>report --sink loganalytics</c> (tests: no-op waits, small batches).</summary>
    public Func<LogAnalyticsOptions, LogAnalyticsOptions>? ConfigureLogs { get; init; }

    internal ReportOptions Configured(ReportOptions options)
    {
        ConfigureReport?.Invoke(options);
        return options;
    }

    /// <summary>The process's console: interactive only when neither stdin, stdout nor stderr is redirected.</summary>
    public static CliConsole System { get; } = FromSystem();

    private static CliConsole FromSystem()
    {
        var interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
        return new CliConsole(Console.Out, Console.Error)
        {
            Interactive = interactive,
            Terminal = interactive ? AnsiConsole.Console : null,
            Confirm = interactive
                ? question =>
                {
                    Console.Error.Write($"{question} [y/N] ");
                    var answer = Console.ReadLine()?.Trim();
                    return answer is not null && (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase));
                }
            : null,
        };
    }

    /// <summary>True when a question can be asked and answered here.</summary>
    public bool CanAsk => Interactive && Confirm is not null;
}
