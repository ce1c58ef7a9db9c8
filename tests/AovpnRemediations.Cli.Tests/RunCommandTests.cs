using AovpnRemediations.Catalogue;
using AovpnRemediations.Contracts;
using AovpnRemediations.GraphEmulator.Devices;
using AovpnRemediations.GraphEmulator.Fleet;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Cli.Tests;

/// <summary><c>aovpn-remediations run</c> through the real command line.</summary>
public sealed class RunCommandTests
{
    private const string UserTunnel = "aovpn-user-tunnel-cert";

    private static List<ManagedDeviceRecord> Seed(TenantCli tenant, int devices, string group = "AOVPN Ring 1")
    {
        var state = tenant.Emulator.State;
        state.AddScript("AOVPN - user tunnel", "Managed. " + OwnershipMarker.ForPackage(UserTunnel), "exit 0\r\n"u8.ToArray());
        var added = Enumerable.Range(1, devices).Select(i => state.AddManagedDevice($"RING1-{i:D3}")).ToList();
        var id = state.AddGroup(group);
        foreach (var device in added)
        {
            state.AddGroupMember(id, state.EntraDeviceOf(device).ObjectId);
        }

        return added;
    }

    private static int Triggers(TenantCli tenant) => tenant.Emulator.Log.Entries.Count(e => e.Path.EndsWith("/initiateOnDemandProactiveRemediation", StringComparison.Ordinal));

    [Fact]
    public async Task A_dry_run_warns_first_lists_the_devices_and_triggers_nothing()
    {
        await using var tenant = await TenantCli.StartAsync();
        Seed(tenant, 3);

        var run = tenant.Run("run", "--package", UserTunnel, "--group", "AOVPN Ring 1", "--dry-run", "--graph-base-url", tenant.Url);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.StartsWith("warning: an on-demand run ignores the package's assignments, assignment filters and exclusions", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Dry run: would run \"AOVPN - user tunnel\" (aovpn-user-tunnel-cert", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("RING1-003", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("(--group AOVPN Ring 1)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was triggered.", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, tenant.Emulator.Log.WriteCount);
        Assert.Empty(tenant.Emulator.State.OnDemandRuns);
    }

    [Fact]
    public async Task A_run_triggers_each_device_once_and_says_so()
    {
        await using var tenant = await TenantCli.StartAsync();
        var devices = Seed(tenant, 3);

        var refused = tenant.Run("run", "--package", UserTunnel, "--group", "AOVPN Ring 1", "--graph-base-url", tenant.Url);
        Assert.Equal(3, refused.ExitCode); // no terminal to ask on, no --yes
        Assert.Contains("--yes", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Triggers(tenant));

        var run = tenant.Run("run", "--package", UserTunnel, "--group", "AOVPN Ring 1", "--device", "RING1-001", "--yes", "--graph-base-url", tenant.Url);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("Run: 3 device(s) triggered, 0 failed; 3 trigger request(s) sent.", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(devices.Select(d => d.Id).Order(), tenant.Emulator.State.OnDemandRuns.Select(r => r.DeviceId).Order());

        // Run again at once: every device still has its run pending, so nothing is sent.
        var again = tenant.Run("run", "--package", UserTunnel, "--group", "AOVPN Ring 1", "--yes", "--graph-base-url", tenant.Url);
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.Contains("Nothing to run.", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, Triggers(tenant));
    }

    [Fact]
    public async Task More_devices_than_the_limit_exit_3_without_a_trigger_and_a_raised_limit_runs()
    {
        await using var tenant = await TenantCli.StartAsync();
        Seed(tenant, 60);

        var over = tenant.Run("run", "--package", UserTunnel, "--group", "AOVPN Ring 1", "--yes", "--graph-base-url", tenant.Url);
        Assert.Equal(3, over.ExitCode);
        Assert.Contains("60 devices are selected, more than --max-devices 50", over.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Triggers(tenant));

        var raised = tenant.Run("run", "--package", UserTunnel, "--group", "AOVPN Ring 1", "--max-devices", "60", "--yes", "--graph-base-url", tenant.Url);
        Assert.True(raised.ExitCode == 0, raised.Stdout + raised.Stderr);
        Assert.Equal(60, Triggers(tenant));
    }

    [Theory]
    [InlineData("--finding", "AOVPN1001:ClientCertExpiring", "AOVPN1001 has no code 'ClientCertExpiring'")]
    [InlineData("--max-devices", "0", "--max-devices 0 is out of range")]
    [InlineData("--wait-timeout", "0", "--wait-timeout 0 is out of range")]
    public async Task Bad_options_exit_3_before_any_request(string option, string value, string message)
    {
        await using var tenant = await TenantCli.StartAsync();
        var run = tenant.Run("run", "--package", UserTunnel, "--device", "PC-1", option, value, "--graph-base-url", tenant.Url);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(tenant.Emulator.Log.Entries);
    }

    [Fact]
    public async Task An_unknown_group_exits_6_naming_it_and_triggers_nothing()
    {
        await using var tenant = await TenantCli.StartAsync();
        Seed(tenant, 2);
        var run = tenant.Run("run", "--package", UserTunnel, "--group", "AOVPN Ring 9", "--yes", "--graph-base-url", tenant.Url);
        Assert.Equal(6, run.ExitCode);
        Assert.Contains("group 'AOVPN Ring 9' does not exist in the tenant", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Triggers(tenant));
    }

    [Fact]
    public async Task A_finding_is_read_from_the_last_report_snapshot_with_no_fleet_reads_and_names_it()
    {
        await using var tenant = await TenantCli.StartAsync();
        var now = new DateTimeOffset(2026, 1, 15, 8, 0, 0, TimeSpan.Zero);
        var id = tenant.Emulator.State.AddScript("AOVPN - user tunnel", "Managed. " + OwnershipMarker.ForPackage(UserTunnel), "exit 0\r\n"u8.ToArray());
        var fleet = new SyntheticFleet(FleetPackage.From(RuleCatalogue.FindPackage(UserTunnel)!, "0000test"), 300, seed: 5, now);
        tenant.Emulator.Fleets.Attach(id, fleet);
        tenant.Emulator.State.AddFleetDevices(fleet);
        var expected = fleet.Truth.FindingDevices[("AOVPN1002", "CertificateExpiringSoon")];
        Assert.True(expected > 0);

        var report = tenant.Run(new FixedTime(now), null, "report", "--package", UserTunnel, "--format", "json", "--graph-base-url", tenant.Url);
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Contains("stored snapshot 1 ", report.Stderr, StringComparison.Ordinal);

        // An hour later: auto takes the snapshot, and reads nothing of the fleet to choose the devices.
        var fleetReads = FleetReads(tenant);
        var later = new FixedTime(now.AddHours(1));
        var fromSnapshot = tenant.Run(later, null, "run", "--finding", "AOVPN1002:CertificateExpiringSoon", "--max-devices", "300", "--dry-run", "--graph-base-url", tenant.Url);
        Assert.True(fromSnapshot.ExitCode == 0, fromSnapshot.Stdout + fromSnapshot.Stderr);
        Assert.Contains($"{expected} device(s) report AOVPN1002:CertificateExpiringSoon in snapshot 1 of the history store, taken 2026-01-15 08:00Z (1 h ago)", fromSnapshot.Stdout, StringComparison.Ordinal);
        Assert.Equal(fleetReads, FleetReads(tenant));

        // The same devices a fresh report finds.
        var fresh = tenant.Run(later, null, "run", "--finding", "AOVPN1002:CertificateExpiringSoon", "--findings-from", "fresh", "--max-devices", "300", "--dry-run", "--graph-base-url", tenant.Url);
        Assert.True(fresh.ExitCode == 0, fresh.Stdout + fresh.Stderr);
        Assert.Contains($"{expected} device(s) report AOVPN1002:CertificateExpiringSoon in a fresh report", fresh.Stdout, StringComparison.Ordinal);
        Assert.True(FleetReads(tenant) > fleetReads);
        Assert.Equal(DeviceLines(fresh.Stdout), DeviceLines(fromSnapshot.Stdout));
        Assert.Equal(expected, DeviceLines(fromSnapshot.Stdout).Count);

        // Two days later auto reads the fleet again and says why; snapshot still takes the old one and says how old.
        var old = new FixedTime(now.AddDays(2));
        var auto = tenant.Run(old, null, "run", "--finding", "AOVPN1002:CertificateExpiringSoon", "--max-devices", "300", "--dry-run", "--graph-base-url", tenant.Url);
        Assert.True(auto.ExitCode == 0, auto.Stdout + auto.Stderr);
        Assert.Contains("in a fresh report (runstates); snapshot 1 of aovpn-user-tunnel-cert is 2 days old", auto.Stdout, StringComparison.Ordinal);
        var pinned = tenant.Run(old, null, "run", "--finding", "AOVPN1002:CertificateExpiringSoon", "--findings-from", "snapshot", "--max-devices", "300", "--dry-run", "--graph-base-url", tenant.Url);
        Assert.True(pinned.ExitCode == 0, pinned.Stdout + pinned.Stderr);
        Assert.Contains("in snapshot 1 of the history store, taken 2026-01-15 08:00Z (2 days ago)", pinned.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Findings_from_a_snapshot_with_no_store_or_no_snapshot_of_the_package_say_what_to_run_first()
    {
        await using var tenant = await TenantCli.StartAsync();
        Seed(tenant, 2);

        var noStore = tenant.Run("run", "--finding", "AOVPN1002:CertificateExpiringSoon", "--findings-from", "snapshot", "--dry-run", "--graph-base-url", tenant.Url);
        Assert.Equal(3, noStore.ExitCode);
        Assert.Contains("there is no history store at", noStore.Stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'report' first", noStore.Stderr, StringComparison.Ordinal);
        Assert.Empty(tenant.Emulator.Log.Entries);

        var noFinding = tenant.Run("run", "--package", UserTunnel, "--device", "RING1-001", "--findings-from", "snapshot", "--dry-run", "--graph-base-url", tenant.Url);
        Assert.Equal(3, noFinding.ExitCode);
        Assert.Contains("pass them with --finding", noFinding.Stderr, StringComparison.Ordinal);

        // A store that holds another package only.
        var cas = tenant.Emulator.State.AddScript("AOVPN - CAs", "Managed. " + OwnershipMarker.ForPackage("aovpn-trusted-cas"), "exit 0\r\n"u8.ToArray());
        tenant.Emulator.Fleets.Attach(cas, new SyntheticFleet(FleetPackage.From(RuleCatalogue.FindPackage("aovpn-trusted-cas")!, "0000test"), 20, seed: 3, DateTimeOffset.UtcNow));
        var report = tenant.Run("report", "--package", "aovpn-trusted-cas", "--format", "json", "--graph-base-url", tenant.Url);
        Assert.True(report.ExitCode == 0, report.Stderr);
        var noSnapshot = tenant.Run("run", "--finding", "AOVPN1002:CertificateExpiringSoon", "--findings-from", "snapshot", "--dry-run", "--graph-base-url", tenant.Url);
        Assert.Equal(3, noSnapshot.ExitCode);
        Assert.Contains("the history store has no snapshot of aovpn-user-tunnel-cert", noSnapshot.Stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'report --package aovpn-user-tunnel-cert' first", noSnapshot.Stderr, StringComparison.Ordinal);
    }

    private static int FleetReads(TenantCli tenant) =>
        tenant.Emulator.Log.Entries.Count(e => e.Path.Contains("/deviceRunStates", StringComparison.Ordinal) || e.Path.Contains("exportJobs", StringComparison.Ordinal));

    /// <summary>The dry run's device lines (name and id), without the line that says where they came from.</summary>
    private static List<string> DeviceLines(string stdout) =>
        [.. stdout.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Contains("--finding AOVPN1002:CertificateExpiringSoon", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
