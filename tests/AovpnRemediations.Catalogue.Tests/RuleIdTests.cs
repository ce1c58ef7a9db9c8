using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Tests;

public class RuleIdTests
{
    [Fact]
    public void Every_rule_id_is_unique_and_in_its_category_range()
    {
        var rules = RuleCatalogue.Rules.ToList();
        Assert.NotEmpty(rules);
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var rule in rules)
        {
            var range = RuleIdRanges.Embedded[rule.Descriptor.Category];
            Assert.True(range.Contains(RuleIdRanges.ParseNumber(rule.Id)), $"{rule.Id} is not in the range of {rule.Descriptor.Category}");
        }
    }

    [Fact]
    public void Each_category_uses_its_ids_without_gaps_other_than_retired_ones()
    {
        // A gap would be an ID that is neither in use nor recorded as retired: a rule deleted without retiring it,
        // whose number the next rule would take again.
        foreach (var range in RuleIdRanges.Embedded.All)
        {
            var used = RuleCatalogue.Rules.Where(r => r.Descriptor.Category == range.Category).Select(r => RuleIdRanges.ParseNumber(r.Id)).ToHashSet();
            var retired = RuleIdRanges.Embedded.Retired.Where(range.Contains).ToHashSet();
            Assert.Empty(used.Intersect(retired));
            var taken = used.Union(retired).ToList();
            if (taken.Count == 0)
            {
                continue;
            }

            var missing = Enumerable.Range(range.First, taken.Max() - range.First + 1).Where(n => !taken.Contains(n)).ToList();
            Assert.True(missing.Count == 0, $"{range.Category}: AOVPN{string.Join(", AOVPN", missing.Select(n => n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)))} neither in use nor retired; retire them in RuleIdRanges.txt.");
        }
    }

    [Theory]
    [InlineData("TrustedCas AOVPN2999 AOVPN2001", "inconsistent")]
    [InlineData("TrustedCas AOVPN2001 AOVPN2999 AOVPN2005", "expected")]
    [InlineData("Nonsense AOVPN2001 AOVPN2999", "expected")]
    [InlineData("TrustedCas AOVPN21 AOVPN2999", "not a rule ID")]
    [InlineData("retired AOVPN2003", "retired <ID> <why>")]
    public void Malformed_range_files_are_rejected_with_the_line(string line, string message)
    {
        var text = "# header\n" + line + "\n";
        var error = Assert.Throws<FormatException>(() => RuleIdRanges.Parse(text));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_file_missing_a_category_is_rejected()
    {
        var error = Assert.Throws<FormatException>(() => RuleIdRanges.Parse("TrustedCas AOVPN2001 AOVPN2999\n"));
        Assert.Contains("no range for category", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_factory_refuses_an_id_outside_the_range()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Create("AOVPN3001", new Kinds.AddCertificatesToStoreRemedy(Blocks: false)));
        Assert.Contains("outside the range of TrustedCas", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_factory_refuses_a_remedy_the_check_kind_has_no_template_for()
    {
        var error = Assert.Throws<ArgumentException>(() => Create("AOVPN2999", new Kinds.StartNpsServiceRemedy()));
        Assert.Contains("is not a remedy of check kind 'certificates-in-store'", error.Message, StringComparison.Ordinal);
    }

    private static Rule Create(string id, Kinds.Remedy remedy) => RuleFactory.Create(
        id, RuleCategory.TrustedCas, "Title", "Why.", "Fix.", Severity.Warning, RuleScope.DeviceClient, RunAsAccount.System, ["https://example.net/"],
        new Kinds.CertificatesInStoreCheck(new Kinds.CertificateStore(Kinds.CertificateStoreLocation.LocalMachine, Kinds.CertificateStoreName.Root), Kinds.ProfileSetting.RootCertificates, new FindingCode("SomethingMissing", "x")),
        remedy);
}
