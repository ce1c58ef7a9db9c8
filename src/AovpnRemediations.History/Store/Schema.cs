namespace AovpnRemediations.History.Store;

/// <summary>
/// The store's tables, one version at a time. A version is never edited once released: a change is a new migration
/// appended to <see cref="Migrations"/>, run in the same transaction as the version row it writes, so a store is
/// always at exactly one version.
/// <para>
/// Layout (v2): <c>snapshots</c> (one row per package and report run), <c>devices</c> (one row per device of a
/// snapshot), <c>findings</c> (one row per finding or check error of a device), <c>finding_counts</c> (per snapshot and
/// finding, filled at commit so a trend never rescans device rows). Device and finding rows are only ever appended, a
/// whole snapshot at a time, so they lie in snapshot order and DuckDB's per-row-group min/max of <c>snapshot_id</c>
/// skips every other snapshot when a query names one: that is the index, and it costs nothing at ingest.
/// </para>
/// </summary>
internal static class Schema
{
    public const int Current = 2;

    /// <summary>v1, the first layout: kept verbatim so the migration from it can be tested.</summary>
    public const string V1 = """
        CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL);
        CREATE TABLE snapshots (
            id BIGINT NOT NULL,
            package_id VARCHAR NOT NULL,
            policy_id VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            taken_at TIMESTAMP NOT NULL,
            stored_at TIMESTAMP NOT NULL,
            content_hash VARCHAR NOT NULL,
            devices BIGINT NOT NULL);
        CREATE TABLE devices (
            snapshot_id BIGINT NOT NULL,
            device_id VARCHAR NOT NULL,
            device_name VARCHAR NOT NULL,
            upn VARCHAR NOT NULL,
            last_report TIMESTAMP,
            detection VARCHAR NOT NULL,
            remediation VARCHAR NOT NULL,
            status VARCHAR NOT NULL);
        CREATE TABLE findings (
            snapshot_id BIGINT NOT NULL,
            device_id VARCHAR NOT NULL,
            rule VARCHAR NOT NULL,
            code VARCHAR NOT NULL,
            detail VARCHAR NOT NULL);
        INSERT INTO schema_version VALUES (1, now()::TIMESTAMP);
        """;

    /// <summary>
    /// v1 to v2: a run id on each snapshot (shared with the Logs Analytics rows and Parquet files of the same run), the
    /// stale threshold and counts a snapshot was summarised with, check errors beside findings (<c>kind</c> 1), and the
    /// per-finding counts a trend reads. v1 snapshots get counts with the 7-day default threshold.
    /// </summary>
    public const string V1ToV2 = """
        CREATE TABLE snapshots_v2 (
            id BIGINT NOT NULL,
            run_id VARCHAR NOT NULL,
            package_id VARCHAR NOT NULL,
            policy_id VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            taken_at TIMESTAMP NOT NULL,
            stored_at TIMESTAMP NOT NULL,
            content_hash VARCHAR NOT NULL,
            devices BIGINT NOT NULL,
            stale_days INTEGER NOT NULL,
            stale_devices BIGINT NOT NULL,
            failing_devices BIGINT NOT NULL);
        INSERT INTO snapshots_v2
            SELECT s.id, 'v1-' || s.id::VARCHAR AS run_id, s.package_id, s.policy_id, s.source, s.taken_at, s.stored_at, s.content_hash,
                   s.devices, 7 AS stale_days,
                   (SELECT count(*) FROM devices d WHERE d.snapshot_id = s.id AND d.last_report < s.taken_at - INTERVAL 7 DAY) AS stale_devices,
                   (SELECT count(DISTINCT f.device_id) FROM findings f JOIN devices d ON d.snapshot_id = f.snapshot_id AND d.device_id = f.device_id
                     WHERE f.snapshot_id = s.id AND (d.last_report IS NULL OR d.last_report >= s.taken_at - INTERVAL 7 DAY)) AS failing_devices
            FROM snapshots s;
        DROP TABLE snapshots;
        ALTER TABLE snapshots_v2 RENAME TO snapshots;
        ALTER TABLE findings ADD COLUMN kind UTINYINT DEFAULT 0;
        CREATE TABLE finding_counts (
            snapshot_id BIGINT NOT NULL,
            kind UTINYINT NOT NULL,
            rule VARCHAR NOT NULL,
            code VARCHAR NOT NULL,
            devices BIGINT NOT NULL,
            fresh_devices BIGINT NOT NULL);
        INSERT INTO finding_counts
            SELECT f.snapshot_id, f.kind, f.rule, f.code, count(DISTINCT f.device_id),
                   count(DISTINCT f.device_id) FILTER (WHERE d.last_report IS NULL OR d.last_report >= s.taken_at - INTERVAL 7 DAY)
            FROM findings f
            JOIN snapshots s ON s.id = f.snapshot_id
            JOIN devices d ON d.snapshot_id = f.snapshot_id AND d.device_id = f.device_id
            GROUP BY ALL;
        INSERT INTO schema_version VALUES (2, now()::TIMESTAMP);
        """;

    /// <summary>Migration i takes a store from version i + 1 to i + 2 (index 0: v1 to v2).</summary>
    public static readonly IReadOnlyList<string> Migrations = [V1ToV2];
}
