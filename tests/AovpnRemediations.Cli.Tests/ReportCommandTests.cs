using AovpnRemediations.Catalogue;
using AovpnRemediations.Contracts;
using AovpnRemediations.GraphEmulator.Fleet;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Cli.Tests;

/// <summary><c>aovpn-remediations report</c> through the real command line.</summary>
public sealed class ReportCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Report_runs_from_the_command_line_with_the_profiles_packages()
    {
        await using var tenant = await TenantCli.StartAsync();
        var package = RuleCatalogue.FindPackage("aovpn-trusted-cas")!;
        var id = tenant.Emulator.State.AddScript("AOVPN - CAs", "Managed. " + OwnershipMarker.ForPackage(package.Id), "exit 0\r\n"u8.ToArray());
        var fleet = new SyntheticFleet(FleetPackage.From(package, "0000test"), 400, 8, Now);
        tenant.Emulator.Fleets.Attach(id, fleet);
        var profile = TestSupport.Repository.Path("src", "AovpnRemediations.Profile", "Sample", "aovpn.json");
        var clock = new FixedTime(Now);

        var json = tenant.Run(clock, null, "report", "--profile", profile, "--package", "aovpn-trusted-cas", "--source", "runstates", "--format", "json", "--stale-days", "7", "--graph-base-url", tenant.Url);
        Assert.True(json.ExitCode == 0, json.Stdout + json.Stderr);
        Assert.Contains($"\"devices\": {fleet.Truth.Devices}", json.Stdout, StringComparison.Ordinal);
        Assert.Contains($"\"devices\": {fleet.Truth.Stale},", json.Stdout, StringComparison.Ordinal);

        var notInProfile = tenant.Run(clock, null, "report", "--profile", profile, "--package", "aovpn-nps-mfa", "--graph-base-url", tenant.Url);
        Assert.Equal(3, notInProfile.ExitCode);
        Assert.Contains("not published to Intune by the profile", notInProfile.Stderr, StringComparison.Ordinal);

        using var folder = new TestSupport.TempDirectory();
        var toFile = tenant.Run(clock, null, "report", "--format", "html", "--out", folder.Path("r.html"), "--graph-base-url", tenant.Url);
        Assert.True(toFile.ExitCode == 0, toFile.Stderr);
        Assert.StartsWith("Wrote ", toFile.Stderr, StringComparison.Ordinal);
        Assert.Equal("", toFile.Stdout);
    }

    [Theory]
    [InlineData("--source", "everything")]
    [InlineData("--format", "pdf")]
    [InlineData("--stale-days", "soon")]
    public void Bad_options_exit_3_before_any_request(string option, string value)
    {
        var run = CliRunner.Run("report", option, value, "--graph-base-url", "http://127.0.0.1:9");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains(value, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Stale_days_out_of_range_exit_3_before_connecting()
    {
        // The URL is refused too, but the report's own options are checked first.
        var run = CliRunner.Run("report", "--stale-days", "0", "--graph-base-url", "http://example.net");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("--stale-days 0 is out of range", run.Stderr, StringComparison.Ordinal);
    }
}
