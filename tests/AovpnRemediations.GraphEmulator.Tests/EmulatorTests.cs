using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AovpnRemediations.GraphEmulator.Tests;

/// <summary>The emulator's documented shapes and Intune quirks (intune-graph.md §5), over real HTTP on 127.0.0.1.</summary>
public sealed class EmulatorTests : IAsyncLifetime
{
    private readonly GraphEmulator _emulator = new(new EmulatorOptions { PageSize = 3, Delay = (_, _) => Task.CompletedTask });
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _emulator.State.AddRoleScopeTag("Default", "0");
        _emulator.State.AddGroup("AOVPN Devices");
        _emulator.State.AddGroup("O'Brien's devices");
        var url = await _emulator.StartAsync();
        _http.BaseAddress = url;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "any-token");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
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

    private static JsonObject Script(string name, string detection = "exit 0") => new()
    {
        ["displayName"] = name,
        ["description"] = "d",
        ["publisher"] = "p",
        ["runAsAccount"] = "system",
        ["runAs32Bit"] = false,
        ["detectionScriptContent"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(detection)),
    };

    [Fact]
    public void Listens_on_loopback_only()
    {
        Assert.Equal("127.0.0.1", _emulator.BaseUrl.Host);
        Assert.NotEqual(0, _emulator.BaseUrl.Port);
    }

    [Fact]
    public async Task Requests_without_a_bearer_token_get_401()
    {
        using var anonymous = new HttpClient();
        var response = await anonymous.GetAsync(new Uri(_emulator.BaseUrl, "/beta/deviceManagement/deviceHealthScripts"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, Assert.Single(_emulator.Log.Entries).Status);
    }

    [Fact]
    public async Task The_list_omits_script_content_but_a_get_returns_it()
    {
        var created = await SendAsync(HttpMethod.Post, "/beta/deviceManagement/deviceHealthScripts", Script("A", "Write-Output 'x'\r\nexit 1\r\n"));
        Assert.Equal(201, created.Status);
        var id = (string)created.Body!["id"]!;
        Assert.False((bool)created.Body["isGlobalScript"]!);

        var list = await SendAsync(HttpMethod.Get, "/beta/deviceManagement/deviceHealthScripts");
        Assert.Null(list.Body!["value"]![0]!["detectionScriptContent"]);
        var get = await SendAsync(HttpMethod.Get, $"/beta/deviceManagement/deviceHealthScripts/{id}");
        Assert.Equal("Write-Output 'x'\r\nexit 1\r\n", Encoding.ASCII.GetString(Convert.FromBase64String((string)get.Body!["detectionScriptContent"]!)));
    }

    [Fact]
    public async Task Empty_detection_content_is_refused_like_Intune()
    {
        var response = await SendAsync(HttpMethod.Post, "/beta/deviceManagement/deviceHealthScripts", Script("A", ""));
        Assert.Equal(400, response.Status);
        Assert.Equal("DetectionScriptContent must not be null or empty", (string?)response.Body!["error"]!["message"]);
        Assert.Empty(_emulator.State.Scripts);
    }

    [Fact]
    public async Task Assign_replaces_drops_duplicate_targets_and_reads_back_with_Intunes_quirks()
    {
        var id = (string)(await SendAsync(HttpMethod.Post, "/beta/deviceManagement/deviceHealthScripts", Script("A"))).Body!["id"]!;
        var group = _emulator.State.Groups[0].Id;
        JsonObject Assignment(string time) => new()
        {
            ["target"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.groupAssignmentTarget", ["groupId"] = group },
            ["runRemediationScript"] = true,
            ["runSchedule"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.deviceHealthScriptDailySchedule", ["interval"] = 1, ["useUtc"] = false, ["time"] = time },
        };
        var assign = await SendAsync(HttpMethod.Post, $"/beta/deviceManagement/deviceHealthScripts/{id}/assign",
            new JsonObject { ["deviceHealthScriptAssignments"] = new JsonArray(Assignment("02:00:00"), Assignment("05:00:00")) });
        Assert.Equal(204, assign.Status);

        var read = await SendAsync(HttpMethod.Get, $"/beta/deviceManagement/deviceHealthScripts/{id}/assignments");
        var only = Assert.Single(read.Body!["value"]!.AsArray())!;
        Assert.False((bool)only["runRemediationScript"]!);
        Assert.Equal("02:00:00.0000000", (string?)only["runSchedule"]!["time"]);

        var empty = await SendAsync(HttpMethod.Post, $"/beta/deviceManagement/deviceHealthScripts/{id}/assign", new JsonObject { ["deviceHealthScriptAssignments"] = new JsonArray() });
        Assert.Equal(204, empty.Status);
        Assert.Empty((await SendAsync(HttpMethod.Get, $"/beta/deviceManagement/deviceHealthScripts/{id}/assignments")).Body!["value"]!.AsArray());
    }

    [Fact]
    public async Task Posting_to_assignments_has_no_OData_route_and_assign_refuses_unknown_groups()
    {
        var id = (string)(await SendAsync(HttpMethod.Post, "/beta/deviceManagement/deviceHealthScripts", Script("A"))).Body!["id"]!;
        var post = await SendAsync(HttpMethod.Post, $"/beta/deviceManagement/deviceHealthScripts/{id}/assignments", new JsonObject());
        Assert.Equal(400, post.Status);
        Assert.StartsWith("No OData route exists that match template ~/singleton/navigation/key/navigation with http verb POST", (string?)post.Body!["error"]!["message"], StringComparison.Ordinal);

        var badGroup = await SendAsync(HttpMethod.Post, $"/beta/deviceManagement/deviceHealthScripts/{id}/assign", new JsonObject
        {
            ["deviceHealthScriptAssignments"] = new JsonArray(new JsonObject { ["target"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.groupAssignmentTarget", ["groupId"] = null } }),
        });
        Assert.Equal(400, badGroup.Status);
    }

    [Fact]
    public async Task Global_scripts_are_read_only()
    {
        var id = _emulator.State.AddScript("Microsoft thing", "x", "exit 0"u8.ToArray(), isGlobalScript: true, publisher: "Microsoft");
        Assert.Equal(400, (await SendAsync(HttpMethod.Patch, $"/beta/deviceManagement/deviceHealthScripts/{id}", new JsonObject { ["publisher"] = "me" })).Status);
        Assert.Equal(400, (await SendAsync(HttpMethod.Delete, $"/beta/deviceManagement/deviceHealthScripts/{id}")).Status);
        var create = Script("Copy");
        create["isGlobalScript"] = true;
        Assert.Equal(400, (await SendAsync(HttpMethod.Post, "/beta/deviceManagement/deviceHealthScripts", create)).Status);
        Assert.Equal("Microsoft", (string?)_emulator.State.FindScript(id)!.Body["publisher"]);
    }

    [Fact]
    public async Task Patch_and_delete_work_and_patch_without_an_id_has_no_route()
    {
        var id = (string)(await SendAsync(HttpMethod.Post, "/beta/deviceManagement/deviceHealthScripts", Script("A"))).Body!["id"]!;
        var patch = await SendAsync(HttpMethod.Patch, $"/beta/deviceManagement/deviceHealthScripts/{id}", new JsonObject { ["publisher"] = "new", ["id"] = "other" });
        Assert.Equal(200, patch.Status);
        Assert.Equal("new", (string?)patch.Body!["publisher"]);
        Assert.Equal(id, (string?)patch.Body["id"]);
        Assert.Equal(400, (await SendAsync(HttpMethod.Patch, "/beta/deviceManagement/deviceHealthScripts", new JsonObject())).Status);
        Assert.Equal(204, (await SendAsync(HttpMethod.Delete, $"/beta/deviceManagement/deviceHealthScripts/{id}")).Status);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, $"/beta/deviceManagement/deviceHealthScripts/{id}")).Status);
        Assert.Equal([true, true, true, true, false], _emulator.Log.Entries.Select(e => e.IsWrite).ToArray());
    }

    [Fact]
    public async Task Collections_page_with_nextLink()
    {
        for (var i = 0; i < 7; i++)
        {
            _emulator.State.AddScript($"S{i}", "d", "exit 0"u8.ToArray());
        }

        var names = new List<string>();
        string? next = "/beta/deviceManagement/deviceHealthScripts";
        var pages = 0;
        while (next is not null)
        {
            var page = await SendAsync(HttpMethod.Get, next);
            names.AddRange(page.Body!["value"]!.AsArray().Select(v => (string)v!["displayName"]!));
            next = (string?)page.Body["@odata.nextLink"];
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"S{i}"), names);
    }

    [Fact]
    public async Task Groups_filter_by_display_name_with_escaped_quotes()
    {
        var found = await SendAsync(HttpMethod.Get, "/v1.0/groups?$filter=displayName eq 'O''Brien''s devices'");
        Assert.Equal("O'Brien's devices", (string?)Assert.Single(found.Body!["value"]!.AsArray())!["displayName"]);
        Assert.Empty((await SendAsync(HttpMethod.Get, "/v1.0/groups?$filter=displayName eq 'nope'")).Body!["value"]!.AsArray());
        Assert.Equal("Default", (string?)(await SendAsync(HttpMethod.Get, "/beta/deviceManagement/roleScopeTags")).Body!["value"]![0]!["displayName"]);
    }

    [Fact]
    public async Task Service_principals_filter_create_and_enable()
    {
        const string appId = "1f5530b3-261a-47a9-b357-ded261e17918";
        Assert.Empty((await SendAsync(HttpMethod.Get, $"/v1.0/servicePrincipals?$filter=appId eq '{appId}'")).Body!["value"]!.AsArray());
        var created = await SendAsync(HttpMethod.Post, "/v1.0/servicePrincipals", new JsonObject { ["appId"] = appId, ["accountEnabled"] = false });
        Assert.Equal(201, created.Status);
        Assert.Equal("Azure Multi-Factor Auth Connector", (string?)created.Body!["displayName"]);
        Assert.Equal(409, (await SendAsync(HttpMethod.Post, "/v1.0/servicePrincipals", new JsonObject { ["appId"] = appId })).Status);
        Assert.Equal(204, (await SendAsync(HttpMethod.Patch, $"/v1.0/servicePrincipals/{created.Body["id"]}", new JsonObject { ["accountEnabled"] = true })).Status);
        var read = await SendAsync(HttpMethod.Get, $"/v1.0/servicePrincipals?$filter=appId eq '{appId}'");
        Assert.True((bool)read.Body!["value"]![0]!["accountEnabled"]!);
    }

    [Fact]
    public async Task Batch_runs_inner_requests_logs_each_and_refuses_more_than_20()
    {
        var id = (string)(await SendAsync(HttpMethod.Post, "/beta/deviceManagement/deviceHealthScripts", Script("A"))).Body!["id"]!;
        var batch = await SendAsync(HttpMethod.Post, "/beta/$batch", new JsonObject
        {
            ["requests"] = new JsonArray(
                new JsonObject { ["id"] = "1", ["method"] = "GET", ["url"] = $"/deviceManagement/deviceHealthScripts/{id}" },
                new JsonObject { ["id"] = "2", ["method"] = "GET", ["url"] = "/deviceManagement/deviceHealthScripts/missing" }),
        });
        Assert.Equal(200, batch.Status);
        var responses = batch.Body!["responses"]!.AsArray();
        Assert.Equal(200, (int)responses.Single(r => (string?)r!["id"] == "1")!["status"]!);
        Assert.Equal(404, (int)responses.Single(r => (string?)r!["id"] == "2")!["status"]!);
        Assert.Equal(2, _emulator.Log.Entries.Count(e => e.InBatch));

        var tooMany = new JsonArray(Enumerable.Range(0, 21).Select(i => (JsonNode)new JsonObject { ["id"] = $"{i}", ["method"] = "GET", ["url"] = "/groups" }).ToArray());
        Assert.Equal(400, (await SendAsync(HttpMethod.Post, "/v1.0/$batch", new JsonObject { ["requests"] = tooMany })).Status);
    }

    [Fact]
    public async Task Faults_are_seeded_so_two_runs_see_the_same_sequence()
    {
        async Task<List<int>> RunAsync()
        {
            await using var emulator = new GraphEmulator(new EmulatorOptions { Delay = (_, _) => Task.CompletedTask });
            emulator.Faults.FailureRate = 0.4;
            emulator.Faults.WeightDropped = 0;
            emulator.Faults.Seed = 99;
            var url = await emulator.StartAsync();
            using var http = new HttpClient { BaseAddress = url };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t");
            var statuses = new List<int>();
            for (var i = 0; i < 30; i++)
            {
                using var response = await http.GetAsync("/v1.0/groups");
                statuses.Add((int)response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
                }
            }

            return statuses;
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
        Assert.Contains(429, first);
        Assert.Contains(503, first);
        Assert.Contains(200, first);
    }

    [Fact]
    public async Task Dropped_connections_abort_and_latency_goes_through_the_injected_wait()
    {
        var waits = new List<TimeSpan>();
        await using var emulator = new GraphEmulator(new EmulatorOptions
        {
            Delay = (wait, _) =>
            {
                lock (waits)
                {
                    waits.Add(wait);
                }

                return Task.CompletedTask;
            },
        });
        emulator.Faults.FailureRate = 1;
        emulator.Faults.Weight429 = 0;
        emulator.Faults.Weight503 = 0;
        emulator.Faults.Latency = TimeSpan.FromMilliseconds(250);
        var url = await emulator.StartAsync();
        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t");
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/v1.0/groups"));
        Assert.StartsWith("dropped-", Assert.Single(emulator.Log.Entries).Fault, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMilliseconds(250), Assert.Single(waits));
    }

    [Fact]
    public async Task Responses_are_gzip_compressed_when_asked()
    {
        using var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None };
        using var http = new HttpClient(handler) { BaseAddress = _emulator.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1.0/groups");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var response = await http.SendAsync(request);
        Assert.Contains("gzip", response.Content.Headers.ContentEncoding);
    }
}
