using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Report.Aggregation;
using AovpnRemediations.Report.Graph;
using AovpnRemediations.Report.Sources;
using Spectre.Console;

namespace AovpnRemediations.Report.Tests;

public class ProgressAndMemoryTests
{
    [Fact]
    public async Task A_terminal_gets_a_live_progress_bar_per_package_and_the_report_still_goes_to_its_file()
    {
        await using var harness = await FleetHarness.StartAsync();
        harness.AddFleet(FleetHarness.TrustedCas, 500, seed: 30);
        var screen = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(screen),
        });
        using var folder = new TestSupport.TempDirectory();
        var run = await harness.RunAsync(ReportFormat.Json, SourceChoice.Export, outPath: folder.Path("r.json"), terminal: terminal);
        Assert.True(run.Ok, run.ToString());
        Assert.Contains("aovpn-trusted-cas", screen.ToString(), StringComparison.Ordinal);
        Assert.Contains("100%", screen.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"packageId\": \"aovpn-trusted-cas\"", await File.ReadAllTextAsync(folder.Path("r.json")), StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void Remembered_error_groups_keep_each_rule_and_code_apart_and_count_every_device()
    {
        var script = new ManagedScript("s", "aovpn-trusted-cas", "s");
        var aggregator = new PackageAggregator(script, FleetHarness.Now.AddDays(-7), null);
        static string Line(string rule, string code, string message) =>
            $$"""{"schema":1,"package":"aovpn-trusted-cas","version":"1","status":"error","findings":[],"errors":[{"rule":"{{rule}}","code":"{{code}}","message":"{{message}}"}]}""";
        static string Prefix(int i) => (i % 3) switch { 0 => "AOVPN2001 StoreUnreadable", 1 => "AOVPN2002 StoreUnreadable", _ => "AOVPN2001 Timeout" };
        var expected = new Dictionary<string, long>();
        for (var i = 0; i < 3_000; i++)
        {
            // One message under two rules and two codes, repeated (remembered from its second sighting), and one that
            // differs by a number (one group); script errors likewise, in two columns.
            var ruleAndCode = Prefix(i).Split(' ');
            var message = i % 2 == 0 ? "Access is denied." : $"Gave up after {i % 7} tries";
            aggregator.Add(new DeviceRow
            {
                DeviceId = $"d{i}",
                LastReport = FleetHarness.Now,
                PreOutput = Line(ruleAndCode[0], ruleAndCode[1], message),
                PreError = i % 4 == 0 ? "Access is denied." : null,
                RemediationError = i % 4 == 0 ? "Access is denied." : $"Exit code {i % 5}",
            });
            var key = $"{Prefix(i)}: {(i % 2 == 0 ? "Access is denied." : "Gave up after <n> tries")}";
            expected[key] = expected.GetValueOrDefault(key) + 1;
        }

        var report = aggregator.ToReport("runstates", new RunSummary(), []);
        Assert.Equal(expected.OrderBy(e => e.Key), report.CheckErrors.ToDictionary(g => g.Key, g => g.Count).OrderBy(e => e.Key));
        Assert.All(report.CheckErrors, g => Assert.StartsWith(g.Key.Split(':')[0], g.Example, StringComparison.Ordinal));
        Assert.Equal(
            new Dictionary<string, long> { ["detection: Access is denied."] = 750, ["remediation: Access is denied."] = 750, ["remediation: Exit code <n>"] = 2_250 }.OrderBy(e => e.Key),
            report.ScriptErrorOutput.ToDictionary(g => g.Key, g => g.Count).OrderBy(e => e.Key));
    }

    [Fact]
    public void Tables_keyed_by_device_text_stay_bounded_when_every_device_differs()
    {
        var script = new ManagedScript("s", "aovpn-user-tunnel-cert", "s");
        var aggregator = new PackageAggregator(script, FleetHarness.Now.AddDays(-7), null);
        for (var i = 0; i < 20_000; i++)
        {
            // A user certificate per device: thumbprint, subject and error message all unique.
            aggregator.Add(new DeviceRow
            {
                DeviceId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                LastReport = FleetHarness.Now,
                PreOutput = $$"""{"schema":1,"package":"aovpn-user-tunnel-cert","version":"v{{i % 3}}","status":"issue","findings":[{"rule":"AOVPN1001","code":"Code{{i % 500}}","thumbprint":"{{i:X40}}","subject":"CN=user{{i}}"}],"errors":[{"rule":"AOVPN1002","code":"CheckFailed","message":"Unique text {{Guid.NewGuid()}} word{{i}}"}]}""",
                PreError = $"Failure in step-{i}x at offset q{i}",
            });
        }

        var report = aggregator.ToReport("runstates", new RunSummary(), []);
        Assert.Equal(20_000, report.Devices);
        Assert.Equal(PackageAggregator.MaxFindingKinds + 1, report.Findings.Count); // and one bucket for the rest
        Assert.Contains(report.Findings, f => f.Code == "OtherCodes");
        Assert.Equal(20_000, report.Findings.Sum(f => f.Devices));
        Assert.All(report.Findings.Where(f => f.Code != "OtherCodes"), f => Assert.All(f.Values.Values, v => Assert.True(v.Count <= 10)));
        Assert.True(report.CheckErrors.Count <= 50);
        Assert.True(report.ScriptErrorOutput.Count <= 50);
        Assert.Equal(3, report.Versions.Count);
    }
}
