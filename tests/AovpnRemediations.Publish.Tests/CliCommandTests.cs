using AovpnRemediations.Cli;

namespace AovpnRemediations.Publish.Tests;

/// <summary>The real command line (plan, apply, tenant check) against the emulator, with the repo's committed output/.</summary>
public sealed class CliCommandTests
{
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApp.Run(args, new CliConsole(stdout, stderr), TimeProvider.System).GetAwaiter().GetResult();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Plan_apply_and_tenant_check_through_the_command_line()
    {
        await using var h = await Harness.StartAsync();
        var url = h.Emulator.BaseUrl.ToString().TrimEnd('/');
        var output = Path.Combine(TestOutput.RepoRoot(), "output");
        // The CLI reads credentials from the process environment; only this test in this assembly does.
        Environment.SetEnvironmentVariable("AOVPN_GRAPH_ACCESS_TOKEN", Harness.Token);
        try
        {
            var plan = Run("plan", "--output", output, "--graph-base-url", url, "--detailed-exitcode");
            Assert.True(plan.Exit == 2, plan.Out + plan.Error);
            Assert.Contains("+ create", plan.Out, StringComparison.Ordinal);

            var refused = Run("apply", "--output", output, "--graph-base-url", url);
            Assert.Equal(3, refused.Exit); // no terminal to confirm on, no --yes
            Assert.Contains("--yes", refused.Error, StringComparison.Ordinal);

            var apply = Run("apply", "--output", output, "--graph-base-url", url, "--yes", "--verbose");
            Assert.True(apply.Exit == 0, apply.Out + apply.Error);
            Assert.Contains("graph: POST", apply.Error, StringComparison.Ordinal);

            var again = Run("plan", "--output", output, "--graph-base-url", url, "--detailed-exitcode", "--json");
            Assert.Equal(0, again.Exit);
            Assert.Contains("\"changes\": false", again.Out, StringComparison.Ordinal);

            var check = Run("tenant", "check", "--graph-base-url", url);
            Assert.Equal(6, check.Exit);
            var fix = Run("tenant", "check", "--fix", "--yes", "--graph-base-url", url);
            Assert.True(fix.Exit == 0, fix.Out + fix.Error);

            var mismatch = Run("plan", "--output", h.Folder("missing"), "--graph-base-url", url);
            Assert.Equal(5, mismatch.Exit);
            var badUrl = Run("plan", "--output", output, "--graph-base-url", "http://example.net");
            Assert.Equal(3, badUrl.Exit);

            Assert.DoesNotContain(Harness.Token, plan.Out + plan.Error + apply.Out + apply.Error + again.Out + check.Out + check.Error + fix.Out + fix.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AOVPN_GRAPH_ACCESS_TOKEN", null);
        }
    }
}
