using System.CommandLine;
using System.Text;
using AovpnRemediations.History.Changes;
using AovpnRemediations.History.Store;
using AovpnRemediations.Report;
using AovpnRemediations.Report.History;
using AovpnRemediations.Report.Output;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>report diff</c>: what changed between two stored snapshots, per package and finding.</summary>
internal static class ReportDiffCommand
{
    public static Command Create(CliSession session, TimeProvider clock)
    {
        var since = new Option<string>("--since")
        {
            Description = "Compare each package's latest snapshot with its latest one at least this long before it: 7d, 36h, 2w.",
            DefaultValueFactory = _ => "7d",
        };
        var from = new Option<long?>("--from") { Description = "The earlier snapshot id (as 'report' printed it); with --to." };
        var to = new Option<long?>("--to") { Description = "The later snapshot id; with --from." };
        var packages = new Option<string[]>("--package") { Description = "Only this package (repeatable)." };
        var recurring = new Option<int>("--recurring-days")
        {
            Description = "A finding that was fixed and is back counts as recurring when the device had it at most this many days before.",
            DefaultValueFactory = _ => 30,
        };
        var staleDays = new Option<int?>("--stale-days")
        {
            Description = "Stale period for the comparison; default: the one the snapshots were stored with (a shorter one cannot be told from the store).",
        };
        var devices = new Option<int>("--devices")
        {
            Description = "Devices listed per change and finding (the counts are always exact).",
            DefaultValueFactory = _ => 1_000,
        };
        var format = new Option<ReportFormat>("--format")
        {
            Description = "table, csv (one row per changed device), json, or html (a page with a trend chart per finding).",
            DefaultValueFactory = _ => ReportFormat.Table,
        };
        var output = new Option<string?>("--out") { Description = "Write to this file instead of stdout." };
        var store = HistoryOptions.Store();
        var command = new Command("diff", "What changed between stored snapshots: devices newly failing, fixed, recurring and gone stale, per package and finding.")
        {
            since, from, to, packages, recurring, staleDays, devices, format, output, store,
        };
        command.SetAction(parse =>
        {
            var console = session.Console;
            var path = HistoryOptions.PathOf(parse.GetValue(store), console);
            var (fromId, toId) = (parse.GetValue(from), parse.GetValue(to));
            if (fromId is null != toId is null)
            {
                throw new UsageException("--from and --to go together: pass both snapshot ids, or neither (then --since decides).");
            }

            var period = HistoryOptions.ParsePeriod(parse.GetValue(since) ?? "7d")
                ?? throw new UsageException($"--since '{parse.GetValue(since)}' is not a period: use a number with d, h or w, e.g. 7d, 36h, 2w.");
            var selected = parse.GetValue(packages) ?? [];
            var fmt = parse.GetValue(format);
            if (fmt == ReportFormat.Parquet)
            {
                throw new UsageException("report diff writes table, csv, json or html; parquet is for the device rows of 'report'.");
            }

            var options = new DiffOptions { RecurringDays = parse.GetValue(recurring), StaleDays = parse.GetValue(staleDays), MaxDevicesPerGroup = parse.GetValue(devices) };
            if (parse.GetValue(output) is { } outPath && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(outPath))))
            {
                throw new UsageException($"--out '{outPath}': the folder does not exist. Create it or choose another path.");
            }

            using var history = HistoryStore.Open(path, new HistoryStoreOptions { ReadOnly = true });
            var results = new List<PackageChanges>();
            if (fromId is { } a && toId is { } b)
            {
                var diff = history.Diff(a, b, options);
                results.Add(new PackageChanges(diff.To.Id, diff, history.Trend(diff.To.PackageId, policyId: diff.To.PolicyId)));
            }
            else
            {
                var stored = history.ListSnapshots().Select(s => s.PackageId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var missing = selected.Where(p => !stored.Contains(p, StringComparer.Ordinal)).ToList();
                if (missing.Count > 0)
                {
                    throw new HistoryStoreException(HistoryError.UnknownSnapshot,
                        $"--package {string.Join(", ", missing)}: no snapshot of it in '{path}'. Stored packages: {(stored.Count == 0 ? "none yet (run 'report' first)" : string.Join(", ", stored))}.");
                }

                foreach (var package in selected.Length > 0 ? selected : [.. stored])
                {
                    var (older, newer) = history.ResolvePair(package, period, clock.GetUtcNow());
                    var diff = history.Diff(older.Id, newer.Id, options);
                    results.Add(new PackageChanges(newer.Id, diff, history.Trend(package, policyId: newer.PolicyId)));
                }
            }

            var report = new ChangesReport(clock.GetUtcNow(), path, results);
            if (parse.GetValue(output) is { } file)
            {
                var temp = file + ".tmp";
                using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
                {
                    ChangesWriter.Write(report, fmt, writer, null);
                }

                File.Move(temp, file, overwrite: true);
                console.Error.WriteLine($"Wrote {file}: changes of {results.Count} package(s).");
            }
            else
            {
                ChangesWriter.Write(report, fmt, console.Out, console.Interactive ? console.Terminal : null);
            }

            return (int)ExitCode.Success;
        });
        return command;
    }
}
