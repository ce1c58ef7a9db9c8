using System.Diagnostics;
using System.Text.RegularExpressions;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Report.Tests;

/// <summary>The HTML page rendered by a real browser (headless Chromium): charts present with the right counts, hostile text inert.</summary>
public partial class HtmlReportTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    [Trait("Category", "ExternalTool")]
    public async Task The_page_renders_in_chromium_with_its_charts_and_counts_and_no_script()
    {
        await using var harness = await FleetHarness.StartAsync();
        var fleet = harness.AddFleet(FleetHarness.TrustedCas, 3_000, seed: 21);
        var health = harness.AddFleet(FleetHarness.ConnectionHealth, 1_000, seed: 22);
        // Every device of this one sends markup in its names, subjects and broken lines.
        var hostile = harness.AddFleet(FleetHarness.TrustedCas with { PackageId = "aovpn-hostile" }, 300, seed: 23, new GraphEmulator.Fleet.FleetShape { HostileEvery = 1, NotJson = 0.2 });
        using var folder = new TestSupport.TempDirectory();
        var page = folder.Path("report.html");
        // The fleet is read on two days with the store on: the second page has "What changed" against the first.
        var changing = harness.Emulator.State.AddScript("AOVPN - changing", "Managed. " + Contracts.OwnershipMarker.ForPackage("aovpn-changing"), "exit 0\r\n"u8.ToArray());
        var timeline = new GraphEmulator.Fleet.FleetTimeline(
            new GraphEmulator.Fleet.FleetPackage("aovpn-changing", "0000test", false, [new GraphEmulator.Fleet.FleetCode("AOVPN3001", "ProfileMissing", ["profile"])]), 800, seed: 24, FleetHarness.Now.AddDays(-1));
        var history = new History.ReportHistory(folder.Path("history.duckdb"));
        harness.Emulator.Fleets.Attach(changing, timeline.At(0));
        var yesterday = await harness.RunAsync(ReportFormat.Json, SourceChoice.RunStates, outPath: folder.Path("yesterday.json"), history: history, now: timeline.Day(0));
        Assert.True(yesterday.Ok, yesterday.ToString());
        harness.Emulator.Fleets.Attach(changing, timeline.At(1));
        var run = await harness.RunAsync(ReportFormat.Html, SourceChoice.RunStates, outPath: page, history: history, now: timeline.Day(1));
        Assert.True(run.Ok, run.ToString());

        var html = await File.ReadAllTextAsync(page);
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        var (dom, log) = await RenderAsync(page, folder.Path("profile"));
        Assert.Contains("Always On VPN fleet report", dom, StringComparison.Ordinal);
        foreach (var id in new[] { "chart-status", "chart-findings", "chart-errors", "chart-trend" })
        {
            Assert.Contains($"<svg class=\"chart\" id=\"{id}\"", dom, StringComparison.Ordinal);
        }

        // Top findings: one bar per finding code, each with the device count the generator put in.
        var truth = fleet.Truth.FindingDevices;
        foreach (var ((rule, code), devices) in truth)
        {
            Assert.Contains($"data-label=\"{rule} {code}\" data-value=\"{devices}\"", dom, StringComparison.Ordinal);
        }

        Assert.Equal(3, TrendLines().Matches(dom[..dom.IndexOf("<section id=\"changes\">", StringComparison.Ordinal)]).Count);

        // What changed: per package its cards (the changing fleet's from its ground truth) and a trend chart per finding.
        Assert.Contains("<section id=\"changes\">", dom, StringComparison.Ordinal);
        var changes = timeline.Changes(0, 1, []);
        foreach (var (card, change) in new[] { ("newly", "newlyFailing"), ("recurring", "recurring"), ("fixed", "fixed"), ("stale", "goneStale") })
        {
            Assert.Contains($"id=\"card-{card}-aovpn-changing\" data-value=\"{changes.Count(c => c.Change == change)}\"", dom, StringComparison.Ordinal);
        }

        Assert.Matches(@"<svg class=""chart"" id=""chart-history-aovpn-changing-AOVPN\d+-\w+""", dom);
        Assert.Contains("is the first of this package", dom, StringComparison.Ordinal);
        // The error-code chart leads with the code on most devices, labelled with the knowledge base's symbol.
        var (topCode, topDevices) = health.Truth.ErrorCodeDevices.OrderByDescending(e => e.Value).ThenBy(e => e.Key).First();
        var symbol = AovpnRemediations.Catalogue.KnowledgeBase.ConnectionErrorCodes.Find(topCode)?.Symbol ?? Aggregation.ErrorCodeValue.Hex(topCode);
        Assert.Contains($"data-label=\"{topCode} {symbol}\" data-value=\"{topDevices}\"", dom, StringComparison.Ordinal);
        Assert.Contains($"data-label=\"stale\" data-value=\"{fleet.Truth.Stale + health.Truth.Stale + hostile.Truth.Stale + timeline.At(1).Truth.Stale}\"", dom, StringComparison.Ordinal);

        // Hostile device text (a subject with markup) stays text: no element was made from it.
        Assert.Contains("CN=&lt;b&gt;Evil&lt;/b&gt; &amp; \"Co\"", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Evil</b>", dom, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ScriptError(), log);
    }

    private static async Task<(string Dom, string Log)> RenderAsync(string page, string profile)
    {
        if (!File.Exists(Chromium))
        {
            Assert.Fail($"{Chromium} is missing: the HTML report test needs headless Chromium. Run the README's test command (bash test.sh), which installs it, or `apt-get install -y chromium`.");
        }

        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile}", "--dump-dom", new Uri(page).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var dom = process.StandardOutput.ReadToEndAsync();
        var log = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (await dom, await log);
    }

    [GeneratedRegex(@"(src|href)\s*=\s*""(https?:)?//|@import|url\(", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex(@"<polyline class=""series""")]
    private static partial Regex TrendLines();

    [GeneratedRegex(@"Uncaught|SyntaxError|Refused to|CONSOLE\(", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptError();
}
