using AovpnRemediations.Cli;

namespace AovpnRemediations.Report.Tests;

/// <summary><c>aovpn-remediations report</c> through the real command line.</summary>
public sealed class CliReportTests
{
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApp.Run(args, new CliConsole(stdout, stderr), new FixedTime(FleetHarness.Now)).GetAwaiter().GetResult();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Report_runs_from_the_command_line_with_the_profiles_packages()
    {
        await using var harness = await FleetHarness.StartAsync();
        var fleet = harness.AddFleet(FleetHarness.TrustedCas, 400, seed: 8);
        var url = harness.Emulator.BaseUrl.ToString().TrimEnd('/');
        var profile = TestSupport.Repository.Path("src", "AovpnRemediations.Profile", "Sample", "aovpn.json");
        // The CLI reads credentials from the process environment; only this test in this assembly does.
        Environment.SetEnvironmentVariable("AOVPN_GRAPH_ACCESS_TOKEN", "cli-test-token-0042");
        try
        {
            var json = Run("report", "--profile", profile, "--package", "aovpn-trusted-cas", "--source", "runstates", "--format", "json", "--stale-days", "7", "--graph-base-url", url);
            Assert.True(json.Exit == 0, json.Out + json.Error);
            Assert.Contains($"\"devices\": {fleet.Truth.Devices}", json.Out, StringComparison.Ordinal);
            Assert.Contains($"\"devices\": {fleet.Truth.Stale},", json.Out, StringComparison.Ordinal);

            var notInProfile = Run("report", "--profile", profile, "--package", "aovpn-nps-mfa", "--graph-base-url", url);
            Assert.Equal(3, notInProfile.Exit);
            Assert.Contains("not published to Intune by the profile", notInProfile.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AOVPN_GRAPH_ACCESS_TOKEN", null);
        }
    }

    [Theory]
    [InlineData("--source", "everything")]
    [InlineData("--format", "pdf")]
    [InlineData("--stale-days", "soon")]
    public void Bad_options_exit_3_before_any_request(string option, string value)
    {
        var run = Run("report", option, value, "--graph-base-url", "http://127.0.0.1:9");
        Assert.Equal(3, run.Exit);
        Assert.Contains(value, run.Error, StringComparison.Ordinal);
    }
}
