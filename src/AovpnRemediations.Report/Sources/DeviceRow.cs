using System.Globalization;

namespace AovpnRemediations.Report.Sources;

/// <summary>Graph <c>runState</c> of a device's detection (intune-graph.md §2.1).</summary>
public enum DetectionState
{
    Unknown,
    Success,
    Fail,
    ScriptError,
    Pending,
    NotApplicable,
}

/// <summary>Graph <c>remediationState</c> of a device (intune-graph.md §2.1).</summary>
public enum RemediationState
{
    Unknown,
    Skipped,
    Success,
    RemediationFailed,
    ScriptError,
}

/// <summary>
/// One device's run state of one script, whichever source it came from (paged deviceRunStates or the export CSV).
/// Every text is as the service gave it: untrusted, possibly empty.
/// </summary>
public sealed record DeviceRow
{
    public string DeviceId { get; init; } = "";

    public string DeviceName { get; init; } = "";

    public string UserName { get; init; } = "";

    public DetectionState Detection { get; init; }

    public RemediationState Remediation { get; init; }

    /// <summary>When the script last reported (lastStateUpdateDateTime / ModifiedTime); null when it never did.</summary>
    public DateTimeOffset? LastReport { get; init; }

    public string? PreOutput { get; init; }

    public string? PreError { get; init; }

    public string? RemediationOutput { get; init; }

    public string? RemediationError { get; init; }

    public string? PostOutput { get; init; }

    public string? PostError { get; init; }
}

/// <summary>Reads the state columns, which arrive as Graph enum names, localized texts, or numbers.</summary>
public static class RunStateNames
{
    public static DetectionState Detection(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "success" or "without issues" or "no issues" or "1" => DetectionState.Success,
        "fail" or "failed" or "with issues" or "2" => DetectionState.Fail,
        "scripterror" or "error" or "3" => DetectionState.ScriptError,
        "pending" or "4" => DetectionState.Pending,
        "notapplicable" or "not applicable" or "5" => DetectionState.NotApplicable,
        _ => DetectionState.Unknown,
    };

    public static RemediationState Remediation(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "skipped" or "not run" or "1" => RemediationState.Skipped,
        "success" or "issue fixed" or "fixed" or "2" => RemediationState.Success,
        "remediationfailed" or "failed" or "recurred" or "issue recurred" or "3" => RemediationState.RemediationFailed,
        "scripterror" or "error" or "4" => RemediationState.ScriptError,
        _ => RemediationState.Unknown,
    };

    /// <summary>The wire name (as Graph writes it), for CSV and JSON output.</summary>
    public static string Name(DetectionState state) => state switch
    {
        DetectionState.Success => "success",
        DetectionState.Fail => "fail",
        DetectionState.ScriptError => "scriptError",
        DetectionState.Pending => "pending",
        DetectionState.NotApplicable => "notApplicable",
        _ => "unknown",
    };

    public static string Name(RemediationState state) => state switch
    {
        RemediationState.Skipped => "skipped",
        RemediationState.Success => "success",
        RemediationState.RemediationFailed => "remediationFailed",
        RemediationState.ScriptError => "scriptError",
        _ => "unknown",
    };

    public static DateTimeOffset? Time(string? text) =>
        !string.IsNullOrWhiteSpace(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
        && time.Year > 1601
            ? time
            : null;
}
