using AovpnRemediations.Graph;
using AovpnRemediations.GraphEmulator;
using AovpnRemediations.Report;
using AovpnRemediations.Report.Findings;
using Xunit.Abstractions;

namespace AovpnRemediations.Operate.Tests;

/// <summary><c>run</c> against the emulator: selection, pacing, exactly one accepted trigger per device, and --wait.</summary>
public sealed class RunTests(ITestOutputHelper output)
{
    private const string UserTunnel = "aovpn-user-tunnel-cert";

    [Theory]
    [InlineData(false, 4)]
    [InlineData(true, 1)]
    [InlineData(true, 4)]
    public async Task Five_hundred_devices_get_exactly_one_accepted_trigger_each_with_or_without_throttling(bool throttled, int concurrency)
    {
        await using var h = await RunHarness.StartAsync(o =>
        {
            if (throttled)
            {
                // Other tools spend most of the tenant's write budget (60 of 200 per 20 s left), and one request in ten is throttled on top.
                o.WriteBudget = new WriteBudget { MaxWrites = 60, Window = TimeSpan.FromSeconds(20) };
                o.Faults.FailureRate = 0.1;
                o.Faults.Weight503 = 0;
                o.Faults.WeightDropped = 0;
                o.Faults.RetryAfterSeconds = 2;
            }
        });
        var (_, _, devices) = h.AddFleet(UserTunnel, 500);
        h.AddDeviceGroup("AOVPN Pilot 500", devices);
        using var graph = h.Connect();
        var runner = h.Runner(graph, concurrency);

        var selection = await runner.SelectAsync(new RunRequest(UserTunnel, [], ["AOVPN Pilot 500"], [], MaxDevices: 500), null, CancellationToken.None);
        Assert.Equal(500, selection.Targets.Count);
        var before = h.Emulator.Log.Entries.Count;
        var started = h.Clock.GetUtcNow();
        var result = await runner.TriggerAsync(selection, _ => { }, CancellationToken.None);

        Assert.Equal(500, result.Triggered);
        Assert.Equal(0, result.Failed);
        var accepted = h.AcceptedTriggers();
        Assert.Equal(500, accepted.Count);
        Assert.All(devices, d => Assert.Equal(1, accepted.GetValueOrDefault(d.Id)));
        Assert.Equal(500, h.State.OnDemandRuns.Count);
        Assert.Equal(500, h.State.OnDemandRuns.Select(r => r.DeviceId).Distinct().Count());

        var log = h.Emulator.Log.Entries;
        var selectRequests = log.Take(before).Count(e => !e.InBatch);
        var triggerPhase = log.Skip(before).ToList();
        var fault429 = triggerPhase.Count(e => e.Fault == "429");
        var budget429 = triggerPhase.Count(e => e.Fault == "budget");
        output.WriteLine($"run on 500 devices, {concurrency} trigger(s) in flight{(throttled ? ", throttled: 60 writes/20 s left in the budget and 1 request in 10 answered 429" : "")}:");
        output.WriteLine($"  selection: {selectRequests} HTTP requests (script list, group, transitiveMembers pages, {log.Take(before).Count(e => e.Path.EndsWith("$batch", StringComparison.Ordinal))} $batch of device reads with {log.Take(before).Count(e => e.InBatch)} inner reads)");
        output.WriteLine($"  triggers: {h.TriggerSends} trigger request(s) sent for 500 accepted; {fault429} injected 429, {budget429} budget 429; {triggerPhase.Count(e => !e.InBatch)} HTTP requests in the trigger phase");
        // With several triggers in flight each one's wait moves the shared clock, so the time is a bound, not a measurement.
        output.WriteLine($"  time on the shared clock: {(h.Clock.GetUtcNow() - started).TotalSeconds:0} s{(concurrency > 1 ? " (an upper bound: concurrent waits add up)" : "")}; client write limiter waited {graph.WriteLimiter.Waited.TotalSeconds:0} s");
        if (!throttled)
        {
            Assert.Equal(500, h.TriggerSends);
        }
        else
        {
            Assert.True(fault429 > 0 && budget429 > 0, $"{fault429} injected and {budget429} budget 429s");
            Assert.Equal(500 + fault429 + budget429, h.TriggerSends);
        }
    }

    [Fact]
    public async Task A_dropped_answer_is_checked_in_device_action_results_and_a_landed_trigger_is_never_sent_again()
    {
        await using var h = await RunHarness.StartAsync(o =>
        {
            o.Faults.FailureRate = 0.2;
            o.Faults.Weight429 = 0;
            o.Faults.Weight503 = 0;
            o.Faults.WeightDropped = 1;
            o.Faults.FailInsideBatch = false;
        });
        var (_, _, devices) = h.AddFleet(UserTunnel, 200);
        h.AddDeviceGroup("AOVPN Pilot", devices);
        using var graph = h.Connect();
        var runner = h.Runner(graph, concurrency: 1);
        var selection = await runner.SelectAsync(new RunRequest(UserTunnel, [], ["AOVPN Pilot"], [], MaxDevices: 200), null, CancellationToken.None);

        var result = await runner.TriggerAsync(selection, _ => { }, CancellationToken.None);

        Assert.Equal(0, result.Failed);
        Assert.True(result.Landed > 0, "some answers were dropped after the trigger was carried out");
        Assert.Equal(200, h.State.OnDemandRuns.Count);
        Assert.All(h.State.OnDemandRuns.GroupBy(r => r.DeviceId), g => Assert.Single(g));
        var droppedBefore = h.Emulator.Log.Entries.Count(e => e.Fault == "dropped-before" && e.Path.EndsWith("/initiateOnDemandProactiveRemediation", StringComparison.Ordinal));
        output.WriteLine($"200 devices, 20% of requests dropped: {result.Landed} lost answers found landed, {droppedBefore} dropped before arrival and sent again; {h.TriggerSends} trigger sends for 200 accepted");
    }

    [Fact]
    public async Task A_finding_selects_exactly_the_fresh_devices_whose_detection_reports_it()
    {
        await using var h = await RunHarness.StartAsync();
        var (_, fleet, _) = h.AddFleet(UserTunnel, 500, seed: 11);
        using var graph = h.Connect();
        var finding = FindingRef.Parse("AOVPN1002:CertificateExpiringSoon");
        var selection = await h.Runner(graph).SelectAsync(new RunRequest(null, [], [], [finding], MaxDevices: 500), h.Findings(graph), CancellationToken.None);

        var expected = fleet.Truth.FindingDevices.GetValueOrDefault(("AOVPN1002", "CertificateExpiringSoon"));
        Assert.True(expected > 0);
        Assert.Equal(expected, selection.Targets.Count);
        Assert.All(selection.Targets, t => Assert.StartsWith("--finding AOVPN1002:CertificateExpiringSoon", t.Via, StringComparison.Ordinal));
        Assert.Contains($"{expected} device(s) report AOVPN1002:CertificateExpiringSoon in a fresh report (runstates)", selection.Notes[0], StringComparison.Ordinal);
        Assert.Contains($"{fleet.Truth.Stale:N0} stale left out", selection.Notes[0], StringComparison.Ordinal);
        Assert.Equal(0, h.AcceptedWrites);
        var log = h.Emulator.Log.Entries;
        output.WriteLine($"--finding over a 500-device fleet: {expected} devices selected with {log.Count(e => !e.InBatch)} HTTP requests "
            + $"(script list, run summary, {log.Count(e => e.Path.Contains("/deviceRunStates", StringComparison.Ordinal))} run-state pages, {log.Count(e => e.Path.EndsWith("$batch", StringComparison.Ordinal))} $batch of device reads)");
    }

    [Theory]
    [InlineData("AOVPN1001:ClientCertExpiring", "AOVPN1001 has no code 'ClientCertExpiring'. Its codes: NoClientAuthCertificate")]
    [InlineData("AOVPN1001:CertificateExpiringSoon", "Did you mean AOVPN1002:CertificateExpiringSoon")]
    [InlineData("AOVPN9999:Anything", "there is no rule AOVPN9999. Rules: AOVPN1001")]
    [InlineData("CertificateExpiringSoon", "write it as RULE:CODE")]
    public void A_finding_not_in_the_catalogue_is_refused_naming_the_valid_ones(string text, string message)
    {
        var error = Assert.Throws<ReportInputException>(() => FindingRef.Parse(text));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Devices_are_found_by_name_with_a_quote_and_by_id_and_an_unknown_name_is_an_error_naming_it()
    {
        await using var h = await RunHarness.StartAsync();
        h.AddPackage(UserTunnel);
        var quoted = h.State.AddManagedDevice("O'BRIEN-PC");
        var other = h.State.AddManagedDevice("DESKTOP-0042");
        using var graph = h.Connect();
        var runner = h.Runner(graph);

        var selection = await runner.SelectAsync(new RunRequest(UserTunnel, ["O'BRIEN-PC", other.Id, "o'brien-pc"], [], []), null, CancellationToken.None);
        Assert.Equal([quoted.Id, other.Id], selection.Targets.Select(t => t.Id).Order().ToArray().OrderBy(x => x == quoted.Id ? 0 : 1).ToArray());
        Assert.Contains(h.Emulator.Log.Entries, e => Uri.UnescapeDataString(e.Path).Contains("deviceName eq 'O''BRIEN-PC'", StringComparison.Ordinal));

        var unknown = await Assert.ThrowsAsync<TenantStateException>(() =>
            runner.SelectAsync(new RunRequest(UserTunnel, ["NO-SUCH-PC", "00000000-0000-4000-8000-00000000ffff"], [], []), null, CancellationToken.None));
        Assert.Contains("no Intune managed device is named 'NO-SUCH-PC'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("no Intune managed device has id 00000000-0000-4000-8000-00000000ffff", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was triggered", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.AcceptedWrites);
    }

    [Fact]
    public async Task A_name_two_devices_share_is_an_error_listing_both_ids()
    {
        await using var h = await RunHarness.StartAsync();
        h.AddPackage(UserTunnel);
        var a = h.State.AddManagedDevice("LAPTOP-7");
        var b = h.State.AddManagedDevice("LAPTOP-7");
        using var graph = h.Connect();
        var error = await Assert.ThrowsAsync<TenantStateException>(() => h.Runner(graph).SelectAsync(new RunRequest(UserTunnel, ["LAPTOP-7"], [], []), null, CancellationToken.None));
        Assert.Contains($"2 Intune managed devices are named 'LAPTOP-7' (ids {a.Id}, {b.Id}); pass the id instead", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_maps_device_members_by_Entra_device_id_users_to_their_devices_and_nested_groups_through()
    {
        await using var h = await RunHarness.StartAsync();
        h.AddPackage(UserTunnel);
        var user = h.State.AddUser("ada@example.net");
        var laptop = h.State.AddManagedDevice("ADA-LAPTOP", user: user);
        var desktop = h.State.AddManagedDevice("ADA-DESKTOP", user: user);
        var kiosk = h.State.AddManagedDevice("KIOSK-1");
        var nested = h.State.AddManagedDevice("LAB-9");
        var unmanaged = h.State.AddUnmanagedEntraDevice("BYOD-TABLET");
        var group = h.State.AddGroup("AOVPN Ring 1");
        var inner = h.State.AddGroup("AOVPN Lab");
        h.State.AddGroupMember(group, user.Id);
        h.State.AddGroupMember(group, h.State.EntraDeviceOf(kiosk).ObjectId);
        h.State.AddGroupMember(group, h.State.EntraDeviceOf(laptop).ObjectId); // also through the user: one trigger only
        h.State.AddGroupMember(group, unmanaged.ObjectId);
        h.State.AddGroupMember(group, inner);
        h.State.AddGroupMember(inner, h.State.EntraDeviceOf(nested).ObjectId);
        using var graph = h.Connect();

        var selection = await h.Runner(graph).SelectAsync(new RunRequest(UserTunnel, [], ["AOVPN Ring 1"], []), null, CancellationToken.None);

        Assert.Equal(new[] { laptop.Id, desktop.Id, kiosk.Id, nested.Id }.Order(), selection.Targets.Select(t => t.Id).Order());
        var skipped = Assert.Single(selection.Skipped);
        Assert.Equal("BYOD-TABLET", skipped.Device);
        Assert.Contains("not an Intune managed device", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_or_empty_group_is_an_error_never_an_empty_run()
    {
        await using var h = await RunHarness.StartAsync();
        h.AddPackage(UserTunnel);
        h.State.AddGroup("AOVPN Empty");
        var onlyUnmanaged = h.State.AddGroup("AOVPN BYOD");
        h.State.AddGroupMember(onlyUnmanaged, h.State.AddUnmanagedEntraDevice("BYOD-1").ObjectId);
        using var graph = h.Connect();

        var error = await Assert.ThrowsAsync<TenantStateException>(() =>
            h.Runner(graph).SelectAsync(new RunRequest(UserTunnel, [], ["AOVPN Nowhere", "AOVPN Empty", "AOVPN BYOD"], []), null, CancellationToken.None));
        Assert.Contains("group 'AOVPN Nowhere' does not exist in the tenant", error.Message, StringComparison.Ordinal);
        Assert.Contains("group 'AOVPN Empty' has no user or device members", error.Message, StringComparison.Ordinal);
        Assert.Contains("group 'AOVPN BYOD' has 1 device and 0 user member(s), none with an Intune managed device", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_Device_Read_All_device_members_come_back_without_their_id_and_the_error_names_the_permission()
    {
        await using var h = await RunHarness.StartAsync();
        h.AddPackage(UserTunnel);
        h.AddDeviceGroup("AOVPN Ring 1", [h.State.AddManagedDevice("KIOSK-1")]);
        h.Token = EmulatorTokens.App("DeviceManagementScripts.Read.All", "DeviceManagementManagedDevices.Read.All", "GroupMember.Read.All");
        using var graph = h.Connect();

        var error = await Assert.ThrowsAsync<TenantStateException>(() => h.Runner(graph).SelectAsync(new RunRequest(UserTunnel, [], ["AOVPN Ring 1"], []), null, CancellationToken.None));
        Assert.Contains("without their Entra device id, which an app gets only with Device.Read.All", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_with_an_on_demand_run_in_flight_is_skipped_unless_replace_pending()
    {
        await using var h = await RunHarness.StartAsync();
        h.AddPackage(UserTunnel);
        var busy = h.State.AddManagedDevice("BUSY-PC");
        var idle = h.State.AddManagedDevice("IDLE-PC");
        using var graph = h.Connect();
        var runner = h.Runner(graph);
        await runner.TriggerAsync(await runner.SelectAsync(new RunRequest(UserTunnel, ["BUSY-PC"], [], []), null, CancellationToken.None), _ => { }, CancellationToken.None);

        var selection = await runner.SelectAsync(new RunRequest(UserTunnel, ["BUSY-PC", "IDLE-PC"], [], []), null, CancellationToken.None);
        Assert.Equal(idle.Id, Assert.Single(selection.Targets).Id);
        Assert.Contains("an on-demand run is already pending", Assert.Single(selection.Skipped).Reason, StringComparison.Ordinal);

        var replace = await runner.SelectAsync(new RunRequest(UserTunnel, ["BUSY-PC", "IDLE-PC"], [], [], ReplacePending: true), null, CancellationToken.None);
        Assert.Equal(2, replace.Targets.Count);
        Assert.Contains(replace.Targets, t => t.Id == busy.Id);
    }

    [Fact]
    public async Task More_devices_than_max_devices_are_refused_before_any_write()
    {
        await using var h = await RunHarness.StartAsync();
        var (_, _, devices) = h.AddFleet(UserTunnel, 60);
        h.AddDeviceGroup("AOVPN Sixty", devices);
        using var graph = h.Connect();
        var runner = h.Runner(graph);
        var selection = await runner.SelectAsync(new RunRequest(UserTunnel, [], ["AOVPN Sixty"], []), null, CancellationToken.None);

        Assert.True(selection.OverLimit);
        var error = await Assert.ThrowsAsync<RunInputException>(() => runner.TriggerAsync(selection, _ => { }, CancellationToken.None));
        Assert.Contains("60 devices are selected, more than --max-devices 50", error.Message, StringComparison.Ordinal);
        Assert.Contains("pass --max-devices 60", error.Message, StringComparison.Ordinal);
        Assert.Contains("A real run would refuse", RunText.Selection(selection, dryRun: true), StringComparison.Ordinal);
        Assert.Equal(0, h.AcceptedWrites);
        Assert.Equal(0, h.TriggerSends);
    }

    [Fact]
    public async Task A_transient_not_found_is_checked_then_sent_again_once()
    {
        await using var h = await RunHarness.StartAsync(o => o.OnDemand.TransientNotFound = true);
        h.AddPackage(UserTunnel);
        h.State.AddManagedDevice("FLAKY-PC");
        using var graph = h.Connect();
        var runner = h.Runner(graph);
        var result = await runner.TriggerAsync(await runner.SelectAsync(new RunRequest(UserTunnel, ["FLAKY-PC"], [], []), null, CancellationToken.None), _ => { }, CancellationToken.None);

        var device = Assert.Single(result.Devices);
        Assert.Equal(TriggerOutcome.Accepted, device.Outcome);
        Assert.Equal(2, device.Sends);
        Assert.Single(h.State.OnDemandRuns);
    }

    [Fact]
    public async Task Wait_prints_each_devices_result_line_before_and_after_the_run()
    {
        await using var h = await RunHarness.StartAsync();
        var (_, fleet, _) = h.AddFleet(UserTunnel, 200, seed: 5);
        using var graph = h.Connect();
        var runner = h.Runner(graph);
        var finding = FindingRef.Parse("AOVPN1002:CertificateExpiringSoon");
        var selection = await runner.SelectAsync(new RunRequest(null, [], [], [finding], MaxDevices: 200), h.Findings(graph), CancellationToken.None);
        Assert.NotEmpty(selection.Targets);
        var before = await runner.ReadStatesAsync(selection, CancellationToken.None);
        await runner.TriggerAsync(selection, _ => { }, CancellationToken.None);

        var waited = await runner.Waiter.WaitAsync(selection.Script, selection.Targets, before, _ => { }, CancellationToken.None);
        var lines = RunText.Wait(waited, TimeSpan.FromMinutes(30)).ToList();

        Assert.All(waited, w => Assert.NotNull(w.After));
        Assert.All(waited, w => Assert.Equal("done", w.ActionState));
        var first = lines[0];
        Assert.Contains(": before issue ", first, StringComparison.Ordinal);
        Assert.Contains("AOVPN1002/CertificateExpiringSoon", first, StringComparison.Ordinal);
        Assert.Contains(" -> after ok (2026-01-15 08:0", first, StringComparison.Ordinal);
        Assert.Equal($"Wait: {selection.Targets.Count} of {selection.Targets.Count} device(s) reported a new result.", lines[^1]);
        output.WriteLine(string.Join(Environment.NewLine, lines.Take(3)));
        _ = fleet;
    }

    [Fact]
    public async Task Wait_gives_up_after_its_timeout_and_says_the_device_may_be_offline()
    {
        await using var h = await RunHarness.StartAsync(o => o.OnDemand.ReadsUntilDone = int.MaxValue);
        h.AddPackage(UserTunnel);
        h.State.AddManagedDevice("OFFLINE-PC");
        using var graph = h.Connect();
        var runner = h.Runner(graph);
        var selection = await runner.SelectAsync(new RunRequest(UserTunnel, ["OFFLINE-PC"], [], []), null, CancellationToken.None);
        await runner.TriggerAsync(selection, _ => { }, CancellationToken.None);
        var waited = await runner.Waiter.WaitAsync(selection.Script, selection.Targets, new Dictionary<string, Report.Sources.DeviceRow>(), _ => { }, CancellationToken.None);

        Assert.Contains("no new result within 30 min (action pending; the device may be offline)", RunText.Wait(waited, TimeSpan.FromMinutes(30)).First(), StringComparison.Ordinal);
        Assert.True(h.Clock.GetUtcNow() - RunHarness.Now >= TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task A_package_that_is_not_published_is_an_error_naming_apply()
    {
        await using var h = await RunHarness.StartAsync();
        h.State.AddManagedDevice("PC-1");
        using var graph = h.Connect();
        var error = await Assert.ThrowsAsync<TenantStateException>(() => h.Runner(graph).SelectAsync(new RunRequest(UserTunnel, ["PC-1"], [], []), null, CancellationToken.None));
        Assert.Contains("is not published to this tenant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_without_devices_or_with_findings_of_two_packages_is_refused()
    {
        Assert.Contains("run needs devices", Assert.Throws<RunInputException>(() => RunRequest.Validate(new RunRequest(UserTunnel, [], [], []))).Message, StringComparison.Ordinal);
        var two = new RunRequest(null, [], [], [FindingRef.Parse("AOVPN1002:CertificateExpiringSoon"), FindingRef.Parse("AOVPN2001:RootCaMissing")]);
        Assert.Contains("Run once per package", Assert.Throws<RunInputException>(() => RunRequest.Validate(two)).Message, StringComparison.Ordinal);
        var mismatch = new RunRequest("aovpn-trusted-cas", [], [], [FindingRef.Parse("AOVPN1002:CertificateExpiringSoon")]);
        Assert.Contains("(--package aovpn-trusted-cas)", Assert.Throws<RunInputException>(() => RunRequest.Validate(mismatch)).Message, StringComparison.Ordinal);
        Assert.Contains("--max-devices 0 is out of range", Assert.Throws<RunInputException>(() => RunRequest.Validate(new RunRequest(UserTunnel, ["x"], [], [], MaxDevices: 0))).Message, StringComparison.Ordinal);
    }
}
