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

    /// <summary>
    /// <see cref="PreOutput"/>'s result line when the source parsed it already; null when not, and the aggregator parses
    /// it. Either way the same parse. The export's reading thread sets it while the aggregating thread is behind (see
    /// ExportJobSource.Pipelined), before it hands the row over and never after.
    /// </summary>
    public Parsing.ResultLine? DetectionLine { get; internal set; }

    public string? PreError { get; init; }

    public string? RemediationOutput { get; init; }

    public string? RemediationError { get; init; }

    public string? PostOutput { get; init; }

    public string? PostError { get; init; }
}

/// <summary>Reads the state columns, which arrive as Graph enum names, localized texts, or numbers.</summary>
public static class RunStateNames
{
    public static DetectionState Detection(string? text) => Detection((text ?? "").AsSpan());

    /// <summary>As <see cref="Detection(string?)"/>, over a CSV field in place (no string per device).</summary>
    public static DetectionState Detection(ReadOnlySpan<char> text)
    {
        var t = text.Trim();
        return Is(t, "success") || Is(t, "without issues") || Is(t, "no issues") || Is(t, "1") ? DetectionState.Success
            : Is(t, "fail") || Is(t, "failed") || Is(t, "with issues") || Is(t, "2") ? DetectionState.Fail
            : Is(t, "scriptError") || Is(t, "error") || Is(t, "3") ? DetectionState.ScriptError
            : Is(t, "pending") || Is(t, "4") ? DetectionState.Pending
            : Is(t, "notApplicable") || Is(t, "not applicable") || Is(t, "5") ? DetectionState.NotApplicable
            : DetectionState.Unknown;
    }

    public static RemediationState Remediation(string? text) => Remediation((text ?? "").AsSpan());

    /// <summary>As <see cref="Remediation(string?)"/>, over a CSV field in place.</summary>
    public static RemediationState Remediation(ReadOnlySpan<char> text)
    {
        var t = text.Trim();
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
    public static DateTimeOffset? Time(string? text) => Time((text ?? "").AsSpan());

    /// <summary>As <see cref="Time(string?)"/>, over a CSV field in place.</summary>
    public static DateTimeOffset? Time(ReadOnlySpan<char> text)
    {
        if (text.IsWhiteSpace())
        {
            return null;
        }

        const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        var ok = TryIsoSeconds(text, out var time)
            || DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, Utc, out time)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Utc, out time);
        return ok && time.Year > 1601 ? time : null;
    }

    /// <summary>
    /// The export's own shape, "yyyy-MM-ddTHH:mm:ss" (UTC), read digit by digit: what the first ISO format reads, for a
    /// tenth of the cost of the general parser. Anything else (or an impossible date) is left to the formats.
    /// </summary>
    private static bool TryIsoSeconds(ReadOnlySpan<char> t, out DateTimeOffset time)
    {
        time = default;
        if (t.Length != 19 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':')
        {
            return false;
        }

        int year = Digits(t, 0, 4), month = Digits(t, 5, 2), day = Digits(t, 8, 2), hour = Digits(t, 11, 2), minute = Digits(t, 14, 2), second = Digits(t, 17, 2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    /// <summary>The number written by <paramref name="count"/> ASCII digits at <paramref name="start"/>; -1 when one is not a digit.</summary>
    private static int Digits(ReadOnlySpan<char> t, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = t[i] - '0';
            if ((uint)digit > 9)
            {
                return -1;
            }

            value = (value * 10) + digit;
        }

        return value;
    }

    private static readonly string[] IsoFormats = ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ssK"];

    private static bool Is(ReadOnlySpan<char> text, string value) => text.Equals(value, StringComparison.OrdinalIgnoreCase);
}
