using System.Globalization;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Contracts;
using AovpnRemediations.Graph;
using AovpnRemediations.GraphEmulator;
using AovpnRemediations.GraphEmulator.Fleet;
using AovpnRemediations.Report;
using AovpnRemediations.Report.History;
using AovpnRemediations.Report.Sources;
using DuckDB.NET.Data;
using static AovpnRemediations.Benchmarks.ReportBenchmark;

namespace AovpnRemediations.Benchmarks;

/// <summary>
/// Writes everything a report run produces for two days of one fleet (table, CSV, JSON and HTML with the store, and the
/// store's tables as CSV, without the columns that differ per run: run id and stored-at time), so that a change meant
/// only to make the report faster can be checked to leave every output byte for byte as it was: run it before and
/// after, then <c>diff -r</c> the two folders.
/// </summary>
internal static class OutputsCheck
{
    public static async Task<int> RunAsync(int rows, string folder)
    {
        Directory.CreateDirectory(folder);
        var work = Path.Combine(RepositoryRoot(), "artifacts", "bench-outputs");
        Directory.CreateDirectory(work);
        var package = FleetPackage.From(RuleCatalogue.FindPackage("aovpn-trusted-cas")!, "766d5d82");
        const string scriptId = "00000000-0000-4000-8000-00000000b001";
        var day0 = new DateTimeOffset(2026, 1, 15, 8, 0, 0, TimeSpan.Zero);
        var timeline = new FleetTimeline(package, rows, seed: 77, day0, changeShare: 0.02, leaveShare: 0.0005, joiners: rows / 2000);
        var store = Path.Combine(folder, "history.duckdb");
        File.Delete(store);
        File.Delete(store + ".wal");
        await using var emulator = new GraphEmulator.GraphEmulator(new EmulatorOptions { Delay = (_, _) => Task.CompletedTask });
        emulator.State.AddScript("AOVPN - Trusted root and intermediate CAs", OwnershipMarker.ForPackage("aovpn-trusted-cas"), "exit 0\r\n"u8.ToArray());
        var id = emulator.State.SnapshotScripts().Single().Id;
        emulator.Fleets.PollsInProgress = 1;
        var url = new Uri((await emulator.StartAsync()).ToString().TrimEnd('/'));
        for (var day = 0; day < 2; day++)
        {
            var zip = Path.Combine(work, $"export-{rows}-day{day}.zip");
            if (!File.Exists(zip))
            {
                ExportFile.Write(timeline.At(day), scriptId, ExportJobSource.Columns, localized: true, zip);
            }

            emulator.Fleets.Attach(id, timeline.At(day), prebuiltZip: zip);
            var options = new ReportOptions
            {
                Time = new FixedTime(day0.AddDays(day)),
                Export = new ExportOptions { FirstPollInterval = TimeSpan.Zero, TempFolder = work },
            };
            foreach (var format in new[] { ReportFormat.Table, ReportFormat.Csv, ReportFormat.Json, ReportFormat.Html })
            {
                // The store takes the HTML run (the last of each day), so its "What changed" section is compared too.
                var output = Path.Combine(folder, $"day{day}.{Reporter.Extension(format)}");
                var settings = new ReportSettings([], null, SourceChoice.Export, format, output, 7)
                {
                    History = format == ReportFormat.Html ? new ReportHistory(store) : null,
                };
                if (await RunReportAsync(new GraphSettings(url, false), settings, TextWriter.Null, options) != 0)
                {
                    return 1;
                }

                // The emulator's port differs per run: the tenant is named by it.
                File.WriteAllText(output, File.ReadAllText(output).Replace(url.ToString().TrimEnd('/'), "http://emulator", StringComparison.Ordinal));
            }
        }

        using (var connection = new DuckDBConnection($"Data Source={store};ACCESS_MODE=READ_ONLY"))
        {
            connection.Open();
            foreach (var (table, order) in new[]
            {
                ("snapshots", "* EXCLUDE (run_id, stored_at)"), ("device_versions", "*"), ("version_findings", "*"),
                ("current_versions", "*"), ("current_bases", "*"), ("finding_counts", "*"),
            })
            {
                using var command = connection.CreateCommand();
                var file = Path.Combine(folder, $"store-{table}.csv");
                command.CommandText = $"COPY (SELECT {order} FROM {table} ORDER BY ALL) TO '{file}' (HEADER)";
                command.ExecuteNonQuery();
            }
        }

        File.Delete(store);
        File.Delete(store + ".wal");
        Console.WriteLine($"outputs of {rows.ToString("N0", CultureInfo.InvariantCulture)} devices over two days written to {folder}");
        return 0;
    }
}
