using System.Text.Json.Nodes;
using AovpnRemediations.Binding;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Binding.Tests;

public class ConfigMgrBinderTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void TheSampleGivesOneOwnedItemPerConfigMgrPackageTheBaselineAndItsDeployment()
    {
        var baseline = Bind()!;
        Assert.Equal("AOVPN server health", baseline.Name);
        Assert.EndsWith(ConfigMgrBinder.BaselineMarker, baseline.Description, StringComparison.Ordinal);
        // The server packages go to ConfigMgr by default; the sample sends aovpn-trusted-cas there too.
        Assert.Equal(["aovpn-trusted-cas", "aovpn-vpn-server-cert", "aovpn-nps-mfa", "aovpn-deny-list"], baseline.Items.Select(i => i.Package.Id));
        var item = baseline.Items.Single(i => i.Package.Id == "aovpn-trusted-cas");
        Assert.Equal("AOVPN - Trusted root and intermediate CAs", item.Name);
        Assert.EndsWith("[managed-by:aovpn-remediations package:aovpn-trusted-cas]", item.Description, StringComparison.Ordinal);
        Assert.Equal(item.Marker, PackageBinder.MarkerFor("aovpn-trusted-cas"));
        Assert.Equal("aovpn-trusted-cas", item.SettingName);
        Assert.Equal(Severity.Critical, item.Severity);
        Assert.False(item.PerUser);
        Assert.Equal([new BoundBaselineDeployment("AOVPN VPN and NPS servers", 1)], baseline.Deployments);
    }

    [Fact]
    public void NoBaselineWhenNoPackageGoesToConfigMgr()
    {
        var json = SampleProfile.Json();
        json["packages"]!["aovpn-trusted-cas"]!["targets"] = new JsonArray("intune");
        foreach (var id in new[] { "aovpn-vpn-server-cert", "aovpn-nps-mfa", "aovpn-deny-list" })
        {
            json["packages"]![id] = new JsonObject { ["targets"] = new JsonArray("intune") };
        }

        Assert.Null(Bind(json));
    }

    [Fact]
    public void EveryDaysDefaultsToOneAndNamesAreTrimmed()
    {
        var json = SampleProfile.Json();
        json["configMgr"] = JsonNode.Parse("""{ "baselineName": " Servers ", "deployments": [{ "collection": " NPS servers " }] }""");
        var baseline = Bind(json)!;
        Assert.Equal("Servers", baseline.Name);
        Assert.Equal([new BoundBaselineDeployment("NPS servers", 1)], baseline.Deployments);
        Assert.Equal("AOVPN - Trusted root and intermediate CAs", baseline.Items.Single(i => i.Package.Id == "aovpn-trusted-cas").Name);
    }

    [Fact]
    public void TheSameCollectionTwiceIsAnErrorEvenInAnotherCase()
    {
        var json = SampleProfile.Json();
        json["configMgr"]!["deployments"] = JsonNode.Parse("""[{ "collection": "NPS servers" }, { "collection": "nps SERVERS", "everyDays": 7 }]""");
        var error = Assert.Single(Assert.Throws<ProfileException>(() => Bind(json)).Errors);
        Assert.Equal("$.configMgr.deployments[1]", error.JsonPath);
        Assert.Contains("one deployment per collection", error.Fix, StringComparison.Ordinal);
    }

    private BoundBaseline? Bind(JsonObject? json = null)
    {
        var source = json is null ? (ProfileSource)SampleProfileSource.Instance : new FileProfileSource(SampleProfile.WriteTo(temp.FullPath, json));
        var loaded = new ProfileLoader(TimeProvider.System).Load(source);
        return ConfigMgrBinder.Bind(loaded, PackageBinder.Bind(loaded, RuleCatalogue.Packages));
    }
}
