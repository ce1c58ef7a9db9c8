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

        // A package is one configuration item in one role's ConfigMgr baseline, so its rules must agree on the role.
        var roles = rules.Select(r => PackageRoleExtensions.RoleOf(r.Descriptor.Scope)).Distinct().ToList();
        if (roles.Count != 1 || roles[0] is not { } role)
        {
            throw new ArgumentException($"Package '{id}' mixes rules for {string.Join(" and ", roles.Select(r => r?.Describe() ?? "the tenant"))}; a package's rules run on one kind of machine.", nameof(rules));
        }

        if ((role == PackageRole.Clients) != (audience == PackageAudience.Client))
        {
            throw new ArgumentException($"Package '{id}' is for {role.Describe()} (its rules' scope) but says its audience is {audience}.", nameof(audience));
        }

        Id = id;
        Title = title;
        Role = role;
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

    /// <summary>The machines the package runs on, from its rules' scope; ConfigMgr deploys it in this role's baseline.</summary>
    public PackageRole Role { get; }

    /// <summary>
    /// The Windows feature of the package's server role. Where it is not installed the package checks nothing and
    /// reports "not applicable" (ConfigMgr: Compliant), so a server of another role is not held noncompliant.
    /// </summary>
    public WindowsFeature? Feature
    {
        get => feature;
        init
        {
            if (value is not null && Role == PackageRole.Clients)
            {
                throw new ArgumentException($"Package '{Id}' is a client package; only server role packages declare a Windows feature.", nameof(Feature));
            }

            feature = value;
        }
    }

    /// <summary>A package has a remediation script when any of its rules has a remedy.</summary>
    public bool Remediates => Rules.Any(r => r.Remediates);

    /// <summary>Client packages go to Intune and server packages to ConfigMgr unless the profile says otherwise.</summary>
    public IReadOnlyList<DeploymentTarget> DefaultTargets => Audience == PackageAudience.Client
        ? [DeploymentTarget.Intune]
        : [DeploymentTarget.ConfigMgr];

    private readonly WindowsFeature? feature;
}
