using AovpnRemediations.History.Changes;
using AovpnRemediations.History.LogAnalytics;
using AovpnRemediations.History.Model;
using Azure.Core;

namespace AovpnRemediations.Report.History;

/// <summary>Where a report run's device rows go besides the aggregation: the snapshot store, Azure Monitor Logs.</summary>
/// <param name="StorePath">The history store file (<c>--store</c>, or the default); null with <c>--no-store</c>.</param>
/// <param name="LogAnalytics">The Logs Ingestion target and the credential for <c>https://monitor.azure.com/.default</c>.</param>
public sealed record ReportHistory(string? StorePath, LogAnalyticsTarget? LogAnalytics = null)
{
    /// <summary>Devices listed per change and finding in the HTML page's "What changed" (the counts are always exact).</summary>
    public int DevicesPerChange { get; init; } = 20;
}

public sealed record LogAnalyticsTarget(LogAnalyticsOptions Options, TokenCredential Credential);

/// <summary>What the store did with one package's rows in this run.</summary>
/// <param name="Duplicate">The same export was already stored: <see cref="Snapshot"/> is that earlier one, nothing was written.</param>
/// <param name="VersionsWritten">Device versions written (new or changed devices); the rest were as stored.</param>
/// <param name="Tombstones">Devices that left the export since the previous snapshot.</param>
public sealed record StoredSnapshot(SnapshotInfo Snapshot, bool Duplicate, long VersionsWritten, long Tombstones, string StorePath)
{
    public string Describe() => Duplicate
        ? $"{Snapshot.PackageId}: the same export is already stored as snapshot {Snapshot.Id} in {StorePath}; nothing written."
        : $"{Snapshot.PackageId}: stored snapshot {Snapshot.Id} ({Snapshot.Devices:N0} devices, {VersionsWritten:N0} new or changed, {Tombstones:N0} gone) in {StorePath}.";
}

/// <summary>
/// A package's history as the report shows it: the diff of its latest snapshot against the one before (null for the
/// first snapshot) and the trend of every finding over the stored snapshots.
/// </summary>
public sealed record PackageChanges(long SnapshotId, SnapshotDiff? Diff, TrendSeries Trend);
