using System.Text.Json.Serialization;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Tenant;

namespace AovpnRemediations.Report.Graph;

/// <summary><c>deviceHealthScriptRunSummary</c> (intune-graph.md §2.2).</summary>
public sealed record RunSummary
{
    public int NoIssueDetectedDeviceCount { get; init; }

    public int IssueDetectedDeviceCount { get; init; }

    public int DetectionScriptErrorDeviceCount { get; init; }

    public int DetectionScriptPendingDeviceCount { get; init; }

    public int DetectionScriptNotApplicableDeviceCount { get; init; }

    public int IssueRemediatedDeviceCount { get; init; }

    public int RemediationSkippedDeviceCount { get; init; }

    public int IssueReoccurredDeviceCount { get; init; }

    public int RemediationScriptErrorDeviceCount { get; init; }

    public int IssueRemediatedCumulativeDeviceCount { get; init; }

    public DateTimeOffset? LastScriptRunDateTime { get; init; }

    /// <summary>Every device the script is assigned to, whatever its state: what <c>--source auto</c> decides by.</summary>
    [JsonIgnore]
    public long DeviceCount => (long)NoIssueDetectedDeviceCount + IssueDetectedDeviceCount + DetectionScriptErrorDeviceCount
        + DetectionScriptPendingDeviceCount + DetectionScriptNotApplicableDeviceCount;
}

/// <summary>One day of <c>getRemediationHistory</c> (intune-graph.md §2.3).</summary>
public sealed record HistoryDay(DateOnly Date, int RemediatedDeviceCount, int NoIssueDeviceCount, int DetectFailedDeviceCount);

/// <summary>The Graph reads of the report besides the device states (managed scripts are found by <see cref="ManagedScripts"/>): run summary, history.</summary>
public static class ReportGraph
{
    public static Task<RunSummary> RunSummaryAsync(GraphConnection graph, string scriptId, CancellationToken cancellationToken) =>
        graph.Http.GetAsync<RunSummary>(ManagedScripts.PathOf(scriptId, "runSummary"), cancellationToken);

    public static async Task<IReadOnlyList<HistoryDay>> HistoryAsync(GraphConnection graph, string scriptId, CancellationToken cancellationToken)
    {
        var answer = await graph.Http.GetAsync<HistoryAnswer>(ManagedScripts.PathOf(scriptId, "getRemediationHistory"), cancellationToken).ConfigureAwait(false);
        return (answer.Value?.HistoryData ?? [])
            .Where(d => d.Date is not null)
            .Select(d => new HistoryDay(d.Date!.Value, d.RemediatedDeviceCount, d.NoIssueDeviceCount, d.DetectFailedDeviceCount))
            .OrderBy(d => d.Date)
            .ToList();
    }

    private sealed record HistoryAnswer(HistoryValue? Value);

    private sealed record HistoryValue(DateTimeOffset? LastModifiedDateTime, List<HistoryDto>? HistoryData);

    private sealed record HistoryDto(DateOnly? Date, int RemediatedDeviceCount, int NoIssueDeviceCount, int DetectFailedDeviceCount);
}
