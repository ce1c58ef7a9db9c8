namespace AovpnRemediations.History.Model;

/// <summary>What a snapshot is about, given when it is begun.</summary>
/// <param name="PackageId">The package id (aovpn-user-tunnel-cert, ...).</param>
/// <param name="PolicyId">The Intune deviceHealthScript id the rows came from (the export's PolicyId).</param>
/// <param name="Source">"runstates" or "export", as the report names its sources.</param>
/// <param name="TakenAt">When the report read the rows (UTC); staleness is measured from it.</param>
/// <param name="RunId">
/// The report run's id, shared by the store, the Log Analytics rows and the Parquet file of the same run so they can be
/// joined; a new GUID when not given.
/// </param>
public sealed record SnapshotStart(string PackageId, string PolicyId, string Source, DateTimeOffset TakenAt, string? RunId = null)
{
    /// <summary>Devices whose last report is older than this many days before <see cref="TakenAt"/> are stale in the stored counts.</summary>
    public int StaleDays { get; init; } = 7;

    /// <summary>
    /// Devices the source expects (the run summary's count), when known: the ingest sizes its map of devices for them at
    /// once, instead of growing it by doubling (each growth holds the old and the new table, about 90 MB at 1M devices).
    /// </summary>
    public long ExpectedDevices { get; init; }
}

/// <summary>A stored snapshot.</summary>
/// <param name="Id">The store's id (1, 2, ...): what <c>report diff</c> takes.</param>
/// <param name="ContentHash">SHA-256 (hex) of package, policy and the device rows; see the store's note on "the same export".</param>
/// <param name="StaleDevices">Devices stale at <see cref="TakenAt"/> by <see cref="StaleDays"/>.</param>
/// <param name="FailingDevices">Fresh devices with at least one finding.</param>
public sealed record SnapshotInfo(
    long Id,
    string RunId,
    string PackageId,
    string PolicyId,
    string Source,
    DateTimeOffset TakenAt,
    DateTimeOffset StoredAt,
    string ContentHash,
    long Devices,
    int StaleDays,
    long StaleDevices,
    long FailingDevices);

/// <summary>What a commit did: stored a new snapshot, or found the same export already stored and kept that one.</summary>
public sealed record SnapshotCommit(SnapshotInfo Snapshot, bool Duplicate);
