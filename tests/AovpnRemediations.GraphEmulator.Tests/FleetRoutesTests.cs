using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AovpnRemediations.GraphEmulator.Fleet;

namespace AovpnRemediations.GraphEmulator.Tests;

/// <summary>The fleet-report routes: run states, run summary, history and the export job, over real HTTP.</summary>
public sealed class FleetRoutesTests : IAsyncLifetime
{
    private static readonly FleetPackage Package = new("aovpn-trusted-cas", "766d5d82", true,
        [new FleetCode("AOVPN2001", "RootCaMissing", ["thumbprint", "subject"]), new FleetCode("AOVPN2002", "IntermediateCaMissing", ["thumbprint", "subject"])]);

    private readonly GraphEmulator _emulator = new(new EmulatorOptions { PageSize = 40, Delay = (_, _) => Task.CompletedTask });
    private readonly HttpClient _http = new();
    private readonly string _exports = Path.Combine(Path.GetTempPath(), "aovpn-emulator-tests-" + Guid.NewGuid().ToString("N"));
    private SyntheticFleet _fleet = null!;
    private string _id = "";

    public async Task InitializeAsync()
    {
        _id = _emulator.State.AddScript("AOVPN - CAs", "[managed-by:aovpn-remediations package:aovpn-trusted-cas]", "exit 0"u8.ToArray());
        _fleet = new SyntheticFleet(Package, 100, seed: 3, _emulator.State.Now);
        _emulator.Fleets.Attach(_id, _fleet);
        _emulator.Fleets.ExportFolder = _exports;
        _http.BaseAddress = await _emulator.StartAsync();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "any-token");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
        if (Directory.Exists(_exports))
        {
            Directory.Delete(_exports, recursive: true);
        }
    }

    private async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task Run_states_are_paged_with_next_links_and_expand_the_managed_device()
    {
        var path = $"beta/deviceManagement/deviceHealthScripts/{_id}/deviceRunStates?$expand=managedDevice";
        var names = new List<string>();
        for (var pages = 0; path is not null; pages++)
        {
            Assert.True(pages < 5);
            var (status, body) = await SendAsync(HttpMethod.Get, path);
            Assert.Equal(200, status);
            foreach (var state in body!["value"]!.AsArray())
            {
                names.Add((string)state!["managedDevice"]!["deviceName"]!);
                Assert.NotNull((string?)state["detectionState"]);
            }

            path = (string?)body["@odata.nextLink"];
        }

        Assert.Equal(_fleet.Devices().Select(d => d.DeviceName), names);
        var (_, plain) = await SendAsync(HttpMethod.Get, $"beta/deviceManagement/deviceHealthScripts/{_id}/deviceRunStates");
        Assert.Null(plain!["value"]![0]!["managedDevice"]);
    }

    [Fact]
    public async Task Run_summary_counts_the_fleet_and_history_has_thirty_days()
    {
        var (status, summary) = await SendAsync(HttpMethod.Get, $"beta/deviceManagement/deviceHealthScripts/{_id}/runSummary");
        Assert.Equal(200, status);
        var devices = _fleet.Devices().ToList();
        Assert.Equal(devices.Count(d => d.DetectionState == "fail"), (int)summary!["issueDetectedDeviceCount"]!);
        Assert.Equal(devices.Count(d => d.DetectionState == "success"), (int)summary["noIssueDetectedDeviceCount"]!);
        var (_, history) = await SendAsync(HttpMethod.Get, $"beta/deviceManagement/deviceHealthScripts/{_id}/getRemediationHistory");
        Assert.Equal(30, history!["value"]!["historyData"]!.AsArray().Count);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "beta/deviceManagement/deviceHealthScripts/nope/runSummary")).Status);
    }

    [Fact]
    public async Task An_export_job_runs_a_few_polls_then_serves_a_zip_without_a_token()
    {
        var request = new JsonObject
        {
            ["reportName"] = "DeviceRunStatesByProactiveRemediation",
            ["filter"] = $"(PolicyId eq '{_id}')",
            ["select"] = new JsonArray("DeviceId", "DeviceName", "DetectionStatus", "PreRemediationDetectionScriptOutput"),
            ["format"] = "csv",
        };
        var (created, job) = await SendAsync(HttpMethod.Post, "beta/deviceManagement/reports/exportJobs", request);
        Assert.Equal(201, created);
        Assert.Equal("notStarted", (string?)job!["status"]);
        var id = (string)job["id"]!;
        var statuses = new List<string>();
        string? url = null;
        for (var i = 0; i < 5 && url is null; i++)
        {
            var (_, poll) = await SendAsync(HttpMethod.Get, $"beta/deviceManagement/reports/exportJobs('{id}')");
            statuses.Add((string)poll!["status"]!);
            url = (string?)poll["url"];
        }

        Assert.Equal(["inProgress", "inProgress", "inProgress", "completed"], statuses);
        using var anonymous = new HttpClient();
        await using var zip = await anonymous.GetStreamAsync(url);
        using var archive = new ZipArchive(zip);
        using var reader = new StreamReader(Assert.Single(archive.Entries).Open());
        Assert.Equal("DeviceId,DeviceName,DetectionStatus,DetectionStatus_loc,PreRemediationDetectionScriptOutput", await reader.ReadLineAsync());
        Assert.Contains(_fleet.Device(0).DeviceId, await reader.ReadLineAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DeviceRunStatesByProactiveRemediation", "", "DeviceId", "PolicyId is required")]
    [InlineData("DeviceRunStatesByProactiveRemediation", "(PolicyId eq 'x')", "NoSuchColumn", "Unknown column")]
    [InlineData("SomethingElse", "(PolicyId eq 'x')", "DeviceId", "only knows the report")]
    public async Task Bad_export_requests_are_refused(string report, string filter, string column, string message)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "beta/deviceManagement/reports/exportJobs",
            new JsonObject { ["reportName"] = report, ["filter"] = filter, ["select"] = new JsonArray(column), ["format"] = "csv" });
        Assert.Equal(400, status);
        Assert.Contains(message, (string?)body!["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_generator_is_deterministic_and_its_lines_are_compact_ascii_json()
    {
        var again = new SyntheticFleet(Package, 100, seed: 3, _emulator.State.Now);
        Assert.Equal(_fleet.Devices(), again.Devices());
        Assert.All(_fleet.Devices().Select(d => d.PreOutput).OfType<string>(), line => Assert.True(line.All(c => c < 128)));
        Assert.Contains(_fleet.Devices(), d => d.LastStateUpdate < _emulator.State.Now.AddDays(-7));
        Assert.Equal(100, _fleet.Truth.Devices);
    }
}
