using AovpnRemediations.Contracts;
using AovpnRemediations.GraphEmulator.Devices;

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
}
