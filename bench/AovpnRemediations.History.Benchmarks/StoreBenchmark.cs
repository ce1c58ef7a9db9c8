using System.Diagnostics;
using System.Globalization;
using AovpnRemediations.History.Changes;
using AovpnRemediations.History.Model;
using AovpnRemediations.History.Store;
using AovpnRemediations.History.Tests;
using static AovpnRemediations.History.Benchmarks.Figures;

namespace AovpnRemediations.History.Benchmarks;

/// <summary>
/// The store as the report will use it: S snapshots of N devices (days 10, 11, ... of the synthetic fleet), each ingest in
/// a child process of its own (peak RSS is the ingest's alone, as when the report writes one snapshot per run), then the
/// diff of the last two warm (best and median of 5 after one cold run), the trend, and the file size per million rows.
/// </summary>
internal static class StoreBenchmark
{
    public static int Run(int rows, int snapshots)
    {
        var work = Directory.CreateTempSubdirectory("aovpn-history-store-").FullName;
        var path = Path.Combine(work, "history.duckdb");
        try
        {
            Console.WriteLine($"store: {snapshots} snapshots x {N(rows)} devices; load average {LoadAverage()}");
            for (var s = 0; s < snapshots; s++)
            {
                var v = Child("store-ingest", path, rows.ToString(CultureInfo.InvariantCulture), (10 + s).ToString(CultureInfo.InvariantCulture));
                Console.WriteLine($"ingest {s + 1}: {v["seconds"]} s wall, {v["cpu"]} s CPU ({N(rows / double.Parse(v["seconds"], CultureInfo.InvariantCulture))} rows/s wall, "
                    + $"{N(rows / double.Parse(v["cpu"], CultureInfo.InvariantCulture))} rows/s per CPU second), peak RSS {v["rss"]} MB, commit {v["commit"]} s; file {F(SizeOf(path) / 1e6, 1)} MB");
            }

            var d = Child("store-diff", path);
            Console.WriteLine($"diff of the last two: cold {d["cold"]} s, warm best {d["best"]} s, median {d["median"]} s (CPU per warm diff {d["cpu"]} s); peak RSS {d["rss"]} MB");
            Console.WriteLine($"  newly failing {d["newly"]}, recurring {d["recurring"]}, fixed {d["fixed"]}, gone stale {d["stale"]}, devices listed {d["listed"]}");
            Console.WriteLine($"  phases of one warm diff: {d["phases"]}");
            Console.WriteLine($"trend over {snapshots} snapshots: {d["trend"]} s");
            Console.WriteLine($"size: {F(SizeOf(path) / 1e6, 1)} MB for {snapshots} x {N(rows)} device rows = {F(SizeOf(path) / 1e6 / snapshots / (rows / 1e6), 1)} MB per million device rows");
            Console.WriteLine($"load average after: {LoadAverage()}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    public static int Ingest(string path, int rows, int day)
    {
        var fleet = new SyntheticFleet(rows);
        var cpu = CpuSeconds();
        var watch = Stopwatch.StartNew();
        using var store = HistoryStore.Open(path);
        using var writer = store.BeginSnapshot(new SnapshotStart(SyntheticFleet.PackageId, "policy-1", "export", SyntheticFleet.TakenAt(day)));
        foreach (var row in fleet.Rows(day))
        {
            writer.Add(row);
        }

        var commit = Stopwatch.StartNew();
        writer.Commit();
        Console.WriteLine($"commit={F(commit.Elapsed.TotalSeconds)}");
        Console.WriteLine($"seconds={F(watch.Elapsed.TotalSeconds)}");
        Console.WriteLine($"cpu={F(CpuSeconds() - cpu)}");
        Console.WriteLine($"rss={F(PeakRssMb(), 0)}");
        return 0;
    }

    public static int Diff(string path)
    {
        using var store = HistoryStore.Open(path, new HistoryStoreOptions { ReadOnly = true });
        var list = store.ListSnapshots();
        var (from, to) = (list[^2].Id, list[^1].Id);
        var samples = new List<double>();
        var cpu = new List<double>();
        SnapshotDiff diff = null!;
        for (var i = 0; i < 6; i++)
        {
            var c = CpuSeconds();
            var watch = Stopwatch.StartNew();
            diff = store.Diff(from, to);
            samples.Add(watch.Elapsed.TotalSeconds);
            cpu.Add(CpuSeconds() - c);
        }

        var phases = new List<string>();
        Changes.ChangeQueries.Trace = (name, time) => phases.Add($"{name} {F(time.TotalSeconds)} s");
        store.Diff(from, to);
        Changes.ChangeQueries.Trace = null;
        Console.WriteLine($"phases={string.Join(", ", phases)}");
        var warm = samples.Skip(1).Order().ToList();
        Console.WriteLine($"cold={F(samples[0])}");
        Console.WriteLine($"best={F(warm[0])}");
        Console.WriteLine($"median={F(warm[2])}");
        Console.WriteLine($"cpu={F(cpu.Skip(1).Order().ElementAt(2))}");
        Console.WriteLine($"newly={N(diff.NewlyFailing)}");
        Console.WriteLine($"recurring={N(diff.Recurring)}");
        Console.WriteLine($"fixed={N(diff.Fixed)}");
        Console.WriteLine($"stale={N(diff.GoneStale)}");
        Console.WriteLine($"listed={N(diff.Devices.Count)}");
        var trend = Stopwatch.StartNew();
        store.Trend(SyntheticFleet.PackageId);
        Console.WriteLine($"trend={F(trend.Elapsed.TotalSeconds)}");
        Console.WriteLine($"rss={F(PeakRssMb(), 0)}");
        return 0;
    }
}
