namespace AovpnRemediations.GraphEmulator.Fleet;

/// <summary>
/// What a <see cref="SyntheticFleet"/> put in, counted from the facts each device was generated from (never from its
/// lines), with the report's definitions: stale devices apart, everything else over fresh devices only; findings and
/// error codes from the pre-remediation line; a device counts once per finding code and per error code.
/// </summary>
public sealed class FleetTruth
{
    public long Devices { get; private set; }

    public long Stale { get; private set; }

    public Dictionary<string, long> Statuses { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> StaleByStatus { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> DetectionStates { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Rule, string Code), long> FindingDevices { get; } = [];

    public Dictionary<(string Rule, string Code), long> FindingOccurrences { get; } = [];

    public Dictionary<(string Rule, string Code), long> FindingStill { get; } = [];

    public Dictionary<long, long> ErrorCodeDevices { get; } = [];

    public Dictionary<long, long> ErrorCodeEvents { get; } = [];

    public Dictionary<string, long> RemediationStates { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> AfterRemediation { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> RemediationResults { get; } = new(StringComparer.Ordinal);

    /// <summary>Check errors in result lines, one entry per distinct (rule, message template): the report's groups.</summary>
    public Dictionary<string, long> CheckErrorGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>Error text Intune recorded (stderr of detection or remediation), one entry per message template.</summary>
    public Dictionary<string, long> ScriptErrorGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>Rows of the drill-down CSV: one per device and finding, one for a device without findings (stale ones included).</summary>
    public long DrillDownRows { get; private set; }

    internal static FleetTruth Of(SyntheticFleet fleet)
    {
        var truth = new FleetTruth();
        foreach (var i in fleet.Indices)
        {
            truth.Add(fleet.Generate(i));
        }

        return truth;
    }

    private void Add(GeneratedDevice d)
    {
        Devices++;
        DrillDownRows += Math.Max(1, d.Findings.Count);
        if (d.Stale && d.Device.LastStateUpdate is not null)
        {
            Stale++;
            Increment(StaleByStatus, d.Result);
            return;
        }

        Increment(Statuses, d.Result);
        Increment(DetectionStates, d.Device.DetectionState);
        foreach (var key in d.Findings.Select(f => f.Key).Distinct())
        {
            Increment(FindingDevices, key);
        }

        foreach (var f in d.Findings)
        {
            Increment(FindingOccurrences, f.Key);
            if (f.Error is { } code)
            {
                ErrorCodeEvents[code] = ErrorCodeEvents.GetValueOrDefault(code) + f.Count;
            }
        }

        foreach (var code in d.Findings.Where(f => f.Error is not null).Select(f => f.Error!.Value).Distinct())
        {
            Increment(ErrorCodeDevices, code);
        }

        foreach (var key in d.Still)
        {
            Increment(FindingStill, key);
        }

        if (d.Device.RemediationState != "unknown")
        {
            Increment(RemediationStates, d.Device.RemediationState);
        }

        if (d.After is not null)
        {
            Increment(AfterRemediation, d.After);
        }

        if (d.RemediationResult is not null)
        {
            Increment(RemediationResults, d.RemediationResult);
        }

        if (d.CheckError is { } check)
        {
            Increment(CheckErrorGroups, $"{check.Rule}|{check.Template}");
            Increment(ScriptErrorGroups, $"could not check {check.Rule} ({check.Code})");
        }

        if (d.Crash is { } crash)
        {
            Increment(CheckErrorGroups, $"crash|{crash}");
            Increment(ScriptErrorGroups, $"crash|{crash}");
        }

        if (d.RemediationCrash is { } remediation)
        {
            Increment(ScriptErrorGroups, $"remediation|{remediation}");
        }
    }

    private static void Increment<TKey>(Dictionary<TKey, long> counts, TKey key)
        where TKey : notnull => counts[key] = counts.GetValueOrDefault(key) + 1;
}
