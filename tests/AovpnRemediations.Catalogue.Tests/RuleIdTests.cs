using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Tests;

public class RuleIdTests
{
    [Fact]
    public void EveryRuleIdIsUniqueAndAllocatedInItsCategoryRange()
    {
        var rules = RuleCatalogue.Rules.ToList();
        Assert.NotEmpty(rules);
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var rule in rules)
        {
            var range = RuleIdRanges.Embedded[rule.Descriptor.Category];
            Assert.True(range.IsAllocated(RuleIdRanges.ParseNumber(rule.Id)), $"{rule.Id} is not allocated in {rule.Descriptor.Category}");
        }
    }

    [Fact]
    public void TheLastAllocatedIdOfEachCategoryIsInUse()
    {
        // The range file is the allocation record: "last" must be the highest ID a rule actually has.
        foreach (var range in RuleIdRanges.Embedded.All)
        {
            var used = RuleCatalogue.Rules
                .Where(r => r.Descriptor.Category == range.Category)
                .Select(r => RuleIdRanges.ParseNumber(r.Id))
                .ToList();
            Assert.Equal(used.Count == 0 ? null : used.Max(), range.Last);
        }
    }

    [Theory]
    [InlineData("TrustedCas AOVPN2001 AOVPN2999 AOVPN3000", "inconsistent")]
    [InlineData("TrustedCas AOVPN2001 AOVPN2999", "expected")]
    [InlineData("Nonsense AOVPN2001 AOVPN2999 none", "expected")]
    [InlineData("TrustedCas AOVPN21 AOVPN2999 none", "not a rule ID")]
    public void MalformedRangeFilesAreRejectedWithTheLine(string line, string message)
    {
        var text = "# header\n" + line + "\n";
        var error = Assert.Throws<FormatException>(() => RuleIdRanges.Parse(text));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARangeFileMissingACategoryIsRejected()
    {
        var error = Assert.Throws<FormatException>(() => RuleIdRanges.Parse("TrustedCas AOVPN2001 AOVPN2999 none\n"));
        Assert.Contains("no range for category", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFactoryRefusesAnIdOutsideTheAllocatedRange()
    {
        var code = new FindingCode("SomethingMissing", "x");
        var error = Assert.Throws<InvalidOperationException>(() => RuleFactory.Create(
            "AOVPN2999", RuleCategory.TrustedCas, "Title", "Why.", "Fix.", Severity.Warning, RuleScope.DeviceClient, RunAsAccount.System,
            ["https://example.net/"], [code], new Checks.CertificatesInStoreCheck(new Checks.CertificateStore(Checks.CertificateStoreLocation.LocalMachine, Checks.CertificateStoreName.Root), Checks.ProfileCertificateSet.RootCas, code)));
        Assert.Contains("allocate it there first", error.Message, StringComparison.Ordinal);
    }
}
