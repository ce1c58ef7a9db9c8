using System.Text;
using System.Text.Json.Nodes;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Profile.Tests;

public class ProfileLoaderTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ProfileLoader loader = new(TimeProvider.System);

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_embedded_sample_loads_with_its_certificates()
    {
        var loaded = loader.Load(SampleProfileSource.Instance);
        Assert.Equal("vpn.example.net", loaded.Profile.Vpn.PublicFqdn);
        Assert.Equal("corp.example.net", loaded.Profile.Vpn.DnsDomain);
        var root = Assert.Single(loaded.RootCas);
        var issuing = Assert.Single(loaded.IntermediateCas);
        Assert.True(root.IsSelfIssued);
        Assert.Equal(root.Subject, issuing.Issuer);
        Assert.Single(loaded.BlockedDeviceCertificates);
        Assert.Matches("^[0-9a-f]{64}$", loaded.Sha256);
    }

    [Fact]
    public void Defaults_apply_when_optional_sections_are_absent()
    {
        var json = SampleProfile.Json();
        json.Remove("thresholds");
        json.Remove("intune");
        var loaded = loader.Load(new FileProfileSource(SampleProfile.WriteTo(temp.FullPath, json)));
        Assert.Equal(21, loaded.Profile.Thresholds.ClientCertificateExpiryWarningDays);
        Assert.Equal("AOVPN - ", loaded.Profile.Intune.DisplayNamePrefix);
        Assert.Equal("02:00", loaded.Profile.Intune.DefaultSchedule.Time);
    }

    [Fact]
    public void A_syntax_error_names_line_and_column()
    {
        var path = temp.Path("aovpn.json");
        File.WriteAllText(path, "{\n  \"organisation\": \"x\",\n  \"publisher\": ,\n}");
        var error = Assert.Single(Assert.Throws<ProfileException>(() => loader.Load(new FileProfileSource(path))).Errors);
        Assert.Equal(3, error.Line);
        Assert.Equal(16, error.Column);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_UTF8_byte_order_mark_is_accepted()
    {
        var path = SampleProfile.WriteTo(temp.FullPath);
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(path)]);
        Assert.Equal("Example", loader.Load(new FileProfileSource(path)).Profile.Organisation);
    }

    [Fact]
    public void All_schema_problems_are_reported_together_with_their_lines()
    {
        var json = SampleProfile.Json();
        json["vpn"]!["publicFqdn"] = "not a name";
        json["thresholds"]!["connectionEventWindowHours"] = 0;
        var errors = Assert.Throws<ProfileException>(() => loader.Load(new FileProfileSource(SampleProfile.WriteTo(temp.FullPath, json)))).Errors;
        Assert.Collection(
            errors,
            e => Assert.Equal("$.vpn.publicFqdn", e.JsonPath),
            e => Assert.Equal("$.thresholds.connectionEventWindowHours", e.JsonPath));
        Assert.All(errors, e => Assert.True(e.Line > 1));
    }

    [Fact]
    public void A_PEM_certificate_is_read_like_DER()
    {
        var root = TestCertificates.Root("CN=Pem Root");
        File.WriteAllText(temp.Path("root.pem"), TestCertificates.PublicPem(root));
        var json = SampleProfile.Json();
        json["pki"]!["rootCertificates"] = new JsonArray("pki/example-root-ca.cer", "root.pem");
        var loaded = loader.Load(new FileProfileSource(SampleProfile.WriteTo(temp.FullPath, json)));
        Assert.Equal(root.Thumbprint, loaded.RootCas[1].Thumbprint);
    }

    [Fact]
    public void Intermediates_must_chain_to_a_CA_of_the_profile()
    {
        var otherRoot = TestCertificates.Root("CN=Other Root");
        var orphan = TestCertificates.Issued("CN=Orphan Issuing CA", otherRoot, isCa: true);
        File.WriteAllBytes(temp.Path("orphan.cer"), TestCertificates.PublicDer(orphan));
        var json = SampleProfile.Json();
        json["pki"]!["intermediateCertificates"] = new JsonArray("orphan.cer");
        var error = Assert.Single(Assert.Throws<ProfileException>(() => loader.Load(new FileProfileSource(SampleProfile.WriteTo(temp.FullPath, json)))).Errors);
        Assert.Equal("$.pki.intermediateCertificates[0]", error.JsonPath);
        Assert.Contains("not issued by any CA of the profile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_listed_twice_is_reported()
    {
        var json = SampleProfile.Json();
        json["pki"]!["rootCertificates"] = new JsonArray("pki/example-root-ca.cer", "./pki/example-root-ca.cer");
        var error = Assert.Single(Assert.Throws<ProfileException>(() => loader.Load(new FileProfileSource(SampleProfile.WriteTo(temp.FullPath, json)))).Errors);
        Assert.Contains("listed more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_CA_certificate_in_the_deny_list_is_refused()
    {
        var json = SampleProfile.Json();
        json["denyList"]!["devices"]![0]!["certificate"] = "pki/example-issuing-ca.cer";
        var error = Assert.Single(Assert.Throws<ProfileException>(() => loader.Load(new FileProfileSource(SampleProfile.WriteTo(temp.FullPath, json)))).Errors);
        Assert.Equal("$.denyList.devices[0].certificate", error.JsonPath);
        Assert.Contains("would block every certificate it issued", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_with_the_single_configmgr_baseline_of_earlier_versions_is_told_where_its_settings_went()
    {
        var json = SampleProfile.Json();
        json["configMgr"] = JsonNode.Parse("""{ "namePrefix": "AOVPN - ", "baselineName": "AOVPN server health", "deployments": [{ "collection": "AOVPN VPN and NPS servers" }] }""");
        var errors = Assert.Throws<ProfileException>(() => loader.Load(new FileProfileSource(SampleProfile.WriteTo(temp.FullPath, json)))).Errors;
        Assert.Equal(["$.configMgr.baselineName", "$.configMgr.deployments"], errors.Select(e => e.JsonPath));
        Assert.All(errors, e => Assert.Equal("is a setting of an earlier version.", e.Message));
        Assert.Contains("configMgr.baselines.vpnServers, .npsServers and .clients", errors[0].Fix, StringComparison.Ordinal);
        Assert.Contains("configMgr.baselines.vpnServers.deployments", errors[1].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reconnect_watch_defaults_to_thirty_seconds_and_is_bounded()
    {
        var json = SampleProfile.Json();
        json["denyList"]!.AsObject().Remove("reconnectWaitSeconds");
        Assert.Equal(30, loader.Load(new FileProfileSource(SampleProfile.WriteTo(temp.Path("default"), json))).Profile.DenyList.ReconnectWaitSeconds);
        json["denyList"]!["reconnectWaitSeconds"] = 301;
        var error = Assert.Single(Assert.Throws<ProfileException>(() => loader.Load(new FileProfileSource(SampleProfile.WriteTo(temp.Path("too-long"), json)))).Errors);
        Assert.Equal("$.denyList.reconnectWaitSeconds", error.JsonPath);
    }

    [Fact]
    public void Errors_print_as_file_line_column_path_message_and_fix()
    {
        var error = new ProfileError("aovpn.json", "$.vpn.publicFqdn", 6, 19, "\"x\": does not have the expected form.", "use the public FQDN.");
        Assert.Equal("aovpn.json:6:19: $.vpn.publicFqdn: \"x\": does not have the expected form. Fix: use the public FQDN.", error.ToString());
    }
}
