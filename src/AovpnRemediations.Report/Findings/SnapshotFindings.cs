using System.Globalization;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.History.Changes;
using AovpnRemediations.History.Store;

namespace AovpnRemediations.Report.Findings;

/// <summary>Where <c>run --finding</c> reads its devices from.</summary>
public enum FindingsFrom
{
    /// <summary>The last report snapshot when the store has one of this package's script younger than <see cref="SnapshotFindings.AutoMaxAge"/>, else a fresh report.</summary>
    Auto,

    /// <summary>The last report snapshot, however old (its age is printed); an error when there is none.</summary>
    Snapshot,

    /// <summary>A fresh report of the package now (<see cref="FreshReportFindings"/>).</summary>
    Fresh,
}

/// <summary>
/// Finds the devices that report a finding in the package's last report snapshot in the history store: no Graph reads, and
/// exactly the devices the report the engineer just read showed. The snapshot belongs to this tenant's script (package and
/// policy id), so a store shared by several tenants never lends one tenant's devices to another. Devices fresh when the
/// snapshot was taken but with no report for <c>staleDays</c> by now are left out, as a fresh report would.
/// </summary>
public sealed class SnapshotFindings(HistoryStore store, TimeProvider time, int staleDays, IDeviceFindingSource? fallback = null) : IDeviceFindingSource
{
    /// <summary>How old a snapshot <see cref="FindingsFrom.Auto"/> still takes: Intune devices report about daily.</summary>
    public static readonly TimeSpan AutoMaxAge = TimeSpan.FromHours(24);

    public async Task<FindingSelection> FindAsync(ManagedScript script, IReadOnlyList<FindingRef> findings, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var snapshot = store.LatestSnapshot(script.PackageId, script.Id);
        if (fallback is not null && (snapshot is null || now - snapshot.TakenAt > AutoMaxAge))
        {
            var fresh = await fallback.FindAsync(script, findings, cancellationToken).ConfigureAwait(false);
            var why = snapshot is null
                ? $"no snapshot of {script.PackageId} in the history store"
                : $"snapshot {Id(snapshot.Id)} of {script.PackageId} is {Age(now - snapshot.TakenAt)} old";
            return fresh with { Source = $"{fresh.Source}; {why}" };
        }

        if (snapshot is null)
        {
            throw new ReportInputException(
                $"--findings-from snapshot: the history store has no snapshot of {script.PackageId} (\"{script.DisplayName}\"). Run 'report --package {script.PackageId}' first, or use --findings-from fresh.");
        }

        var staleBefore = now.AddDays(-staleDays);
        var devices = new Dictionary<string, (FindingDevice First, List<FindingRef> Findings)>(StringComparer.OrdinalIgnoreCase);
        var staleNow = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var finding in findings)
        {
            foreach (var row in store.DevicesWith(snapshot, finding.Rule, finding.Code))
            {
                if (row.DeviceId.Length == 0)
                {
                    continue;
                }

                if (row.LastReport is { } last && last < staleBefore)
                {
                    staleNow.Add(row.DeviceId);
                    continue;
                }

                if (!devices.TryGetValue(row.DeviceId, out var entry))
                {
                    if (devices.Count >= FreshReportFindings.MaxDevices)
                    {
                        throw FreshReportFindings.TooManyDevices(findings);
                    }

                    entry = (row, []);
                    devices.Add(row.DeviceId, entry);
                }

                if (!entry.Findings.Contains(finding))
                {
                    entry.Findings.Add(finding);
                }
            }
        }

        var selected = devices.Values
            .Select(d => new DeviceFinding(d.First.DeviceId, d.First.DeviceName, d.First.LastReport, d.Findings))
            .OrderBy(d => d.DeviceName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(d => d.DeviceId, StringComparer.Ordinal)
            .ToList();
        var source = $"snapshot {Id(snapshot.Id)} of the history store, taken {snapshot.TakenAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z ({Age(now - snapshot.TakenAt)} ago)";
        return new FindingSelection(selected, snapshot.Devices, snapshot.StaleDevices + staleNow.Count, source);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Age(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => "under a minute",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min",
        { TotalDays: < 2 } => $"{(int)age.TotalHours} h",
        _ => $"{(int)age.TotalDays} days",
    };
}
