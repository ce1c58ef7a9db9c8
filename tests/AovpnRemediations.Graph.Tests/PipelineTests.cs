using System.Text.Json.Nodes;
using AovpnRemediations.Graph.Credentials;
using AovpnRemediations.Graph.Pipeline;
using AovpnRemediations.GraphEmulator;
using Azure.Core;

namespace AovpnRemediations.Graph.Tests;

/// <summary>The shared pipeline against the emulator over real HTTP.</summary>
public sealed class PipelineTests : IAsyncLifetime
{
    private const string Token = "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJwaXBlbGluZSJ9.cGlwZWxpbmUtc2VjcmV0LXNpZw";
    private readonly GraphEmulator.GraphEmulator _emulator = new(new EmulatorOptions { PageSize = 2, Delay = (_, _) => Task.CompletedTask });
    private readonly List<string> _log = [];
    private readonly List<TimeSpan> _waits = [];

    public async Task InitializeAsync()
    {
        _emulator.State.AddRoleScopeTag("Default", "0");
        for (var i = 0; i < 5; i++)
        {
            _emulator.State.AddGroup($"Group {i}");
        }

        for (var i = 0; i < 45; i++)
        {
            _emulator.State.AddScript($"Script {i}", "d", "exit 0\r\n"u8.ToArray());
        }

        await _emulator.StartAsync();
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private readonly ManualClock _clock = new();

    private GraphConnection Connect(TokenCredential? credential = null, int maxWrites = 180) => new(new GraphConnectionOptions
    {
        Time = _clock,
        WriteWait = (wait, _) =>
        {
            _clock.Now += wait;
            return Task.CompletedTask;
        },
        BaseUrl = _emulator.BaseUrl,
        Credential = credential ?? new StaticTokenCredential(Token),
        Log = line =>
        {
            lock (_log)
            {
                _log.Add(line);
            }
        },
        MaxWritesPerWindow = maxWrites,
        Retry = new RetryPolicy
        {
            MaxRetries = 8,
            Random = new Random(1),
            Delay = (wait, _) =>
            {
                lock (_waits)
                {
                    _waits.Add(wait);
                }

                return Task.CompletedTask;
            },
        },
    });

    [Fact]
    public async Task Lists_follow_nextLink_to_the_end()
    {
        using var graph = Connect();
        var all = await graph.Http.ListAsync<Beta.DeviceHealthScript>("beta/deviceManagement/deviceHealthScripts", CancellationToken.None);
        Assert.Equal(45, all.Count);
        Assert.Equal(23, _emulator.Log.Entries.Count);
        Assert.All(all, s => Assert.Null(s.DetectionScriptContent)); // the list omits content
    }

    [Fact]
    public async Task Batch_sends_20_per_envelope_and_retries_throttled_inner_requests_one_by_one()
    {
        using var graph = Connect();
        var ids = _emulator.State.SnapshotScripts().Select(s => s.Id).ToList();
        _emulator.Faults.FailureRate = 0.3;
        _emulator.Faults.WeightDropped = 0;
        var results = await graph.Http.BatchAsync("beta", ids.Select(id => BatchItem.Get($"/deviceManagement/deviceHealthScripts/{id}")).ToList(), CancellationToken.None);

        Assert.Equal(45, results.Count);
        Assert.All(results, r => Assert.Equal(200, r.Status));
        Assert.Equal(ids, results.Select(r => (string?)r.Body!["id"]));
        Assert.All(results, r => Assert.NotNull((string?)r.Body!["detectionScriptContent"]));
        var envelopes = _emulator.Log.Entries.Count(e => e.Path.EndsWith("$batch", StringComparison.Ordinal) && e.Status == 200);
        Assert.Equal(3, envelopes);
        var innerThrottled = _emulator.Log.Entries.Count(e => e.InBatch && e.Fault is not null);
        Assert.True(innerThrottled > 0);
        Assert.True(_emulator.Log.Entries.Count(e => !e.InBatch && e.Path.StartsWith("/beta/deviceManagement/deviceHealthScripts/", StringComparison.Ordinal)) >= innerThrottled);
        Assert.Equal(0, _emulator.Log.WriteCount); // a $batch of GETs is no write
    }

    [Fact]
    public async Task Retries_honour_Retry_After_and_back_off_with_jitter_otherwise()
    {
        using var graph = Connect();
        _emulator.Faults.FailureRate = 0.5;
        _emulator.Faults.RetryAfterSeconds = 3;
        _emulator.Faults.WeightDropped = 0;
        for (var i = 0; i < 20; i++)
        {
            await graph.Http.GetAsync<JsonObject>("beta/deviceManagement/roleScopeTags", CancellationToken.None);
        }

        var throttled = _emulator.Log.Entries.Count(e => e.Fault == "429");
        var unavailable = _emulator.Log.Entries.Count(e => e.Fault == "503");
        Assert.True(throttled > 0 && unavailable > 0);
        Assert.Equal(throttled, _waits.Count(w => w == TimeSpan.FromSeconds(3)));
        var backoffs = _waits.Where(w => w != TimeSpan.FromSeconds(3)).ToList();
        Assert.Equal(unavailable, backoffs.Count);
        Assert.All(backoffs, w => Assert.InRange(w, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(60)));
        Assert.True(backoffs.Distinct().Count() > 1 || backoffs.Count == 1); // jittered
        Assert.Contains(_log, l => l.Contains("-> 429", StringComparison.Ordinal) && l.Contains("(attempt 1)", StringComparison.Ordinal));
        Assert.Contains(_log, l => l.Contains("-> 200", StringComparison.Ordinal) && l.Contains("(attempt 2)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dropped_connections_are_retried_for_reads_but_a_create_reports_an_unknown_outcome()
    {
        using var graph = Connect();
        _emulator.Faults.FailureRate = 1;
        _emulator.Faults.Weight429 = 0;
        _emulator.Faults.Weight503 = 0;
        var drops = 0;
        _emulator.Log.Logged += e =>
        {
            if (e.Fault is not null && ++drops == 3)
            {
                _emulator.Faults.FailureRate = 0;
            }
        };
        var tags = await graph.Http.GetAsync<JsonObject>("beta/deviceManagement/roleScopeTags", CancellationToken.None);
        Assert.NotNull(tags["value"]);
        Assert.Equal(3, drops);

        _emulator.Faults.FailureRate = 1;
        var body = new Beta.DeviceHealthScript { DisplayName = "x", DetectionScriptContent = Convert.ToBase64String("exit 0"u8.ToArray()) };
        var ex = await Assert.ThrowsAsync<GraphOutcomeUnknownException>(() =>
            graph.Http.SendOrThrowAsync(HttpMethod.Post, "beta/deviceManagement/deviceHealthScripts", body, idempotent: false, CancellationToken.None));
        Assert.Contains("unknown", ex.Message, StringComparison.Ordinal);
        Assert.Single(_emulator.Log.Entries, e => e.Method == "POST"); // not repeated blindly
    }

    [Fact]
    public async Task V1_calls_share_the_pipeline_and_the_emulator_refuses_requests_without_a_token()
    {
        using var graph = Connect();
        var path = V1.DirectoryObjects.Query(V1.DirectoryObjects.Groups, "displayName eq " + V1.DirectoryObjects.Literal("Group 3"), "id,displayName", top: 2);
        var groups = await graph.Http.GetAsync<Beta.GraphPage<V1.Group>>(path, CancellationToken.None);
        Assert.Equal("Group 3", Assert.Single(groups.Value).DisplayName);
        Assert.Contains(_log, l => l.StartsWith("GET ", StringComparison.Ordinal) && l.Contains("/v1.0/groups", StringComparison.Ordinal));
        Assert.Contains(_emulator.Log.Entries, e => e.Path.StartsWith("/v1.0/groups?$filter=", StringComparison.Ordinal));

        using var anonymous = new HttpClient();
        var response = await anonymous.GetAsync(new Uri(_emulator.BaseUrl, "/v1.0/groups"));
        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_name_with_quotes_and_ampersands_stays_one_filter_value()
    {
        _emulator.State.AddGroup("R&D 'Pilot' #2");
        using var graph = Connect();
        var path = V1.DirectoryObjects.Query(V1.DirectoryObjects.Groups, "displayName eq " + V1.DirectoryObjects.Literal("R&D 'Pilot' #2"), "id,displayName");
        var groups = await graph.Http.GetAsync<Beta.GraphPage<V1.Group>>(path, CancellationToken.None);
        Assert.Equal("R&D 'Pilot' #2", Assert.Single(groups.Value).DisplayName);
    }

    [Fact]
    public async Task Writes_pass_the_write_limiter_and_the_token_never_reaches_the_log()
    {
        using var graph = Connect(maxWrites: 2);
        var id = _emulator.State.SnapshotScripts()[0].Id;
        for (var i = 0; i < 5; i++)
        {
            await graph.Http.SendOrThrowAsync(HttpMethod.Patch, $"beta/deviceManagement/deviceHealthScripts/{id}", new JsonObject { ["publisher"] = $"p{i}" }, idempotent: true, CancellationToken.None);
        }

        Assert.True(graph.WriteLimiter.Waited > TimeSpan.Zero);
        Assert.Equal(5, _emulator.Log.WriteCount);
        Assert.All(_log, l => Assert.DoesNotContain(Token, l, StringComparison.Ordinal));
        Assert.All(_log, l => Assert.DoesNotContain("cGlwZWxpbmUtc2VjcmV0LXNpZw", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_credential_failure_is_described_without_its_secret()
    {
        var redactor = new Redactor();
        redactor.AddSecret("my-client-secret-value");
        using var graph = new GraphConnection(new GraphConnectionOptions
        {
            BaseUrl = _emulator.BaseUrl,
            Credential = new FailingCredential(),
            Redactor = redactor,
        });
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => graph.Http.GetAsync<JsonObject>("beta/deviceManagement/roleScopeTags", CancellationToken.None));
        var text = redactor.Describe(ex);
        Assert.Contains("AADSTS7000215", text, StringComparison.Ordinal);
        Assert.DoesNotContain("my-client-secret-value", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_are_chosen_from_the_environment_in_order()
    {
        static Func<string, string?> Env(params (string Name, string Value)[] values) =>
            name => values.FirstOrDefault(v => v.Name == name).Value;

        var token = GraphCredentials.FromEnvironment(Env(("AOVPN_GRAPH_ACCESS_TOKEN", "tok-123456"), ("AZURE_CLIENT_SECRET", "sec-123456")), interactive: true, _ => { });
        Assert.IsType<StaticTokenCredential>(token.Credential);
        Assert.Contains("tok-123456", token.Secrets);
        Assert.Contains("sec-123456", token.Secrets);

        var app = GraphCredentials.FromEnvironment(Env(("AZURE_TENANT_ID", "t"), ("AZURE_CLIENT_ID", "c"), ("AZURE_CLIENT_SECRET", "s")), interactive: true, _ => { });
        Assert.IsType<Azure.Identity.EnvironmentCredential>(app.Credential);
        var cert = GraphCredentials.FromEnvironment(Env(("AZURE_TENANT_ID", "t"), ("AZURE_CLIENT_ID", "c"), ("AZURE_CLIENT_CERTIFICATE_PATH", "/x.pem")), interactive: false, _ => { });
        Assert.IsType<Azure.Identity.EnvironmentCredential>(cert.Credential);
        Assert.Contains("certificate", cert.Description, StringComparison.Ordinal);
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(GraphCredentials.FromEnvironment(Env(), interactive: false, _ => { }).Credential);
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(GraphCredentials.FromEnvironment(Env(("IDENTITY_ENDPOINT", "http://x")), interactive: true, _ => { }).Credential);
        Assert.IsType<Azure.Identity.DeviceCodeCredential>(GraphCredentials.FromEnvironment(Env(), interactive: true, _ => { }).Credential);
    }

    [Fact]
    public void The_pipeline_retries_outside_the_write_budget_the_token_and_redirects_and_logs_innermost()
    {
        var handlers = GraphConnection.BuildHandlers(new GraphConnectionOptions { Credential = new StaticTokenCredential("x"), Log = _ => { } }, ["s"], new WriteLimiter(1, TimeSpan.FromSeconds(1)));
        var names = handlers.Select(h => h.GetType().Name).ToList();
        Assert.Equal(
            [nameof(ClientHeadersHandler), nameof(GraphRetryHandler), nameof(WriteLimiterHandler), nameof(AuthorizationHeaderHandler), nameof(RedirectHandler), nameof(RequestLogHandler)],
            names);
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class FailingCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new Azure.Identity.AuthenticationFailedException("AADSTS7000215: Invalid client secret provided: my-client-secret-value");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new Azure.Identity.AuthenticationFailedException("AADSTS7000215: Invalid client secret provided: my-client-secret-value");
    }
}
