using AovpnRemediations.Catalogue;
using AovpnRemediations.Contracts;
using AovpnRemediations.Graph;
using AovpnRemediations.GraphEmulator;
using AovpnRemediations.GraphEmulator.Fleet;
using AovpnRemediations.Report.Sources;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Report.Tests;

/// <summary>One run of the report stage: what it threw (the CLI maps it to an exit code), what it printed, the requests it made.</summary>
internal sealed record ReportRun(Exception? Failure, string Out, string Error, IReadOnlyList<LoggedRequest> Log)
{
    public bool Ok => Failure is null;

    public override string ToString() => $"{(Ok ? "ok" : "failed: " + Failure!.GetType().Name)}\n--- stdout\n{Out[..Math.Min(Out.Length, 4000)]}\n--- stderr\n{Error}";
}

/// <summary>An emulator with managed scripts and synthetic fleets, and the report stage run against it as the CLI runs it.</summary>
internal sealed class FleetHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 8, 0, 0, TimeSpan.Zero);

    private FleetHarness(GraphEmulator.GraphEmulator emulator) => Emulator = emulator;

    public GraphEmulator.GraphEmulator Emulator { get; }

    public List<TimeSpan> Waits { get; } = [];

    public string ExportFolder { get; } = Path.Combine(Path.GetTempPath(), "aovpn-report-tests", Guid.NewGuid().ToString("N"));

    public static async Task<FleetHarness> StartAsync(int pageSize = 100)
    {
        var emulator = new GraphEmulator.GraphEmulator(new EmulatorOptions { PageSize = pageSize, Delay = (_, _) => Task.CompletedTask });
        var harness = new FleetHarness(emulator);
        emulator.Fleets.ExportFolder = harness.ExportFolder;
        emulator.State.AddScript("Restart stopped Office C2R svc", "Microsoft proprietary script", "exit 0\r\n"u8.ToArray(), isGlobalScript: true, publisher: "Microsoft");
        emulator.State.AddScript("Someone's own script", "Not ours", "exit 0\r\n"u8.ToArray());
        await emulator.StartAsync();
        return harness;
    }

    /// <summary>The real trusted-CAs package with its version from the committed output/.</summary>
    public static FleetPackage TrustedCas => FleetPackage.From(RuleCatalogue.FindPackage("aovpn-trusted-cas")!, OutputVersion("aovpn-trusted-cas"));

    /// <summary>The real connection-health package: findings carry profile, decimal error, its hex form and a count.</summary>
    public static FleetPackage ConnectionHealth => FleetPackage.From(RuleCatalogue.FindPackage("aovpn-connection-health")!, OutputVersion("aovpn-connection-health"));

    public static string OutputVersion(string packageId)
    {
        var json = File.ReadAllText(TestSupport.Repository.Path("output", "intune", packageId, "package.json"));
        return System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("version").GetString()!;
    }

    public SyntheticFleet AddFleet(FleetPackage package, int devices, int seed, FleetShape? shape = null)
    {
        var id = Emulator.State.AddScript("AOVPN - " + package.PackageId, "Managed. " + OwnershipMarker.ForPackage(package.PackageId), "exit 0\r\n"u8.ToArray(), publisher: "Example");
        var fleet = new SyntheticFleet(package, devices, seed, Now, staleDays: 7, shape);
        Emulator.Fleets.Attach(id, fleet);
        return fleet;
    }

    public async Task<ReportRun> RunAsync(ReportFormat format, SourceChoice source = SourceChoice.Auto, string? outPath = null,
        IReadOnlyList<string>? packages = null, int staleDays = 7, long autoThreshold = SourcePicker.DefaultAutoThreshold, bool verbose = false,
        Spectre.Console.IAnsiConsole? terminal = null, Report.History.ReportHistory? history = null, DateTimeOffset? now = null)
    {
        var before = Emulator.Log.Entries.Count;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var options = new ReportOptions
        {
            Time = new FixedTime(now ?? Now),
            AutoThreshold = autoThreshold,
            Export = new ExportOptions
            {
                TempFolder = ExportFolder,
                Delay = (wait, _) =>
                {
                    lock (Waits)
                    {
                        Waits.Add(wait);
                    }

                    return Task.CompletedTask;
                },
            },
        };
        var settings = new ReportSettings(packages ?? [], null, source, format, outPath, staleDays) { History = history };
        var redactor = new Redactor();
        Exception? failure = null;
        try
        {
            Reporter.Validate(settings);
            using var graph = GraphConnector.Connect(new GraphSettings(Emulator.BaseUrl, verbose), name => name == "AOVPN_GRAPH_ACCESS_TOKEN" ? "test-token-123456" : null,
                interactive: terminal is not null, stderr, redactor, o => o.Retry.Delay = (wait, _) =>
                {
                    lock (Waits)
                    {
                        Waits.Add(wait);
                    }

                    return Task.CompletedTask;
                });
            var result = await Reporter.RunAsync(graph, settings, new ReportOutput(stdout, terminal), options, CancellationToken.None);
            if (result.Summary is { } summary)
            {
                stderr.WriteLine(summary);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            stderr.WriteLine("error: " + redactor.Describe(ex));
        }

        return new ReportRun(failure, stdout.ToString(), stderr.ToString(), Emulator.Log.Entries.Skip(before).ToList());
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        if (Directory.Exists(ExportFolder))
        {
            Directory.Delete(ExportFolder, recursive: true);
        }
    }
}
