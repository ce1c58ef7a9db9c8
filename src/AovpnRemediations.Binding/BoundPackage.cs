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

    /// <summary>The profile's CAs, for rules that build chains against them (empty for packages that do not).</summary>
    public BoundPki Pki { get; init; } = BoundPki.Empty;
}

/// <summary>A rule with the profile values its check and remedy need.</summary>
public sealed record BoundRule(Rule Rule, BoundCheck Check);

/// <summary>The check of a rule with concrete values; one record per catalogue check kind.</summary>
public abstract record BoundCheck
{
    private protected BoundCheck()
    {
    }
}

/// <summary>Bound form of <c>CertificatesInStoreCheck</c>.</summary>
public sealed record BoundCertificatesInStore(
    Catalogue.Checks.CertificateStore Store,
    IReadOnlyList<ProfileCertificate> Certificates,
    FindingCode Missing) : BoundCheck;

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
