using System.CommandLine;
using AovpnRemediations.Cli.Commands;

namespace AovpnRemediations.Cli;

/// <summary>
/// The host: builds the command tree and runs one command line, with the one error boundary around it (stages throw,
/// <see cref="ErrorReporter"/> maps). Tests call <see cref="Run"/> directly.
/// </summary>
public static class CliApp
{
    public static async Task<int> Main(string[] args) => await Run(args, CliConsole.System, TimeProvider.System);

    public static async Task<int> Run(string[] args, CliConsole console, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var session = new CliSession(console);
        var root = new RootCommand("Compiles the Always On VPN rule catalogue into verified Intune and ConfigMgr packages.")
        {
            BuildCommand.Create(session, clock),
            SignCommand.Create(session),
            VerifySignaturesCommand.Create(console),
            ValidateCommand.Create(console, clock),
            InitCommand.Create(console),
            RulesCommand.Create(console),
            DocsCommand.Create(console),
            PlanCommand.Create(session),
            ApplyCommand.Create(session),
            TenantCommand.Create(session),
            ReportCommand.Create(session, clock),
            RunCommand.Create(session, clock),
            PermissionsCommand.Create(console),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                console.Error.WriteLine($"error: {error.Message}");
            }

            console.Error.WriteLine("Run 'aovpn-remediations --help' for usage.");
            return (int)ExitCode.InvalidInput;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, session);
        }
    }
}
