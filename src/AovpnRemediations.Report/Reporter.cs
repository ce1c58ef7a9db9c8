using System.Text;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Report.Aggregation;
using AovpnRemediations.Report.Graph;
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
    int StaleDays);

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
        var scripts = Select(await ManagedScripts.ListAsync(graph, cancellationToken).ConfigureAwait(false), settings);

        var toFile = settings.OutPath is not null;
        var temp = toFile ? TempPathFor(settings.OutPath!) : null;
        try
        {
            FleetReport report;
            await using (var file = temp is null ? null : new StreamWriter(temp, false, new UTF8Encoding(false), 1 << 16))
            {
                var output = (TextWriter?)file ?? io.Out;
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
                        packages.Add(await ReportOnAsync(graph, script, settings, options, drillDown, progress, cancellationToken).ConfigureAwait(false));
                    }
                }).ConfigureAwait(false);

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

            return new ReportResult(report, settings.OutPath);
        }
        finally
        {
            if (temp is not null && File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>One script: its run summary, its devices from the chosen source, its history.</summary>
    internal static async Task<PackageReport> ReportOnAsync(GraphConnection graph, ManagedScript script, ReportSettings settings, ReportOptions options,
        IDrillDownWriter? drillDown, IReportProgress progress, CancellationToken cancellationToken)
    {
        var summary = await ReportGraph.RunSummaryAsync(graph, script.Id, cancellationToken).ConfigureAwait(false);
        var choice = SourcePicker.Pick(settings.Source, summary, options.AutoThreshold);
        IDeviceSource source = choice == SourceChoice.Export ? new ExportJobSource(graph, options.Export) : new RunStatesSource(graph);
        var aggregator = new PackageAggregator(script, options.Time.GetUtcNow().AddDays(-settings.StaleDays), drillDown);
        progress.Start(script.PackageId, summary.DeviceCount);
        await source.ReadAsync(script, aggregator.Add, progress, cancellationToken).ConfigureAwait(false);
        var history = await ReportGraph.HistoryAsync(graph, script.Id, cancellationToken).ConfigureAwait(false);
        return aggregator.ToReport(source.Name, summary, history);
    }

    /// <summary>Checks the options before anything is read; the host calls it before connecting, so bad options never cost a request.</summary>
    public static void Validate(ReportSettings settings)
    {
        if (settings.StaleDays is < 1 or > MaxStaleDays)
        {
            throw new ReportInputException($"--stale-days {settings.StaleDays} is out of range: use 1-{MaxStaleDays} days (Intune reports an unchanged device every 7 days, so 7 is the usual value).");
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
        _ => "txt",
    };
}
