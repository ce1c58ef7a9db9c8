using System.Text.Json;
using AovpnRemediations.History.LogAnalytics;
using AovpnRemediations.History.Model;
using AovpnRemediations.TestSupport;
using AovpnRemediations.TestSupport.LogsIngestion;
using Azure.Core;
using Xunit.Abstractions;
using static AovpnRemediations.History.Tests.TestStore;

namespace AovpnRemediations.History.Tests;

public sealed class LogAnalyticsSinkTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly RunContext Run = new("run-0001", Package, Policy, "export", Monday);
    private readonly List<TimeSpan> _delays = [];
    private LogsIngestionEmulator _emulator = null!;
    private readonly RecordingCredential _credential = new();

    public async Task InitializeAsync() => _emulator = await LogsIngestionEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Every_row_arrives_in_gzipped_batches_under_1_MB_with_a_monitor_token_and_the_declared_columns()
    {
        var result = await SendAsync(new SyntheticFleet(20_000).Rows(3));

        Assert.Equal(20_000, _emulator.Rows.Count);
        Assert.Equal(20_000, result.Rows);
        Assert.True(result.Batches > 3, $"{result.Batches} batches");
        Assert.All(_emulator.Log, r =>
        {
            Assert.Equal(204, r.Status);
            Assert.True(r.Gzip);
            Assert.InRange(r.JsonBytes, 1, 1_000_000);
        });
        Assert.Equal(result.Batches, _emulator.Log.Count);
        Assert.True(result.SentBytes * 4 < result.JsonBytes, "gzip should shrink device rows several times");
        Assert.Equal([LogAnalyticsOptions.Scope], _credential.Scopes.Distinct());
        Assert.Equal(1, _credential.Calls);

        var row = _emulator.Rows.First(r => r.GetProperty("Findings").GetArrayLength() > 0);
        Assert.Equal(LogAnalyticsRows.Columns.Select(c => c.Name), row.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("run-0001:aovpn-trusted-cas:", row.GetProperty("RowKey").GetString(), StringComparison.Ordinal);
        Assert.Equal("issue", row.GetProperty("ResultStatus").GetString());
        Assert.Contains("AOVPN", row.GetProperty("FindingCodes").GetString(), StringComparison.Ordinal);
        Assert.Equal(20_000, _emulator.Rows.Select(r => r.GetProperty("RowKey").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Throttling_unavailability_and_a_dropped_connection_are_retried_honouring_Retry_After()
    {
        _emulator.Faults.Enqueue(IngestionFault.TooManyRequests);
        _emulator.Faults.Enqueue(IngestionFault.ServiceUnavailable);
        _emulator.Faults.Enqueue(IngestionFault.Drop);
        var result = await SendAsync(new SyntheticFleet(3_000).Rows(3));

        Assert.Equal(3_000, _emulator.Rows.Count);
        Assert.Equal(3, result.Retries);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], _delays);
        Assert.Equal(["429", "503", "drop"], _emulator.Log.Where(r => r.Fault is not null).Select(r => r.Fault!));
    }

    [Fact]
    public async Task A_batch_taken_but_unanswered_arrives_twice_and_its_rows_share_their_keys()
    {
        _emulator.Faults.Enqueue(IngestionFault.DropAfterAccepting);
        await SendAsync(new SyntheticFleet(500).Rows(3));

        var keys = _emulator.Rows.Select(r => r.GetProperty("RowKey").GetString()).ToList();
        Assert.Equal(1_000, keys.Count);
        Assert.Equal(500, keys.Distinct().Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Under_30_percent_random_faults_every_row_arrives_and_copies_of_a_row_share_its_key(int seed)
    {
        _emulator.FailAtRandom(0.30, seed);
        var fleet = new SyntheticFleet(20_000).Rows(3).ToList();
        var result = await SendAsync(fleet, batchBytes: 100_000);

        var requests = _emulator.Log.ToList();
        var faulted = requests.Count(r => r.Fault is not null);
        Assert.InRange(faulted / (double)requests.Count, 0.2, 0.4);
        Assert.Equal(Enum.GetValues<IngestionFault>().Length, requests.Where(r => r.Fault is not null).Select(r => r.Fault).Distinct().Count());
        Assert.Equal(faulted, result.Retries);
        Assert.Equal(fleet.Count, result.Rows);

        // Nothing lost: every device's key arrived. Nothing duplicated by key: a key that arrived twice came from a batch
        // taken and then unanswered, and both copies are the same row, so keeping one row per key gives exactly the fleet.
        var byKey = _emulator.Rows.GroupBy(r => r.GetProperty("RowKey").GetString()!, StringComparer.Ordinal).ToList();
        Assert.Equal(fleet.Select(r => $"run-0001:{Package}:{r.DeviceId}").Order(StringComparer.Ordinal), byKey.Select(g => g.Key).Order(StringComparer.Ordinal));
        Assert.All(byKey, g => Assert.Single(g.Select(r => r.GetRawText()).Distinct(StringComparer.Ordinal)));
        Assert.Equal(requests.Where(r => r.Fault == "drop-after-accepting").Sum(r => r.Rows), _emulator.Rows.Count - fleet.Count);

        // The rows of the last batch, and only those, say the run reached the table whole.
        var last = byKey.Where(g => g.First().GetProperty("LastBatch").GetBoolean()).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(requests.Last().Rows, last.Count);
        Assert.Equal(fleet.TakeLast(last.Count).Select(r => $"run-0001:{Package}:{r.DeviceId}"), last.Order(StringComparer.Ordinal));
        output.WriteLine($"seed {seed}: {result.Batches} batches in {requests.Count} requests, {faulted} faults "
            + $"({string.Join(", ", requests.Where(r => r.Fault is not null).GroupBy(r => r.Fault).Select(g => $"{g.Count()} {g.Key}"))}); "
            + $"{_emulator.Rows.Count - fleet.Count} rows arrived twice");
    }

    [Fact]
    public async Task A_service_that_stays_unavailable_fails_the_upload_after_the_last_try()
    {
        for (var i = 0; i < 10; i++)
        {
            _emulator.Faults.Enqueue(IngestionFault.ServiceUnavailable);
        }

        var e = await Assert.ThrowsAsync<LogAnalyticsException>(() => SendAsync(new SyntheticFleet(10).Rows(3), attempts: 4));
        Assert.Contains("after 4 tries", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("incomplete run", e.Message, StringComparison.Ordinal); // nothing was taken: no run in the table
        Assert.Equal(4, _emulator.Log.Count);
    }

    [Fact]
    public async Task An_upload_cut_short_by_an_outage_leaves_rows_none_of_which_says_the_run_is_whole()
    {
        _emulator.OutageAfterTaken = 3;
        var e = await Assert.ThrowsAsync<LogAnalyticsException>(() => SendAsync(new SyntheticFleet(3_000).Rows(3), batchBytes: 100_000));

        Assert.Contains("after 6 tries", e.Message, StringComparison.Ordinal);
        Assert.Contains("incomplete run", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, _emulator.Log.Count(r => r.Status == 204));
        Assert.Equal(_emulator.Rows.Count, _emulator.Log.Where(r => r.Status == 204).Sum(r => r.Rows));
        Assert.InRange(_emulator.Rows.Count, 1, 2_999);
        Assert.All(_emulator.Rows, r => Assert.False(r.GetProperty("LastBatch").GetBoolean()));
    }

    [Fact]
    public async Task One_batch_is_the_last_and_all_its_rows_say_so()
    {
        await SendAsync(new SyntheticFleet(50).Rows(3));

        Assert.Single(_emulator.Log);
        Assert.All(_emulator.Rows, r => Assert.True(r.GetProperty("LastBatch").GetBoolean()));
        Assert.Equal(50, _emulator.Rows.Count);
    }

    [Fact]
    public async Task A_refused_token_is_fetched_again_once_and_then_reported()
    {
        _credential.Token = "wrong";
        var e = await Assert.ThrowsAsync<LogAnalyticsException>(() => SendAsync(new SyntheticFleet(10).Rows(3)));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, e.Status);
        Assert.Equal(2, _credential.Calls);
    }

    [Fact]
    public async Task A_wrong_rule_id_is_a_clear_error_without_retries()
    {
        var e = await Assert.ThrowsAsync<LogAnalyticsException>(() => SendAsync(new SyntheticFleet(10).Rows(3), dcr: "dcr-wrong"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, e.Status);
        Assert.Contains("immutable id", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("incomplete run", e.Message, StringComparison.Ordinal);
        Assert.Single(_emulator.Log);
    }

    [Fact]
    public async Task Fields_over_64_KB_are_cut_and_named_and_the_row_is_still_taken()
    {
        var many = Enumerable.Range(0, 2_000).Select(i => new SnapshotFinding("AOVPN2001", "RootMissing", [new("thumbprint", new string('A', 40) + i)])).ToArray();
        var result = await SendAsync([
            Device("d1", Monday) with { DeviceName = new string('x', 100_000) },
            Device("d2", Monday, many),
            Device("d3", Monday) with { UserPrincipalName = new string('"', 20_000) },
        ]);

        Assert.Equal(3, result.RowsWithCutFields);
        var rows = _emulator.Rows.ToDictionary(r => r.GetProperty("DeviceId").GetString()!);
        Assert.Equal("DeviceName", rows["d1"].GetProperty("CutFields").GetString());
        Assert.InRange(rows["d1"].GetProperty("DeviceName").GetString()!.Length, 60_000, 64 * 1024);
        Assert.Equal("Findings", rows["d2"].GetProperty("CutFields").GetString());
        Assert.InRange(rows["d2"].GetProperty("Findings").GetArrayLength(), 500, 1_999);
        Assert.Equal("UserPrincipalName", rows["d3"].GetProperty("CutFields").GetString());
    }

    [Fact]
    public void The_rows_columns_are_the_shipped_rules_stream_declaration_and_the_table_has_them_all()
    {
        Assert.Equal(LogAnalyticsRows.Columns.ToDictionary(c => c.Name, c => c.Type), LogsIngestionEmulator.DcrColumns());
        using var table = JsonDocument.Parse(File.ReadAllText(Repository.Path("docs", "history", "table.json")));
        var columns = table.RootElement.GetProperty("properties").GetProperty("schema").GetProperty("columns").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("type").GetString()!);
        Assert.All(LogAnalyticsRows.Columns, c => Assert.Equal(c.Type, columns[c.Name]));
        Assert.Equal(LogAnalyticsRows.TableName, table.RootElement.GetProperty("properties").GetProperty("schema").GetProperty("name").GetString());
    }

    private async Task<LogAnalyticsResult> SendAsync(IEnumerable<DeviceSnapshotRow> rows, int? attempts = null, string dcr = LogsIngestionEmulator.DcrId, int batchBytes = 1_000_000)
    {
        var options = new LogAnalyticsOptions(_emulator.Endpoint, dcr) { MaxBatchBytes = batchBytes };
        options = options with
        {
            MaxAttempts = attempts ?? options.MaxAttempts,
            FirstRetryDelay = TimeSpan.FromSeconds(1),
            Delay = (d, _) =>
            {
                lock (_delays)
                {
                    _delays.Add(d);
                }

                return Task.CompletedTask;
            },
        };
        await using var sink = new LogAnalyticsSink(options, _credential, Run);
        foreach (var row in rows)
        {
            sink.Add(row);
        }

        return await sink.CompleteWithResultAsync(CancellationToken.None);
    }

    private sealed class RecordingCredential : TokenCredential
    {
        public string Token { get; set; } = LogsIngestionEmulator.DefaultToken;

        public List<string> Scopes { get; } = [];

        public int Calls { get; private set; }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Calls++;
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
