using System.Text;
using AovpnRemediations.Contracts;
using AovpnRemediations.Graph;
using AovpnRemediations.GraphEmulator;
using AovpnRemediations.Publish.Apply;
using AovpnRemediations.Publish.Planning;
using AovpnRemediations.Publish.Rendering;
using AovpnRemediations.Publish.TenantCheck;

namespace AovpnRemediations.Publish.Tests;

/// <summary>
/// The result of one run of the stage, with the emulator's counts for that run only. <see cref="Failure"/> is what the
/// stage threw (the CLI turns it into an exit code); <see cref="Error"/> holds the verbose log and the failure, redacted.
/// </summary>
internal sealed record Run(Exception? Failure, bool Changes, string Out, string Error, int Requests, int Writes, IReadOnlyList<LoggedRequest> Log)
{
    public bool Ok => Failure is null;

    public override string ToString() => $"{(Ok ? "ok" : "failed: " + Failure!.GetType().Name)}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>
/// An emulator on 127.0.0.1 seeded like a small tenant, and the publish stage run against it in the order its host
/// runs it (read output/, connect, plan, print, apply), capturing what it prints. Waits (retry backoff, Retry-After)
/// are recorded instead of slept.
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
        RunAsync(verbose, async (graph, packages, stdout) =>
        {
            _ = detailed; // --detailed-exitcode is the CLI's; the stage reports whether changes are pending either way
            var plan = await Publisher.PlanAsync(graph, packages, new PlanOptions(prune, adopt), CancellationToken.None);
            stdout.Write(json ? PlanJson.Render(plan, graph.Root) + Environment.NewLine : PlanText.Render(plan, graph.Root));
            return plan.HasChanges;
        }, output);

    public Task<Run> ApplyAsync(string output, bool prune = false, bool adopt = false, bool verbose = false, CancellationToken cancellationToken = default, string? justification = null) =>
        RunAsync(verbose, async (graph, packages, stdout) =>
        {
            var plan = await Publisher.PlanAsync(graph, packages, new PlanOptions(prune, adopt), cancellationToken);
            stdout.Write(PlanText.Render(plan, graph.Root));
            if (plan.HasChanges)
            {
                stdout.WriteLine(ApplyText.Summary(await Publisher.ApplyAsync(graph, plan, new PlainProgress(stdout), new ApplyOptions(justification), cancellationToken)));
            }

            return plan.HasChanges;
        }, output);

    /// <summary>Checks the MFA service principals and, with <paramref name="fix"/>, fixes what is wrong and checks again.</summary>
    public Task<Run> TenantCheckAsync(bool fix) =>
        RunAsync(verbose: true, async (graph, _, stdout) =>
        {
            var statuses = await TenantChecker.CheckAsync(graph, CancellationToken.None);
            var problems = statuses.Where(s => s.State != PrincipalState.Ok).ToList();
            foreach (var line in TenantCheckText.Lines(statuses))
            {
                stdout.WriteLine(line);
            }

            if (fix)
            {
                foreach (var problem in problems)
                {
                    await TenantChecker.FixAsync(graph, problem, CancellationToken.None);
                }
            }

            return problems.Count > 0;
        });

    public int ScriptsWithMarker(string packageId) =>
        State.SnapshotScripts().Count(s => !s.IsGlobalScript && s.Description.Contains(OwnershipMarker.ForPackage(packageId), StringComparison.Ordinal));

    private async Task<Run> RunAsync(bool verbose, Func<GraphConnection, IReadOnlyList<Output.PackageDefinition>, TextWriter, Task<bool>> stage, string? output = null)
    {
        var before = Emulator.Log.Entries.Count;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var redactor = new Redactor();
        Exception? failure = null;
        var changes = false;
        Func<string, string?> environment = name => name switch
        {
            "AOVPN_GRAPH_ACCESS_TOKEN" => Token,
            "AZURE_CLIENT_SECRET" => ClientSecret,
            _ => null,
        };
        try
        {
            // As the CLI does: output/ is read (and refused) before any request is made.
            var packages = output is null ? [] : Publisher.ReadOutput(output, null);
            using var graph = GraphConnector.Connect(new GraphSettings(Emulator.BaseUrl, verbose), environment, interactive: false, stderr, redactor, options =>
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
            });
            changes = await stage(graph, packages, stdout);
        }
        catch (Exception ex)
        {
            failure = ex;
            stderr.WriteLine("error: " + redactor.Describe(ex));
        }

        var log = Emulator.Log.Entries.Skip(before).ToList();
        var run = new Run(failure, changes, stdout.ToString(), stderr.ToString(), log.Count(e => !e.InBatch), log.Count(e => e.IsWrite), log);
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
