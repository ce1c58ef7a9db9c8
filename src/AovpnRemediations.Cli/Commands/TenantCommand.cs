using System.CommandLine;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Permissions;
using AovpnRemediations.Publish.TenantCheck;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>tenant check [--fix]</c>: the Azure MFA service principals the NPS extension needs exist and are enabled.</summary>
internal static class TenantCommand
{
    public static Command Create(CliSession session)
    {
        var baseUrl = GraphOptions.BaseUrl();
        var verbose = GraphOptions.Verbose();
        var fix = new Option<bool>("--fix") { Description = "Create missing and enable disabled service principals (asks first unless --yes)." };
        var yes = GraphOptions.Yes();
        var check = new Command("check", "Check the Azure MFA service principals (Azure Multi-Factor Auth Client and Connector).") { baseUrl, verbose, fix, yes };
        check.SetAction(async (parse, cancellationToken) =>
        {
            var console = session.Console;
            session.Command = "tenant check";
            PermissionCondition[] conditions = parse.GetValue(fix) ? [GraphPermissions.When.Fix] : [];
            using var graph = await session.ConnectCheckedAsync(new GraphSettings(parse.GetValue(baseUrl)!, parse.GetValue(verbose)), null, conditions, cancellationToken);
            var statuses = await TenantChecker.CheckAsync(graph, cancellationToken);
            Print(console, statuses);
            var problems = statuses.Where(s => s.State != PrincipalState.Ok).ToList();
            if (problems.Count == 0)
            {
                console.Out.WriteLine(TenantCheckText.Passed);
                return (int)ExitCode.Success;
            }

            if (!parse.GetValue(fix))
            {
                console.Error.WriteLine(TenantCheckText.Failed(problems.Count));
                return (int)ExitCode.GraphError;
            }

            if (!parse.GetValue(yes))
            {
                if (!console.CanAsk)
                {
                    throw new UsageException("tenant check --fix cannot ask for confirmation here (no terminal); add --yes.");
                }

                if (!console.Confirm!(TenantCheckText.Question(problems)))
                {
                    console.Error.WriteLine("Nothing changed.");
                    return (int)ExitCode.GraphError;
                }
            }

            foreach (var problem in problems)
            {
                await TenantChecker.FixAsync(graph, problem, cancellationToken);
                console.Out.WriteLine(TenantCheckText.Fixed(problem));
            }

            var after = await TenantChecker.CheckAsync(graph, cancellationToken);
            if (after.Any(s => s.State != PrincipalState.Ok))
            {
                Print(console, after);
                console.Error.WriteLine(TenantCheckText.StillFailing);
                return (int)ExitCode.GraphError;
            }

            console.Out.WriteLine(TenantCheckText.PassedAfterFix);
            return (int)ExitCode.Success;
        });
        return new Command("tenant", "Tenant-side checks through Microsoft Graph.") { check };
    }

    private static void Print(CliConsole console, IEnumerable<PrincipalStatus> statuses)
    {
        foreach (var line in TenantCheckText.Lines(statuses))
        {
            console.Out.WriteLine(line);
        }
    }
}
