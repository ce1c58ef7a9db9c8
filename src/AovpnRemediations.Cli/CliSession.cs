using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Credentials;

namespace AovpnRemediations.Cli;

/// <summary>
/// One run of one command line: the console, the redactor every message passes through (told the environment's
/// secrets before anything can fail), and what the running command says about how its failures read.
/// </summary>
public sealed class CliSession
{
    public CliSession(CliConsole console)
    {
        Console = console;
        foreach (var secret in GraphCredentials.SecretsIn(console.Environment))
        {
            Redactor.AddSecret(secret);
        }
    }

    public CliConsole Console { get; }

    public Redactor Redactor { get; } = new();

    /// <summary><c>plan --detailed-exitcode</c>: every failure exits 1, since 2 means "changes pending".</summary>
    public bool DetailedExitCode { get; set; }

    /// <summary>What to tell the user when the run is cancelled; null for the plain "cancelled.".</summary>
    public string? CancelAdvice { get; set; }

    /// <summary>Opens the Graph connection the tenant commands share, with this run's environment and redactor.</summary>
    public GraphConnection Connect(GraphSettings settings) =>
        GraphConnector.Connect(settings, Console.Environment, Console.Interactive, Console.Error, Redactor, Console.ConfigureGraph);
}
