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
    public void ServerPackagesGoToConfigMgrByDefaultWithTheProfileValues()
    {
        var bound = Bind();
        Assert.All(
            bound.Where(p => p.Package.Audience == PackageAudience.Server),
            p => Assert.Equal([DeploymentTarget.ConfigMgr], p.Targets));

        var certificate = Assert.IsType<BoundIkeServerCertificate>(Package(bound, "aovpn-vpn-server-cert").Rules.Single().Check);
        Assert.Equal("vpn.example.net", certificate.PublicFqdn);
        Assert.Equal(30, certificate.ExpiryWarningDays);
        Assert.Single(certificate.RootCas);
        Assert.Single(certificate.IntermediateCas);

        var nps = Package(bound, "aovpn-nps-mfa");
        var extension = Assert.IsType<BoundNpsExtensionCertificate>(nps.Rules.Single(r => r.Rule.Id == "AOVPN5004").Check);
        Assert.Equal("3fa2c1d4-5b6e-4f70-8a9b-0c1d2e3f4a5b", extension.TenantId);
        var tokenErrors = Assert.IsType<BoundNpsEvents>(nps.Rules.Single(r => r.Rule.Id == "AOVPN5002").Check);
        Assert.Equal(24, tokenErrors.WindowHours);
        Assert.False(tokenErrors.AllowServiceRestart);

        var sessions = Assert.IsType<BoundBlockedSessions>(Package(bound, "aovpn-deny-list").Rules.Single(r => r.Rule.Id == "AOVPN6002").Check);
        Assert.Equal(["CORP\\lost.laptop"], sessions.Users);
        Assert.Equal(["LAPTOP-0042.corp.example.net"], sessions.Devices);
        var disallowed = Assert.IsType<BoundCertificatesInStore>(Package(bound, "aovpn-deny-list").Rules.Single(r => r.Rule.Id == "AOVPN6001").Check);
        Assert.Equal("LocalMachine\\Disallowed", disallowed.Store.ToString());
        Assert.Single(disallowed.Certificates);
    }

    [Fact]
    public void TheRestartPermissionsComeFromTheProfile()
    {
        var json = SampleProfile.Json();
        json["nps"]!["allowServiceRestart"] = true;
        json["denyList"]!["allowRemoteAccessRestart"] = true;
        var bound = Bind(json);
        Assert.True(Assert.IsType<BoundNpsEvents>(Package(bound, "aovpn-nps-mfa").Rules.Single(r => r.Rule.Id == "AOVPN5002").Check).AllowServiceRestart);
        Assert.True(Assert.IsType<BoundCertAuthFlags>(Package(bound, "aovpn-deny-list").Rules.Single(r => r.Rule.Id == "AOVPN6003").Check).AllowRemoteAccessRestart);
    }

    [Fact]
    public void WithoutAnNpsSectionTheNpsPackageIsLeftOut()
    {
        var json = SampleProfile.Json();
        json.Remove("nps");
        var bound = Bind(json);
        Assert.DoesNotContain(bound, p => p.Id == "aovpn-nps-mfa");
        Assert.Contains(bound, p => p.Id == "aovpn-vpn-server-cert");
    }

    [Fact]
    public void AskingForTheNpsPackageWithoutAnNpsSectionIsAnErrorWithTheFix()
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
    public void ADisabledNpsPackageNeedsNoNpsSection()
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
