using System.Text;

namespace AovpnRemediations.Contracts.Tests;

public sealed class PackageJsonTests
{
    private static PackageJson Valid() => new()
    {
        Id = "aovpn-trusted-cas",
        Version = "0a1b2c3d",
        DisplayName = "AOVPN - Trusted CAs",
        Description = "Checks. " + OwnershipMarker.ForPackage("aovpn-trusted-cas"),
        Marker = OwnershipMarker.ForPackage("aovpn-trusted-cas"),
        Publisher = "Example",
        RunAsAccount = PackageJson.Accounts.System,
        RemediationScript = PackageJson.RemediationFileName,
        RoleScopeTags = ["Default"],
        Assignments =
        [
            new PackageJsonAssignment
            {
                Target = PackageJsonAssignment.Targets.Group,
                GroupName = "AOVPN Devices",
                RunRemediationScript = true,
                Schedule = new PackageJsonSchedule { Type = PackageJsonSchedule.Types.Daily, Interval = 1, Time = "02:00:00" },
            },
            new PackageJsonAssignment { Target = PackageJsonAssignment.Targets.ExclusionGroup, GroupName = "AOVPN Pilot" },
        ],
    };

    [Fact]
    public void A_package_written_and_read_back_is_the_same_and_has_no_problems()
    {
        var package = Valid();
        var text = package.ToJsonNode().ToJsonString();
        var read = PackageJson.Parse(Encoding.UTF8.GetBytes(text));
        Assert.Empty(read.Problems("aovpn-trusted-cas"));
        Assert.Equal(package.Assignments[0], read.Assignments[0]);
        Assert.Equal(package with { Assignments = [], RoleScopeTags = [] }, read with { Assignments = [], RoleScopeTags = [] });
    }

    [Fact]
    public void Members_are_written_in_the_order_of_the_file_with_nulls_kept()
    {
        var text = Valid().ToJsonNode().ToJsonString();
        string[] order = ["schema", "id", "version", "displayName", "description", "marker", "publisher", "runAsAccount", "runAs32Bit", "enforceSignatureCheck", "detectionScript", "remediationScript", "roleScopeTags", "assignments"];
        var positions = order.Select(name => text.IndexOf($"\"{name}\":", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("\"filterName\":null", text, StringComparison.Ordinal);
        Assert.Contains("\"schedule\":null", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_named_not_only_the_first()
    {
        var broken = Valid() with
        {
            Schema = 2,
            Id = "aovpn-other",
            RunAsAccount = "admin",
            Assignments =
            [
                new PackageJsonAssignment { Target = "everyone" },
                new PackageJsonAssignment
                {
                    Target = PackageJsonAssignment.Targets.Group,
                    GroupName = "G",
                    Schedule = new PackageJsonSchedule { Type = PackageJsonSchedule.Types.Hourly, Interval = 24, Time = "01:00:00" },
                },
            ],
        };
        var problems = broken.Problems("aovpn-trusted-cas");
        Assert.Contains("schema 2 is not supported (expected 1)", problems);
        Assert.Contains("id 'aovpn-other' differs from its folder 'aovpn-trusted-cas'", problems);
        Assert.Contains("runAsAccount 'admin' must be system or user", problems);
        Assert.Contains(problems, p => p.StartsWith("assignments[0]: target 'everyone' must be", StringComparison.Ordinal));
        Assert.Contains("assignments[0]: schedule is missing", problems);
        Assert.Contains("assignments[1]: schedule interval 24 is out of range", problems);
        Assert.Contains("assignments[1]: an hourly schedule has no time or date", problems);
    }

    [Theory]
    [InlineData("once", "07:15:00", "2026-03-01", true)]
    [InlineData("once", "07:15:00", "2026-02-30", false)]
    [InlineData("daily", "7:15", null, false)]
    [InlineData("daily", "07:15", null, true)]
    [InlineData("daily", "24:00:00", null, false)]
    [InlineData("daily", "07:15:00", "2026-03-01", false)]
    [InlineData("weekly", "07:15:00", null, false)]
    public void Schedules_need_the_time_and_date_their_type_has(string type, string? time, string? date, bool valid)
    {
        var schedule = new PackageJsonSchedule { Type = type, Interval = 1, Time = time, Date = date };
        Assert.Equal(valid, schedule.Problems().Count == 0);
    }

    [Fact]
    public void A_marker_missing_from_the_description_is_a_problem()
    {
        var package = Valid() with { Description = "Checks." };
        Assert.Contains(package.Problems("aovpn-trusted-cas"), p => p.Contains("must be \"[managed-by:aovpn-remediations package:aovpn-trusted-cas]\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_folder_name_that_is_no_package_id_is_a_problem_not_a_crash() =>
        Assert.Contains(Valid().Problems("../etc"), p => p.Contains("is not a package id", StringComparison.Ordinal));
}
