namespace AovpnRemediations.Catalogue.Model;

/// <summary>
/// A deployable group of rules: one Intune remediation (detect + optional remediate) or one ConfigMgr
/// configuration item. Intune allows 200 packages per tenant, so rules are grouped, not one per package.
/// </summary>
public sealed record Package
{
    public Package(string id, string title, string description, RunAsAccount runAs, PackageAudience audience, IReadOnlyList<Rule> rules)
    {
        if (!Contracts.PackageId.IsValid(id))
        {
            throw new ArgumentException($"Package id '{id}' must be lower-case kebab case starting with 'aovpn-'.", nameof(id));
        }

        if (rules.Count == 0)
        {
            throw new ArgumentException($"Package '{id}' has no rules.", nameof(rules));
        }

        var wrongAccount = rules.FirstOrDefault(r => r.Descriptor.RunAs != runAs);
        if (wrongAccount is not null)
        {
            throw new ArgumentException($"Rule {wrongAccount.Id} runs as {wrongAccount.Descriptor.RunAs} but package '{id}' runs as {runAs}.", nameof(rules));
        }

        Id = id;
        Title = title;
        Description = description;
        RunAs = runAs;
        Audience = audience;
        Rules = rules;
    }

    public string Id { get; }

    public string Title { get; }

    public string Description { get; }

    public RunAsAccount RunAs { get; }

    public PackageAudience Audience { get; }

    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>A package has a remediation script when any of its rules has a remedy.</summary>
    public bool Remediates => Rules.Any(r => r.Remediates);

    /// <summary>Client packages go to Intune and server packages to ConfigMgr unless the profile says otherwise.</summary>
    public IReadOnlyList<DeploymentTarget> DefaultTargets => Audience == PackageAudience.Client
        ? [DeploymentTarget.Intune]
        : [DeploymentTarget.ConfigMgr];
}
