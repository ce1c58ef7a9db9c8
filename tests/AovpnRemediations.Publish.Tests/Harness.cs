using System.Text;
using AovpnRemediations.GraphEmulator;

namespace AovpnRemediations.Publish.Tests;

/// <summary>The result of one command run, with the emulator's counts for that run only.</summary>
internal sealed record Run(int ExitCode, string Out, string Error, int Requests, int Writes, IReadOnlyList<LoggedRequest> Log)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>
/// An emulator on 127.0.0.1 seeded like a small tenant, and a way to run plan/apply/tenant check against it the way
/// the CLI does, capturing stdout/stderr. Waits (retry backoff, Retry-After) are recorded instead of slept.
/// </summary>
internal sealed class Harness : IAsyncDisposable
{
    /// <summary>A JWT-shaped token and a client secret: neither may appear in any output.</summary>
    public const string Token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2VjcmV0LXNpZ25hdHVyZS00NzEx";
    public const string ClientSecret = "Zq8~client.secret-VALUE_0042";

    private readonly StringBuilder _allText = new();
    private readonly string _folder;

    private Harness(GraphEmulator.GraphEmulator emulator)
    {
        Emulator = emulator;
        _folder = Path.Combine(Path.GetTempPath(), "aovpn-publish-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(_folder);
    }

    public GraphEmulator.GraphEmulator Emulator { get; }

    public EmulatorState State => Emulator.State;

    public List<TimeSpan> Waits { get; } = [];

    /// <summary>Everything any run printed, to look for secrets in.</summary>
    public string AllText => _allText.ToString();

    public string Folder(string name) => Path.Combine(_folder, name);

    public static async Task<Harness> StartAsync(int pageSize = 100)
    {
        var emulator = new GraphEmulator.GraphEmulator(new EmulatorOptions { PageSize = pageSize, Delay = (_, _) => Task.CompletedTask });
        var harness = new Harness(emulator);
        harness.State.AddRoleScopeTag("Default", "0");
        harness.State.AddGroup("AOVPN Devices");
        harness.State.AddGroup("AOVPN Users");
        harness.State.AddGroup("AOVPN Pilot");
        harness.State.AddAssignmentFilter("Windows 11 devices");
        harness.State.AddScript("Restart stopped Office C2R svc", "Microsoft proprietary script", "exit 0\r\n"u8.ToArray(), isGlobalScript: true, publisher: "Microsoft");
        await emulator.StartAsync();
        return harness;
    }

    public Task<Run> PlanAsync(string output, bool json = false, bool detailed = true, bool prune = false, bool adopt = false, bool verbose = false) =>
        RunAsync(c => PublishCommands.PlanAsync(new PlanSettings(output, null, Graph(verbose), json, detailed, prune, adopt), c, CancellationToken.None));

    public Task<Run> ApplyAsync(string output, bool prune = false, bool adopt = false, bool verbose = false, CancellationToken cancellationToken = default) =>
        RunAsync(c => PublishCommands.ApplyAsync(new ApplySettings(output, null, Graph(verbose), prune, adopt, Yes: true), c, cancellationToken));

    public Task<Run> TenantCheckAsync(bool fix, bool yes, Func<string, bool>? confirm = null) =>
        RunAsync(c => PublishCommands.TenantCheckAsync(new TenantCheckSettings(Graph(verbose: true), fix, yes), c, CancellationToken.None), confirm);

    public int ScriptsWithMarker(string packageId) =>
        State.SnapshotScripts().Count(s => !s.IsGlobalScript && s.Description.Contains($"[managed-by:aovpn-remediations package:{packageId}]", StringComparison.Ordinal));

    private GraphSettings Graph(bool verbose) => new(Emulator.BaseUrl, verbose);

    private async Task<Run> RunAsync(Func<PublishConsole, Task<int>> command, Func<string, bool>? confirm = null)
    {
        var before = Emulator.Log.Entries.Count;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new PublishConsole
        {
            Out = stdout,
            Error = stderr,
            Interactive = confirm is not null,
            Confirm = confirm,
            Environment = name => name switch
            {
                "AOVPN_GRAPH_ACCESS_TOKEN" => Token,
                "AZURE_CLIENT_SECRET" => ClientSecret,
                _ => null,
            },
            ConfigureGraph = options =>
            {
                options.Retry.Delay = (wait, _) =>
                {
                    lock (Waits)
                    {
                        Waits.Add(wait);
                    }

                    return Task.CompletedTask;
                };
                options.Retry.MaxRetries = 8;
            },
        };
        var exit = await command(console);
        var log = Emulator.Log.Entries.Skip(before).ToList();
        var run = new Run(exit, stdout.ToString(), stderr.ToString(), log.Count(e => !e.InBatch), log.Count(e => e.IsWrite), log);
        lock (_allText)
        {
            _allText.Append(run.Out).Append(run.Error);
        }

        return run;
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
