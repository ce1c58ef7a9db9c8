using System.Text.Json.Nodes;
using AovpnRemediations.Binding;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Binding.Tests;

public class ServerPackageBindingTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Server_packages_go_to_ConfigMgr_by_default_with_the_profile_values()
    {
        var bound = Bind();
        Assert.All(
            bound.Where(p => p.Package.Audience == PackageAudience.Server),
            p => Assert.Equal([DeploymentTarget.ConfigMgr], p.Targets));

        var server = Package(bound, "aovpn-vpn-server-cert");
        var certificate = server.Rules.Single(r => r.Rule.Id == "AOVPN4001");
        Assert.Equal("vpn.example.net", certificate.Text("public_fqdn"));
        Assert.Equal(30, certificate.Number("expiry_warning_days"));
        // The chain is built against the profile's CAs, which every package's shared functions see.
        Assert.Single(server.Pki.RootCas);
        Assert.Single(server.Pki.IntermediateCas);

        var nps = Package(bound, "aovpn-nps-mfa");
        var extension = nps.Rules.Single(r => r.Rule.Id == "AOVPN5004");
        Assert.Equal("3fa2c1d4-5b6e-4f70-8a9b-0c1d2e3f4a5b", extension.Text("tenant_id"));
        var tokenErrors = nps.Rules.Single(r => r.Rule.Id == "AOVPN5002");
        Assert.Equal(24, tokenErrors.Number("window_hours"));
        Assert.False(tokenErrors.RemedyFlag("allow_service_restart"));

        var sessions = Package(bound, "aovpn-deny-list").Rules.Single(r => r.Rule.Id == "AOVPN6002");
        Assert.Equal(["CORP\\lost.laptop"], sessions.Texts("users"));
        Assert.Equal(["LAPTOP-0042.corp.example.net"], sessions.Texts("devices"));
        var disallowed = Package(bound, "aovpn-deny-list").Rules.Single(r => r.Rule.Id == "AOVPN6001");
        Assert.Equal(("LocalMachine", "Disallowed"), (disallowed.Identifier("location"), disallowed.Identifier("store")));
        Assert.Single(disallowed.Certificates("certificates"));
    }

    [Fact]
    public void The_restart_permissions_come_from_the_profile()
    {
        var json = SampleProfile.Json();
        json["nps"]!["allowServiceRestart"] = true;
        json["denyList"]!["allowRemoteAccessRestart"] = true;
        var bound = Bind(json);
        Assert.True(Package(bound, "aovpn-nps-mfa").Rules.Single(r => r.Rule.Id == "AOVPN5002").RemedyFlag("allow_service_restart"));
        Assert.True(Package(bound, "aovpn-deny-list").Rules.Single(r => r.Rule.Id == "AOVPN6003").RemedyFlag("allow_remote_access_restart"));
    }

    [Fact]
    public void Without_an_NPS_section_the_NPS_package_is_left_out()
    {
        var json = SampleProfile.Json();
        json.Remove("nps");
        var bound = Bind(json);
        Assert.DoesNotContain(bound, p => p.Id == "aovpn-nps-mfa");
        Assert.Contains(bound, p => p.Id == "aovpn-vpn-server-cert");
    }

    [Fact]
    public void Asking_for_the_NPS_package_without_an_NPS_section_is_an_error_with_the_fix()
    {
        var json = SampleProfile.Json();
        json.Remove("nps");
        json["packages"]!["aovpn-nps-mfa"] = JsonNode.Parse("""{ "targets": ["intune"] }""");
        var error = Assert.Single(Assert.Throws<ProfileException>(() => Bind(json)).Errors);
        Assert.Equal("$.packages['aovpn-nps-mfa']", error.JsonPath);
        Assert.Contains("tenant ID", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"nps\": { \"tenantId\"", error.Fix, StringComparison.Ordinal);
        Assert.Contains("\"enabled\": false", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_NPS_package_needs_no_NPS_section()
    {
        var json = SampleProfile.Json();
        json.Remove("nps");
        json["packages"]!["aovpn-nps-mfa"] = JsonNode.Parse("""{ "enabled": false }""");
        Assert.DoesNotContain(Bind(json), p => p.Id == "aovpn-nps-mfa");
    }

    private static BoundPackage Package(IReadOnlyList<BoundPackage> bound, string id) => bound.Single(p => p.Id == id);

    private IReadOnlyList<BoundPackage> Bind(JsonObject? json = null)
    {
        var source = json is null ? (ProfileSource)SampleProfileSource.Instance : new FileProfileSource(SampleProfile.WriteTo(temp.FullPath, json));
        return PackageBinder.Bind(new ProfileLoader(TimeProvider.System).Load(source), RuleCatalogue.Packages);
    }
}
