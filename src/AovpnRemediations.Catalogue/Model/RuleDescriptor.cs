namespace AovpnRemediations.Catalogue.Model;

/// <summary>What a rule is, for people: the docs, <c>rules</c>, the report and the script comments read it.</summary>
/// <param name="Id">Stable ID, <c>AOVPN</c> + four digits from <c>RuleIdRanges.txt</c>.</param>
/// <param name="Title">One line, ASCII, no trailing period.</param>
/// <param name="Why">Why an AOVPN engineer cares, in a sentence or two.</param>
/// <param name="Sources">Where the facts behind the rule come from.</param>
/// <param name="ManualFix">How to fix it by hand when the remedy cannot (or there is none).</param>
public sealed record RuleDescriptor(
    string Id,
    RuleCategory Category,
    string Title,
    string Why,
    IReadOnlyList<Uri> Sources,
    Severity Severity,
    RuleScope Scope,
    RunAsAccount RunAs,
    string ManualFix)
{
    /// <summary>What exactly the check looks at and how it decides, for the rule's doc page; null when the title says it all.</summary>
    public string? Details { get; init; }

    /// <summary>What the profile must configure for the rule to be built; a rule whose requirements are not met is left out of its package.</summary>
    public ProfileRequirements Requires { get; init; }
}
