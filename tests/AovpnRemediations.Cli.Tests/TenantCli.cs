using AovpnRemediations.GraphEmulator;
using AovpnRemediations.History.LogAnalytics;

namespace AovpnRemediations.Cli.Tests;

/// <summary>An emulator seeded like a small tenant, and the real command line pointed at it with a token from the console's environment.</summary>
internal sealed class TenantCli : IAsyncDisposable
{
    /// <summary>JWT-shaped, so it is masked both as a known secret and by shape.</summary>
    public const string Token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJhdWQiOiJjbGkifQ.Y2xpLXNpZ25hdHVyZS0wMDQy";

    private TenantCli(GraphEmulator.GraphEmulator emulator) => Emulator = emulator;

    public GraphEmulator.GraphEmulator Emulator { get; }

    public string Url => Emulator.BaseUrl.ToString().TrimEnd('/');

    /// <summary>The default history store of this tenant's command lines: a temporary folder, never the user's data folder.</summary>
    public string StoreFolder { get; } = Directory.CreateTempSubdirectory("aovpn-cli-history-").FullName;

    public string StorePath => Path.Combine(StoreFolder, "history.duckdb");

    /// <summary>Last changes to a Log Analytics upload; by default only the waits between tries are made instant.</summary>
    public Func<LogAnalyticsOptions, LogAnalyticsOptions> ConfigureLogs { get; set; } = o => o with { Delay = (_, _) => Task.CompletedTask };

    public static async Task<TenantCli> StartAsync() => new(await StartEmulatorAsync());

    /// <summary>A started emulator with the scope tag, groups and filter the sample profile names.</summary>
    public static async Task<GraphEmulator.GraphEmulator> StartEmulatorAsync()
    {
        var emulator = new GraphEmulator.GraphEmulator(new EmulatorOptions { Delay = (_, _) => Task.CompletedTask });
        emulator.State.AddRoleScopeTag("Default", "0");
        foreach (var group in new[] { "AOVPN Devices", "AOVPN Users", "AOVPN Pilot", "AOVPN VPN and NPS servers" })
        {
            emulator.State.AddGroup(group);
        }

        emulator.State.AddAssignmentFilter("Windows 11 devices");
        await emulator.StartAsync();
        return emulator;
    }

    /// <param name="confirm">Answers questions as a person at a terminal would; null: no terminal.</param>
    public CliRun Run(TimeProvider clock, Func<string, bool>? confirm, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr)
        {
            Interactive = confirm is not null,
            Confirm = confirm,
            Environment = name => name == "AOVPN_GRAPH_ACCESS_TOKEN" ? Token : null,
            HistoryStorePath = StorePath,
            ConfigureLogs = ConfigureLogs,
            ConfigureReport = o => o.Export.Delay = (_, _) => Task.CompletedTask,
        };
        var exit = CliApp.Run(args, console, clock).GetAwaiter().GetResult();
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    public CliRun Run(params string[] args) => Run(TimeProvider.System, null, args);

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        Directory.Delete(StoreFolder, recursive: true);
    }
}
