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
    string ManualFix);
