namespace AovpnRemediations.Publish.Output;

/// <summary>One Intune package as <c>build</c> wrote it: <c>output/intune/&lt;id&gt;/package.json</c> plus the script bytes.</summary>
public sealed record PackageDefinition(
    string Id,
    string Version,
    string DisplayName,
    string Description,
    string Marker,
    string Publisher,
    string RunAsAccount,
    bool RunAs32Bit,
    bool EnforceSignatureCheck,
    byte[] Detection,
    byte[]? Remediation,
    IReadOnlyList<string> RoleScopeTags,
    IReadOnlyList<PackageAssignment> Assignments)
{
    public string DetectionFile => $"intune/{Id}/detect.ps1";

    public string? RemediationFile => Remediation is null ? null : $"intune/{Id}/remediate.ps1";
}

/// <param name="Target">group | exclusionGroup | allDevices | allLicensedUsers</param>
/// <param name="FilterMode">none | include | exclude</param>
public sealed record PackageAssignment(
    string Target,
    string? GroupName,
    string? FilterName,
    string FilterMode,
    bool RunRemediationScript,
    PackageSchedule? Schedule);

/// <param name="Type">once | hourly | daily</param>
/// <param name="Time">HH:mm:ss (null for hourly)</param>
/// <param name="Date">yyyy-MM-dd (once only)</param>
public sealed record PackageSchedule(string Type, int Interval, TimeSpan? Time, DateOnly? Date, bool UseUtc);
