using AovpnRemediations.Report.Graph;

namespace AovpnRemediations.Report.Model;

/// <summary>The whole report: what JSON carries and what the table and HTML writers show. Counts only, no device lists.</summary>
public sealed record FleetReport(
    DateTimeOffset GeneratedAt,
    string Tenant,
    int StaleDays,
    IReadOnlyList<PackageReport> Packages)
{
    /// <summary>Findings of every package, most devices first (the HTML's "top findings" chart).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<FindingSummary> TopFindings => Packages.SelectMany(p => p.Findings).OrderByDescending(f => f.Devices).ThenBy(f => f.Rule, StringComparer.Ordinal).ThenBy(f => f.Code, StringComparer.Ordinal);

    /// <summary>Connection error codes of every package merged by code.</summary>
    public IReadOnlyList<ErrorCodeSummary> ErrorCodes => Packages.SelectMany(p => p.ErrorCodes)
        .GroupBy(e => e.Code)
        .Select(g => g.First() with
        {
            Devices = g.Sum(e => e.Devices),
            Events = g.Sum(e => e.Events),
            Profiles = g.SelectMany(e => e.Profiles).GroupBy(v => v.Value, StringComparer.Ordinal)
                .Select(v => new ValueCount(v.Key, v.Sum(x => x.Count))).OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).ToList(),
        })
        .OrderByDescending(e => e.Devices).ThenBy(e => e.Code)
        .ToList();
}

/// <summary>One managed script's part of the report.</summary>
/// <param name="Source">"runstates" or "export": where the device states came from.</param>
/// <param name="Devices">Device rows read (stale ones included).</param>
/// <param name="Statuses">Fresh devices by the result of their detection line: ok, issue, error, pending, notApplicable, noOutput, notOurs, notJson.</param>
/// <param name="DetectionStates">Fresh devices by Intune's own detection state (success, fail, scriptError, ...), for comparison.</param>
public sealed record PackageReport(
    string PackageId,
    string DisplayName,
    string ScriptId,
    string Source,
    RunSummary RunSummary,
    long Devices,
    StaleSummary Stale,
    IReadOnlyDictionary<string, long> Statuses,
    IReadOnlyDictionary<string, long> DetectionStates,
    IReadOnlyList<ValueCount> Versions,
    long TruncatedLines,
    IReadOnlyList<FindingSummary> Findings,
    IReadOnlyList<ErrorCodeSummary> ErrorCodes,
    IReadOnlyList<MessageGroup> CheckErrors,
    IReadOnlyList<MessageGroup> ScriptErrorOutput,
    RemediationSummary Remediation,
    IReadOnlyList<UnparsedSummary> Unparsed,
    IReadOnlyList<HistoryDay> History)
{
    /// <summary>With the snapshot store and the HTML page: this run's snapshot against the one before it, and the trend over the stored ones.</summary>
    public History.PackageChanges? Changes { get; init; }
}

/// <summary>Devices whose last report is older than <c>--stale-days</c>: counted here only, by their last known result.</summary>
public sealed record StaleSummary(long Devices, IReadOnlyDictionary<string, long> ByStatus, DateTimeOffset Before);

/// <summary>A rule and finding code across the fleet.</summary>
/// <param name="Devices">Fresh devices whose detection reported it.</param>
/// <param name="Occurrences">Findings in total (a device missing two roots counts twice).</param>
/// <param name="StillAfterRemediation">Devices whose post-remediation detection still reported it.</param>
/// <param name="Known">False when the code is not in this tool's catalogue (an older or newer script version).</param>
/// <param name="Values">Per data field, the values seen most (which certificate, CA, profile): top 10 each.</param>
/// <param name="Exact">False when a field had so many distinct values that counts of the top ones are estimates.</param>
public sealed record FindingSummary(
    string PackageId,
    string Rule,
    string Code,
    string? Title,
    string? Meaning,
    string? Severity,
    bool Known,
    long Devices,
    long Occurrences,
    long StillAfterRemediation,
    IReadOnlyDictionary<string, IReadOnlyList<ValueCount>> Values,
    bool Exact);

/// <summary>A RasClient connection error code with the knowledge base's meaning and advice (null when not in it).</summary>
public sealed record ErrorCodeSummary(
    long Code,
    string Hex,
    string? Symbol,
    string? Meaning,
    string? LikelyCause,
    string? WhatToCheck,
    long Devices,
    long Events,
    IReadOnlyList<ValueCount> Profiles);

/// <summary>Messages that differ only by numbers, GUIDs, paths or thumbprints, counted together.</summary>
/// <param name="Key">The normalised message (with where it came from).</param>
/// <param name="Example">One original message (untrusted device text).</param>
public sealed record MessageGroup(string Key, long Count, string? Example);

/// <summary>What remediation did: Intune's remediation state, the re-detection after it, the remediation script's own line.</summary>
public sealed record RemediationSummary(
    IReadOnlyDictionary<string, long> States,
    IReadOnlyDictionary<string, long> AfterRemediation,
    IReadOnlyDictionary<string, long> ScriptResults,
    IReadOnlyList<ValueCount> Actions);

/// <summary>Outputs that were not a result line of this tool, per output slot (pre, remediation, post).</summary>
public sealed record UnparsedSummary(string Slot, long NotJson, long NotOurs, string? Example);

public sealed record ValueCount(string Value, long Count);
