using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Tests;

public class CatalogueTests
{
    public static TheoryData<string> RuleIds => [.. RuleCatalogue.Rules.Select(r => r.Id)];

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void EveryRuleIsDocumentedForPeople(string id)
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
    public void EveryCheckReportsOnlyCodesItsRuleDeclares(string id)
    {
        var rule = RuleCatalogue.Rules.Single(r => r.Id == id);
        var codes = rule.Check switch
        {
            CertificatesInStoreCheck c => new[] { c.Missing },
            UsableClientCertificateCheck c => [.. c.Codes],
            ClientCertificateExpiryCheck c => [c.Expiring],
            ClientCertificateTpmKeyCheck c => [c.KeyNotInTpm],
            IkeIntermediateEkuCheck c => [c.SeveralWithoutIkeEku],
            ConnectionFailureEventsCheck c => [c.Failed, c.UnparsableCode],
            VpnProfilePresentCheck c => [c.Missing],
            IkeServerCertificateCheck c => [.. c.Codes],
            NpsServiceRunningCheck c => [c.Missing, c.NotRunning],
            NpsEventsCheck c => [.. c.Codes],
            NpsExtensionCertificateCheck c => [.. c.Codes],
            BlockedSessionsCheck c => [c.UserConnected, c.DeviceConnected],
            CertAuthFlagsCheck c => [c.NotEnforced],
            _ => throw new InvalidOperationException($"add the finding codes of {rule.Check.GetType().Name} here"),
        };
        Assert.All(codes, c => Assert.Contains(c, rule.FindingCodes));
    }

    [Fact]
    public void PackagesHaveUniqueIdsAndEveryRuleBelongsToExactlyOnePackage()
    {
        Assert.Equal(RuleCatalogue.Packages.Count, RuleCatalogue.Packages.Select(p => p.Id).Distinct().Count());
        foreach (var rule in RuleCatalogue.Rules)
        {
            Assert.Single(RuleCatalogue.Packages, p => p.Rules.Contains(rule));
        }
    }

    [Fact]
    public void APackageRefusesARuleThatRunsAsAnotherAccount()
    {
        var rule = RuleCatalogue.Rules.First(r => r.Descriptor.RunAs == RunAsAccount.System);
        var error = Assert.Throws<ArgumentException>(() => new Package("aovpn-test", "Test", "Test.", RunAsAccount.User, PackageAudience.Client, [rule]));
        Assert.Contains("runs as System", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Aovpn-Upper")]
    [InlineData("aovpn_under")]
    [InlineData("other-prefix")]
    public void PackageIdsAreKebabCaseWithThePrefix(string id)
    {
        var rule = RuleCatalogue.Rules.First();
        Assert.Throws<ArgumentException>(() => new Package(id, "Test", "Test.", rule.Descriptor.RunAs, PackageAudience.Client, [rule]));
    }

    [Fact]
    public void ClientPackagesDefaultToIntuneAndServerPackagesToConfigMgr()
    {
        var rule = RuleCatalogue.Rules.First();
        Assert.Equal([DeploymentTarget.Intune], new Package("aovpn-a", "A", "A.", rule.Descriptor.RunAs, PackageAudience.Client, [rule]).DefaultTargets);
        Assert.Equal([DeploymentTarget.ConfigMgr], new Package("aovpn-b", "B", "B.", rule.Descriptor.RunAs, PackageAudience.Server, [rule]).DefaultTargets);
    }
}
