using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AovpnRemediations.Contracts;

namespace AovpnRemediations.GraphEmulator.Tests;

/// <summary>The emulator's device routes, its write budget, its permission gate and its Multi Admin Approval mode, over real HTTP.</summary>
public sealed class OperateRoutesTests : IAsyncLifetime
{
    private readonly GraphEmulator _emulator = new(new EmulatorOptions { Delay = (_, _) => Task.CompletedTask });
    private readonly HttpClient _http = new();
    private string _scriptId = "";

    public async Task InitializeAsync()
    {
        _scriptId = _emulator.State.AddScript("AOVPN - user", "x " + OwnershipMarker.ForPackage("aovpn-user-tunnel-cert"), "exit 0\r\n"u8.ToArray());
        _http.BaseAddress = await _emulator.StartAsync();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "any-token");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private async Task<(int Status, JsonNode? Body, HttpResponseHeaders Headers)> SendAsync(HttpMethod method, string path, JsonNode? body = null,
        IReadOnlyDictionary<string, string>? headers = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text), response.Headers);
    }

    private JsonObject Trigger() => new() { ["scriptPolicyId"] = _scriptId };

    [Fact]
    public async Task An_on_demand_run_is_a_pending_device_action_that_is_done_after_a_few_reads_and_replaces_the_last()
    {
        var device = _emulator.State.AddManagedDevice("PC-1");
        Assert.Equal(204, (await SendAsync(HttpMethod.Post, $"/beta/deviceManagement/managedDevices/{device.Id}/initiateOnDemandProactiveRemediation", Trigger())).Status);

        var first = (await SendAsync(HttpMethod.Get, $"/beta/deviceManagement/managedDevices/{device.Id}?$select=id,deviceActionResults")).Body!;
        var action = first["deviceActionResults"]!.AsArray().Single()!;
        Assert.Equal("initiateOnDemandProactiveRemediation", (string?)action["actionName"]);
        Assert.Equal("pending", (string?)action["actionState"]);
        Assert.Null(first["deviceName"]); // $select applied

        var second = (await SendAsync(HttpMethod.Get, $"/beta/deviceManagement/managedDevices/{device.Id}")).Body!;
        Assert.Equal("done", (string?)second["deviceActionResults"]![0]!["actionState"]);
        var runStates = (await SendAsync(HttpMethod.Get, $"/beta/deviceManagement/deviceHealthScripts/{_scriptId}/deviceRunStates?$expand=managedDevice")).Body!;
        var state = runStates["value"]!.AsArray().Single()!;
        Assert.Equal(device.Id, (string?)state["managedDevice"]!["id"]);
        Assert.Contains("\"status\":\"ok\"", (string?)state["preRemediationDetectionScriptOutput"], StringComparison.Ordinal);

        Assert.Equal(204, (await SendAsync(HttpMethod.Post, $"/beta/deviceManagement/managedDevices/{device.Id}/initiateOnDemandProactiveRemediation", Trigger())).Status);
        var third = (await SendAsync(HttpMethod.Get, $"/beta/deviceManagement/managedDevices/{device.Id}")).Body!;
        Assert.Single(third["deviceActionResults"]!.AsArray());
        Assert.Equal(2, _emulator.State.OnDemandRuns.Count);
        Assert.True(_emulator.State.OnDemandRuns[1].Started > _emulator.State.OnDemandRuns[0].Started);

        Assert.Equal(404, (await SendAsync(HttpMethod.Post, "/beta/deviceManagement/managedDevices/00000000-0000-4000-8000-00000000dead/initiateOnDemandProactiveRemediation", Trigger())).Status);
        Assert.Equal(400, (await SendAsync(HttpMethod.Post, $"/beta/deviceManagement/managedDevices/{device.Id}/initiateOnDemandProactiveRemediation", new JsonObject())).Status);
    }

    [Fact]
    public async Task Managed_devices_filter_on_name_and_Entra_device_id_and_groups_list_transitive_members()
    {
        var user = _emulator.State.AddUser("ada@example.net");
        var laptop = _emulator.State.AddManagedDevice("O'BRIEN-PC", user: user);
        var outer = _emulator.State.AddGroup("Outer");
        var inner = _emulator.State.AddGroup("Inner");
        _emulator.State.AddGroupMember(outer, inner);
        _emulator.State.AddGroupMember(inner, _emulator.State.EntraDeviceOf(laptop).ObjectId);
        _emulator.State.AddGroupMember(outer, user.Id);

        var byName = (await SendAsync(HttpMethod.Get, "/beta/deviceManagement/managedDevices?$filter=" + Uri.EscapeDataString("deviceName eq 'O''BRIEN-PC'"))).Body!;
        Assert.Equal(laptop.Id, (string?)byName["value"]![0]!["id"]);
        var byEntra = (await SendAsync(HttpMethod.Get, "/beta/deviceManagement/managedDevices?$filter=" + Uri.EscapeDataString($"azureADDeviceId eq '{laptop.AzureAdDeviceId}'"))).Body!;
        Assert.Single(byEntra["value"]!.AsArray());
        var users = (await SendAsync(HttpMethod.Get, $"/beta/users/{user.Id}/managedDevices")).Body!;
        Assert.Equal(laptop.Id, (string?)users["value"]![0]!["id"]);

        var members = (await SendAsync(HttpMethod.Get, $"/v1.0/groups/{outer}/transitiveMembers")).Body!["value"]!.AsArray();
        Assert.Equal(["#microsoft.graph.device", "#microsoft.graph.group", "#microsoft.graph.user"], members.Select(m => (string)m!["@odata.type"]!).Order());
        Assert.Equal(laptop.AzureAdDeviceId, (string?)members.Single(m => (string?)m!["@odata.type"] == "#microsoft.graph.device")!["deviceId"]);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/v1.0/groups/00000000-0000-4000-8000-00000000dead/transitiveMembers")).Status);

        // Without Device.Read.All, a device member comes back with limited information.
        var limited = (await SendAsync(HttpMethod.Get, $"/v1.0/groups/{outer}/transitiveMembers", token: EmulatorTokens.App("GroupMember.Read.All"))).Body!["value"]!.AsArray();
        Assert.Null(limited.Single(m => (string?)m!["@odata.type"] == "#microsoft.graph.device")!["deviceId"]);
    }

    [Fact]
    public async Task A_token_with_roles_gets_403_on_a_route_it_lacks_the_permission_for()
    {
        var device = _emulator.State.AddManagedDevice("PC-1");
        var reader = EmulatorTokens.App("DeviceManagementManagedDevices.Read.All", "DeviceManagementScripts.Read.All");
        Assert.Equal(200, (await SendAsync(HttpMethod.Get, $"/beta/deviceManagement/managedDevices/{device.Id}", token: reader)).Status);
        var denied = await SendAsync(HttpMethod.Post, $"/beta/deviceManagement/managedDevices/{device.Id}/initiateOnDemandProactiveRemediation", Trigger(), token: reader);
        Assert.Equal(403, denied.Status);
        Assert.Contains("DeviceManagementManagedDevices.PrivilegedOperations.All", (string?)denied.Body!["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(403, (await SendAsync(HttpMethod.Patch, $"/beta/deviceManagement/deviceHealthScripts/{_scriptId}", new JsonObject { ["publisher"] = "x" }, token: reader)).Status);
        Assert.Equal(204, (await SendAsync(HttpMethod.Post, $"/beta/deviceManagement/managedDevices/{device.Id}/initiateOnDemandProactiveRemediation", Trigger(),
            token: EmulatorTokens.App("DeviceManagementManagedDevices.PrivilegedOperations.All"))).Status);
        Assert.Equal(200, (await SendAsync(HttpMethod.Get, "/beta/deviceManagement/deviceHealthScripts", token: "opaque")).Status);
    }

    [Fact]
    public async Task Writes_over_the_budget_get_429_with_the_seconds_until_a_slot_frees()
    {
        var clock = new Clock();
        _emulator.Options.Time = clock;
        _emulator.Options.WriteBudget = new WriteBudget { MaxWrites = 2, Window = TimeSpan.FromSeconds(20) };
        var device = _emulator.State.AddManagedDevice("PC-1");
        var path = $"/beta/deviceManagement/managedDevices/{device.Id}/initiateOnDemandProactiveRemediation";
        Assert.Equal(204, (await SendAsync(HttpMethod.Post, path, Trigger())).Status);
        clock.Now += TimeSpan.FromSeconds(5);
        Assert.Equal(204, (await SendAsync(HttpMethod.Post, path, Trigger())).Status);
        var throttled = await SendAsync(HttpMethod.Post, path, Trigger());
        Assert.Equal(429, throttled.Status);
        Assert.Equal(TimeSpan.FromSeconds(15), throttled.Headers.RetryAfter!.Delta);
        Assert.Equal(200, (await SendAsync(HttpMethod.Get, $"/beta/deviceManagement/managedDevices/{device.Id}")).Status); // reads are not writes
        clock.Now += TimeSpan.FromSeconds(15);
        Assert.Equal(204, (await SendAsync(HttpMethod.Post, path, Trigger())).Status);
        Assert.Equal(1, _emulator.BudgetThrottled);
        Assert.Equal("budget", _emulator.Log.Entries.Single(e => e.Status == 429).Fault);
    }

    [Fact]
    public async Task Approval_mode_asks_for_a_justification_then_holds_the_write_until_approved_and_completes_it_once()
    {
        _emulator.Options.Approvals.Enabled = true;
        var path = $"/beta/deviceManagement/deviceHealthScripts/{_scriptId}";
        var patch = new JsonObject { ["publisher"] = "Approved Publisher" };

        var bare = await SendAsync(HttpMethod.Patch, path, patch);
        Assert.Equal(400, bare.Status);
        Assert.Equal("Header 'x-msft-approval-justification' is required to request approval", (string?)bare.Body!["error"]!["message"]);
        Assert.Equal(400, (await SendAsync(HttpMethod.Patch, path, patch, new Dictionary<string, string> { ["x-msft-approval-justification"] = "not base64!" })).Status);

        var justified = new Dictionary<string, string> { ["x-msft-approval-justification"] = Convert.ToBase64String("CHG1 new publisher"u8.ToArray()) };
        var asked = await SendAsync(HttpMethod.Patch, path, patch, justified);
        Assert.Equal(412, asked.Status);
        var code = asked.Headers.GetValues("x-msft-approval-code").Single();
        var request = Assert.Single(_emulator.Approvals.Requests);
        Assert.Equal((code, "needsApproval", "Edit", "CHG1 new publisher"), (request.Id, request.Status, request.PayloadOperation, request.Justification));
        Assert.Equal(request.Requested.AddDays(3), request.Expires);
        Assert.NotEqual("Approved Publisher", (string?)_emulator.State.FindScript(_scriptId)!.Body["publisher"]);

        // One active request per object; a replay before approval is refused.
        Assert.Equal(409, (await SendAsync(HttpMethod.Post, path + "/assign", new JsonObject { ["deviceHealthScriptAssignments"] = new JsonArray() }, justified)).Status);
        var early = new Dictionary<string, string> { ["x-msft-approval-code"] = code };
        Assert.Equal(400, (await SendAsync(HttpMethod.Patch, path, patch, early)).Status);

        var listed = (await SendAsync(HttpMethod.Get, "/beta/deviceManagement/operationApprovalRequests?$filter=" + Uri.EscapeDataString("status eq 'needsApproval'"))).Body!;
        Assert.Equal(code, (string?)listed["value"]![0]!["id"]);
        Assert.Equal("AOVPN automation", (string?)listed["value"]![0]!["requestor"]!["application"]!["displayName"]);

        _emulator.Approvals.Approve(code);
        Assert.Equal(400, (await SendAsync(HttpMethod.Patch, path, new JsonObject { ["publisher"] = "Something else" }, early)).Status); // not what was approved
        Assert.Equal(200, (await SendAsync(HttpMethod.Patch, path, patch, early)).Status);
        Assert.Equal("Approved Publisher", (string?)_emulator.State.FindScript(_scriptId)!.Body["publisher"]);
        Assert.Equal("completed", Assert.Single(_emulator.Approvals.Requests).Status);
        Assert.Equal(400, (await SendAsync(HttpMethod.Patch, path, patch, early)).Status); // a completed request completes nothing again
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 15, 8, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
