using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AovpnRemediations.Contracts;

/// <summary>
/// <c>intune/&lt;package&gt;/package.json</c>: everything publish needs beside the script bytes. Emit writes it, publish
/// reads it and refuses it unless <see cref="Problems"/> is empty. Members are written in declaration order, nulls
/// included, so the file's bytes follow from this type. A new member (e.g. the script signature) changes every
/// package.json in output/: add it here and rebuild output/. An optional member that is left out when null (as
/// <see cref="Signature"/>) changes nothing for packages without it.
/// </summary>
public sealed record PackageJson
{
    public const string FileName = "package.json";
    public const int CurrentSchema = 1;
    public const string DetectionFileName = "detect.ps1";
    public const string RemediationFileName = "remediate.ps1";

    /// <summary>The values of <see cref="RunAsAccount"/>.</summary>
    public static class Accounts
    {
        public const string System = "system";
        public const string User = "user";
    }

    [JsonPropertyName("schema")]
    public int Schema { get; init; } = CurrentSchema;

    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    /// <summary>Derived from the rendered scripts; changes exactly when their bytes do.</summary>
    [JsonPropertyName("version")]
    public string Version { get; init; } = "";

    [JsonPropertyName("displayName")]
    public string DisplayName { get; init; } = "";

    /// <summary>Ends with <see cref="Marker"/>; this is what Intune shows and where publish looks for the marker.</summary>
    [JsonPropertyName("description")]
    public string Description { get; init; } = "";

    /// <summary><see cref="OwnershipMarker.ForPackage"/> of <see cref="Id"/>.</summary>
    [JsonPropertyName("marker")]
    public string Marker { get; init; } = "";

    [JsonPropertyName("publisher")]
    public string Publisher { get; init; } = "";

    /// <summary><see cref="Accounts.System"/> or <see cref="Accounts.User"/>.</summary>
    [JsonPropertyName("runAsAccount")]
    public string RunAsAccount { get; init; } = "";

    [JsonPropertyName("runAs32Bit")]
    public bool RunAs32Bit { get; init; }

    [JsonPropertyName("enforceSignatureCheck")]
    public bool EnforceSignatureCheck { get; init; }

    [JsonPropertyName("detectionScript")]
    public string DetectionScript { get; init; } = DetectionFileName;

    /// <summary><see cref="RemediationFileName"/>, or null for a detection-only package.</summary>
    [JsonPropertyName("remediationScript")]
    public string? RemediationScript { get; init; }

    /// <summary>Scope tag names, resolved to ids by publish.</summary>
    [JsonPropertyName("roleScopeTags")]
    public IReadOnlyList<string> RoleScopeTags { get; init; } = [];

    [JsonPropertyName("assignments")]
    public IReadOnlyList<PackageJsonAssignment> Assignments { get; init; } = [];

    /// <summary>
    /// Who signed the scripts and the sha256 of their unsigned text, so publish compares text and signer rather than
    /// bytes that change at every signing. Left out of the file when the scripts are unsigned (an unsigned build writes
    /// what it always wrote; a package.json from before signing reads as unsigned).
    /// </summary>
    [JsonPropertyName("signature")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PackageJsonSignature? Signature { get; init; }

    public static PackageJson Parse(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, ContractJson.Default.PackageJson) ?? throw new JsonException("The file holds null.");

    public JsonNode ToJsonNode() => JsonSerializer.SerializeToNode(this, ContractJson.Default.PackageJson)!;

    /// <summary>Everything that makes the file unusable for the package in folder <paramref name="folderId"/>; empty when it is fine.</summary>
    public IReadOnlyList<string> Problems(string folderId)
    {
        var problems = new List<string>();
        if (Schema != CurrentSchema)
        {
            problems.Add($"schema {Schema} is not supported (expected {CurrentSchema})");
        }

        if (Id != folderId)
        {
            problems.Add($"id '{Id}' differs from its folder '{folderId}'");
        }

        if (string.IsNullOrWhiteSpace(DisplayName))
        {
            problems.Add("displayName is empty");
        }

        if (PackageId.IsValid(folderId))
        {
            var marker = OwnershipMarker.ForPackage(folderId);
            if (Marker != marker || Description?.Contains(marker, StringComparison.Ordinal) != true)
            {
                problems.Add($"the ownership marker must be \"{marker}\" and appear in description");
            }
        }
        else
        {
            problems.Add(PackageId.Problem(folderId)!);
        }

        if (RunAsAccount is not (Accounts.System or Accounts.User))
        {
            problems.Add($"runAsAccount '{RunAsAccount}' must be {Accounts.System} or {Accounts.User}");
        }

        if (DetectionScript != DetectionFileName || (RemediationScript is not null && RemediationScript != RemediationFileName))
        {
            problems.Add($"detectionScript must be {DetectionFileName} and remediationScript {RemediationFileName} or null");
        }

        for (var i = 0; i < (Assignments?.Count ?? 0); i++)
        {
            problems.AddRange(Assignments![i].Problems().Select(p => $"assignments[{i}]: {p}"));
        }

        if (Signature is not null)
        {
            problems.AddRange(Signature.Problems(RemediationScript is not null).Select(p => $"signature: {p}"));
        }

        return problems;
    }
}

/// <summary>The signature of a package's scripts: one signer for both, and the sha256 of each script's unsigned text.</summary>
public sealed record PackageJsonSignature
{
    /// <summary>SHA-1 thumbprint of the signer certificate, upper-case hex.</summary>
    [JsonPropertyName("signerThumbprint")]
    public string SignerThumbprint { get; init; } = "";

    /// <summary>Lower-case hex SHA-256 of the detection script's text before its signature block.</summary>
    [JsonPropertyName("detectionUnsignedSha256")]
    public string DetectionUnsignedSha256 { get; init; } = "";

    /// <summary>The same for the remediation script; null for a detection-only package.</summary>
    [JsonPropertyName("remediationUnsignedSha256")]
    public string? RemediationUnsignedSha256 { get; init; }

    public IReadOnlyList<string> Problems(bool hasRemediation)
    {
        var problems = new List<string>();
        if (!SigningValues.IsThumbprint(SignerThumbprint))
        {
            problems.Add($"signerThumbprint '{SignerThumbprint}' is not 40 upper-case hex digits");
        }

        if (!SigningValues.IsSha256(DetectionUnsignedSha256))
        {
            problems.Add($"detectionUnsignedSha256 '{DetectionUnsignedSha256}' is not 64 lower-case hex digits");
        }

        if (hasRemediation ? !SigningValues.IsSha256(RemediationUnsignedSha256) : RemediationUnsignedSha256 is not null)
        {
            problems.Add(hasRemediation
                ? $"remediationUnsignedSha256 '{RemediationUnsignedSha256}' is not 64 lower-case hex digits"
                : "remediationUnsignedSha256 must be null for a package without remediation");
        }

        return problems;
    }
}

/// <summary>One assignment of a package, with names where Intune wants ids (publish resolves them).</summary>
public sealed record PackageJsonAssignment
{
    /// <summary>The values of <see cref="Target"/>.</summary>
    public static class Targets
    {
        public const string Group = "group";
        public const string ExclusionGroup = "exclusionGroup";
        public const string AllDevices = "allDevices";
        public const string AllLicensedUsers = "allLicensedUsers";
    }

    /// <summary>The values of <see cref="FilterMode"/>.</summary>
    public static class FilterModes
    {
        public const string None = "none";
        public const string Include = "include";
        public const string Exclude = "exclude";
    }

    [JsonPropertyName("target")]
    public string Target { get; init; } = "";

    /// <summary>For <see cref="Targets.Group"/> and <see cref="Targets.ExclusionGroup"/> only.</summary>
    [JsonPropertyName("groupName")]
    public string? GroupName { get; init; }

    [JsonPropertyName("filterName")]
    public string? FilterName { get; init; }

    [JsonPropertyName("filterMode")]
    public string FilterMode { get; init; } = FilterModes.None;

    [JsonPropertyName("runRemediationScript")]
    public bool RunRemediationScript { get; init; }

    /// <summary>Null for an exclusion, which runs nothing.</summary>
    [JsonPropertyName("schedule")]
    public PackageJsonSchedule? Schedule { get; init; }

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        switch (Target)
        {
            case Targets.Group or Targets.ExclusionGroup:
                if (string.IsNullOrWhiteSpace(GroupName))
                {
                    problems.Add($"target {Target} needs groupName");
                }

                break;
            case Targets.AllDevices or Targets.AllLicensedUsers:
                if (GroupName is not null)
                {
                    problems.Add($"target {Target} takes no groupName");
                }

                break;
            default:
                problems.Add($"target '{Target}' must be {Targets.Group}, {Targets.ExclusionGroup}, {Targets.AllDevices} or {Targets.AllLicensedUsers}");
                break;
        }

        var mode = FilterMode ?? FilterModes.None;
        if (mode is not (FilterModes.None or FilterModes.Include or FilterModes.Exclude) || (mode == FilterModes.None) != (FilterName is null))
        {
            problems.Add($"filterMode '{mode}' and filterName '{FilterName}' do not fit (none without a name, include/exclude with one)");
        }

        if (Target == Targets.ExclusionGroup)
        {
            if (Schedule is not null || RunRemediationScript)
            {
                problems.Add("an exclusionGroup has no schedule and runRemediationScript false");
            }
        }
        else if (Schedule is null)
        {
            problems.Add("schedule is missing");
        }
        else
        {
            problems.AddRange(Schedule.Problems());
        }

        return problems;
    }
}

/// <summary>An Intune run schedule: hourly (no time), daily (a time) or once (a time and a date).</summary>
public sealed record PackageJsonSchedule
{
    /// <summary>The values of <see cref="Type"/>.</summary>
    public static class Types
    {
        public const string Once = "once";
        public const string Hourly = "hourly";
        public const string Daily = "daily";
    }

    public const string TimeFormat = "HH:mm:ss";
    public const string DateFormat = "yyyy-MM-dd";

    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    /// <summary>Hours (1-23) for hourly, days for daily.</summary>
    [JsonPropertyName("interval")]
    public int Interval { get; init; }

    /// <summary><see cref="TimeFormat"/>, null for hourly.</summary>
    [JsonPropertyName("time")]
    public string? Time { get; init; }

    /// <summary><see cref="DateFormat"/>, once only.</summary>
    [JsonPropertyName("date")]
    public string? Date { get; init; }

    [JsonPropertyName("useUtc")]
    public bool UseUtc { get; init; }

    /// <summary>The time of day (HH:mm:ss or HH:mm), or null when absent or not a time.</summary>
    public TimeSpan? TimeOfDay() =>
        TimeSpan.TryParseExact(Time, [@"hh\:mm\:ss", @"hh\:mm"], CultureInfo.InvariantCulture, out var t) && t < TimeSpan.FromDays(1) ? t : null;

    /// <summary>The date, or null when absent or not a yyyy-MM-dd date.</summary>
    public DateOnly? Day() =>
        DateOnly.TryParseExact(Date, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Interval < 1 || (Type == Types.Hourly && Interval > 23))
        {
            problems.Add($"schedule interval {Interval} is out of range");
        }

        switch (Type)
        {
            case Types.Hourly:
                if (Time is not null || Date is not null)
                {
                    problems.Add("an hourly schedule has no time or date");
                }

                break;
            case Types.Daily or Types.Once:
                if (TimeOfDay() is null)
                {
                    problems.Add($"schedule time '{Time}' is not {TimeFormat}");
                }

                if (Type == Types.Once && Day() is null)
                {
                    problems.Add($"schedule date '{Date}' is not {DateFormat}");
                }
                else if (Type == Types.Daily && Date is not null)
                {
                    problems.Add("a daily schedule has no date");
                }

                break;
            default:
                problems.Add($"schedule type '{Type}' must be {Types.Once}, {Types.Hourly} or {Types.Daily}");
                break;
        }

        return problems;
    }
}
