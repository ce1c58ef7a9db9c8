namespace AovpnRemediations.Cli;

/// <summary>Where commands write: results to <see cref="Out"/>, messages and errors to <see cref="Error"/>.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    public static CliConsole System { get; } = new(Console.Out, Console.Error);
}
