using System.Diagnostics;
using System.Globalization;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Contracts;
using AovpnRemediations.Graph;
using AovpnRemediations.GraphEmulator;
using AovpnRemediations.GraphEmulator.Fleet;
using AovpnRemediations.History.Store;
using AovpnRemediations.Report;
using AovpnRemediations.Report.History;
using AovpnRemediations.Report.Sources;
using static AovpnRemediations.Benchmarks.ReportBenchmark;

namespace AovpnRemediations.Benchmarks;

/// <summary>
/// The report with its snapshot store, side by side with the raw floor in one run. Two exports of one fleet, day 0 and
/// day 1 with a share of devices changed (FleetTimeline), are served by the emulator; each report run is a child
/// process under /usr/bin/time (wall, CPU, peak RSS), from the Graph calls to the written JSON, exactly as the CLI runs
/// it: without the store, with a new store (the first ingest writes every device), and with the store holding day 0
/// (the steady state: only changed devices are written). Then the diff of the two stored snapshots, warm, and the
/// store's size. Every figure has the load average beside it: the machine is shared.
/// </summary>
internal static class HistoryBenchmark
{
    private const int SteadyRounds = 5;

    public static async Task<int> RunAsync(int rows, int changedPerMille)
    {
        var work = Path.Combine(RepositoryRoot(), "artifacts", "bench-history");
        Directory.CreateDirectory(work);
        var package = FleetPackage.From(RuleCatalogue.FindPackage("aovpn-trusted-cas")!, "766d5d82");
        const string scriptId = "00000000-0000-4000-8000-00000000b001";
        var day0 = new DateTimeOffset(2026, 1, 15, 8, 0, 0, TimeSpan.Zero);
        var timeline = new FleetTimeline(package, rows, seed: 77, day0, changeShare: changedPerMille / 1000.0, leaveShare: 0.0005, joiners: rows / 2000);
        var zips = new string[2];
        for (var day = 0; day < 2; day++)
        {
            zips[day] = Path.Combine(work, $"export-{rows}-{changedPerMille}-day{day}.zip");
            if (!File.Exists(zips[day]))
            {
                var watch = Stopwatch.StartNew();
                ExportFile.Write(timeline.At(day), scriptId, ExportJobSource.Columns, localized: true, zips[day]);
                Console.WriteLine($"generated {zips[day]} ({new FileInfo(zips[day]).Length / 1e6:F1} MB) in {watch.Elapsed.TotalSeconds:F0} s");
            }
        }

        Console.WriteLine($"fleet of {rows:N0} devices; day 1 changes {changedPerMille / 10.0:F1}% of them (+ {rows / 2000:N0} joiners, 0.05% leavers); load average {LoadAverage()}");
        // The children run this assembly with the CLI's runtime settings: their young-generation budget, which sets much of the peak RSS.
        Console.WriteLine($"GC gen0 budget {Convert.ToInt64(GC.GetConfigurationVariables()["GCGen0MaxBudget"], CultureInfo.InvariantCulture) / 1048576.0:F0} MB; "
            + Tiering());
        Timing Floor(string zip) => Timed("/usr/bin/time", ["-f", TimeFormat, "bash", "-c", $"unzip -p '{zip}' | wc -l"], measureFromStderr: true);
        var floor = Best(3, () => Floor(zips[0]));
        Console.WriteLine($"raw floor (unzip -p | wc -l): {floor.Seconds:F2} s wall, {floor.CpuSeconds:F2} s CPU ({floor.SysSeconds:F2} s in the kernel, {floor.MinorFaults / 1000.0:F0}K page faults); load average {LoadAverage()}");

        var store = Path.Combine(work, "history.duckdb");
        var afterDay0 = Path.Combine(work, "history-day0.duckdb");
        string Line(string what, Timing t) =>
            $"{what}: {t.Seconds:F2} s wall ({t.Seconds / floor.Seconds:F2}x the floor), {t.CpuSeconds:F2} s CPU ({t.CpuSeconds / floor.CpuSeconds:F2}x; {t.SysSeconds:F2} s in the kernel, {t.MinorFaults / 1000.0:F0}K page faults), peak RSS {t.PeakRssMb:F0} MB; load average {LoadAverage()}"
            + (t.ExitCode == 0 ? "" : $"\n  FAILED (exit {t.ExitCode}): {t.Output}");

        await using (var emulator = new GraphEmulator.GraphEmulator(new EmulatorOptions { Delay = (_, _) => Task.CompletedTask }))
        {
            emulator.State.AddScript("AOVPN - Trusted root and intermediate CAs", OwnershipMarker.ForPackage("aovpn-trusted-cas"), "exit 0\r\n"u8.ToArray());
            var id = emulator.State.SnapshotScripts().Single().Id;
            emulator.Fleets.PollsInProgress = 1;
            var url = (await emulator.StartAsync()).ToString().TrimEnd('/');
            async Task Serve(int day)
            {
                emulator.Fleets.Attach(id, timeline.At(day), prebuiltZip: zips[day]);
                // The emulator counts its run summary by generating every device once; do that before the clock runs.
                using var warm = new HttpClient();
                warm.DefaultRequestHeaders.Authorization = new("Bearer", "bench-token-0001");
                await warm.GetStringAsync($"{url}/beta/deviceManagement/deviceHealthScripts/{id}/runSummary");
            }

            Timing Child(string storeArg, int day) => Timed("/usr/bin/time", ["-f", TimeFormat, "dotnet", typeof(HistoryBenchmark).Assembly.Location, "history-child", url, storeArg,
                day0.AddDays(day).ToString("O", CultureInfo.InvariantCulture)], measureFromStderr: true);

            // AOVPN_BENCH_STEADY_ONLY=1: no first ingest, only the steady day from the day-0 store a full run left (for iterating on it).
            var steadyOnly = Environment.GetEnvironmentVariable("AOVPN_BENCH_STEADY_ONLY") == "1" && File.Exists(afterDay0);
            await Serve(0);
            var plain = Best(3, () => Child("-", 0));
            Console.WriteLine(Line("report --source export --no-store       ", plain));
            if (!steadyOnly)
            {
                var first = Best(3, () =>
                {
                    DeleteStore(store);
                    return Child(store, 0);
                });
                Console.WriteLine(Line("report --source export, first ingest   ", first));
                Console.WriteLine($"  {first.Output.Trim()}");
                File.Copy(store, afterDay0, overwrite: true);
            }

            var firstSize = SizeOf(afterDay0);

            await Serve(1);
            // The steady day in rounds, each run right after a floor run of its own: on a shared machine the load moves
            // within a minute, so the ratio of two runs made together says more than two bests taken apart.
            var rounds = new List<(Timing Floor, Timing Steady)>();
            for (var round = 0; round < SteadyRounds; round++)
            {
                var roundFloor = Floor(zips[1]);
                DeleteStore(store);
                File.Copy(afterDay0, store);
                rounds.Add((roundFloor, Child(store, 1)));
            }

            var steady = rounds.Select(r => r.Steady).MinBy(t => t.Seconds)!;
            var ratios = rounds.Select(r => r.Steady.Seconds / r.Floor.Seconds).Order().ToList();
            Console.WriteLine(Line($"report --source export, {changedPerMille / 10.0:F1}% changed    ", steady));
            Console.WriteLine($"  each round, the steady day against a floor run just before it: {string.Join(", ", rounds.Select(r => $"{r.Steady.Seconds:F2}/{r.Floor.Seconds:F2} s"))}; "
                + $"median {ratios[ratios.Count / 2]:F2}x the floor, {ratios.Count(r => r <= 1.5)} of {ratios.Count} at most 1.5x");
            Console.WriteLine($"  {steady.Output.Trim()}");
            var secondSize = SizeOf(store);
            Console.WriteLine($"store size: {firstSize / 1e6:F1} MB after the first snapshot ({firstSize / 1e6 / (rows / 1e6):F1} MB per million device rows); "
                + $"+{(secondSize - firstSize) / 1e6:F1} MB for the second ({changedPerMille / 10.0:F1}% changed)");
        }

        // The diff of the two 1M-device snapshots, in this process: one cold run, then five warm.
        using (var history = HistoryStore.Open(store, new HistoryStoreOptions { ReadOnly = true }))
        {
            var list = history.ListSnapshots();
            var samples = new List<(double Wall, double Cpu)>();
            AovpnRemediations.History.Changes.SnapshotDiff diff = null!;
            for (var i = 0; i < 6; i++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                diff = history.Diff(list[^2].Id, list[^1].Id);
                samples.Add((watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds));
            }

            var warm = samples.Skip(1).OrderBy(s => s.Wall).ToList();
            Console.WriteLine($"report diff of the two {rows:N0}-device snapshots: cold {samples[0].Wall:F2} s; warm best {warm[0].Wall:F2} s, median {warm[2].Wall:F2} s wall, {warm[2].Cpu:F2} s CPU; "
                + $"{diff.NewlyFailing:N0} newly failing, {diff.Fixed:N0} fixed, {diff.Recurring:N0} recurring, {diff.GoneStale:N0} gone stale; load average {LoadAverage()}");
        }

        return 0;
    }

    /// <summary>
    /// What the runtime does with the tiering settings of CliRuntime.props, neither of them on Microsoft's settings page:
    /// no delay before calls are counted, and recompiling after the set number of calls. Two fresh methods, called just
    /// over and just under that number, and then 60 ms with nothing else compiled: only the first should be recompiled.
    /// With the default 100 ms delay neither would be.
    /// </summary>
    private static string Tiering()
    {
        var threshold = Convert.ToInt32(AppContext.GetData("System.Runtime.TieredCompilation.CallCountThreshold") ?? 30, CultureInfo.InvariantCulture);
        var (overCalls, underCalls) = (threshold + 100, Math.Max(1, threshold - 100));
        var over = RecompiledAfter(overCalls, TieringProbeOver);
        var under = RecompiledAfter(underCalls, TieringProbeUnder);
        var measured = $"a method called {overCalls:N0} times was {(over ? "" : "not ")}recompiled within 60 ms, one called {underCalls:N0} times was {(under ? "recompiled too" : "not")}";
        return over && !under
            ? $"tiering: no delay, recompiled after {threshold:N0} calls ({measured})"
            : $"tiering NOT as CliRuntime.props sets it (no delay, {threshold:N0} calls): {measured}";
    }

    private static bool RecompiledAfter(int calls, Func<int, int> probe)
    {
        Thread.Sleep(300); // no earlier compile still under way
        var sum = 0;
        for (var i = 0; i < calls; i++)
        {
            sum += probe(i);
        }

        var before = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
        Thread.Sleep(60);
        GC.KeepAlive(sum);
        return System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false) > before;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int TieringProbeOver(int value) => (value * 7) + 1;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int TieringProbeUnder(int value) => (value * 5) + 3;

    /// <summary>The child: one report run against the parent's emulator, with the store at a path or without ("-").</summary>
    public static async Task<int> ChildAsync(string url, string store, string now)
    {
        var time = DateTimeOffset.Parse(now, CultureInfo.InvariantCulture);
        var output = Path.Combine(Path.GetTempPath(), $"aovpn-bench-{Guid.NewGuid():N}.json");
        var settings = new ReportSettings([], null, SourceChoice.Export, ReportFormat.Json, output, 7) { History = store == "-" ? null : new ReportHistory(store) };
        var options = new ReportOptions
        {
            Time = new FixedTime(time),
            Export = new ExportOptions { FirstPollInterval = TimeSpan.Zero, TempFolder = Path.GetTempPath() },
        };
        var redactor = new Redactor();
        try
        {
            using var graph = GraphConnector.Connect(new GraphSettings(new Uri(url), false), name => name == "AOVPN_GRAPH_ACCESS_TOKEN" ? "bench-token-0001" : null, interactive: false, Console.Error, redactor);
            var result = await Reporter.RunAsync(graph, settings, new ReportOutput(TextWriter.Null), options, CancellationToken.None);
            foreach (var line in result.Stored)
            {
                Console.WriteLine(line.Describe());
            }

            // The JIT's share of the run: with two cores busy reading, every method it compiles comes out of the read.
            Console.WriteLine($"JIT: {System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods in {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:F2} s");
            return 0;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine("error: " + redactor.Describe(ex));
            return 1;
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static void DeleteStore(string path)
    {
        File.Delete(path);
        File.Delete(path + ".wal");
    }

    private static long SizeOf(string path) => new FileInfo(path).Length + (File.Exists(path + ".wal") ? new FileInfo(path + ".wal").Length : 0);
}
