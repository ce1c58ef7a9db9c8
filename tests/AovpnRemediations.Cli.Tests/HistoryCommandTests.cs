using System.Text.Json;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Contracts;
using AovpnRemediations.GraphEmulator.Fleet;
using AovpnRemediations.History.LogAnalytics;
using AovpnRemediations.TestSupport;
using AovpnRemediations.TestSupport.LogsIngestion;

namespace AovpnRemediations.Cli.Tests;

/// <summary><c>report</c> with its snapshot store and <c>report diff</c>, through the real command line against a fleet that changes.</summary>
public sealed class HistoryCommandTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 12, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Report_run_on_three_days_then_report_diff_lists_exactly_the_devices_the_fleet_changed()
    {
        await using var tenant = await TenantCli.StartAsync();
        var (package, id) = AddTrustedCasScript(tenant);
        var timeline = new FleetTimeline(package, 1_500, seed: 41, Day0);
        for (var day = 0; day < 3; day++)
        {
            tenant.Emulator.Fleets.Attach(id, timeline.At(day));
            var run = tenant.Run(new FixedTime(timeline.Day(day)), null, "report", "--source", day == 1 ? "runstates" : "export", "--format", "json", "--graph-base-url", tenant.Url);
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Contains($"stored snapshot {day + 1} ", run.Stderr, StringComparison.Ordinal);
        }

        // The same fleet read again is the same export: stored once.
        var again = tenant.Run(new FixedTime(timeline.Day(2)), null, "report", "--source", "export", "--format", "json", "--graph-base-url", tenant.Url);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("already stored as snapshot 3", again.Stderr, StringComparison.Ordinal);

        var clock = new FixedTime(timeline.Day(2).AddHours(1));
        foreach (var (from, to, window) in new[] { (1, 2, Array.Empty<int>()), (2, 3, [0]) })
        {
            var diff = tenant.Run(clock, null, "report", "diff", "--from", from.ToString(System.Globalization.CultureInfo.InvariantCulture), "--to", to.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json");
            Assert.True(diff.ExitCode == 0, diff.Stderr);
            var expected = timeline.Changes(from - 1, to - 1, window);
            var listed = Listed(diff.Stdout);
            Assert.Equal(expected.OrderBy(Text), listed.OrderBy(Text));
            Assert.Contains(expected, c => c.Change == "newlyFailing");
            Assert.Contains(expected, c => c.Change == "fixed");
            Assert.Contains(expected, c => c.Change == "goneStale");
            if (window.Length > 0)
            {
                Assert.Contains(expected, c => c.Change == "recurring");
            }
        }

        // --since picks the latest snapshot and the latest one at least that long before it.
        var since = tenant.Run(clock, null, "report", "diff", "--since", "2d", "--format", "json");
        Assert.True(since.ExitCode == 0, since.Stderr);
        Assert.Equal(timeline.Changes(0, 2, []).OrderBy(Text), Listed(since.Stdout).OrderBy(Text));
    }

    [Fact]
    public async Task The_report_page_gains_what_changed_and_the_other_formats_write_the_same_diff()
    {
        await using var tenant = await TenantCli.StartAsync();
        var (package, id) = AddTrustedCasScript(tenant);
        var timeline = new FleetTimeline(package, 400, seed: 5, Day0);
        using var folder = new TestSupport.TempDirectory();
        for (var day = 0; day < 2; day++)
        {
            tenant.Emulator.Fleets.Attach(id, timeline.At(day));
            var run = tenant.Run(new FixedTime(timeline.Day(day)), null, "report", "--source", "runstates", "--format", "html", "--out", folder.Path($"day{day}.html"), "--graph-base-url", tenant.Url);
            Assert.True(run.ExitCode == 0, run.Stderr);
        }

        var first = File.ReadAllText(folder.Path("day0.html"));
        Assert.Contains("<h2>What changed</h2>", first, StringComparison.Ordinal);
        Assert.Contains("is the first of this package", first, StringComparison.Ordinal);
        var page = File.ReadAllText(folder.Path("day1.html"));
        var expected = timeline.Changes(0, 1, []);
        Assert.Contains($"id=\"card-newly-{package.PackageId}\" data-value=\"{expected.Count(c => c.Change == "newlyFailing")}\"", page, StringComparison.Ordinal);
        Assert.Contains($"id=\"card-fixed-{package.PackageId}\" data-value=\"{expected.Count(c => c.Change == "fixed")}\"", page, StringComparison.Ordinal);
        Assert.Contains($"id=\"chart-history-{package.PackageId}-", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);

        var csv = tenant.Run(new FixedTime(timeline.Day(1)), null, "report", "diff", "--since", "1d", "--format", "csv");
        Assert.True(csv.ExitCode == 0, csv.Stderr);
        Assert.Equal(expected.Count + 1, csv.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        var table = tenant.Run(new FixedTime(timeline.Day(1)), null, "report", "diff", "--since", "1d");
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains($"{expected.Count(c => c.Change == "newlyFailing"):N0} newly failing", table.Stdout, StringComparison.Ordinal);
        var html = tenant.Run(new FixedTime(timeline.Day(1)), null, "report", "diff", "--since", "1d", "--format", "html", "--out", folder.Path("diff.html"));
        Assert.True(html.ExitCode == 0, html.Stderr);
        Assert.Contains("<h2>What changed</h2>", File.ReadAllText(folder.Path("diff.html")), StringComparison.Ordinal);

        var noStore = tenant.Run(new FixedTime(timeline.Day(1).AddHours(2)), null, "report", "--no-store", "--source", "runstates", "--format", "json", "--graph-base-url", tenant.Url);
        Assert.True(noStore.ExitCode == 0, noStore.Stderr);
        Assert.DoesNotContain("snapshot", noStore.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_history_input_gives_a_clear_message_and_exit_code_and_keeps_what_is_stored()
    {
        await using var tenant = await TenantCli.StartAsync();
        var (package, id) = AddTrustedCasScript(tenant);
        tenant.Emulator.Fleets.Attach(id, new SyntheticFleet(package, 200, 3, Day0));
        var clock = new FixedTime(Day0);
        Assert.Equal(0, tenant.Run(clock, null, "report", "--source", "runstates", "--format", "json", "--graph-base-url", tenant.Url).ExitCode);
        var stored = File.ReadAllBytes(tenant.StorePath);

        var unknown = tenant.Run(clock, null, "report", "diff", "--from", "1", "--to", "9");
        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("no snapshot 9", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains(tenant.StorePath, unknown.Stderr, StringComparison.Ordinal);

        var noPair = tenant.Run(clock, null, "report", "diff");
        Assert.Equal(3, noPair.ExitCode);
        Assert.Contains("Pass two snapshot ids, or a shorter period", noPair.Stderr, StringComparison.Ordinal);

        using var folder = new TestSupport.TempDirectory();
        var notAStore = folder.Path("notes.duckdb");
        File.WriteAllText(notAStore, "not a database");
        var corrupt = tenant.Run(clock, null, "report", "--store", notAStore, "--source", "runstates", "--graph-base-url", tenant.Url);
        Assert.Equal(9, corrupt.ExitCode);
        Assert.Contains(notAStore, corrupt.Stderr, StringComparison.Ordinal);
        Assert.Contains("choose another --store path", corrupt.Stderr, StringComparison.Ordinal);
        Assert.Equal("not a database", File.ReadAllText(notAStore));

        // A run refused on --package leaves no new store behind, and its refusal wins over a store that cannot open
        // (an existing store opens while the scripts are listed).
        var fresh = folder.Path("fresh.duckdb");
        var badPackage = tenant.Run(clock, null, "report", "--store", fresh, "--package", "no-such-package", "--source", "runstates", "--graph-base-url", tenant.Url);
        Assert.Equal(3, badPackage.ExitCode);
        Assert.Contains("--package no-such-package: no managed script", badPackage.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(fresh));
        var badBoth = tenant.Run(clock, null, "report", "--store", notAStore, "--package", "no-such-package", "--source", "runstates", "--graph-base-url", tenant.Url);
        Assert.Equal(3, badBoth.ExitCode);
        Assert.Contains("--package no-such-package: no managed script", badBoth.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(notAStore, badBoth.Stderr, StringComparison.Ordinal);

        var badSink = tenant.Run(clock, null, "report", "--sink", "loganalytics", "--graph-base-url", tenant.Url);
        Assert.Equal(3, badSink.ExitCode);
        Assert.Contains("needs --dce URL", badSink.Stderr, StringComparison.Ordinal);
        var notAUrl = tenant.Run(clock, null, "report", "--sink", "loganalytics", "--dce", "my-dce.ingest", "--dcr", "dcr-1", "--graph-base-url", tenant.Url);
        Assert.Equal(3, notAUrl.ExitCode);
        Assert.Contains("--dce 'my-dce.ingest' is not an absolute URL", notAUrl.Stderr, StringComparison.Ordinal);
        var plainHttp = tenant.Run(clock, null, "report", "--sink", "loganalytics", "--dce", "http://my-dce.westeurope-1.ingest.monitor.azure.com", "--dcr", "dcr-1", "--graph-base-url", tenant.Url);
        Assert.Equal(3, plainHttp.ExitCode);
        Assert.Contains("must be an https URL", plainHttp.Stderr, StringComparison.Ordinal);
        Assert.Equal(stored, File.ReadAllBytes(tenant.StorePath));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Report_to_log_analytics_under_30_percent_faults_sends_every_device_with_one_row_per_key_and_stores_the_snapshot(int seed)
    {
        await using var tenant = await TenantCli.StartAsync();
        await using var logs = await LogsIngestionEmulator.StartAsync(TenantCli.Token);
        tenant.ConfigureLogs = SmallBatchesNoWaits;
        var (package, id) = AddTrustedCasScript(tenant);
        var fleet = new SyntheticFleet(package, 1_500, seed, Day0);
        tenant.Emulator.Fleets.Attach(id, fleet);
        logs.FailAtRandom(0.30, seed);

        var run = tenant.Run(new FixedTime(Day0), null, "report", "--source", "export", "--format", "json", "--graph-base-url", tenant.Url,
            "--sink", "loganalytics", "--dce", logs.Endpoint.ToString(), "--dcr", LogsIngestionEmulator.DcrId);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("stored snapshot 1 ", run.Stderr, StringComparison.Ordinal);

        var faults = logs.Log.Count(r => r.Fault is not null);
        Assert.InRange(faults, logs.Log.Count / 5, logs.Log.Count * 2 / 5);
        Assert.All(logs.Log, r => Assert.Null(r.Problem));
        Assert.Contains($"{package.PackageId}: sent 1,500 device rows to Azure Monitor Logs in ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{faults:N0} retries)", run.Stderr, StringComparison.Ordinal);

        // Every device arrived; a row sent twice (its answer lost) is the same row under the same key.
        var byKey = logs.Rows.GroupBy(r => r.GetProperty("RowKey").GetString()!, StringComparer.Ordinal).ToList();
        Assert.Equal(
            fleet.Devices().Select(d => d.DeviceId).Order(StringComparer.Ordinal),
            byKey.Select(g => g.First().GetProperty("DeviceId").GetString()!).Order(StringComparer.Ordinal));
        Assert.Contains(byKey, g => g.Count() > 1);
        Assert.All(byKey, g => Assert.Single(g.Select(r => r.GetRawText()).Distinct(StringComparer.Ordinal)));
        Assert.Single(byKey.Select(g => g.First().GetProperty("RunId").GetString()).Distinct());
        Assert.Contains(byKey, g => g.First().GetProperty("LastBatch").GetBoolean());
    }

    [Fact]
    public async Task A_log_analytics_outage_part_way_exits_10_names_the_incomplete_run_and_stores_no_snapshot()
    {
        await using var tenant = await TenantCli.StartAsync();
        await using var logs = await LogsIngestionEmulator.StartAsync(TenantCli.Token);
        tenant.ConfigureLogs = SmallBatchesNoWaits;
        var (package, id) = AddTrustedCasScript(tenant);
        var timeline = new FleetTimeline(package, 1_500, seed: 9, Day0);
        tenant.Emulator.Fleets.Attach(id, timeline.At(0));
        var first = tenant.Run(new FixedTime(timeline.Day(0)), null, "report", "--source", "export", "--format", "json", "--graph-base-url", tenant.Url);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var stored = File.ReadAllBytes(tenant.StorePath);

        tenant.Emulator.Fleets.Attach(id, timeline.At(1));
        logs.OutageAfterTaken = 3;
        using var folder = new TestSupport.TempDirectory();
        var cut = tenant.Run(new FixedTime(timeline.Day(1)), null, "report", "--source", "export", "--format", "json", "--out", folder.Path("report.json"),
            "--graph-base-url", tenant.Url, "--sink", "loganalytics", "--dce", logs.Endpoint.ToString(), "--dcr", LogsIngestionEmulator.DcrId);
        Assert.Equal(10, cut.ExitCode);
        Assert.Contains("after 6 tries (last answer: 503", cut.Stderr, StringComparison.Ordinal);
        Assert.Contains("incomplete run (none has LastBatch true)", cut.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("stored snapshot", cut.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.Path("report.json")));
        Assert.Equal(stored, File.ReadAllBytes(tenant.StorePath));

        // The three batches taken stay in the table, and none of their rows says the run is whole.
        Assert.Equal(3, logs.Log.Count(r => r.Status == 204));
        Assert.NotEmpty(logs.Rows);
        Assert.DoesNotContain(logs.Rows, r => r.GetProperty("LastBatch").GetBoolean());
    }

    /// <summary>The tenant's managed script of the trusted-CAs package, as publish would have left it.</summary>
    private static (FleetPackage Package, string Id) AddTrustedCasScript(TenantCli tenant)
    {
        var package = FleetPackage.From(RuleCatalogue.FindPackage("aovpn-trusted-cas")!, "0000test");
        return (package, tenant.Emulator.State.AddScript("AOVPN - CAs", "Managed. " + OwnershipMarker.ForPackage(package.PackageId), "exit 0\r\n"u8.ToArray()));
    }

    // Small batches, so that a 1,500-device fleet takes dozens of calls and the faults land on many of them.
    private static LogAnalyticsOptions SmallBatchesNoWaits(LogAnalyticsOptions options) =>
        options with { MaxBatchBytes = 30_000, Delay = (_, _) => Task.CompletedTask };

    private static string Text(ExpectedChange c) => $"{c.Change}|{c.Kind}|{c.Rule}|{c.Code}|{c.DeviceId}";

    private static List<ExpectedChange> Listed(string json)
    {
        using var document = JsonDocument.Parse(json);
        var list = new List<ExpectedChange>();
        foreach (var package in document.RootElement.GetProperty("packages").EnumerateArray())
        {
            var diff = package.GetProperty("diff");
            Assert.False(diff.GetProperty("devicesCut").GetBoolean());
            foreach (var d in diff.GetProperty("devices").EnumerateArray())
            {
                var change = d.GetProperty("change").GetString()!;
                var stale = change == "goneStale";
                list.Add(new ExpectedChange(change, stale ? null : d.GetProperty("kind").GetString(), stale ? null : d.GetProperty("rule").GetString(),
                    stale ? null : d.GetProperty("code").GetString(), d.GetProperty("deviceId").GetString()!));
            }
        }

        return list;
    }
}
