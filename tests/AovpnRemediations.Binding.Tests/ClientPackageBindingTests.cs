using System.Text.Json.Nodes;
using AovpnRemediations.Binding;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Binding.Tests;

/// <summary>Which client rules a profile gets, and the values they are bound with.</summary>
public class ClientPackageBindingTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_sample_builds_every_client_package_but_leaves_the_TPM_rules_out()
    {
        var packages = Bind();
        Assert.Equal(
            ["aovpn-trusted-cas", "aovpn-user-tunnel-cert", "aovpn-device-tunnel-cert", "aovpn-connection-health", "aovpn-vpn-profiles", "aovpn-device-tunnel-profile"],
            ClientPackageIds(packages));
        Assert.Equal(["AOVPN1001", "AOVPN1002"], RuleIds(packages, "aovpn-user-tunnel-cert"));
        Assert.Equal(["AOVPN1004", "AOVPN1005", "AOVPN1007"], RuleIds(packages, "aovpn-device-tunnel-cert"));
    }

    [Fact]
    public void Require_TPM_key_adds_the_TPM_rules()
    {
        var json = SampleProfile.Json();
        json["pki"]!["requireTpmKey"] = true;
        var packages = Bind(json);
        Assert.Equal(["AOVPN1001", "AOVPN1002", "AOVPN1003"], RuleIds(packages, "aovpn-user-tunnel-cert"));
        Assert.Contains("AOVPN1006", RuleIds(packages, "aovpn-device-tunnel-cert"));
    }

    [Fact]
    public void Client_certificate_rules_get_the_profile_thresholds_and_the_package_the_profile_CAs()
    {
        var json = SampleProfile.Json();
        json["thresholds"]!["clientCertificateExpiryWarningDays"] = 45;
        json["thresholds"]!["autoenrollmentWaitSeconds"] = 90;
        var package = Bind(json).Single(p => p.Id == "aovpn-device-tunnel-cert");
        var expiry = package.Rules[1];
        Assert.IsType<ClientCertificateExpiryCheck>(expiry.Rule.Check);
        Assert.Equal(45, expiry.Number("warning_days"));
        Assert.Equal(90, expiry.RemedyNumber("wait_seconds"));
        Assert.True(expiry.Flag("match_device_fqdn"));
        Assert.Equal("62029A9AC48AAC8D8797A298CB9FDE3FD598AA8A", Assert.Single(package.Pki.RootCas).Thumbprint);
        Assert.Single(package.Pki.IntermediateCas);
    }

    [Fact]
    public void With_certificates_from_intune_the_certificate_rules_are_detection_only()
    {
        var json = SampleProfile.Json();
        json["pki"]!["clientCertificateIssuance"] = "intune";
        var packages = Bind(json);
        foreach (var id in new[] { "aovpn-user-tunnel-cert", "aovpn-device-tunnel-cert" })
        {
            var package = packages.Single(p => p.Id == id);
            Assert.False(package.Remediates);
            Assert.All(package.Rules, rule => Assert.Null(rule.Remedy));
            Assert.All(package.Intune.Assignments, a => Assert.False(a.RunRemediationScript));
        }

        // The trusted CAs are not a matter of certificate issuance: their remedy stays.
        Assert.True(packages.Single(p => p.Id == "aovpn-trusted-cas").Remediates);
    }

    [Fact]
    public void By_default_certificates_come_from_autoenrollment_and_the_pulse_remedy_is_bound()
    {
        var package = Bind(SampleProfile.Json()).Single(p => p.Id == "aovpn-user-tunnel-cert");
        Assert.True(package.Remediates);
        Assert.Equal(30, package.Rules[0].RemedyNumber("wait_seconds"));
    }

    [Fact]
    public void Connection_health_gets_both_connection_names_and_the_window()
    {
        var json = SampleProfile.Json();
        json["thresholds"]!["connectionEventWindowHours"] = 72;
        var failures = Bind(json).Single(p => p.Id == "aovpn-connection-health").Rules.Single();
        Assert.Equal(["Example VPN", "Example VPN Device Tunnel"], failures.Texts("connection_names"));
        Assert.Equal(72, failures.Number("window_hours"));
    }

    [Fact]
    public void Without_a_device_tunnel_its_rules_and_packages_are_left_out_and_connection_health_reads_only_the_user_tunnel()
    {
        var json = SampleProfile.Json();
        json["vpn"]!.AsObject().Remove("deviceTunnel");
        RemovePackageSettings(json, "aovpn-device-tunnel-cert", "aovpn-device-tunnel-profile");
        var packages = Bind(json);
        Assert.DoesNotContain(packages, p => p.Id is "aovpn-device-tunnel-cert" or "aovpn-device-tunnel-profile");
        var failures = packages.Single(p => p.Id == "aovpn-connection-health").Rules.Single();
        Assert.Equal(["Example VPN"], failures.Texts("connection_names"));
        var profile = packages.Single(p => p.Id == "aovpn-vpn-profiles").Rules.Single();
        Assert.Equal("Example VPN", profile.Text("connection_name"));
    }

    [Fact]
    public void Without_any_tunnel_no_check_runs_against_an_empty_name()
    {
        var json = SampleProfile.Json();
        json["vpn"]!.AsObject().Remove("deviceTunnel");
        json["vpn"]!.AsObject().Remove("userTunnel");
        RemovePackageSettings(json, "aovpn-user-tunnel-cert", "aovpn-device-tunnel-cert", "aovpn-connection-health", "aovpn-vpn-profiles", "aovpn-device-tunnel-profile");
        Assert.Equal(["aovpn-trusted-cas"], ClientPackageIds(Bind(json)));
    }

    [Fact]
    public void Assignments_for_a_package_whose_rules_all_need_a_missing_tunnel_are_an_error_that_says_what_is_missing()
    {
        var json = SampleProfile.Json();
        json["vpn"]!.AsObject().Remove("userTunnel");
        var errors = Assert.Throws<ProfileException>(() => Bind(json)).Errors;
        Assert.Equal(["$.packages['aovpn-user-tunnel-cert'].assignments", "$.packages['aovpn-vpn-profiles'].assignments"], errors.Select(e => e.JsonPath));
        Assert.All(errors, e => Assert.Contains("vpn.userTunnel is set", e.Message, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Contains("\"enabled\": false", e.Fix, StringComparison.Ordinal));
    }

    private static List<string> ClientPackageIds(IReadOnlyList<BoundPackage> packages) =>
        [.. packages.Where(p => p.Package.Audience == PackageAudience.Client).Select(p => p.Id)];

    private static List<string> RuleIds(IReadOnlyList<BoundPackage> packages, string id) =>
        [.. packages.Single(p => p.Id == id).Rules.Select(r => r.Rule.Id)];

    private static void RemovePackageSettings(JsonObject json, params string[] ids)
    {
        foreach (var id in ids)
        {
            json["packages"]!.AsObject().Remove(id);
        }
    }

    private IReadOnlyList<BoundPackage> Bind(JsonObject? json = null)
    {
        var source = json is null ? (ProfileSource)SampleProfileSource.Instance : new FileProfileSource(SampleProfile.WriteTo(temp.FullPath, json));
        return PackageBinder.Bind(new ProfileLoader(TimeProvider.System).Load(source), RuleCatalogue.Packages);
    }
}
