using AovpnRemediations.Cli;

namespace AovpnRemediations.Cli.Tests;

/// <summary>The command line with an environment of the test's choosing (tenant files name their token variables).</summary>
internal static class CliHost
{
    public static CliRun Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr)
        {
            Environment = name => environment.TryGetValue(name, out var value) ? value : null,
            ConfigureGraph = o => o.Retry.Delay = (_, _) => Task.CompletedTask,
            ConfigureReport = o => o.Export.Delay = (_, _) => Task.CompletedTask,
        };
        var exit = CliApp.Run(args, console, TimeProvider.System).GetAwaiter().GetResult();
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }
}
