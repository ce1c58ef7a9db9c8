using AovpnRemediations.Catalogue;
using AovpnRemediations.Contracts;
using AovpnRemediations.Graph;
using AovpnRemediations.GraphEmulator;
using AovpnRemediations.GraphEmulator.Devices;
using AovpnRemediations.GraphEmulator.Fleet;
using AovpnRemediations.Operate.Trigger;
using AovpnRemediations.Operate.Wait;
using AovpnRemediations.Report;
using AovpnRemediations.Report.Findings;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Operate.Tests;

/// <summary>
/// An emulator and a Graph connection that share one manual clock: the write limiter, the retry waits (Retry-After), the
/// emulator's write budget and run's polling all move it, so throttled runs over hundreds of devices take no real time.
/// </summary>
internal sealed class RunHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 8, 0, 0, TimeSpan.Zero);

    private RunHarness(GraphEmulator.GraphEmulator emulator, ManualClock clock)
    {
        Emulator = emulator;
        Clock = clock;
    }

    public GraphEmulator.GraphEmulator Emulator { get; }

    public EmulatorState State => Emulator.State;

    public ManualClock Clock { get; }

    public string Token { get; set; } = "operate-test-token";

    public static async Task<RunHarness> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var clock = new ManualClock(Now);
        var options = new EmulatorOptions { Delay = (_, _) => Task.CompletedTask, Time = clock };
        configure?.Invoke(options);
        var emulator = new GraphEmulator.GraphEmulator(options);
        await emulator.StartAsync();
        return new RunHarness(emulator, clock);
    }

    /// <summary>A managed script for a catalogue package, as apply would have created it.</summary>
    public string AddPackage(string packageId) =>
        State.AddScript("AOVPN - " + RuleCatalogue.FindPackage(packageId)!.Title, "Managed. " + OwnershipMarker.ForPackage(packageId), "exit 0\r\n"u8.ToArray());

    /// <summary>A managed script with a synthetic fleet whose devices are also Intune managed devices.</summary>
    public (string ScriptId, SyntheticFleet Fleet, IReadOnlyList<ManagedDeviceRecord> Devices) AddFleet(string packageId, int devices, int seed = 7)
    {
        var id = AddPackage(packageId);
        var fleet = new SyntheticFleet(FleetPackage.From(RuleCatalogue.FindPackage(packageId)!, "0000test"), devices, seed, Now);
        Emulator.Fleets.Attach(id, fleet);
        return (id, fleet, State.AddFleetDevices(fleet));
    }

    /// <summary>A group whose members are these devices' Entra objects.</summary>
    public string AddDeviceGroup(string name, IEnumerable<ManagedDeviceRecord> devices)
    {
        var group = State.AddGroup(name);
        foreach (var device in devices)
        {
            State.AddGroupMember(group, State.EntraDeviceOf(device).ObjectId);
        }

        return group;
    }

    public GraphConnection Connect() =>
        GraphConnector.Connect(new GraphSettings(Emulator.BaseUrl, Verbose: false), name => name == "AOVPN_GRAPH_ACCESS_TOKEN" ? Token : null,
            interactive: false, TextWriter.Null, new Redactor(), o =>
            {
                o.Time = Clock;
                o.WriteWait = Clock.Wait;
                o.Retry.Delay = Clock.Wait;
                o.Retry.MaxRetries = 10;
            });

    public Runner Runner(GraphConnection graph, int concurrency = 4) => new(graph,
        new TriggerOptions { Concurrency = concurrency, Delay = Clock.Wait },
        new WaitOptions { Time = Clock, Delay = Clock.Wait, PollInterval = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromMinutes(30) });

    public FreshReportFindings Findings(GraphConnection graph) =>
        new(graph, new ReportOptions { Time = new FixedTime(Now) }, staleDays: 7);

    /// <summary>Triggers the emulator accepted (204), by device: what "exactly one per device" is counted on.</summary>
    public Dictionary<string, int> AcceptedTriggers() =>
        Emulator.Log.Entries.Where(e => e.Method == "POST" && e.Path.EndsWith("/initiateOnDemandProactiveRemediation", StringComparison.Ordinal) && e.Status == 204)
            .GroupBy(e => e.Path.Split('/')[4], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);

    public int TriggerSends => Emulator.Log.Entries.Count(e => e.Method == "POST" && e.Path.EndsWith("/initiateOnDemandProactiveRemediation", StringComparison.Ordinal));

    /// <summary>Writes the service carried out (2xx): a dry run or a refused run must have none.</summary>
    public int AcceptedWrites => Emulator.Log.Entries.Count(e => e.IsWrite && e.Status is >= 200 and < 300);

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
