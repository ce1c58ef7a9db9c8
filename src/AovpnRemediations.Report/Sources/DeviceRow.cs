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
    public static DetectionState Detection(string? text)
    {
        var t = (text ?? "").AsSpan().Trim();
        return Is(t, "success") || Is(t, "without issues") || Is(t, "no issues") || Is(t, "1") ? DetectionState.Success
            : Is(t, "fail") || Is(t, "failed") || Is(t, "with issues") || Is(t, "2") ? DetectionState.Fail
            : Is(t, "scriptError") || Is(t, "error") || Is(t, "3") ? DetectionState.ScriptError
            : Is(t, "pending") || Is(t, "4") ? DetectionState.Pending
            : Is(t, "notApplicable") || Is(t, "not applicable") || Is(t, "5") ? DetectionState.NotApplicable
            : DetectionState.Unknown;
    }

    public static RemediationState Remediation(string? text)
    {
        var t = (text ?? "").AsSpan().Trim();
        return Is(t, "skipped") || Is(t, "not run") || Is(t, "1") ? RemediationState.Skipped
            : Is(t, "success") || Is(t, "issue fixed") || Is(t, "fixed") || Is(t, "2") ? RemediationState.Success
            : Is(t, "remediationFailed") || Is(t, "failed") || Is(t, "recurred") || Is(t, "issue recurred") || Is(t, "3") ? RemediationState.RemediationFailed
            : Is(t, "scriptError") || Is(t, "error") || Is(t, "4") ? RemediationState.ScriptError
            : RemediationState.Unknown;
    }

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

    /// <summary>ISO 8601 first (what Graph writes, and cheap: this runs per device), then anything the invariant culture reads.</summary>
    public static DateTimeOffset? Time(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        var ok = DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, Utc, out var time)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Utc, out time);
        return ok && time.Year > 1601 ? time : null;
    }

    private static readonly string[] IsoFormats = ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ssK"];

    private static bool Is(ReadOnlySpan<char> text, string value) => text.Equals(value, StringComparison.OrdinalIgnoreCase);
}
