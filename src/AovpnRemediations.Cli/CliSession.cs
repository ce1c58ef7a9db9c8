using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Credentials;
using AovpnRemediations.Graph.Permissions;

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

    /// <summary>The running command's entry in <see cref="GraphPermissions"/>, so a 403 names the permission of its route.</summary>
    public string? Command { get; set; }

    /// <summary>Opens the Graph connection the tenant commands share, with this run's environment and redactor.</summary>
    public GraphConnection Connect(GraphSettings settings) =>
        GraphConnector.Connect(settings, Console.Environment, Console.Interactive, Console.Error, Redactor, Console.ConfigureGraph);

    /// <summary>Opens the connection of one tenant of a several-tenant run, with the credential its file describes.</summary>
    public GraphConnection Connect(GraphSettings settings, TenantProfile tenant) =>
        GraphConnector.Connect(settings, tenant.Credential(Console.Environment, Console.Interactive, Console.Error.WriteLine), Console.Error, Redactor, Console.ConfigureGraph);

    /// <summary>
    /// Opens the connection and, before its first request, checks the token's roles or scopes against what the command
    /// needs under these conditions (<see cref="GraphPermissions"/>); a missing one fails here, naming it.
    /// </summary>
    public async Task<GraphConnection> ConnectCheckedAsync(GraphSettings settings, TenantProfile? tenant, IEnumerable<PermissionCondition> conditions, CancellationToken cancellationToken)
    {
        var graph = tenant is null ? Connect(settings) : Connect(settings, tenant);
        try
        {
            if (Command is { } command)
            {
                await PermissionCheck.VerifyAsync(graph, GraphPermissions.For(command), conditions, cancellationToken).ConfigureAwait(false);
            }

            return graph;
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }
}
