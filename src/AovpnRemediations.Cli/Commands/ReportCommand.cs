using System.CommandLine;
using AovpnRemediations.Binding;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Permissions;
using AovpnRemediations.History.LogAnalytics;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Report;
using AovpnRemediations.Report.History;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>report</c>: what every device's detection said, aggregated by result, finding, error code and remediation outcome.</summary>
internal static class ReportCommand
{
    public static Command Create(CliSession session, TimeProvider clock)
    {
        var profile = CommonOptions.Profile();
        profile.Description = "The org profile: report only the packages it publishes to Intune. Without it, every managed package in the tenant.";
        var packages = new Option<string[]>("--package")
        {
            Description = "Report only this package (repeatable), e.g. --package aovpn-trusted-cas.",
            AllowMultipleArgumentsPerToken = false,
        };
        var source = new Option<SourceChoice>("--source")
        {
            Description = $"Where device states come from: runstates (paged deviceRunStates), export (the DeviceRunStatesByProactiveRemediation export job), or auto (runstates up to {SourcePicker.DefaultAutoThreshold:N0} devices in the run summary, export above).",
            DefaultValueFactory = _ => SourceChoice.Auto,
        };
        var format = new Option<ReportFormat>("--format")
        {
            Description = "table (console), csv (one row per device and finding, for drill-down), json, html (one self-contained page with charts), or parquet (one row per device, needs --out).",
            DefaultValueFactory = _ => ReportFormat.Table,
        };
        var output = new Option<string?>("--out")
        {
            Description = "Write the report to this file instead of stdout.",
        };
        var staleDays = new Option<int>("--stale-days")
        {
            Description = "Devices with no report for this many days are counted apart as stale (Intune re-reports an unchanged device every 7 days).",
            DefaultValueFactory = _ => 7,
        };
        var store = HistoryOptions.Store();
        store.Description = $"Append this run's snapshot per package to this history store (DuckDB; created when missing). Default: {AovpnRemediations.History.Store.HistoryStore.DefaultPath}.";
        var noStore = new Option<bool>("--no-store") { Description = "Do not store a snapshot of this run." };
        var sink = new Option<string[]>("--sink");
        sink.Description = "Also send every device row to 'loganalytics' (Azure Monitor Logs through the Logs Ingestion API; needs --dce and --dcr).";
        var dce = new Option<Uri?>("--dce")
        {
            Description = "The data collection endpoint's logs ingestion URL, e.g. https://my-dce-a1b2.westeurope-1.ingest.monitor.azure.com.",

            // System.CommandLine 2.0 has no parser of its own for Uri: without this, any --dce failed as an internal error.
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
                {
                    return uri;
                }

                result.AddError($"--dce '{text}' is not an absolute URL: give the data collection endpoint's logs ingestion URL (Azure portal: the endpoint's Overview).");
                return null;
            },
        };
        var dcr = new Option<string?>("--dcr") { Description = "The data collection rule's immutable id (dcr-...)." };
        var stream = new Option<string>("--stream")
        {
            Description = "The rule's stream (docs/history/dcr.json declares it).",
            DefaultValueFactory = _ => LogAnalyticsRows.StreamName,
        };
        var baseUrl = GraphOptions.BaseUrl();
        var verbose = GraphOptions.Verbose();
        var tenant = GraphOptions.Tenant();
        var command = new Command("report", "Report what the fleet's detection scripts say: results, findings, connection error codes, remediation outcomes; each run is stored as a snapshot ('report diff' compares them).")
        {
            profile, packages, source, format, output, staleDays, store, noStore, sink, dce, dcr, stream, baseUrl, verbose, tenant,
            ReportDiffCommand.Create(session, clock),
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            session.Command = "report";
            session.CancelAdvice = "Cancelled; no report was written.";
            var console = session.Console;
            var profilePackages = parse.GetValue(profile) is { } path ? IntunePackagesOf(path, clock) : null;
            var settings = new ReportSettings(
                parse.GetValue(packages) ?? [],
                profilePackages,
                parse.GetValue(source),
                parse.GetValue(format),
                parse.GetValue(output),
                parse.GetValue(staleDays));
            Reporter.Validate(settings);
            var tenants = parse.GetValue(tenant) ?? [];
            if (tenants.Length > 1 && settings.OutPath is null && settings.Format is ReportFormat.Json or ReportFormat.Csv or ReportFormat.Html or ReportFormat.Parquet)
            {
                throw new UsageException($"--format {settings.Format.ToString().ToLowerInvariant()} with several --tenant files needs --out FILE: one file per tenant is written (FILE with the tenant's name before the extension).");
            }

            var sinks = parse.GetValue(sink) ?? [];
            foreach (var name in sinks.Where(n => !n.Equals("loganalytics", StringComparison.OrdinalIgnoreCase)))
            {
                throw new UsageException($"--sink {name}: the only sink is 'loganalytics' (Azure Monitor Logs). The store is on by default (--store, --no-store); Parquet is --format parquet.");
            }

            var logs = sinks.Length > 0;
            if (logs && (parse.GetValue(dce) is null || string.IsNullOrWhiteSpace(parse.GetValue(dcr))))
            {
                throw new UsageException("--sink loganalytics needs --dce URL (the data collection endpoint) and --dcr ID (the rule's immutable id, dcr-...); see docs/history/README.md.");
            }

            if (logs && parse.GetValue(dce) is { } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != "https" && !endpoint.IsLoopback)))
            {
                throw new UsageException($"--dce '{endpoint}' must be an https URL.");
            }

            if (parse.GetValue(noStore) && parse.GetValue(store) is not null)
            {
                throw new UsageException("--store and --no-store contradict each other: pass one.");
            }

            // One store for every tenant: a snapshot belongs to a package and its policy id, which differ per tenant.
            var storePath = parse.GetValue(noStore) ? null : HistoryOptions.PathOf(parse.GetValue(store), console);
            session.CancelAdvice = "Cancelled; no report was written and no snapshot was stored for the package being read.";

            // The export job needs a write permission; known up front only when asked for (auto decides per package).
            PermissionCondition[] conditions = settings.Source == SourceChoice.Export ? [GraphPermissions.When.Export] : [];
            return await TenantRuns.RunAsync(session, tenants, async target =>
            {
                var own = settings with { OutPath = TenantRuns.PerTenant(settings.OutPath, target, tenants.Length) };
                using var graph = await TenantRuns.ConnectAsync(session, target, parse.GetValue(baseUrl)!, parse.GetValue(verbose), conditions, cancellationToken);
                var logsOptions = logs ? new LogAnalyticsOptions(parse.GetValue(dce)!, parse.GetValue(dcr)!.Trim(), parse.GetValue(stream)!) : null;
                var logsTarget = logsOptions is null ? null : new LogAnalyticsTarget(console.ConfigureLogs?.Invoke(logsOptions) ?? logsOptions, graph.Options.Credential);
                own = own with { History = new ReportHistory(storePath, logsTarget) };
                var result = await Reporter.RunAsync(graph, own, new ReportOutput(console.Out, console.Interactive ? console.Terminal : null), console.Configured(new ReportOptions { Time = clock }), cancellationToken);
                foreach (var line in result.SummaryLines)
                {
                    console.Error.WriteLine(line);
                }

                return new TenantOutcome((int)ExitCode.Success,
                    $"{result.Report.Packages.Count} package(s), {result.Report.Packages.Sum(p => p.Devices):N0} device report(s){(result.WrittenTo is null ? "" : $", written to {result.WrittenTo}")}");
            });
        });
        return command;
    }

    /// <summary>The packages the profile publishes to Intune; a bad profile fails like build does (exit 3).</summary>
    private static List<string> IntunePackagesOf(string path, TimeProvider clock)
    {
        var loaded = new ProfileLoader(clock).Load(CommonOptions.ProfileSource(path));
        return PackageBinder.Bind(loaded, RuleCatalogue.Packages)
            .Where(p => p.Targets.Contains(DeploymentTarget.Intune))
            .Select(p => p.Id)
            .ToList();
    }
}
