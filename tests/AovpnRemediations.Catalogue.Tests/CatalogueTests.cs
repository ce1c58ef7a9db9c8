using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Tests;

public class CatalogueTests
{
    public static TheoryData<string> RuleIds => [.. RuleCatalogue.Rules.Select(r => r.Id)];

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_is_documented_for_people(string id)
    {
        var rule = RuleCatalogue.Rules.Single(r => r.Id == id);
        var d = rule.Descriptor;
        Assert.False(d.Title.EndsWith('.'));
        Assert.True(d.Why.Length >= 40, $"{id}: the why is too thin to explain the rule");
        Assert.True(d.ManualFix.Length >= 20, $"{id}: the manual fix is too thin");
        Assert.All(d.Sources, s => Assert.Equal(Uri.UriSchemeHttps, s.Scheme));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_finding_code_of_a_rule_reaches_its_templates_and_no_other_does(string id)
    {
        // A code the templates never see can never be reported; a code parameter the rule does not declare would
        // reach the fleet report with no meaning, fields or doc page.
        var rule = RuleCatalogue.Rules.Single(r => r.Id == id);
        var passed = rule.Check.Parameters
            .Where(p => p.Name.EndsWith("_code", StringComparison.Ordinal) && p.Value is KindValue.Identifier)
            .Select(p => ((KindValue.Identifier)p.Value).Value)
            .Order(StringComparer.Ordinal);
        Assert.Equal(rule.FindingCodes.Select(c => c.Name).Order(StringComparer.Ordinal), passed);
    }

    [Fact]
    public void Packages_have_unique_IDs_and_every_rule_belongs_to_exactly_one_package()
    {
        Assert.Equal(RuleCatalogue.Packages.Count, RuleCatalogue.Packages.Select(p => p.Id).Distinct().Count());
        foreach (var rule in RuleCatalogue.Rules)
        {
            Assert.Single(RuleCatalogue.Packages, p => p.Rules.Contains(rule));
        }
    }

    [Fact]
    public void A_package_refuses_a_rule_that_runs_as_another_account()
    {
        var rule = RuleCatalogue.Rules.First(r => r.Descriptor.RunAs == RunAsAccount.System);
        var error = Assert.Throws<ArgumentException>(() => new Package("aovpn-test", "Test", "Test.", RunAsAccount.User, PackageAudience.Client, [rule]));
        Assert.Contains("runs as System", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Aovpn-Upper")]
    [InlineData("aovpn_under")]
    [InlineData("other-prefix")]
    public void Package_IDs_are_kebab_case_with_the_prefix(string id)
    {
        var rule = RuleCatalogue.Rules.First();
        Assert.Throws<ArgumentException>(() => new Package(id, "Test", "Test.", rule.Descriptor.RunAs, PackageAudience.Client, [rule]));
    }

    [Fact]
    public void Client_packages_default_to_Intune_and_server_packages_to_ConfigMgr()
    {
        var client = RuleCatalogue.Rules.First(r => r.Descriptor.Scope == RuleScope.DeviceClient);
        var server = RuleCatalogue.Rules.First(r => r.Descriptor.Scope == RuleScope.VpnServer);
        Assert.Equal([DeploymentTarget.Intune], new Package("aovpn-a", "A", "A.", client.Descriptor.RunAs, PackageAudience.Client, [client]).DefaultTargets);
        Assert.Equal([DeploymentTarget.ConfigMgr], new Package("aovpn-b", "B", "B.", server.Descriptor.RunAs, PackageAudience.Server, [server]).DefaultTargets);
    }

    [Fact]
    public void Each_package_takes_its_role_from_its_rules_scope()
    {
        Assert.Equal(
            [
                ("aovpn-trusted-cas", PackageRole.Clients),
                ("aovpn-user-tunnel-cert", PackageRole.Clients),
                ("aovpn-device-tunnel-cert", PackageRole.Clients),
                ("aovpn-connection-health", PackageRole.Clients),
                ("aovpn-vpn-profiles", PackageRole.Clients),
                ("aovpn-device-tunnel-profile", PackageRole.Clients),
                ("aovpn-vpn-server-cert", PackageRole.VpnServers),
                ("aovpn-nps-mfa", PackageRole.NpsServers),
                ("aovpn-deny-list", PackageRole.VpnServers),
            ],
            RuleCatalogue.Packages.Select(p => (p.Id, p.Role)));
    }

    [Fact]
    public void A_package_refuses_rules_of_two_roles()
    {
        var vpn = RuleCatalogue.Rules.First(r => r.Descriptor.Scope == RuleScope.VpnServer);
        var nps = RuleCatalogue.Rules.First(r => r.Descriptor.Scope == RuleScope.NpsServer);
        var error = Assert.Throws<ArgumentException>(() => new Package("aovpn-both", "Both", "Both.", RunAsAccount.System, PackageAudience.Server, [vpn, nps]));
        Assert.Contains("mixes rules for VPN (RRAS) servers and NPS servers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_refuses_an_audience_its_rules_scope_contradicts()
    {
        var vpn = RuleCatalogue.Rules.First(r => r.Descriptor.Scope == RuleScope.VpnServer);
        Assert.Throws<ArgumentException>(() => new Package("aovpn-x", "X", "X.", RunAsAccount.System, PackageAudience.Client, [vpn]));
    }

    [Fact]
    public void Every_server_package_declares_the_windows_feature_of_its_role_and_no_client_package_does()
    {
        var expected = new Dictionary<PackageRole, WindowsFeature>
        {
            [PackageRole.VpnServers] = ServerFeatures.VpnServer,
            [PackageRole.NpsServers] = ServerFeatures.Nps,
        };
        foreach (var package in RuleCatalogue.Packages)
        {
            Assert.Equal(expected.GetValueOrDefault(package.Role), package.Feature);
        }

        Assert.Equal(("DirectAccess-VPN", "NPAS"), (ServerFeatures.VpnServer.Name, ServerFeatures.Nps.Name));
        Assert.All([ServerFeatures.VpnServer, ServerFeatures.Nps], f => Assert.Contains(f.Sources, s => s.Host == "learn.microsoft.com"));
    }

    [Fact]
    public void A_client_package_refuses_a_windows_feature()
    {
        var client = RuleCatalogue.Rules.First(r => r.Descriptor.Scope == RuleScope.DeviceClient);
        Assert.Throws<ArgumentException>(() => new Package("aovpn-c", "C", "C.", client.Descriptor.RunAs, PackageAudience.Client, [client]) { Feature = ServerFeatures.Nps });
    }
}
