using AovpnRemediations.Cli.Commands;
using AovpnRemediations.Graph.Permissions;
using AovpnRemediations.GraphEmulator;

namespace AovpnRemediations.Cli.Tests;

/// <summary>The permission table, the permissions command, the README and the 403 messages say the same, and tokens are checked before the first request.</summary>
public sealed class PermissionsTests
{
    [Fact]
    public void The_permissions_command_prints_every_need_of_the_table_and_nothing_else()
    {
        var run = CliRunner.Run("permissions");
        Assert.Equal(0, run.ExitCode);
        var printed = run.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        var expected = GraphPermissions.Commands.SelectMany(c => c.Needs).ToList();
        Assert.Equal(expected.Count, printed.Count);
        foreach (var (need, line) in expected.Zip(printed))
        {
            Assert.StartsWith("  " + need.Permission.Name, line, StringComparison.Ordinal);
            Assert.EndsWith($"{need.Why} ({(need.When is null ? "always" : "when " + need.When.Text)})", line, StringComparison.Ordinal);
        }

        Assert.Contains("build, validate, init, rules, docs, permissions: none (no Graph calls).", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(GraphPermissions.HowToGrant(delegated: false), run.Stdout, StringComparison.Ordinal);

        var one = CliRunner.Run("permissions", "tenant", "check");
        Assert.Equal(0, one.ExitCode);
        Assert.Contains("Application.ReadWrite.All", one.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(one.Stdout.Split('\n'), l => l.StartsWith("  DeviceManagementScripts", StringComparison.Ordinal));
        Assert.DoesNotContain("\nplan\n", one.Stdout.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(3, CliRunner.Run("permissions", "deploy").ExitCode);
    }

    [Fact]
    public void The_readme_permission_table_is_the_one_the_commands_check()
    {
        var readme = File.ReadAllText(TestSupport.Repository.Path("README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        const string Begin = "<!-- permissions:begin (generated from GraphPermissions; a test compares) -->\n";
        const string End = "<!-- permissions:end -->";
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no generated permission table");
        var end = readme.IndexOf(End, start, StringComparison.Ordinal);
        Assert.Equal(GraphPermissions.MarkdownTable(), readme[(start + Begin.Length)..end]);
        Assert.DoesNotContain("DeviceManagementConfiguration.ReadWrite.All` (Intune's permission to create export jobs)", readme, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string> Forbidden => new()
    {
        { "plan", "GET", "beta/deviceManagement/deviceHealthScripts", "DeviceManagementScripts.Read.All" },
        { "plan", "GET", "/deviceManagement/deviceHealthScripts/abc/assignments", "DeviceManagementScripts.Read.All" },
        { "plan", "GET", "v1.0/groups?$filter=displayName eq 'x'", "GroupMember.Read.All" },
        { "plan", "GET", "beta/deviceManagement/operationApprovalRequests?$filter=status eq 'approved'", "DeviceManagementRBAC.Read.All" },
        { "apply", "PATCH", "beta/deviceManagement/deviceHealthScripts/abc", "DeviceManagementScripts.ReadWrite.All" },
        { "apply", "GET", "beta/deviceManagement/assignmentFilters", "DeviceManagementConfiguration.Read.All" },
        { "report", "POST", "beta/deviceManagement/reports/exportJobs", "DeviceManagementConfiguration.ReadWrite.All" },
        { "run", "POST", "beta/deviceManagement/managedDevices/abc/initiateOnDemandProactiveRemediation", "DeviceManagementManagedDevices.PrivilegedOperations.All" },
        { "run", "GET", "beta/deviceManagement/managedDevices?$filter=deviceName eq 'x'", "DeviceManagementManagedDevices.Read.All" },
        { "tenant check", "POST", "v1.0/servicePrincipals", "Application.ReadWrite.All" },
        { "tenant check", "GET", "v1.0/servicePrincipals?$filter=appId eq 'x'", "Application.Read.All" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void A_403_names_the_permission_the_table_gives_its_route(string command, string method, string path, string permission)
    {
        var hint = PermissionCheck.ForbiddenHint(command, method, path);
        Assert.Contains($"needs {permission} (", hint, StringComparison.Ordinal);
        Assert.Contains(GraphPermissions.HowToGrant(delegated: false), hint, StringComparison.Ordinal);
        var need = GraphPermissions.For(command).Needs.Single(n => n.Permission.Name == permission && n.Routes.Any(r => r.Matches(method, path)));
        Assert.Contains(need.Why, hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_from_the_service_names_the_permission_on_stderr()
    {
        await using var tenant = await TenantCli.StartAsync();
        // The opaque token stands for an app that may read groups but not scripts.
        tenant.Emulator.Options.OpaqueTokenRoles = ["GroupMember.Read.All", "DeviceManagementConfiguration.Read.All", "DeviceManagementRBAC.Read.All"];
        var run = CliHost.Run(new Dictionary<string, string> { ["AOVPN_GRAPH_ACCESS_TOKEN"] = "opaque-token-value" },
            "plan", "--output", TestSupport.Repository.Path("output"), "--graph-base-url", tenant.Url);
        Assert.Equal(6, run.ExitCode);
        Assert.Contains("403", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("needs DeviceManagementScripts.Read.All (read the managed scripts, their content and assignments)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_a_permission_the_command_needs_is_refused_before_the_first_request()
    {
        await using var tenant = await TenantCli.StartAsync();
        var token = EmulatorTokens.App("DeviceManagementScripts.Read.All", "DeviceManagementManagedDevices.Read.All");
        var env = new Dictionary<string, string> { ["AOVPN_GRAPH_ACCESS_TOKEN"] = token };

        var run = CliHost.Run(env, "run", "--package", "aovpn-user-tunnel-cert", "--device", "PC-1", "--yes", "--graph-base-url", tenant.Url);
        Assert.Equal(6, run.ExitCode);
        Assert.Contains("run: the token of app AOVPN automation (11111111-2222-4333-8444-555555555555) in tenant 99999999-8888-4777-8666-555555555555 lacks 1 Microsoft Graph application permission(s)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("DeviceManagementManagedDevices.PrivilegedOperations.All: trigger the on-demand run", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Grant admin consent", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(tenant.Emulator.Log.Entries);
        Assert.DoesNotContain(token, run.Stderr, StringComparison.Ordinal);

        // A dry run writes nothing, so it does not need the write permission.
        tenant.Emulator.State.AddManagedDevice("PC-1");
        tenant.Emulator.State.AddScript("AOVPN - user", "x " + Contracts.OwnershipMarker.ForPackage("aovpn-user-tunnel-cert"), "exit 0\r\n"u8.ToArray());
        var dry = CliHost.Run(env, "run", "--package", "aovpn-user-tunnel-cert", "--device", "PC-1", "--dry-run", "--graph-base-url", tenant.Url);
        Assert.True(dry.ExitCode == 0, dry.Stdout + dry.Stderr);

        var plan = CliHost.Run(env, "plan", "--output", TestSupport.Repository.Path("output"), "--graph-base-url", tenant.Url);
        Assert.Equal(6, plan.ExitCode);
        Assert.Contains("GroupMember.Read.All: resolve the profile's group names (when the profile assigns to groups)", plan.Stderr, StringComparison.Ordinal);
        Assert.Contains("DeviceManagementRBAC.Read.All", plan.Stderr, StringComparison.Ordinal);
        Assert.Contains("`aovpn-remediations permissions plan` lists everything plan needs.", plan.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_covers_every_command_of_the_command_line()
    {
        var cli = new[] { "build", "validate", "init", "rules", "docs", "permissions", "plan", "apply", "report", "run", "tenant check" };
        Assert.Equal(cli.Order(), GraphPermissions.Commands.Select(c => c.Command).Order());
        Assert.All(PermissionsCommand.Lines(GraphPermissions.Commands), l => Assert.DoesNotContain("DeviceManagementConfiguration.Read.All  read the managed", l, StringComparison.Ordinal));
    }
}
