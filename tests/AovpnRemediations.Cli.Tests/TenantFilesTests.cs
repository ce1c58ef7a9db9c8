using System.Text.Json.Nodes;
using AovpnRemediations.GraphEmulator;

namespace AovpnRemediations.Cli.Tests;

/// <summary>plan, apply and report over several tenant files: one heading and one summary line per tenant, failures isolated, the exit code reflecting all.</summary>
public sealed class TenantFilesTests : IDisposable
{
    private readonly TestSupport.TempDirectory _folder = new();

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["CONTOSO_GRAPH_TOKEN"] = "contoso-token-value",
        ["FABRIKAM_GRAPH_TOKEN"] = "fabrikam-token-value",
    };

    public void Dispose() => _folder.Dispose();

    private string TenantFile(string name, TenantCli tenant, string? extra = null)
    {
        var path = _folder.Path(name + ".json");
        var json = new JsonObject
        {
            ["name"] = name,
            ["tenantId"] = Guid.NewGuid().ToString(),
            ["accessTokenVariable"] = name.ToUpperInvariant() + "_GRAPH_TOKEN",
            ["graphBaseUrl"] = tenant.Url,
            ["output"] = TestSupport.Repository.Path("output"),
        };
        File.WriteAllText(path, extra is null ? json.ToJsonString() : json.ToJsonString().TrimEnd('}') + "," + extra + "}");
        return path;
    }

    [Fact]
    public async Task One_tenants_failure_does_not_stop_the_others_and_sets_the_exit_code()
    {
        await using var contoso = await TenantCli.StartAsync();
        await using var fabrikam = await TenantCli.StartAsync();
        lock (fabrikam.Emulator.State.Gate)
        {
            fabrikam.Emulator.State.Groups.Clear(); // the profile's groups do not exist there
        }

        var files = new[] { TenantFile("contoso", contoso), TenantFile("fabrikam", fabrikam) };
        var plan = CliHost.Run(Environment, "plan", "--tenant", files[0], "--tenant", files[1]);

        Assert.Equal(6, plan.ExitCode);
        Assert.Contains($"== tenant contoso ({files[0]}) ==", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains($"== tenant fabrikam ({files[1]}) ==", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("+ create", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("does not exist in the tenant", plan.Stderr, StringComparison.Ordinal);
        Assert.Contains("Tenants: 1 of 2 succeeded.", plan.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"  contoso   \d+ to create, 0 to update", plan.Stdout);
        Assert.Contains("  fabrikam  failed: exit 6 (Graph or tenant error), see the error above", plan.Stdout, StringComparison.Ordinal);
        Assert.NotEmpty(contoso.Emulator.Log.Entries);
        Assert.DoesNotContain("contoso-token-value", plan.Stdout + plan.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_and_apply_run_per_tenant_and_the_exit_code_says_what_is_pending()
    {
        await using var contoso = await TenantCli.StartAsync();
        await using var fabrikam = await TenantCli.StartAsync();
        var files = new[] { TenantFile("contoso", contoso), TenantFile("fabrikam", fabrikam) };

        var plan = CliHost.Run(Environment, "plan", "--tenant", files[0], "--tenant", files[1], "--detailed-exitcode");
        Assert.True(plan.ExitCode == 2, plan.Stdout + plan.Stderr);
        Assert.Contains("Tenants: 2 of 2 succeeded.", plan.Stdout, StringComparison.Ordinal);

        // fabrikam protects scripts with Multi Admin Approval: its changes wait, contoso's are made.
        fabrikam.Emulator.Options.Approvals.Enabled = true;
        var apply = CliHost.Run(Environment, "apply", "--tenant", files[0], "--tenant", files[1], "--yes", "--justification", "CHG0042 first publish");
        Assert.True(apply.ExitCode == 8, apply.Stdout + apply.Stderr);
        Assert.Matches(@"  contoso   \d+ created, 0 updated, \d+ assigned, 0 deleted", apply.Stdout);
        Assert.Matches(@"  fabrikam  0 created, 0 updated, 0 assigned, 0 deleted; \d+ waiting for approval", apply.Stdout);
        Assert.NotEmpty(fabrikam.Emulator.Approvals.Requests);

        var after = CliHost.Run(Environment, "plan", "--tenant", files[0], "--tenant", files[1], "--detailed-exitcode");
        Assert.Equal(2, after.ExitCode); // fabrikam still has its creates pending
        Assert.Matches(@"  contoso   no changes", after.Stdout);
        Assert.Matches(@"  fabrikam  \d+ to create, .*; \d+ waiting for approval", after.Stdout);
    }

    [Fact]
    public async Task A_secret_in_a_tenant_file_is_refused_before_any_request()
    {
        await using var contoso = await TenantCli.StartAsync();
        var good = TenantFile("contoso", contoso);
        var bad = TenantFile("fabrikam", contoso, "\"clientSecret\":\"hunter2-secret\"");
        var run = CliHost.Run(Environment, "plan", "--tenant", good, "--tenant", bad);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("a secret is written in the file", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(contoso.Emulator.Log.Entries);
    }

    [Fact]
    public async Task A_report_over_several_tenants_writes_one_file_each()
    {
        await using var contoso = await TenantCli.StartAsync();
        await using var fabrikam = await TenantCli.StartAsync();
        var files = new[] { TenantFile("contoso", contoso), TenantFile("fabrikam", fabrikam) };

        var refused = CliHost.Run(Environment, "report", "--tenant", files[0], "--tenant", files[1], "--format", "json");
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("needs --out FILE", refused.Stderr, StringComparison.Ordinal);

        var run = CliHost.Run(Environment, "report", "--tenant", files[0], "--tenant", files[1], "--format", "json", "--out", _folder.Path("fleet.json"));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.True(File.Exists(_folder.Path("fleet.contoso.json")));
        Assert.True(File.Exists(_folder.Path("fleet.fabrikam.json")));
        Assert.Contains("Tenants: 2 of 2 succeeded.", run.Stdout, StringComparison.Ordinal);
    }
}
