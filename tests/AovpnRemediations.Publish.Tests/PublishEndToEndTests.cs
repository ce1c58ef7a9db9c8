using System.Text.Json.Nodes;
using AovpnRemediations.Contracts;
using AovpnRemediations.Graph;
using AovpnRemediations.GraphEmulator;
using Xunit.Abstractions;

namespace AovpnRemediations.Publish.Tests;

/// <summary>plan and apply against the emulator over real HTTP, asserting on the emulator's request log.</summary>
public sealed class PublishEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Repo_output_first_apply_creates_and_assigns_every_package_and_second_apply_writes_nothing()
    {
        await using var h = await Harness.StartAsync();
        var repoOutput = Path.Combine(TestOutput.RepoRoot(), "output");
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(repoOutput, "manifest.json")))!;
        var ids = manifest["packages"]!.AsArray().Where(p => p!["targets"]!.AsArray().Any(t => (string?)t == "intune")).Select(p => (string)p!["id"]!).ToList();
        Assert.NotEmpty(ids);

        var first = await h.ApplyAsync(repoOutput);
        Assert.True(first.Ok, first.ToString());
        foreach (var id in ids)
        {
            Assert.Equal(1, h.ScriptsWithMarker(id));
            var script = h.State.SnapshotScripts().Single(s => s.Description.Contains($"package:{id}]", StringComparison.Ordinal));
            Assert.NotEmpty(script.Assignments);
            Assert.False((bool)script.Body["isGlobalScript"]!);
            // The bytes uploaded are the file's bytes.
            Assert.Equal(File.ReadAllBytes(Path.Combine(repoOutput, "intune", id, "detect.ps1")), Convert.FromBase64String((string)script.Body["detectionScriptContent"]!));
        }

        Assert.Equal(2 * ids.Count, first.Writes);

        var second = await h.ApplyAsync(repoOutput);
        Assert.True(second.Ok, second.ToString());
        Assert.Equal(0, second.Writes);
        Assert.Contains("No changes", second.Out, StringComparison.Ordinal);

        var plan = await h.PlanAsync(repoOutput, detailed: true);
        Assert.True(plan.Ok && !plan.Changes, plan.ToString());
        Assert.Equal(0, plan.Writes);
        output.WriteLine($"repo output/ ({ids.Count} package(s)): first apply {first.Requests} requests / {first.Writes} writes; second apply {second.Requests} requests / {second.Writes} writes");
    }

    [Fact]
    public async Task Eight_packages_first_apply_then_zero_writes_then_one_changed_script_is_one_update_with_a_text_diff()
    {
        await using var h = await Harness.StartAsync();
        var packages = TestOutput.Sample();
        var folder = TestOutput.Write(h.Folder("out"), packages);

        var first = await h.ApplyAsync(folder);
        Assert.True(first.Ok, first.ToString());
        Assert.Equal(16, first.Writes); // 8 creates + 8 /assign
        Assert.Equal(8, h.State.SnapshotScripts().Count(s => !s.IsGlobalScript));

        var second = await h.ApplyAsync(folder);
        Assert.True(second.Ok && !second.Changes, second.ToString());
        Assert.Equal(0, second.Writes);
        var noChanges = await h.PlanAsync(folder, detailed: true);
        Assert.True(noChanges.Ok && !noChanges.Changes, noChanges.ToString());

        // One template change: one line of one script.
        var changed = packages.Select(p => p.Id == "aovpn-nps-mfa"
            ? p with { Detect = p.Detect.Replace("-StoreName Root", "-StoreName CA", StringComparison.Ordinal) }
            : p).ToList();
        TestOutput.Write(folder, changed);
        var plan = await h.PlanAsync(folder, detailed: true);
        Assert.True(plan.Ok && plan.Changes, plan.ToString());
        Assert.Single(plan.Out.Split('\n'), l => l.StartsWith("~ update", StringComparison.Ordinal));
        Assert.DoesNotContain("+ create", plan.Out, StringComparison.Ordinal);
        Assert.Contains("~ update \"AOVPN - nps mfa\"", plan.Out, StringComparison.Ordinal);
        Assert.Contains("--- tenant/aovpn-nps-mfa/detect.ps1", plan.Out, StringComparison.Ordinal);
        Assert.Contains("+++ output/intune/aovpn-nps-mfa/detect.ps1", plan.Out, StringComparison.Ordinal);
        Assert.Contains("-    Get-AovpnStoreCertificate -Location LocalMachine -StoreName Root | Out-Null", plan.Out, StringComparison.Ordinal);
        Assert.Contains("+    Get-AovpnStoreCertificate -Location LocalMachine -StoreName CA | Out-Null", plan.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(changed[3].Detect))[..20], plan.Out, StringComparison.Ordinal);
        Assert.Contains("1 to update, 0 to reassign, 0 to delete, 7 unchanged", plan.Out, StringComparison.Ordinal);

        var json = await h.PlanAsync(folder, json: true);
        var doc = JsonNode.Parse(json.Out)!;
        Assert.Equal(1, (int)doc["summary"]!["update"]!);
        var updated = doc["packages"]!.AsArray().Single(p => (string?)p!["action"] == "update")!;
        Assert.Equal("aovpn-nps-mfa", (string?)updated["id"]);
        Assert.StartsWith("--- tenant/aovpn-nps-mfa/detect.ps1", (string?)updated["scripts"]![0]!["diff"], StringComparison.Ordinal);

        var change = await h.ApplyAsync(folder);
        Assert.True(change.Ok, change.ToString());
        Assert.Equal(1, change.Writes); // one PATCH; assignments unchanged, so no /assign
        Assert.Single(change.Log, e => e.Method == "PATCH");
        Assert.Equal(0, (await h.ApplyAsync(folder)).Writes);

        output.WriteLine($"8 packages: first apply {first.Requests} requests / {first.Writes} writes; second apply {second.Requests} requests / {second.Writes} writes; one-package change {change.Requests} requests / {change.Writes} writes");
    }

    [Fact]
    public async Task Schedules_filters_and_exclusions_round_trip_without_false_drift()
    {
        await using var h = await Harness.StartAsync();
        var folder = TestOutput.Write(h.Folder("out"),
        [
            new TestPackage("aovpn-trusted-cas", "AOVPN - Trusted CAs", TestOutput.Script("aovpn-trusted-cas", "Get-AovpnNow"), TestOutput.Script("aovpn-trusted-cas", "Get-AovpnNow", true),
                new JsonArray(TestOutput.Daily("AOVPN Devices", "02:00:00", useUtc: true), TestOutput.Hourly("AOVPN Pilot", 4), TestOutput.Exclusion("AOVPN Users"))),
            new TestPackage("aovpn-vpn-profiles", "AOVPN - VPN profiles", TestOutput.Script("aovpn-vpn-profiles", "Get-AovpnVpnProfile -Name x"), null,
                new JsonArray(TestOutput.Once("AOVPN Devices", "2026-03-01", "07:15:00", useUtc: false), TestOutput.AllDevices("Windows 11 devices", "include"))),
        ]);

        var first = await h.ApplyAsync(folder);
        Assert.True(first.Ok, first.ToString());
        var stored = h.State.SnapshotScripts().Single(s => s.DisplayName == "AOVPN - Trusted CAs");
        Assert.Equal(3, stored.Assignments.Count);
        Assert.Contains(stored.Assignments, a => (string?)a["runSchedule"]?["@odata.type"] == "#microsoft.graph.deviceHealthScriptHourlySchedule" && a["runSchedule"]!["time"] is null);
        Assert.Contains(stored.Assignments, a => (string?)a["target"]!["@odata.type"] == "#microsoft.graph.exclusionGroupAssignmentTarget" && a["runSchedule"] is null);
        var detectionOnly = h.State.SnapshotScripts().Single(s => s.DisplayName == "AOVPN - VPN profiles");
        Assert.All(detectionOnly.Assignments, a => Assert.False((bool)a["runRemediationScript"]!));

        // The emulator answers with runRemediationScript false and time "02:00:00.0000000": still no drift.
        var plan = await h.PlanAsync(folder, detailed: true);
        Assert.True(plan.Ok, plan.ToString());
        Assert.Equal(0, (await h.ApplyAsync(folder)).Writes);

        // Changing a schedule time is an assignment change, posted as the full set.
        TestOutput.Write(folder,
        [
            new TestPackage("aovpn-trusted-cas", "AOVPN - Trusted CAs", TestOutput.Script("aovpn-trusted-cas", "Get-AovpnNow"), TestOutput.Script("aovpn-trusted-cas", "Get-AovpnNow", true),
                new JsonArray(TestOutput.Daily("AOVPN Devices", "03:00:00", useUtc: true), TestOutput.Hourly("AOVPN Pilot", 4), TestOutput.Exclusion("AOVPN Users"))),
            new TestPackage("aovpn-vpn-profiles", "AOVPN - VPN profiles", TestOutput.Script("aovpn-vpn-profiles", "Get-AovpnVpnProfile -Name x"), null,
                new JsonArray(TestOutput.Once("AOVPN Devices", "2026-03-01", "07:15:00", useUtc: false), TestOutput.AllDevices("Windows 11 devices", "include"))),
        ]);
        var reassign = await h.PlanAsync(folder, detailed: true);
        Assert.True(reassign.Ok && reassign.Changes, reassign.ToString());
        Assert.Contains("- group \"AOVPN Devices\", every 1 day(s) at 02:00:00 UTC", reassign.Out, StringComparison.Ordinal);
        Assert.Contains("+ group \"AOVPN Devices\", every 1 day(s) at 03:00:00 UTC", reassign.Out, StringComparison.Ordinal);
        var applied = await h.ApplyAsync(folder);
        Assert.Equal(1, applied.Writes);
        Assert.Single(applied.Log, e => e.Path.EndsWith("/assign", StringComparison.Ordinal));
        Assert.Equal(3, h.State.SnapshotScripts().Single(s => s.DisplayName == "AOVPN - Trusted CAs").Assignments.Count);
    }

    [Fact]
    public async Task Thirty_percent_failures_still_converge_without_duplicates()
    {
        await using var h = await Harness.StartAsync(pageSize: 3);
        var folder = TestOutput.Write(h.Folder("out"), TestOutput.Sample());
        h.Emulator.Faults.FailureRate = 0.30;
        h.Emulator.Faults.Seed = 7;
        h.Emulator.Faults.RetryAfterSeconds = 2;

        var run = await h.ApplyAsync(folder, verbose: true);
        Assert.True(run.Ok, run.ToString());
        var faults = run.Log.Count(e => e.Fault is not null);
        Assert.True(faults >= 5, $"only {faults} faults injected");
        Assert.Contains(run.Log, e => e.Fault == "dropped-after");
        Assert.Contains(h.Waits, w => w == TimeSpan.FromSeconds(2)); // Retry-After honoured
        foreach (var id in TestOutput.SampleIds)
        {
            Assert.Equal(1, h.ScriptsWithMarker(id));
        }

        // Converged: with or without faults, nothing is left to do.
        var again = await h.ApplyAsync(folder);
        Assert.True(again.Ok && !again.Changes, again.ToString());
        Assert.Equal(0, again.Writes);
        h.Emulator.Faults.FailureRate = 0;
        Assert.True((await h.PlanAsync(folder, detailed: true)).Ok);
        output.WriteLine($"30% faults: {run.Requests} requests, {faults} faults injected, {run.Writes} write attempts; re-run {again.Requests} requests / {again.Writes} writes");
    }

    [Fact]
    public async Task Dropped_answers_to_creates_are_found_by_marker_not_repeated()
    {
        await using var h = await Harness.StartAsync();
        var folder = TestOutput.Write(h.Folder("out"), TestOutput.Sample());
        h.Emulator.Faults.FailureRate = 1;
        h.Emulator.Faults.Weight429 = 0;
        h.Emulator.Faults.Weight503 = 0;
        h.Emulator.Faults.FailInsideBatch = false;
        var drops = 0;
        h.Emulator.Log.Logged += e =>
        {
            // After a few drops, let everything through.
            if (e.Fault is not null && Interlocked.Increment(ref drops) >= 6)
            {
                h.Emulator.Faults.FailureRate = 0;
            }
        };

        var run = await h.ApplyAsync(folder);
        Assert.True(run.Ok, run.ToString());
        foreach (var id in TestOutput.SampleIds)
        {
            Assert.Equal(1, h.ScriptsWithMarker(id));
        }

        Assert.Equal(0, (await h.ApplyAsync(folder)).Writes);
    }

    [Fact]
    public async Task A_run_cancelled_after_the_first_create_converges_on_the_next_run_without_duplicates()
    {
        await using var h = await Harness.StartAsync();
        var folder = TestOutput.Write(h.Folder("out"), TestOutput.Sample());
        using var cts = new CancellationTokenSource();
        void CancelAfterCreate(LoggedRequest e)
        {
            if (e.Method == "POST" && e.Status == 201)
            {
                cts.Cancel(); // the script exists, but the client never hears its id
            }
        }

        h.Emulator.Log.Logged += CancelAfterCreate;
        var cut = await h.ApplyAsync(folder, cancellationToken: cts.Token);
        h.Emulator.Log.Logged -= CancelAfterCreate;
        Assert.IsAssignableFrom<OperationCanceledException>(cut.Failure);
        Assert.Equal(1, h.State.SnapshotScripts().Count(s => !s.IsGlobalScript));
        Assert.Empty(h.State.SnapshotScripts().Where(s => !s.IsGlobalScript).SelectMany(s => s.Assignments));

        var plan = await h.PlanAsync(folder, detailed: true);
        Assert.Contains("7 to create, 0 to update, 1 to reassign", plan.Out, StringComparison.Ordinal);

        var rerun = await h.ApplyAsync(folder);
        Assert.True(rerun.Ok, rerun.ToString());
        Assert.Equal(15, rerun.Writes); // 7 creates + 8 /assign
        foreach (var id in TestOutput.SampleIds)
        {
            Assert.Equal(1, h.ScriptsWithMarker(id));
        }

        Assert.Equal(0, (await h.ApplyAsync(folder)).Writes);
    }

    [Fact]
    public async Task A_missing_group_filter_or_scope_tag_fails_naming_it_with_zero_writes()
    {
        await using var h = await Harness.StartAsync();
        var packages = TestOutput.Sample();
        packages[0] = packages[0] with
        {
            Assignments = new JsonArray(TestOutput.Daily("AOVPN Devices"), TestOutput.Daily("AOVPN Finance Laptops"), TestOutput.AllDevices("No such filter", "exclude")),
            ScopeTags = ["Default", "Tier 2"],
        };
        var folder = TestOutput.Write(h.Folder("out"), packages);

        var apply = await h.ApplyAsync(folder);
        Assert.IsType<TenantStateException>(apply.Failure);
        Assert.Equal(0, apply.Writes);
        Assert.Contains("group 'AOVPN Finance Laptops' does not exist in the tenant (used by aovpn-connection-health)", apply.Error, StringComparison.Ordinal);
        Assert.Contains("assignment filter 'No such filter' does not exist", apply.Error, StringComparison.Ordinal);
        Assert.Contains("scope tag 'Tier 2' does not exist", apply.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was written", apply.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(h.State.SnapshotScripts(), s => !s.IsGlobalScript);

        var plan = await h.PlanAsync(folder, detailed: true);
        Assert.IsType<TenantStateException>(plan.Failure); // the CLI exits 1 for it under --detailed-exitcode, 6 otherwise
        Assert.Equal(0, plan.Writes);
    }

    [Fact]
    public async Task An_unmanaged_script_with_the_same_name_is_an_error_and_untouched_unless_adopted()
    {
        await using var h = await Harness.StartAsync();
        var packages = TestOutput.Sample();
        var theirs = h.State.AddScript(packages[2].DisplayName, "Hand-made by the desktop team", "exit 0\r\n"u8.ToArray());
        var before = h.State.SnapshotScripts().Single(s => s.Id == theirs).Body.ToJsonString();
        var folder = TestOutput.Write(h.Folder("out"), packages);

        var apply = await h.ApplyAsync(folder);
        Assert.IsType<TenantStateException>(apply.Failure);
        Assert.Equal(0, apply.Writes);
        Assert.Contains($"\"{packages[2].DisplayName}\" ({packages[2].Id})", apply.Error, StringComparison.Ordinal);
        Assert.Contains("--adopt", apply.Error, StringComparison.Ordinal);
        Assert.Equal(before, h.State.SnapshotScripts().Single(s => s.Id == theirs).Body.ToJsonString());

        var adopt = await h.ApplyAsync(folder, adopt: true);
        Assert.True(adopt.Ok, adopt.ToString());
        Assert.Contains("adopt and update", adopt.Out, StringComparison.Ordinal);
        var adopted = h.State.SnapshotScripts().Single(s => s.Id == theirs);
        Assert.Contains(OwnershipMarker.ForPackage(packages[2].Id), adopted.Description, StringComparison.Ordinal);
        Assert.Equal(1, h.ScriptsWithMarker(packages[2].Id));
        Assert.Equal(0, (await h.ApplyAsync(folder)).Writes);
    }

    [Fact]
    public async Task Global_scripts_are_never_touched_and_prune_deletes_only_managed_scripts_no_longer_in_output()
    {
        await using var h = await Harness.StartAsync();
        var packages = TestOutput.Sample();
        // A Microsoft script even carrying a marker-like description and the same name as a package stays alone.
        var global = h.State.AddScript(packages[1].DisplayName, $"[managed-by:aovpn-remediations package:{packages[1].Id}]", "exit 0\r\n"u8.ToArray(), isGlobalScript: true, publisher: "Microsoft");
        var unmanaged = h.State.AddScript("Printer fix", "not ours", "exit 0\r\n"u8.ToArray());
        var folder = TestOutput.Write(h.Folder("out"), packages);
        Assert.True((await h.ApplyAsync(folder)).Ok);

        TestOutput.Write(folder, packages.Where(p => p.Id != "aovpn-deny-list"));
        var keep = await h.PlanAsync(folder, detailed: true);
        Assert.True(keep.Ok, keep.ToString());
        Assert.Contains("--prune would delete it", keep.Out, StringComparison.Ordinal);

        var prunePlan = await h.PlanAsync(folder, detailed: true, prune: true);
        Assert.True(prunePlan.Ok && prunePlan.Changes, prunePlan.ToString());
        Assert.Contains("- delete \"AOVPN - deny list\"", prunePlan.Out, StringComparison.Ordinal);

        var pruned = await h.ApplyAsync(folder, prune: true);
        Assert.True(pruned.Ok, pruned.ToString());
        Assert.Equal(1, pruned.Writes);
        Assert.Single(pruned.Log, e => e.Method == "DELETE");
        Assert.Equal(0, h.ScriptsWithMarker("aovpn-deny-list"));
        var scripts = h.State.SnapshotScripts();
        Assert.Contains(scripts, s => s.Id == global);
        Assert.Contains(scripts, s => s.Id == unmanaged);
        Assert.Equal(2, scripts.Count(s => s.IsGlobalScript));
        Assert.DoesNotContain(h.Emulator.Log.Entries, e => e.IsWrite && (e.Path.Contains(global, StringComparison.Ordinal) || e.Path.Contains(unmanaged, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Duplicate_managed_scripts_left_by_another_run_are_reduced_to_one()
    {
        await using var h = await Harness.StartAsync();
        var packages = TestOutput.Sample();
        var folder = TestOutput.Write(h.Folder("out"), packages);
        Assert.True((await h.ApplyAsync(folder)).Ok);
        var copy = h.State.AddScript(packages[4].DisplayName, $"copy [managed-by:aovpn-remediations package:{packages[4].Id}]", "exit 0\r\n"u8.ToArray());
        h.State.Now = h.State.Now.AddMinutes(5);
        h.State.SnapshotScripts(); // no-op, keeps the call pattern obvious

        var plan = await h.PlanAsync(folder, detailed: true);
        Assert.True(plan.Ok && plan.Changes, plan.ToString());
        Assert.Contains($"- delete \"{packages[4].DisplayName}\" ({packages[4].Id}) id {copy}", plan.Out, StringComparison.Ordinal);
        Assert.True((await h.ApplyAsync(folder)).Ok);
        Assert.Equal(1, h.ScriptsWithMarker(packages[4].Id));
    }

    [Fact]
    public async Task A_file_that_differs_from_the_manifest_is_refused_before_any_request()
    {
        await using var h = await Harness.StartAsync();
        var folder = TestOutput.Write(h.Folder("out"), TestOutput.Sample());
        File.AppendAllText(Path.Combine(folder, "intune", "aovpn-trusted-cas", "detect.ps1"), "Remove-Item C:\\ -Recurse\r\n");

        var apply = await h.ApplyAsync(folder);
        Assert.IsType<OutputMismatchException>(apply.Failure);
        Assert.Contains("intune/aovpn-trusted-cas/detect.ps1: sha256", apply.Error, StringComparison.Ordinal);
        Assert.Empty(apply.Log);

        File.WriteAllText(Path.Combine(folder, "intune", "aovpn-trusted-cas", "extra.ps1"), "x");
        TestOutput.Rehash(folder);
        File.WriteAllText(Path.Combine(folder, "intune", "aovpn-trusted-cas", "stray.ps1"), "x");
        var stray = await h.PlanAsync(folder, detailed: false);
        Assert.IsType<OutputMismatchException>(stray.Failure);
        Assert.Contains("stray.ps1: not listed in manifest.json", stray.Error, StringComparison.Ordinal);

        var none = await h.PlanAsync(h.Folder("nowhere"), detailed: false);
        Assert.IsType<OutputMismatchException>(none.Failure);
        Assert.Contains("not an output folder", none.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_and_secret_never_appear_in_output_logs_or_error_text()
    {
        await using var h = await Harness.StartAsync(pageSize: 2);
        // A misbehaving service that echoes the Authorization header back in its errors.
        var echo = new EchoAuthorizationRoutes();
        h.Emulator.Router.AddFirst(echo);
        var folder = TestOutput.Write(h.Folder("out"), TestOutput.Sample());
        h.Emulator.Faults.FailureRate = 0.3;

        Assert.True((await h.ApplyAsync(folder, verbose: true)).Ok);
        Assert.True((await h.PlanAsync(folder, json: true, verbose: true)).Ok);
        await h.TenantCheckAsync(fix: false);
        var missing = TestOutput.Sample();
        missing[0] = missing[0] with { Assignments = new JsonArray(TestOutput.Daily("Nobody")) };
        TestOutput.Write(folder, missing);
        Assert.IsType<TenantStateException>((await h.ApplyAsync(folder, verbose: true)).Failure);

        echo.Enabled = true;
        h.Emulator.Faults.FailureRate = 0;
        TestOutput.Write(folder, TestOutput.Sample());
        var echoed = await h.PlanAsync(folder, verbose: true, detailed: false);
        Assert.IsType<GraphRequestException>(echoed.Failure);
        Assert.True(echoed.Error.Contains("Authorization: ***", StringComparison.Ordinal), echoed.ToString());

        Assert.Contains("graph: GET", h.AllText, StringComparison.Ordinal);
        Assert.Contains("(attempt 2)", h.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(Harness.Token, h.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(Harness.Token.Split('.')[2], h.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(Harness.ClientSecret, h.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tenant_check_finds_creates_and_enables_the_MFA_service_principals()
    {
        await using var h = await Harness.StartAsync();
        h.State.AddServicePrincipal("981f26a1-7f43-403b-a875-f8b09b8cd720", "Azure Multi-Factor Auth Client", accountEnabled: false);

        var check = await h.TenantCheckAsync(fix: false);
        Assert.True(check.Ok && check.Changes, check.ToString());
        Assert.Contains("DISABLED Azure Multi-Factor Auth Client", check.Out, StringComparison.Ordinal);
        Assert.Contains("MISSING  Azure Multi-Factor Auth Connector", check.Out, StringComparison.Ordinal);
        Assert.Equal(0, check.Writes);

        var fixedRun = await h.TenantCheckAsync(fix: true);
        Assert.True(fixedRun.Ok, fixedRun.ToString());
        Assert.Equal(2, fixedRun.Writes);
        Assert.Contains(fixedRun.Log, e => e.Method == "POST" && e.Path == "/v1.0/servicePrincipals");
        Assert.Contains(fixedRun.Log, e => e.Method == "PATCH" && e.Path.StartsWith("/v1.0/servicePrincipals/", StringComparison.Ordinal));
        Assert.All(h.State.ServicePrincipals, sp => Assert.True((bool)sp["accountEnabled"]!));

        var after = await h.TenantCheckAsync(fix: false);
        Assert.True(after.Ok && !after.Changes, after.ToString());
        Assert.Contains("ok       Azure Multi-Factor Auth Client", after.Out, StringComparison.Ordinal);
    }
}

/// <summary>When enabled, answers the script list with a 500 whose message repeats the caller's Authorization header.</summary>
internal sealed class EchoAuthorizationRoutes : IGraphRoutes
{
    public volatile bool Enabled;

    public GraphResponse? TryHandle(GraphRequest request, EmulatorState state) =>
        Enabled && request.IsGet && request.Matches("deviceManagement", "deviceHealthScripts")
            ? GraphResponse.Error(500, "InternalServerError",
                $"Upstream failure for request with Authorization: {request.Authorization}; token={request.Authorization?.Split(' ').Last()} secret={Harness.ClientSecret}")
            : null;
}
