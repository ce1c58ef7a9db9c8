using System.Diagnostics;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.History;
using AovpnRemediations.History.Model;
using AovpnRemediations.History.Store;
using AovpnRemediations.Report;
using AovpnRemediations.Report.Aggregation;
using AovpnRemediations.Report.History;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Benchmarks;

/// <summary>
/// The store's share of a report, in this process and by stage, on files already on disk: a copy of a store holding
/// day 0, and day 1's export zip. Each stage prints wall and CPU seconds, so a change to the ingest is measured in
/// seconds instead of the full benchmark's minutes. Three rounds; the first includes JIT.
/// </summary>
internal static class HistoryLocal
{
    public static int Run(string storeDay0, string zip, string now)
    {
        string policy;
        using (var day0 = HistoryStore.Open(storeDay0, new HistoryStoreOptions { ReadOnly = true }))
        {
            policy = day0.ListSnapshots("aovpn-trusted-cas")[^1].PolicyId; // the emulator's script id of the stored day
        }

        var script = new ManagedScript(policy, "aovpn-trusted-cas", "local");
        var time = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        var copy = Path.Combine(Path.GetDirectoryName(storeDay0)!, "history-local.duckdb");
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("AOVPN_BENCH_ROUNDS"), out var r) ? r : 3;
        using var allocations = AllocationSampler.FromEnvironment();
        if (Environment.GetEnvironmentVariable("AOVPN_BENCH_INGEST_ONLY") == "1")
        {
            return IngestOnly(storeDay0, copy, script, zip, time, rounds);
        }

        string Sampled() => allocations is null ? "" : "\n    " + allocations.Take();
        var firstIngest = Environment.GetEnvironmentVariable("AOVPN_BENCH_FIRST_INGEST") == "1";
        for (var round = 0; round < rounds; round++)
        {
            FreshStore(storeDay0, copy, firstIngest);
            var stages = new List<string>();
            var plain = new PackageAggregator(script, time.AddDays(-7), null);
            stages.Add("read without the store " + Measure.Stage(() => ExportJobSource.ReadZip(zip, script, plain.Add, NoProgress.Instance, CancellationToken.None)) + Sampled());
            var total = Stopwatch.StartNew();
            var totalCpu = Process.GetCurrentProcess().TotalProcessorTime;
            HistoryStore store = null!;
            SnapshotWriter writer = null!;
            stages.Add("open " + Measure.Stage(() => store = HistoryStore.Open(copy, new HistoryStoreOptions { QueryMemoryLimitMb = 128 })));
            stages.Add("begin and load " + Measure.Stage(() =>
            {
                writer = store.BeginSnapshot(new SnapshotStart(script.PackageId, script.Id, "export", time) { ExpectedDevices = 1_000_000 });
                _ = writer.KnownDevices; // waits for the load (in a report it runs while the export is fetched)
            }) + Sampled());
            // As the report runs it: the writer on the aggregating thread, behind the mapper.
            var aggregator = new PackageAggregator(script, time.AddDays(-7), new SnapshotRowMapper(writer));
            stages.Add("read " + Measure.Stage(() => ExportJobSource.ReadZip(zip, script, aggregator.Add, NoProgress.Instance, CancellationToken.None)) + Sampled());
            stages.Add("commit " + Measure.Stage(() => writer.Commit()));
            stages.Add("close " + Measure.Stage(() => store.Dispose()));
            Console.WriteLine($"round {round}: {total.Elapsed.TotalSeconds:F2} s, {(Process.GetCurrentProcess().TotalProcessorTime - totalCpu).TotalSeconds:F2} s CPU, "
                + $"{writer.VersionsWritten:N0} versions, {writer.Tombstones:N0} gone; peak RSS so far {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB\n  {string.Join("\n  ", stages)}");
        }

        return 0;
    }

    /// <summary>
    /// The writer's own per-device cost, on this thread: day 1's rows are mapped into memory first (as the report's
    /// mapper makes them, lists shared), then added to a writer with nothing else running. Steadier than the pipelined
    /// read, whose three threads share two cores with whatever else the machine runs.
    /// </summary>
    private static int IngestOnly(string storeDay0, string copy, ManagedScript script, string zip, DateTimeOffset time, int rounds)
    {
        var rows = new List<DeviceSnapshotRow>(1_000_000);
        var aggregator = new PackageAggregator(script, time.AddDays(-7), new SnapshotRowMapper(new Collect(rows)));
        ExportJobSource.ReadZip(zip, script, aggregator.Add, NoProgress.Instance, CancellationToken.None);
        for (var round = 0; round < rounds; round++)
        {
            FreshStore(storeDay0, copy, firstIngest: false);
            using var store = HistoryStore.Open(copy, new HistoryStoreOptions { QueryMemoryLimitMb = 128 });
            using var writer = store.BeginSnapshot(new SnapshotStart(script.PackageId, script.Id, "export", time) { ExpectedDevices = rows.Count });
            _ = writer.KnownDevices;
            var add = Measure.Stage(() =>
            {
                foreach (var row in rows)
                {
                    writer.Add(row);
                }
            });
            Console.WriteLine($"round {round}: {rows.Count:N0} rows added in {add}");
        }

        return 0;
    }

    /// <summary>The store a round writes to: a copy of the one holding day 0, or none at all for a first ingest.</summary>
    private static void FreshStore(string storeDay0, string copy, bool firstIngest)
    {
        if (firstIngest)
        {
            File.Delete(copy); // a new store: day 1 is its first ingest, every device written
        }
        else
        {
            File.Copy(storeDay0, copy, overwrite: true);
        }

        File.Delete(copy + ".wal");
    }

    private sealed class Collect(List<DeviceSnapshotRow> rows) : IDeviceRowSink
    {
        public void Add(DeviceSnapshotRow row) => rows.Add(row);

        public Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
