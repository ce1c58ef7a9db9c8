using System.Text.RegularExpressions;
using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue;

/// <summary>
/// The one way to make a rule: checks the ID against its category's range and the retired IDs, the text against
/// what scripts and docs can carry, and that the remedy is one its check kind's template repairs with. The rule's
/// finding codes are its check's.
/// </summary>
public static partial class RuleFactory
{
    public static Rule Create(
        string id,
        RuleCategory category,
        string title,
        string why,
        string manualFix,
        Severity severity,
        RuleScope scope,
        RunAsAccount runAs,
        IReadOnlyList<string> sources,
        Check check,
        Remedy? remedy = null,
        string? details = null,
        ProfileRequirements requires = ProfileRequirements.None)
    {
        var number = RuleIdRanges.ParseNumber(id);
        var range = RuleIdRanges.Embedded[category];
        if (!range.Contains(number))
        {
            throw new InvalidOperationException(
                $"Rule {id} is outside the range of {category} in RuleIdRanges.txt (AOVPN{range.First:D4}-AOVPN{range.Max:D4}).");
        }

        if (RuleIdRanges.Embedded.Retired.Contains(number))
        {
            throw new InvalidOperationException($"Rule {id} is retired in RuleIdRanges.txt; IDs are never reused, take the next free one.");
        }

        if (!KindName().IsMatch(check.Kind))
        {
            throw new ArgumentException($"Rule {id}: check kind '{check.Kind}' must be lower-case kebab case (it names templates/kinds/<kind>/).", nameof(check));
        }

        if (remedy is not null && !remedy.Repairs(check))
        {
            throw new ArgumentException($"Rule {id}: {remedy.GetType().Name} is not a remedy of check kind '{check.Kind}'.", nameof(remedy));
        }

        var findingCodes = check.Codes;

        RequireCatalogueText(id, nameof(title), title);
        RequireCatalogueText(id, nameof(why), why);
        RequireCatalogueText(id, nameof(manualFix), manualFix);
        if (details is not null)
        {
            RequireCatalogueText(id, nameof(details), details);
        }

        if (title.EndsWith('.'))
        {
            throw new ArgumentException($"Rule {id}: the title has no trailing period.", nameof(title));
        }

        if (sources.Count == 0)
        {
            throw new ArgumentException($"Rule {id} needs at least one source.", nameof(sources));
        }

        if (findingCodes.Count == 0 || findingCodes.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != findingCodes.Count)
        {
            throw new ArgumentException($"Rule {id} needs distinct finding codes.", nameof(check));
        }

        var descriptor = new RuleDescriptor(
            id,
            category,
            title,
            why,
            [.. sources.Select(s => new Uri(s, UriKind.Absolute))],
            severity,
            scope,
            runAs,
            manualFix)
        {
            Details = details,
            Requires = requires,
        };
        return new Rule(descriptor, check, remedy, findingCodes);
    }

    // Catalogue text lands in script comments and docs: one line of printable ASCII keeps both safe.
    private static void RequireCatalogueText(string id, string what, string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Any(c => c < 0x20 || c > 0x7E))
        {
            throw new ArgumentException($"Rule {id}: {what} must be one line of printable ASCII.", what);
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KindName();
}
