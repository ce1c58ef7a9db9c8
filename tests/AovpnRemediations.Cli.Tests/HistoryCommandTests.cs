using System.Text.Json;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Contracts;
using AovpnRemediations.GraphEmulator.Fleet;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Cli.Tests;

/// <summary><c>report</c> with its snapshot store and <c>report diff</c>, through the real command line against a fleet that changes.</summary>
public sealed class HistoryCommandTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 12, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Report_run_on_three_days_then_report_diff_lists_exactly_the_devices_the_fleet_changed()
    {
        await using var tenant = await TenantCli.StartAsync();
        var package = FleetPackage.From(RuleCatalogue.FindPackage("aovpn-trusted-cas")!, "0000test");
        var id = tenant.Emulator.State.AddScript("AOVPN - CAs", "Managed. " + OwnershipMarker.ForPackage(package.PackageId), "exit 0\r\n"u8.ToArray());
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
        var package = FleetPackage.From(RuleCatalogue.FindPackage("aovpn-trusted-cas")!, "0000test");
        var id = tenant.Emulator.State.AddScript("AOVPN - CAs", "Managed. " + OwnershipMarker.ForPackage(package.PackageId), "exit 0\r\n"u8.ToArray());
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
        var package = FleetPackage.From(RuleCatalogue.FindPackage("aovpn-trusted-cas")!, "0000test");
        var id = tenant.Emulator.State.AddScript("AOVPN - CAs", "Managed. " + OwnershipMarker.ForPackage(package.PackageId), "exit 0\r\n"u8.ToArray());
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
        Assert.Equal(stored, File.ReadAllBytes(tenant.StorePath));
    }

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
