using AovpnRemediations.Catalogue.Kinds;

namespace AovpnRemediations.Catalogue.Model;

/// <summary>A rule: who it is (descriptor), what it checks, how it heals, and what it can report.</summary>
public sealed record Rule(
    RuleDescriptor Descriptor,
    Check Check,
    Remedy? Remedy,
    IReadOnlyList<FindingCode> FindingCodes)
{
    public string Id => Descriptor.Id;

    public bool Remediates => Remedy is not null;

    public FindingCode Code(string name) =>
        FindingCodes.FirstOrDefault(c => c.Name == name)
        ?? throw new InvalidOperationException($"Rule {Id} has no finding code '{name}'.");
}
