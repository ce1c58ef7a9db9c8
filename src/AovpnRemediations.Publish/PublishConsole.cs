using AovpnRemediations.Graph;
using Spectre.Console;

namespace AovpnRemediations.Publish;

/// <summary>What the commands talk to: output streams, whether a person is there, the environment. Tests pass their own.</summary>
public sealed class PublishConsole
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>A terminal on both ends: progress bars and prompts are allowed.</summary>
    public bool Interactive { get; init; }

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Asks a yes/no question; null when nobody can answer.</summary>
    public Func<string, bool>? Confirm { get; init; }

    /// <summary>The console for progress display when <see cref="Interactive"/>.</summary>
    public IAnsiConsole? Ansi { get; init; }

    /// <summary>Adjusts the Graph connection (tests: no-op waits, a small write budget).</summary>
    public Action<GraphConnectionOptions>? ConfigureGraph { get; init; }

    /// <summary>The real console: interactive only when neither stdin, stdout nor stderr is redirected.</summary>
    public static PublishConsole FromSystem()
    {
        var interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
        return new PublishConsole
        {
            Out = Console.Out,
            Error = Console.Error,
            Interactive = interactive,
            Ansi = interactive ? AnsiConsole.Console : null,
            Confirm = interactive
                ? question =>
                {
                    Console.Error.Write($"{question} [y/N] ");
                    var answer = Console.ReadLine();
                    return answer is not null && (answer.Trim().Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase));
                }
                : null,
        };
    }
}
