using System.CommandLine;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Permissions;
using AovpnRemediations.History.Store;
using AovpnRemediations.Operate;
using AovpnRemediations.Operate.Wait;
using AovpnRemediations.Report;
using AovpnRemediations.Report.Findings;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>run</c>: trigger a managed package on demand on devices chosen by name, id, group or finding, and optionally wait for their results.</summary>
internal static class RunCommand
{
    public static Command Create(CliSession session, TimeProvider clock)
    {
        var package = new Option<string?>("--package") { Description = "The package to run (e.g. aovpn-user-tunnel-cert); with --finding it may be left out." };
        var devices = new Option<string[]>("--device") { Description = "A device name or Intune managed device id (repeatable).", AllowMultipleArgumentsPerToken = false };
        var groups = new Option<string[]>("--group") { Description = "An Entra group: its device members and its users' devices (repeatable).", AllowMultipleArgumentsPerToken = false };
        var findings = new Option<string[]>("--finding")
        {
            Description = "RULE:CODE, e.g. AOVPN1002:CertificateExpiringSoon: the devices whose latest detection reports it, in the last report snapshot or a fresh report (--findings-from; repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var maxDevices = new Option<int>("--max-devices")
        {
            Description = "Refuse to run on more devices than this; raise it on purpose for a larger run.",
            DefaultValueFactory = _ => RunRequest.DefaultMaxDevices,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the devices the run would trigger; trigger nothing." };
        var replacePending = new Option<bool>("--replace-pending") { Description = "Also trigger devices whose previous on-demand run is still pending (it is overwritten)." };
        var wait = new Option<bool>("--wait") { Description = "Wait for each device's action and new result, and print its result before and after." };
        var waitMinutes = new Option<int>("--wait-timeout") { Description = "Minutes --wait waits at most.", DefaultValueFactory = _ => 30 };
        var staleDays = new Option<int>("--stale-days") { Description = "With --finding: devices with no report for this many days are left out.", DefaultValueFactory = _ => 7 };
        var findingsFrom = new Option<FindingsFrom>("--findings-from")
        {
            Description = "With --finding: auto (the last report snapshot of the package when under 24 hours old, else a fresh report), snapshot (the last snapshot, however old) or fresh (read the fleet now).",
            DefaultValueFactory = _ => FindingsFrom.Auto,
        };
        var store = HistoryOptions.Store();
        var source = new Option<SourceChoice>("--source") { Description = "With a fresh report for --finding: where device states come from, as for report.", DefaultValueFactory = _ => SourceChoice.Auto };
        var yes = GraphOptions.Yes();
        var baseUrl = GraphOptions.BaseUrl();
        var verbose = GraphOptions.Verbose();
        var command = new Command("run", "Run a managed package now on chosen devices (Intune on-demand remediation).")
        {
            package, devices, groups, findings, findingsFrom, store, maxDevices, dryRun, replacePending, wait, waitMinutes, staleDays, source, yes, baseUrl, verbose,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            session.Command = "run";
            session.CancelAdvice = "Cancelled. Devices already triggered keep their run; running again skips those still pending.";
            var console = session.Console;
            var request = new RunRequest(
                parse.GetValue(package),
                parse.GetValue(devices) ?? [],
                parse.GetValue(groups) ?? [],
                [.. (parse.GetValue(findings) ?? []).Select(FindingRef.Parse)],
                parse.GetValue(maxDevices),
                parse.GetValue(dryRun),
                parse.GetValue(replacePending));
            RunRequest.Validate(request);
            var minutes = parse.GetValue(waitMinutes);
            if (minutes is < 1 or > 24 * 60)
            {
                throw new RunInputException($"--wait-timeout {minutes} is out of range: use 1-1440 minutes.");
            }

            if (parse.GetValue(staleDays) is < 1 or > Reporter.MaxStaleDays)
            {
                throw new RunInputException($"--stale-days {parse.GetValue(staleDays)} is out of range: use 1-{Reporter.MaxStaleDays} days.");
            }

            // Said before anything is read or written, and on a dry run too.
            console.Error.WriteLine(Runner.FiltersWarning);

            var conditions = new List<PermissionCondition>();
            if (!request.DryRun)
            {
                conditions.Add(GraphPermissions.When.Trigger);
            }

            if (request.Groups.Count > 0)
            {
                conditions.Add(GraphPermissions.When.Group);
            }

            var from = parse.GetValue(findingsFrom);
            if (request.Findings.Count == 0 && (from != FindingsFrom.Auto || parse.GetValue(store) is not null))
            {
                throw new UsageException("--findings-from and --store choose where --finding reads its devices; pass them with --finding.");
            }

            // The store is opened read-only and only when it exists: auto falls back to a fresh report, snapshot says what to run first.
            var storePath = HistoryOptions.PathOf(parse.GetValue(store), console);
            if (request.Findings.Count > 0 && from == FindingsFrom.Snapshot && !File.Exists(storePath))
            {
                throw new HistoryStoreException(HistoryError.UnknownSnapshot,
                    $"--findings-from snapshot: there is no history store at '{storePath}' yet. Run 'report' first (it stores a snapshot per package), pass --store FILE, or use --findings-from fresh.");
            }

            using var history = request.Findings.Count > 0 && from != FindingsFrom.Fresh && File.Exists(storePath)
                ? HistoryStore.Open(storePath, new HistoryStoreOptions { ReadOnly = true })
                : null;
            if (request.Findings.Count > 0 && history is null && parse.GetValue(source) == SourceChoice.Export)
            {
                conditions.Add(GraphPermissions.When.Finding);
            }

            using var graph = await session.ConnectCheckedAsync(new GraphSettings(parse.GetValue(baseUrl)!, parse.GetValue(verbose)), null, conditions, cancellationToken);
            var waitOptions = new WaitOptions { Timeout = TimeSpan.FromMinutes(minutes), Time = clock };
            var runner = new Runner(graph, waitOptions: waitOptions);
            IDeviceFindingSource? findingSource = null;
            if (request.Findings.Count > 0)
            {
                var fresh = new FreshReportFindings(graph, console.Configured(new ReportOptions { Time = clock }), parse.GetValue(staleDays), parse.GetValue(source));
                findingSource = history is null ? fresh : new SnapshotFindings(history, clock, parse.GetValue(staleDays), from == FindingsFrom.Auto ? fresh : null);
            }
            var selection = await runner.SelectAsync(request, findingSource, cancellationToken);
            console.Out.Write(RunText.Selection(selection, request.DryRun));
            if (request.DryRun)
            {
                return (int)ExitCode.Success;
            }

            if (selection.OverLimit)
            {
                throw new RunInputException(Runner.OverLimitMessage(selection));
            }

            if (selection.Targets.Count == 0)
            {
                console.Out.WriteLine("Nothing to run.");
                return (int)ExitCode.Success;
            }

            if (!parse.GetValue(yes))
            {
                if (!console.CanAsk)
                {
                    throw new UsageException("run would trigger devices but cannot ask for confirmation here (no terminal). Check the list with --dry-run, then run with --yes.");
                }

                if (!console.Confirm!($"Run {selection.Script.PackageId} now on {selection.Targets.Count} device(s)?"))
                {
                    console.Error.WriteLine("Nothing triggered.");
                    return (int)ExitCode.Failure;
                }
            }

            var before = parse.GetValue(wait) ? await runner.ReadStatesAsync(selection, cancellationToken) : null;
            var result = await runner.TriggerAsync(selection, r => console.Out.WriteLine(RunText.Trigger(r)), cancellationToken);
            console.Out.WriteLine(RunText.Summary(result));
            if (before is not null && result.Triggered > 0)
            {
                var triggered = result.Devices.Where(d => d.Outcome != TriggerOutcome.Failed).Select(d => d.Target).ToList();
                var waited = await runner.Waiter.WaitAsync(selection.Script, triggered, before, line => graph.Options.Log?.Invoke(line), cancellationToken);
                foreach (var line in RunText.Wait(waited, waitOptions.Timeout))
                {
                    console.Out.WriteLine(line);
                }
            }

            return (int)(result.Failed > 0 ? ExitCode.GraphError : ExitCode.Success);
        });
        return command;
    }
}
