using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Profile.Model;

namespace AovpnRemediations.Binding;

/// <summary>A package as this organisation builds it: its rules with profile values, targets and Intune deployment.</summary>
public sealed record BoundPackage(
    Package Package,
    IReadOnlyList<BoundRule> Rules,
    IReadOnlyList<DeploymentTarget> Targets,
    IntuneDeployment Intune,
    Thresholds Thresholds)
{
    public string Id => Package.Id;

    /// <summary>The package has a remediation script: one of its rules remedies for this profile.</summary>
    public bool Remediates => Rules.Any(r => r.Remediates);

    /// <summary>The profile's CAs, for rules that build chains against them (empty for packages that do not).</summary>
    public BoundPki Pki { get; init; } = BoundPki.Empty;
}

/// <summary>
/// A rule with the values its kind's templates see: the check's parameters and, when the rule remedies for this
/// profile, the remedy's (null when it has no remedy or the profile leaves the remedy out), profile settings resolved.
/// </summary>
public sealed record BoundRule(Rule Rule, IReadOnlyList<BoundParameter> Check, IReadOnlyList<BoundParameter>? Remedy)
{
    /// <summary>The rule repairs what it finds, for this profile.</summary>
    public bool Remediates => Remedy is not null;

    /// <summary>The check parameter of that name (tests and docs read single values).</summary>
    public BoundValue CheckValue(string name) => BoundParameter.Find(Check, name, Rule.Id);

    /// <summary>The remedy parameter of that name.</summary>
    public BoundValue RemedyValue(string name) => BoundParameter.Find(Remedy ?? [], name, Rule.Id);
}

/// <summary>A template parameter with its value.</summary>
public sealed record BoundParameter(string Name, BoundValue Value)
{
    public static BoundValue Find(IReadOnlyList<BoundParameter> parameters, string name, string ruleId) =>
        parameters.FirstOrDefault(p => p.Name == name)?.Value
        ?? throw new KeyNotFoundException($"Rule {ruleId} has no parameter '{name}'.");
}

/// <summary>
/// A parameter value as rendering receives it: catalogue values as they were declared, profile settings
/// resolved. A closed set, turned into template values in one place (Rendering).
/// </summary>
public abstract record BoundValue
{
    private protected BoundValue()
    {
    }

    /// <summary>A catalogue identifier (a code, a store or service name), written as it is.</summary>
    public sealed record Identifier(string Value) : BoundValue;

    /// <summary>Text that reaches the script as an escaped literal (all profile text, some catalogue text).</summary>
    public sealed record Text(string Value) : BoundValue;

    /// <summary>Several texts, each an escaped literal.</summary>
    public sealed record TextList(IReadOnlyList<string> Values) : BoundValue;

    public sealed record Number(int Value) : BoundValue;

    public sealed record Flag(bool Value) : BoundValue;

    /// <summary>Public certificates of the profile.</summary>
    public sealed record Certificates(IReadOnlyList<ProfileCertificate> Values) : BoundValue;

    /// <summary>Values seen as one object.</summary>
    public sealed record Members(IReadOnlyList<BoundParameter> Parameters) : BoundValue;

    /// <summary>No value.</summary>
    public sealed record Absent : BoundValue
    {
        private Absent()
        {
        }

        public static Absent Value { get; } = new();
    }
}

/// <summary>The profile's public CA certificates, for packages whose rules build chains against them.</summary>
public sealed record BoundPki(IReadOnlyList<ProfileCertificate> RootCas, IReadOnlyList<ProfileCertificate> IntermediateCas)
{
    public static BoundPki Empty { get; } = new([], []);
}

/// <summary>Whether a profile meets what a rule <see cref="RuleDescriptor.Requires"/>.</summary>
public static class ProfileRequirementCheck
{
    public static bool IsMet(OrgProfile profile, ProfileRequirements requires)
    {
        var user = profile.Vpn.UserTunnel is not null;
        var device = profile.Vpn.DeviceTunnel is not null;
        return (!requires.HasFlag(ProfileRequirements.UserTunnel) || user)
            && (!requires.HasFlag(ProfileRequirements.DeviceTunnel) || device)
            && (!requires.HasFlag(ProfileRequirements.AnyTunnel) || user || device)
            && (!requires.HasFlag(ProfileRequirements.TpmKey) || profile.Pki.RequireTpmKey)
            && (!requires.HasFlag(ProfileRequirements.Nps) || profile.Nps is not null)
            && (!requires.HasFlag(ProfileRequirements.Autoenrollment) || profile.Pki.ClientCertificateIssuance == CertificateIssuance.Autoenrollment);
    }
}

/// <summary>Everything Intune needs beside the script bytes.</summary>
public sealed record IntuneDeployment(
    string DisplayName,
    string Description,
    string Marker,
    string Publisher,
    RunAsAccount RunAs,
    bool EnforceSignatureCheck,
    IReadOnlyList<string> ScopeTags,
    IReadOnlyList<BoundAssignment> Assignments);

public enum AssignmentTarget
{
    Group,
    ExclusionGroup,
    AllDevices,
    AllLicensedUsers,
}

public sealed record BoundAssignment(
    AssignmentTarget Target,
    string? GroupName,
    string? FilterName,
    FilterMode? FilterMode,
    bool RunRemediationScript,
    BoundSchedule? Schedule);

/// <summary>An Intune run schedule; time and date only where the schedule type has them.</summary>
public sealed record BoundSchedule(ScheduleType Type, int Interval, TimeOnly? Time, DateOnly? Date, bool UseUtc);
