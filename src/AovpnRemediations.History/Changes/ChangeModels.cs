using AovpnRemediations.History.Model;

namespace AovpnRemediations.History.Changes;

/// <summary>How a device changed between two snapshots.</summary>
public enum ChangeKind
{
    /// <summary>Has the finding now, did not have it in the earlier snapshot, and had not had it within the recurring window before either.</summary>
    NewlyFailing,

    /// <summary>Has the finding now, did not have it in the earlier snapshot, but had it in a snapshot within the recurring window before that: it was fixed and came back.</summary>
    Recurring,

    /// <summary>Had the finding in the earlier snapshot and now reports fresh, with a line whose checks ran (ok or issue), without it.</summary>
    Fixed,

    /// <summary>Reported within the stale threshold in the earlier snapshot, not any more (per package; no finding).</summary>
    GoneStale,
}

/// <summary>Whether a row is a finding of a check, or a check that could not run (the line's <c>errors</c>).</summary>
public enum FindingKind
{
    Finding = 0,
    CheckError = 1,
}

/// <summary>What a diff or trend counts as a change and as stale.</summary>
public sealed record DiffOptions
{
    /// <summary>
    /// A device is stale in a snapshot when its last report is older than this many days before the snapshot was taken.
    /// Null: the longer of the two snapshots' own thresholds (what the report used when it stored them); a shorter one
    /// cannot be told from the store and is refused.
    /// </summary>
    public int? StaleDays { get; init; }

    /// <summary>A finding that returns counts as recurring when the device had it in a snapshot at most this many days before the later snapshot.</summary>
    public int RecurringDays { get; init; } = 30;

    /// <summary>Devices listed per change kind and finding (counts are always exact); the list says when it was cut.</summary>
    public int MaxDevicesPerGroup { get; init; } = 1_000;
}

/// <summary>One device that changed, with what the outputs show beside it.</summary>
/// <param name="Rule">Null for <see cref="ChangeKind.GoneStale"/>.</param>
/// <param name="DeviceName">Name, UPN, last report and status as of the later snapshot.</param>
/// <param name="Detail">The finding's key fields ("thumbprint=...; profile=..."): as now for failing devices, as before for fixed ones.</param>
/// <param name="PreviouslyFailingAt">For <see cref="ChangeKind.Recurring"/>: when the device last had the finding before it was fixed.</param>
public sealed record DeviceChange(
    ChangeKind Change,
    FindingKind Kind,
    string? Rule,
    string? Code,
    string DeviceId,
    string DeviceName,
    string UserPrincipalName,
    DateTimeOffset? LastReport,
    string Status,
    string Detail,
    DateTimeOffset? PreviouslyFailingAt);

/// <summary>Per finding: fresh devices with it before and now, and how many changed which way.</summary>
public sealed record FindingChange(
    FindingKind Kind,
    string Rule,
    string Code,
    long DevicesBefore,
    long DevicesNow,
    long NewlyFailing,
    long Recurring,
    long Fixed);

/// <summary>The changes of one package between two snapshots, ready for a table, CSV, JSON or HTML writer.</summary>
/// <param name="Findings">Every finding with a device before or now, most devices now first.</param>
/// <param name="Devices">The changed devices, at most <see cref="DiffOptions.MaxDevicesPerGroup"/> per change kind and finding, ordered by kind, finding and device name.</param>
/// <param name="DevicesCut">True when some group had more devices than were listed (the counts are still exact).</param>
public sealed record SnapshotDiff(
    SnapshotInfo From,
    SnapshotInfo To,
    DiffOptions Options,
    IReadOnlyList<FindingChange> Findings,
    long GoneStale,
    IReadOnlyList<DeviceChange> Devices,
    bool DevicesCut)
{
    public long NewlyFailing => Findings.Sum(f => f.NewlyFailing);

    public long Recurring => Findings.Sum(f => f.Recurring);

    public long Fixed => Findings.Sum(f => f.Fixed);
}

/// <summary>One snapshot's totals in a trend.</summary>
public sealed record TrendSnapshot(long SnapshotId, DateTimeOffset TakenAt, long Devices, long StaleDevices, long FailingDevices, int StaleDays);

/// <summary>One finding's fresh-device count in every snapshot of the trend, zero where the finding was absent.</summary>
public sealed record FindingTrend(FindingKind Kind, string Rule, string Code, IReadOnlyList<long> Devices);

/// <summary>
/// A package's findings over its stored snapshots: <see cref="FindingTrend.Devices"/>[i] belongs to
/// <see cref="Snapshots"/>[i]. Counts were made when each snapshot was stored, with its own stale threshold.
/// </summary>
public sealed record TrendSeries(string PackageId, IReadOnlyList<TrendSnapshot> Snapshots, IReadOnlyList<FindingTrend> Findings);

/// <summary>A device with a finding in a stored snapshot, for commands that act on devices (<c>run --finding</c>).</summary>
public sealed record FindingDevice(string DeviceId, string DeviceName, string UserPrincipalName, DateTimeOffset? LastReport, string Rule, string Code, string Detail, long SnapshotId);
