namespace AovpnRemediations.History.Store;

/// <summary>
/// The store's tables, one version at a time. A version is never edited once released: a change is a new migration
/// appended to <see cref="Migrations"/>, run in the same transaction as the version row it writes, so a store is
/// always at exactly one version.
/// <para>
/// Layout (v4): <c>snapshots</c> (one row per package and report run, with its totals), <c>device_versions</c> (a row
/// only when a device's stored state differs from its previous one in the same package and policy, or a tombstone
/// when it left the export), <c>version_findings</c> (the findings and check errors of a version),
/// <c>current_versions</c> with <c>current_bases</c> (each device's latest version in a package and policy as of the
/// chain's base snapshot; the versions of its later snapshots are newer: together, what an ingest compares with and
/// loads at start), <c>finding_counts</c> (per snapshot and finding, counted while the rows streamed). A device's
/// state "as of" snapshot S is its version with the highest snapshot id at or before S in the same package and policy,
/// unless that is a tombstone. A daily run in which a few percent of devices change writes a few percent of rows, and
/// a diff reads only the versions written between its two snapshots. Versions are only ever appended, a snapshot at a
/// time, so DuckDB's per-row-group min/max of <c>snapshot_id</c> skips other snapshots: that is the index (only
/// <c>current_versions</c> and <c>current_bases</c> are rewritten, when the current versions are brought up to date).
/// </para>
/// </summary>
internal static class Schema
{
    public const int Current = 4;

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

    /// <summary>
    /// v2 to v3: device rows per snapshot become versions. Every v2 device row becomes a version (with the stale flag of
    /// its snapshot's threshold), and a tombstone marks a device missing from the next snapshot of its package and policy,
    /// so every snapshot reads as it did. The state hash is 0 (no ingest computes it), so the first ingest after the
    /// migration writes each device once more; after that only changes are written.
    /// </summary>
    public static readonly string V2ToV3 = $"""
        CREATE TABLE device_versions (
            snapshot_id BIGINT NOT NULL,
            device_key UUID NOT NULL,
            gone BOOLEAN NOT NULL,
            device_id VARCHAR NOT NULL,
            device_name VARCHAR NOT NULL,
            upn VARCHAR NOT NULL,
            last_report TIMESTAMP,
            detection VARCHAR NOT NULL,
            remediation VARCHAR NOT NULL,
            status VARCHAR NOT NULL,
            stale BOOLEAN NOT NULL,
            state_hash UBIGINT NOT NULL);
        CREATE TABLE version_findings (
            snapshot_id BIGINT NOT NULL,
            device_key UUID NOT NULL,
            kind UTINYINT NOT NULL,
            rule VARCHAR NOT NULL,
            code VARCHAR NOT NULL,
            detail VARCHAR NOT NULL);
        CREATE TABLE current_versions (
            package_id VARCHAR NOT NULL,
            policy_id VARCHAR NOT NULL,
            device_key UUID NOT NULL,
            snapshot_id BIGINT NOT NULL,
            state_hash UBIGINT NOT NULL);
        INSERT INTO device_versions
            SELECT d.snapshot_id, {string.Format(System.Globalization.CultureInfo.InvariantCulture, DeviceKey.Sql, "d.device_id")}, false, d.device_id, d.device_name, d.upn, d.last_report,
                   d.detection, d.remediation, d.status, coalesce(d.last_report < s.taken_at - to_days(s.stale_days), false), 0
            FROM devices d JOIN snapshots s ON s.id = d.snapshot_id;
        INSERT INTO device_versions
            WITH chain AS (SELECT id, package_id, policy_id, row_number() OVER (PARTITION BY package_id, policy_id ORDER BY id) AS pos FROM snapshots)
            SELECT n.id, {string.Format(System.Globalization.CultureInfo.InvariantCulture, DeviceKey.Sql, "d.device_id")}, true, d.device_id, '', '', NULL, '', '', '', false, 0
            FROM devices d
            JOIN chain c ON c.id = d.snapshot_id
            JOIN chain n ON n.package_id = c.package_id AND n.policy_id = c.policy_id AND n.pos = c.pos + 1
            WHERE NOT EXISTS (SELECT 1 FROM devices x WHERE x.snapshot_id = n.id AND x.device_id = d.device_id);
        INSERT INTO version_findings
            SELECT f.snapshot_id, {string.Format(System.Globalization.CultureInfo.InvariantCulture, DeviceKey.Sql, "f.device_id")}, f.kind, f.rule, f.code, f.detail FROM findings f;
        INSERT INTO current_versions
            SELECT package_id, policy_id, device_key, snapshot_id, state_hash FROM (
                SELECT s.package_id, s.policy_id, v.device_key, v.snapshot_id, v.state_hash, v.gone,
                       row_number() OVER (PARTITION BY s.package_id, s.policy_id, v.device_key ORDER BY v.snapshot_id DESC) AS n
                FROM device_versions v JOIN snapshots s ON s.id = v.snapshot_id)
            WHERE n = 1 AND NOT gone;
        DROP TABLE findings;
        DROP TABLE devices;
        INSERT INTO schema_version VALUES (3, now()::TIMESTAMP);
        """;

    /// <summary>
    /// v3 to v4: <c>current_versions</c> is no longer brought up to date by every snapshot, only now and then (see
    /// SnapshotWriter): <c>current_bases</c> names, per package and policy, the snapshot it is complete up to. Every v3
    /// chain's current versions are those of its latest snapshot.
    /// </summary>
    public const string V3ToV4 = """
        CREATE TABLE current_bases (
            package_id VARCHAR NOT NULL,
            policy_id VARCHAR NOT NULL,
            snapshot_id BIGINT NOT NULL);
        INSERT INTO current_bases SELECT package_id, policy_id, max(id) FROM snapshots GROUP BY package_id, policy_id;
        INSERT INTO schema_version VALUES (4, now()::TIMESTAMP);
        """;

    /// <summary>Migration i takes a store from version i + 1 to i + 2 (index 0: v1 to v2).</summary>
    public static readonly IReadOnlyList<string> Migrations = [V1ToV2, V2ToV3, V3ToV4];
}
