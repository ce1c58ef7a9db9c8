namespace AovpnRemediations.Cli.Tests;

/// <summary>plan, apply and tenant check through the real command line against the emulator, with the repo's committed output/.</summary>
public sealed class PublishCommandTests
{
    [Fact]
    public async Task Plan_apply_and_tenant_check_map_their_outcomes_to_exit_codes()
    {
        await using var tenant = await TenantCli.StartAsync();
        var output = TestSupport.Repository.Path("output");

        var plan = tenant.Run("plan", "--output", output, "--graph-base-url", tenant.Url, "--detailed-exitcode");
        Assert.True(plan.ExitCode == 2, plan.Stdout + plan.Stderr);
        Assert.Contains("+ create", plan.Stdout, StringComparison.Ordinal);

        var refused = tenant.Run("apply", "--output", output, "--graph-base-url", tenant.Url);
        Assert.Equal(3, refused.ExitCode); // no terminal to confirm on, no --yes
        Assert.Contains("--yes", refused.Stderr, StringComparison.Ordinal);

        var declined = tenant.Run(TimeProvider.System, _ => false, "apply", "--output", output, "--graph-base-url", tenant.Url);
        Assert.Equal(1, declined.ExitCode);
        Assert.Contains("Nothing applied.", declined.Stderr, StringComparison.Ordinal);

        var apply = tenant.Run("apply", "--output", output, "--graph-base-url", tenant.Url, "--yes", "--verbose");
        Assert.True(apply.ExitCode == 0, apply.Stdout + apply.Stderr);
        Assert.Contains("graph: POST", apply.Stderr, StringComparison.Ordinal);
        Assert.Contains("Applied: ", apply.Stdout, StringComparison.Ordinal);

        var again = tenant.Run("plan", "--output", output, "--graph-base-url", tenant.Url, "--detailed-exitcode", "--json");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("\"changes\": false", again.Stdout, StringComparison.Ordinal);

        var mismatch = tenant.Run("plan", "--output", Path.Combine(Path.GetTempPath(), "aovpn-missing-" + Guid.NewGuid().ToString("N")), "--graph-base-url", tenant.Url);
        Assert.Equal(5, mismatch.ExitCode);
        var badUrl = tenant.Run("plan", "--output", output, "--graph-base-url", "http://example.net");
        Assert.Equal(3, badUrl.ExitCode);
        Assert.Contains("must be an https URL", badUrl.Stderr, StringComparison.Ordinal);

        Assert.DoesNotContain(TenantCli.Token, string.Concat(plan.Stdout, plan.Stderr, apply.Stdout, apply.Stderr, again.Stdout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_detailed_exitcode_a_missing_group_exits_1_and_otherwise_6()
    {
        await using var tenant = await TenantCli.StartAsync();
        lock (tenant.Emulator.State.Gate)
        {
            tenant.Emulator.State.Groups.Clear();
        }

        var output = TestSupport.Repository.Path("output");

        var detailed = tenant.Run("plan", "--output", output, "--graph-base-url", tenant.Url, "--detailed-exitcode");
        Assert.Equal(1, detailed.ExitCode);
        Assert.Contains("does not exist in the tenant", detailed.Stderr, StringComparison.Ordinal);
        Assert.Equal(6, tenant.Run("plan", "--output", output, "--graph-base-url", tenant.Url).ExitCode);
    }

    [Fact]
    public async Task Tenant_check_asks_before_fixing_and_exits_6_while_principals_are_missing()
    {
        await using var tenant = await TenantCli.StartAsync();
        tenant.Emulator.State.AddServicePrincipal("981f26a1-7f43-403b-a875-f8b09b8cd720", "Azure Multi-Factor Auth Client", accountEnabled: false);

        var check = tenant.Run("tenant", "check", "--graph-base-url", tenant.Url);
        Assert.Equal(6, check.ExitCode);
        Assert.Contains("DISABLED Azure Multi-Factor Auth Client", check.Stdout, StringComparison.Ordinal);
        Assert.Contains("MISSING  Azure Multi-Factor Auth Connector", check.Stdout, StringComparison.Ordinal);

        Assert.Equal(3, tenant.Run("tenant", "check", "--fix", "--graph-base-url", tenant.Url).ExitCode);
        var declined = tenant.Run(TimeProvider.System, _ => false, "tenant", "check", "--fix", "--graph-base-url", tenant.Url);
        Assert.Equal(6, declined.ExitCode);
        Assert.Equal(0, tenant.Emulator.Log.WriteCount);

        string? asked = null;
        var fixedRun = tenant.Run(TimeProvider.System, q => { asked = q; return true; }, "tenant", "check", "--fix", "--graph-base-url", tenant.Url);
        Assert.True(fixedRun.ExitCode == 0, fixedRun.Stdout + fixedRun.Stderr);
        Assert.Equal("enable Azure Multi-Factor Auth Client, create Azure Multi-Factor Auth Connector?", asked);
        Assert.Contains("Tenant check passed after fixing.", fixedRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, tenant.Run("tenant", "check", "--graph-base-url", tenant.Url).ExitCode);
    }
}
