namespace AovpnRemediations.History.Model;

/// <summary>
/// One device's state in one snapshot: what the report read for it (Graph deviceRunStates or the export job) and
/// what its pre-remediation detection line said. The report maps its own row and parsed line to this, so the history
/// does not depend on how the report reads or parses. Every text came from a device or the service: untrusted.
/// </summary>
/// <param name="DeviceId">Intune device id (a GUID as text; kept as text since nothing guarantees the shape).</param>
/// <param name="DetectionState">Graph runState wire name (success, fail, scriptError, pending, notApplicable, unknown).</param>
/// <param name="RemediationState">Graph remediationState wire name (skipped, success, remediationFailed, scriptError, unknown).</param>
/// <param name="ResultStatus">The report's result bucket: ok, issue, error, pending, notApplicable, noOutput, notOurs, notJson.</param>
/// <param name="LastReport">When the script last reported; null when it never did.</param>
public sealed record DeviceSnapshotRow(
    string DeviceId,
    string DeviceName,
    string UserPrincipalName,
    DateTimeOffset? LastReport,
    string DetectionState,
    string RemediationState,
    string ResultStatus,
    IReadOnlyList<SnapshotFinding> Findings,
    IReadOnlyList<SnapshotError> Errors)
{
    public DeviceSnapshotRow(string deviceId, string deviceName, string userPrincipalName, DateTimeOffset? lastReport, string resultStatus)
        : this(deviceId, deviceName, userPrincipalName, lastReport, "unknown", "unknown", resultStatus, [], [])
    {
    }
}

/// <summary>
/// A finding of a detection line: rule, code and its key fields in the order the script wrote them (thumbprint,
/// error code, profile, ...). A change is identified by (rule, code); the fields say which certificate or profile.
/// </summary>
public sealed record SnapshotFinding(string Rule, string Code, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public SnapshotFinding(string rule, string code)
        : this(rule, code, [])
    {
    }

    /// <summary>The fields as one line, "name=value; name=value", as the store keeps them and the outputs show them.</summary>
    public string Detail => FieldText.Join(Fields);
}

/// <summary>A check that could not run on the device (the line's <c>errors</c>): rule and code.</summary>
public sealed record SnapshotError(string Rule, string Code);

internal static class FieldText
{
    public static string Join(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        if (fields.Count == 0)
        {
            return "";
        }

        if (fields.Count == 1)
        {
            return string.Concat(fields[0].Key, "=", fields[0].Value);
        }

        return string.Join("; ", fields.Select(f => string.Concat(f.Key, "=", f.Value)));
    }
}
