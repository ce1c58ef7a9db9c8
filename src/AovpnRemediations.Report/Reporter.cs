using System.Text;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.History;
using AovpnRemediations.History.Changes;
using AovpnRemediations.History.LogAnalytics;
using AovpnRemediations.History.Model;
using AovpnRemediations.History.Parquet;
using AovpnRemediations.History.Store;
using AovpnRemediations.Report.Aggregation;
using AovpnRemediations.Report.Graph;
using AovpnRemediations.Report.History;
using AovpnRemediations.Report.Model;
using AovpnRemediations.Report.Output;
using AovpnRemediations.Report.Sources;
using Spectre.Console;

namespace AovpnRemediations.Report;

public enum ReportFormat
{
    Table,
    Csv,
    Json,
    Html,

    /// <summary>The device rows (one per device and package) as a Parquet file; needs <c>--out</c>.</summary>
    Parquet,
}

/// <summary>What the user asked for on the command line.</summary>
/// <param name="Packages">--package IDs; empty for every managed package.</param>
/// <param name="ProfilePackages">The packages the --profile publishes to Intune, or null without a profile.</param>
/// <param name="OutPath">--out FILE; null writes to stdout.</param>
public sealed record ReportSettings(
    IReadOnlyList<string> Packages,
    IReadOnlyList<string>? ProfilePackages,
    SourceChoice Source,
    ReportFormat Format,
    string? OutPath,
    int StaleDays)
{
    /// <summary>The store and sinks the device rows also go to; null for none (tests and the benchmark's plain read).</summary>
    public ReportHistory? History { get; init; }
}

/// <summary>Knobs tests and the benchmark turn: the clock, the export polling, the auto threshold.</summary>
public sealed class ReportOptions
{
    public TimeProvider Time { get; set; } = TimeProvider.System;

    public ExportOptions Export { get; set; } = new();

    public long AutoThreshold { get; set; } = SourcePicker.DefaultAutoThreshold;
}

/// <summary>Where the report goes: <see cref="Out"/> (stdout) unless <c>--out</c>, and a live terminal for progress and coloured tables when there is one.</summary>
public sealed record ReportOutput(TextWriter Out, IAnsiConsole? Terminal = null);

/// <summary>What a run produced; <see cref="WrittenTo"/> is the --out file, null when the report went to stdout.</summary>
public sealed record ReportResult(FleetReport Report, string? WrittenTo)
{
    /// <summary>What the store did per package (empty without a store).</summary>
    public IReadOnlyList<StoredSnapshot> Stored { get; init; } = [];

    /// <summary>Rows sent to Azure Monitor Logs per package (empty without that sink).</summary>
    public IReadOnlyList<(string PackageId, LogAnalyticsResult Result)> Sent { get; init; } = [];

    /// <summary>The lines for stderr after a run: the file written, each stored snapshot, the rows sent.</summary>
    public IEnumerable<string> SummaryLines
    {
        get
        {
            if (Summary is { } summary)
            {
                yield return summary;
            }

            foreach (var stored in Stored)
            {
                yield return stored.Describe();
            }

            foreach (var (package, result) in Sent)
            {
                yield return $"{package}: sent {result.Rows:N0} device rows to Azure Monitor Logs in {result.Batches:N0} call(s) ({result.SentBytes:N0} bytes gzipped, {result.Retries:N0} retries).";
            }
        }
    }

    /// <summary>The line for stderr after a report was written to a file; null otherwise.</summary>
    public string? Summary => WrittenTo is null ? null : $"Wrote {WrittenTo}: {Report.Packages.Count} package(s), {Report.Packages.Sum(p => p.Devices):N0} device report(s).";
}

/// <summary>Bad report options (--stale-days, --out, --package); the message says what to pass instead.</summary>
public sealed class ReportInputException(string message) : Exception(message);

/// <summary>
/// The report stage as its host calls it. Failures are typed exceptions (<see cref="ReportInputException"/>,
/// <see cref="ReportDataException"/>, <see cref="TenantStateException"/>, <see cref="GraphRequestException"/>);
/// the host maps them to exit codes. Each device row goes to one aggregator per package, never into a list.
/// </summary>
public static class Reporter
{
    public const int MaxStaleDays = 365;

    public static async Task<ReportResult> RunAsync(GraphConnection graph, ReportSettings settings, ReportOutput io, ReportOptions? options, CancellationToken cancellationToken)
    {
        options ??= new ReportOptions();
        Validate(settings);
        var history = settings.History;
        var storePath = history?.StorePath;
        // A store that exists opens while the scripts are listed (DuckDB's start and the schema check take ~0.1 s); a new
        // one is created only once the listing went through, so a run that fails on the tenant or --package leaves none.
        var opening = storePath is not null && File.Exists(storePath) ? Task.Run(() => OpenStore(storePath), CancellationToken.None) : null;
        IReadOnlyList<ManagedScript> scripts;
        try
        {
            scripts = Select(await ManagedScripts.ListAsync(graph, cancellationToken).ConfigureAwait(false), settings);
        }
        catch
        {
            await CloseUnusedAsync(opening).ConfigureAwait(false);
            throw;
        }

        var toFile = settings.OutPath is not null;
        var parquetOut = settings.Format == ReportFormat.Parquet;
        var temp = toFile && !parquetOut ? TempPathFor(settings.OutPath!) : null;
        var runId = Guid.NewGuid().ToString("D");
        using var store = opening is not null ? await opening.ConfigureAwait(false) : storePath is not null ? OpenStore(storePath) : null;
        var stored = new List<StoredSnapshot>();
        var sent = new List<(string, LogAnalyticsResult)>();
        Task? closing = null;
        try
        {
            FleetReport report;
            await using (var file = temp is null ? null : new StreamWriter(temp, false, new UTF8Encoding(false), 1 << 16))
            await using (var parquet = parquetOut ? await ParquetSnapshotWriter.CreateAsync(settings.OutPath!, new RunContext(runId, "", "", "", options.Time.GetUtcNow()), cancellationToken: cancellationToken).ConfigureAwait(false) : null)
            {
                var output = (TextWriter?)file ?? (parquetOut ? TextWriter.Null : io.Out);
                var drillDown = settings.Format == ReportFormat.Csv ? new DrillDownCsvWriter(output) : null;
                // A live progress bar only on a terminal, and never while CSV rows stream to that same terminal.
                IReportProgress progress = io.Terminal is not null && (toFile || drillDown is null)
                    ? new SpectreReportProgress(io.Terminal)
                    : NoProgress.Instance;
                var packages = new List<PackageReport>();
                await progress.RunAsync(async () =>
                {
                    foreach (var script in scripts)
                    {
                        var sinks = new PackageSinks(store, history, parquet, runId);
                        packages.Add(await ReportOnAsync(graph, script, settings, options, drillDown, sinks, progress, cancellationToken).ConfigureAwait(false));
                        stored.AddRange(sinks.Stored);
                        sent.AddRange(sinks.Sent);
                    }
                }).ConfigureAwait(false);

                // The "What changed" section is the HTML page's; the other formats leave the diff to 'report diff', so a run
                // with the store costs no query over it.
                if (store is not null && settings.Format == ReportFormat.Html)
                {
                    packages = packages.Select(p => p with { Changes = ChangesOf(store, stored.FirstOrDefault(s => s.Snapshot.PackageId == p.PackageId), history!.DevicesPerChange) }).ToList();
                }

                // Nothing reads the store from here on: it closes (DuckDB's checkpoint, ~0.13 s after a 1M-device package in
                // the history benchmark) while the report is written, on the other core.
                closing = store is null ? null : Task.Run(store.Dispose, CancellationToken.None);
                report = new FleetReport(options.Time.GetUtcNow(), graph.Root, settings.StaleDays, packages);
                switch (settings.Format)
                {
                    case ReportFormat.Csv:
                        drillDown!.Complete();
                        break;
                    case ReportFormat.Json:
                        JsonReportWriter.Write(report, output);
                        break;
                    case ReportFormat.Html:
                        HtmlReportWriter.Write(report, output);
                        break;
                    case ReportFormat.Parquet:
                        await parquet!.CompleteAsync(cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        var terminal = toFile ? null : io.Terminal;
                        TableWriter.Write(report, terminal ?? TableWriter.PlainConsole(output), plain: terminal is null);
                        break;
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            if (temp is not null)
            {
                File.Move(temp, settings.OutPath!, overwrite: true);
                temp = null;
            }

            if (closing is not null)
            {
                await closing.ConfigureAwait(false); // a failed close surfaces as it did: once the report is in place
            }

            return new ReportResult(report, settings.OutPath) { Stored = stored, Sent = sent };
        }
        finally
        {
            if (closing is { IsCompleted: false })
            {
                // The report failed while the store closed: the store's 'using' must not close it a second time meanwhile.
                await closing.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
            }

            if (temp is not null && File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>A store opened for a run that then failed before using it: closed, and its own failure dropped (the run's is the one to report).</summary>
    private static async Task CloseUnusedAsync(Task<HistoryStore>? opening)
    {
        if (opening is null)
        {
            return;
        }

        try
        {
            (await opening.ConfigureAwait(false)).Dispose();
        }
        catch (Exception)
        {
            // A store that could not open either: the listing's failure came first and says what to fix.
        }
    }

    /// <summary>The store for this run, created when missing (with its folder when it is the default one).</summary>
    private static HistoryStore OpenStore(string path)
    {
        if (path == HistoryStore.DefaultPath)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        // The report's queries on the store are small (its map of devices, a diff over the changes): a lower buffer limit
        // than a standalone 'report diff' keeps the run's peak RSS down.
        return HistoryStore.Open(path, new HistoryStoreOptions { QueryMemoryLimitMb = 128 });
    }

    /// <summary>The diff of a package's snapshot of this run against the one before it, and its trend; null when it was not stored.</summary>
    private static PackageChanges? ChangesOf(HistoryStore store, StoredSnapshot? stored, int devicesPerChange)
    {
        if (stored is null)
        {
            return null;
        }

        var snapshot = stored.Snapshot;
        var chain = store.ListSnapshots(snapshot.PackageId, snapshot.PolicyId);
        var previous = chain.Where(s => s.Id < snapshot.Id).LastOrDefault();
        var diff = previous is null ? null : store.Diff(previous.Id, snapshot.Id, new DiffOptions { MaxDevicesPerGroup = devicesPerChange });
        return new PackageChanges(snapshot.Id, diff, store.Trend(snapshot.PackageId, policyId: snapshot.PolicyId));
    }

    /// <summary>One script: its run summary, its devices from the chosen source, its history.</summary>
    internal static async Task<PackageReport> ReportOnAsync(GraphConnection graph, ManagedScript script, ReportSettings settings, ReportOptions options,
        IDrillDownWriter? drillDown, IReportProgress progress, CancellationToken cancellationToken) =>
        await ReportOnAsync(graph, script, settings, options, drillDown, new PackageSinks(null, null, null, Guid.NewGuid().ToString("D")), progress, cancellationToken).ConfigureAwait(false);

    private static async Task<PackageReport> ReportOnAsync(GraphConnection graph, ManagedScript script, ReportSettings settings, ReportOptions options,
        IDrillDownWriter? drillDown, PackageSinks sinks, IReportProgress progress, CancellationToken cancellationToken)
    {
        var summary = await ReportGraph.RunSummaryAsync(graph, script.Id, cancellationToken).ConfigureAwait(false);
        var choice = SourcePicker.Pick(settings.Source, summary, options.AutoThreshold);
        IDeviceSource source = choice == SourceChoice.Export ? new ExportJobSource(graph, options.Export) : new RunStatesSource(graph);
        var now = options.Time.GetUtcNow();
        // The daily counts do not depend on the devices: they are fetched while the devices are read, a round trip less.
        var fetchingHistory = ReportGraph.HistoryAsync(graph, script.Id, cancellationToken);
        try
        {
            await using var open = sinks.Begin(new SnapshotStart(script.PackageId, script.Id, source.Name, now, sinks.RunId) { StaleDays = settings.StaleDays, ExpectedDevices = summary.DeviceCount });
            var aggregator = new PackageAggregator(script, now.AddDays(-settings.StaleDays), DrillDownFanOut.Of(drillDown, open.Mapper));
            progress.Start(script.PackageId, summary.DeviceCount);
            await source.ReadAsync(script, aggregator.Add, progress, cancellationToken).ConfigureAwait(false);
            var history = await fetchingHistory.ConfigureAwait(false);
            // Only now, with every read of the package done, is its snapshot committed: a failure or Ctrl+C before stores nothing.
            progress.Status($"{script.PackageId}: storing");
            await open.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return aggregator.ToReport(source.Name, summary, history);
        }
        catch
        {
            // The run's own error is the one reported; the history's, if it fails too, is observed and dropped.
            _ = fetchingHistory.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>Checks the options before anything is read; the host calls it before connecting, so bad options never cost a request.</summary>
    public static void Validate(ReportSettings settings)
    {
        if (settings.StaleDays is < 1 or > MaxStaleDays)
        {
            throw new ReportInputException($"--stale-days {settings.StaleDays} is out of range: use 1-{MaxStaleDays} days (Intune reports an unchanged device every 7 days, so 7 is the usual value).");
        }

        if (settings.Format == ReportFormat.Parquet && settings.OutPath is null)
        {
            throw new ReportInputException("--format parquet writes a binary file: give it with --out FILE, e.g. --out devices.parquet.");
        }

        if (settings.OutPath is { } path)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is null || !Directory.Exists(folder))
            {
                throw new ReportInputException($"--out '{path}': the folder '{folder}' does not exist. Create it or choose another path.");
            }

            if (Directory.Exists(path))
            {
                throw new ReportInputException($"--out '{path}' is a folder; give a file name, e.g. {Path.Combine(path, "aovpn-report." + Extension(settings.Format))}.");
            }
        }

        if (settings.ProfilePackages is { } inProfile)
        {
            var outside = settings.Packages.Where(p => !inProfile.Contains(p, StringComparer.Ordinal)).ToList();
            if (outside.Count > 0)
            {
                throw new ReportInputException($"--package {string.Join(", ", outside)}: not published to Intune by the profile. The profile publishes: {(inProfile.Count == 0 ? "nothing" : string.Join(", ", inProfile))}.");
            }
        }
    }

    private static List<ManagedScript> Select(IReadOnlyList<ManagedScript> managed, ReportSettings settings)
    {
        var missing = settings.Packages.Where(p => managed.All(s => s.PackageId != p)).ToList();
        if (missing.Count > 0)
        {
            throw new ReportInputException(
                $"--package {string.Join(", ", missing)}: no managed script for it in the tenant. Managed packages found: {(managed.Count == 0 ? "none (run apply first)" : string.Join(", ", managed.Select(s => s.PackageId).Distinct()))}.");
        }

        return managed
            .Where(s => settings.Packages.Count == 0 || settings.Packages.Contains(s.PackageId, StringComparer.Ordinal))
            .Where(s => settings.ProfilePackages is null || settings.ProfilePackages.Contains(s.PackageId, StringComparer.Ordinal))
            .ToList();
    }

    private static string TempPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    public static string Extension(ReportFormat format) => format switch
    {
        ReportFormat.Csv => "csv",
        ReportFormat.Json => "json",
        ReportFormat.Html => "html",
        ReportFormat.Parquet => "parquet",
        _ => "txt",
    };
}
