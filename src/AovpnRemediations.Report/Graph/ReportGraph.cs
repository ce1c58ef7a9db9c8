using System.Text.Json.Serialization;
using AovpnRemediations.Graph;
using AovpnRemediations.Publish.Tenant;

namespace AovpnRemediations.Report.Graph;

/// <summary>A script in the tenant that carries this tool's ownership marker.</summary>
public sealed record ManagedScript(string Id, string PackageId, string DisplayName);

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

/// <summary>The Graph reads of the report besides the device states: managed scripts, run summary, history.</summary>
public static class ReportGraph
{
    public const string Scripts = TenantReader.Collection;

    /// <summary>Managed scripts (our marker, never a Microsoft global script), found the way publish finds them.</summary>
    public static async Task<IReadOnlyList<ManagedScript>> ManagedScriptsAsync(GraphConnection graph, CancellationToken cancellationToken)
    {
        var listed = await TenantReader.ListAsync(graph, cancellationToken).ConfigureAwait(false);
        return listed
            .Where(s => s.IsGlobalScript != true && !string.IsNullOrEmpty(s.Id))
            .Select(s => (Script: s, Package: Markers.PackageIdOf(s.Description)))
            .Where(s => s.Package is not null)
            .Select(s => new ManagedScript(s.Script.Id!, s.Package!, s.Script.DisplayName ?? s.Package!))
            .OrderBy(s => s.PackageId, StringComparer.Ordinal)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
    }

    public static Task<RunSummary> RunSummaryAsync(GraphConnection graph, string scriptId, CancellationToken cancellationToken) =>
        graph.Http.GetAsync<RunSummary>($"{Scripts}/{Uri.EscapeDataString(scriptId)}/runSummary", cancellationToken);

    public static async Task<IReadOnlyList<HistoryDay>> HistoryAsync(GraphConnection graph, string scriptId, CancellationToken cancellationToken)
    {
        var answer = await graph.Http.GetAsync<HistoryAnswer>($"{Scripts}/{Uri.EscapeDataString(scriptId)}/getRemediationHistory", cancellationToken).ConfigureAwait(false);
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
