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

    /// <summary>Who signed the scripts and the sha256 of their unsigned text (package.json's signature); null when unsigned.</summary>
    public PackageSignature? Signature { get; init; }
}

/// <summary>The signature of a package's scripts as package.json records it, checked against the scripts when read.</summary>
/// <param name="SignerThumbprint">SHA-1 thumbprint of the signer, upper-case hex.</param>
/// <param name="RemediationUnsignedSha256">Null for a detection-only package.</param>
public sealed record PackageSignature(string SignerThumbprint, string DetectionUnsignedSha256, string? RemediationUnsignedSha256);

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
