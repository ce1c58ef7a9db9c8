using AovpnRemediations.Cli;

namespace AovpnRemediations.Cli.Tests;

/// <summary>Runs the CLI in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static CliRun Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // Never the user's own history store: a path in a folder that does not exist, so a test that reached it would fail loudly.
        var console = new CliConsole(stdout, stderr) { HistoryStorePath = Path.Combine(Path.GetTempPath(), "aovpn-no-such-folder-" + Guid.NewGuid().ToString("N"), "history.duckdb") };
        var exitCode = CliApp.Run(args, console, TimeProvider.System).GetAwaiter().GetResult();
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }
}

internal sealed record CliRun(int ExitCode, string Stdout, string Stderr);
