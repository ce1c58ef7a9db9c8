using System.Text.Json.Nodes;
using AovpnRemediations.Binding;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Profile.Model;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Binding.Tests;

public class PackageBinderTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_sample_binds_the_trusted_CA_package_with_the_profile_certificates()
    {
        var package = Bind().Single(p => p.Id == "aovpn-trusted-cas");
        var roots = package.Rules[0];
        Assert.Equal("Root", roots.Identifier("store"));
        Assert.Equal("62029A9AC48AAC8D8797A298CB9FDE3FD598AA8A", Assert.Single(roots.Certificates("certificates")).Thumbprint);
        Assert.Equal([DeploymentTarget.Intune, DeploymentTarget.ConfigMgr], package.Targets);
        Assert.Equal("AOVPN - Trusted root and intermediate CAs", package.Intune.DisplayName);
        Assert.EndsWith("[managed-by:aovpn-remediations package:aovpn-trusted-cas]", package.Intune.Description, StringComparison.Ordinal);
        var assignment = Assert.Single(package.Intune.Assignments);
        Assert.Equal(new BoundAssignment(AssignmentTarget.Group, "AOVPN Devices", null, null, true, new BoundSchedule(ScheduleType.Daily, 1, new TimeOnly(2, 0), null, false)), assignment);
    }

    [Fact]
    public void An_unknown_package_ID_is_an_error_listing_the_known_ones()
    {
        var json = SampleProfile.Json();
        json["packages"]!["aovpn-trusted-ca"] = new JsonObject();
        var error = Assert.Single(Assert.Throws<ProfileException>(() => Bind(json)).Errors);
        Assert.Equal("$.packages['aovpn-trusted-ca']", error.JsonPath);
        Assert.Contains("aovpn-trusted-cas", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_package_is_not_built()
    {
        var json = SampleProfile.Json();
        json["packages"]!["aovpn-trusted-cas"]!["enabled"] = false;
        Assert.DoesNotContain(Bind(json), p => p.Id == "aovpn-trusted-cas");
    }

    [Fact]
    public void Assignments_on_a_package_that_does_not_go_to_Intune_are_an_error()
    {
        var json = SampleProfile.Json();
        json["packages"]!["aovpn-trusted-cas"]!["targets"] = new JsonArray("configmgr");
        var error = Assert.Single(Assert.Throws<ProfileException>(() => Bind(json)).Errors);
        Assert.Contains("does not go to Intune", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_group_twice_is_an_error_even_in_another_case()
    {
        var json = SampleProfile.Json();
        json["packages"]!["aovpn-trusted-cas"]!["assignments"] = JsonNode.Parse("""[{ "group": "AOVPN Devices" }, { "excludeGroup": "aovpn devices" }]""");
        var error = Assert.Single(Assert.Throws<ProfileException>(() => Bind(json)).Errors);
        Assert.Equal("$.packages['aovpn-trusted-cas'].assignments[1]", error.JsonPath);
    }

    [Fact]
    public void Schedules_and_filters_bind_per_assignment()
    {
        var json = SampleProfile.Json();
        json["packages"]!["aovpn-trusted-cas"]!["assignments"] = JsonNode.Parse("""
            [
              { "group": "Pilot", "filter": "Windows 11", "filterMode": "exclude", "schedule": { "type": "hourly", "interval": 4 } },
              { "allDevices": true, "schedule": { "type": "once", "date": "2026-12-24", "time": "08:30", "useUtc": true } },
              { "excludeGroup": "Kiosks" }
            ]
            """);
        var assignments = Bind(json).Single(p => p.Id == "aovpn-trusted-cas").Intune.Assignments;
        Assert.Equal(new BoundAssignment(AssignmentTarget.Group, "Pilot", "Windows 11", FilterMode.Exclude, true, new BoundSchedule(ScheduleType.Hourly, 4, null, null, false)), assignments[0]);
        Assert.Equal(new BoundSchedule(ScheduleType.Once, 1, new TimeOnly(8, 30), new DateOnly(2026, 12, 24), true), assignments[1].Schedule);
        Assert.Equal(new BoundAssignment(AssignmentTarget.ExclusionGroup, "Kiosks", null, null, false, null), assignments[2]);
    }

    [Fact]
    public void An_impossible_date_is_an_error()
    {
        var json = SampleProfile.Json();
        json["packages"]!["aovpn-trusted-cas"]!["schedule"] = JsonNode.Parse("""{ "type": "once", "date": "2026-02-30", "time": "08:00" }""");
        var error = Assert.Single(Assert.Throws<ProfileException>(() => Bind(json)).Errors);
        Assert.Equal("$.packages['aovpn-trusted-cas'].schedule.date", error.JsonPath);
    }

    private IReadOnlyList<BoundPackage> Bind(JsonObject? json = null)
    {
        var source = json is null ? (ProfileSource)SampleProfileSource.Instance : new FileProfileSource(SampleProfile.WriteTo(temp.FullPath, json));
        return PackageBinder.Bind(new ProfileLoader(TimeProvider.System).Load(source), RuleCatalogue.Packages);
    }
}
