using System.Text.Json.Nodes;
using AovpnRemediations.Binding;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Binding.Tests;

public class ConfigMgrBinderTests : IDisposable
{
    private static readonly string[] ServerPackages = ["aovpn-vpn-server-cert", "aovpn-nps-mfa", "aovpn-deny-list"];

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_sample_gives_one_baseline_per_role_each_holding_only_that_roles_items()
    {
        var configMgr = Bind()!;
        // The server packages go to ConfigMgr by default; the sample sends aovpn-trusted-cas there too.
        Assert.Equal(["aovpn-trusted-cas", "aovpn-vpn-server-cert", "aovpn-nps-mfa", "aovpn-deny-list"], configMgr.Items.Select(i => i.Package.Id));
        Assert.Equal(
            [
                (PackageRole.Clients, "AOVPN trusted CAs", "aovpn-trusted-cas"),
                (PackageRole.VpnServers, "AOVPN VPN server health", "aovpn-vpn-server-cert aovpn-deny-list"),
                (PackageRole.NpsServers, "AOVPN NPS server health", "aovpn-nps-mfa"),
            ],
            configMgr.Baselines.Select(b => (b.Role, b.Name, string.Join(" ", b.Items.Select(i => i.Package.Id)))));
        Assert.Equal([new BoundBaselineDeployment("AOVPN VPN servers", 1), new BoundBaselineDeployment("AOVPN NPS servers", 1)], configMgr.Baselines[0].Deployments);
        Assert.Equal([new BoundBaselineDeployment("AOVPN VPN servers", 1)], configMgr.Baselines[1].Deployments);
        Assert.Equal([new BoundBaselineDeployment("AOVPN NPS servers", 1)], configMgr.Baselines[2].Deployments);
        Assert.All(configMgr.Baselines, b => Assert.EndsWith(ConfigMgrBinder.BaselineMarkerFor(b.Role), b.Description, StringComparison.Ordinal));
    }

    [Fact]
    public void Each_role_has_its_own_marker_and_none_is_the_marker_of_the_old_single_baseline()
    {
        var markers = Enum.GetValues<PackageRole>().Select(ConfigMgrBinder.BaselineMarkerFor).ToList();
        Assert.Equal(markers.Count, markers.Distinct(StringComparer.Ordinal).Count());
        // The importer finds the old baseline by its marker, so no role marker may contain it.
        Assert.All(markers, m => Assert.DoesNotContain(ConfigMgrBinder.LegacyBaselineMarker, m, StringComparison.Ordinal));
    }

    [Fact]
    public void Items_keep_their_names_owner_markers_and_severity()
    {
        var item = Bind()!.Items.Single(i => i.Package.Id == "aovpn-trusted-cas");
        Assert.Equal("AOVPN - Trusted root and intermediate CAs", item.Name);
        Assert.EndsWith("[managed-by:aovpn-remediations package:aovpn-trusted-cas]", item.Description, StringComparison.Ordinal);
        Assert.Equal(item.Marker, PackageBinder.MarkerFor("aovpn-trusted-cas"));
        Assert.Equal("aovpn-trusted-cas", item.SettingName);
        Assert.Equal(Severity.Critical, item.Severity);
        Assert.False(item.PerUser);
    }

    [Fact]
    public void No_configmgr_build_when_no_package_goes_to_configmgr()
    {
        var json = SampleProfile.Json();
        json["packages"]!["aovpn-trusted-cas"]!["targets"] = new JsonArray("intune");
        foreach (var id in ServerPackages)
        {
            json["packages"]![id] = new JsonObject { ["targets"] = new JsonArray("intune") };
        }

        Assert.Null(Bind(json));
    }

    [Fact]
    public void A_role_without_configmgr_packages_gets_no_baseline_even_when_the_profile_names_one()
    {
        var json = SampleProfile.Json();
        json["packages"]!["aovpn-nps-mfa"] = new JsonObject { ["enabled"] = false };
        Assert.Equal([PackageRole.Clients, PackageRole.VpnServers], Bind(json)!.Baselines.Select(b => b.Role));
    }

    [Fact]
    public void Every_days_defaults_to_one_and_names_are_trimmed()
    {
        var json = SampleProfile.Json();
        json["configMgr"]!["baselines"]!["npsServers"] = JsonNode.Parse("""{ "name": " NPS ", "deployments": [{ "collection": " NPS servers " }] }""");
        var nps = Bind(json)!.Baselines.Single(b => b.Role == PackageRole.NpsServers);
        Assert.Equal("NPS", nps.Name);
        Assert.Equal([new BoundBaselineDeployment("NPS servers", 1)], nps.Deployments);
    }

    [Fact]
    public void The_same_collection_twice_in_a_baseline_is_an_error_even_in_another_case()
    {
        var json = SampleProfile.Json();
        json["configMgr"]!["baselines"]!["vpnServers"]!["deployments"] = JsonNode.Parse("""[{ "collection": "VPN servers" }, { "collection": "vpn SERVERS", "everyDays": 7 }]""");
        var error = Assert.Single(Assert.Throws<ProfileException>(() => Bind(json)).Errors);
        Assert.Equal("$.configMgr.baselines.vpnServers.deployments[1]", error.JsonPath);
        Assert.Contains("one deployment per collection", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_roles_may_deploy_to_the_same_collection()
    {
        // The sample's trusted CAs go to the VPN servers' collection, like the VPN server baseline.
        Assert.Contains(Bind()!.Baselines, b => b.Role == PackageRole.VpnServers && b.Deployments.Any(d => d.Collection == "AOVPN VPN servers"));
    }

    [Fact]
    public void A_role_baseline_without_deployments_while_it_has_packages_is_an_error()
    {
        var json = SampleProfile.Json();
        json["configMgr"]!["baselines"]!["vpnServers"]!.AsObject().Remove("deployments");
        var error = Assert.Single(Assert.Throws<ProfileException>(() => Bind(json)).Errors);
        Assert.Equal("$.configMgr.baselines.vpnServers", error.JsonPath);
        Assert.Contains("aovpn-vpn-server-cert, aovpn-deny-list but has no deployments", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"deployments\"", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_roles_with_the_same_baseline_name_are_an_error_even_in_another_case()
    {
        var json = SampleProfile.Json();
        json["configMgr"]!["baselines"]!["npsServers"]!["name"] = "aovpn vpn SERVER health";
        var error = Assert.Single(Assert.Throws<ProfileException>(() => Bind(json)).Errors);
        Assert.Equal("$.configMgr.baselines.npsServers.name", error.JsonPath);
        Assert.Contains("already the name of the vpnServers baseline", error.Message, StringComparison.Ordinal);
        Assert.Contains("its own name", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_whose_role_has_no_baseline_is_an_error_naming_the_package_and_the_role()
    {
        var json = SampleProfile.Json();
        json["configMgr"]!["baselines"]!.AsObject().Remove("npsServers");
        var error = Assert.Single(Assert.Throws<ProfileException>(() => Bind(json)).Errors);
        Assert.Equal("$.configMgr.baselines.npsServers", error.JsonPath);
        Assert.Contains("aovpn-nps-mfa goes to ConfigMgr for NPS servers, but there is no baseline for that role", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"npsServers\": { \"name\"", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_without_a_configmgr_section_but_with_server_packages_is_told_every_missing_role()
    {
        var json = SampleProfile.Json();
        json.Remove("configMgr");
        var errors = Assert.Throws<ProfileException>(() => Bind(json)).Errors;
        Assert.Equal(["$.configMgr.baselines.clients", "$.configMgr.baselines.vpnServers", "$.configMgr.baselines.npsServers"], errors.Select(e => e.JsonPath));
    }

    private BoundConfigMgr? Bind(JsonObject? json = null)
    {
        var source = json is null ? (ProfileSource)SampleProfileSource.Instance : new FileProfileSource(SampleProfile.WriteTo(temp.Path(Guid.NewGuid().ToString("N")), json));
        var loaded = new ProfileLoader(TimeProvider.System).Load(source);
        return ConfigMgrBinder.Bind(loaded, PackageBinder.Bind(loaded, RuleCatalogue.Packages));
    }
}
