using System.Globalization;
using AovpnRemediations.History.Model;
using AovpnRemediations.History.Store;
using DuckDB.NET.Data;

namespace AovpnRemediations.History.Changes;

/// <summary>
/// The diff, trend and recount queries over device versions. Every value put into the SQL text is a snapshot id, a
/// count or an instant the store itself holds (never device text), so literals are safe; they are inlined because
/// DuckDB cannot take parameters in CREATE TABLE AS.
/// <para>
/// A diff of one package and policy reads only the devices with a version written between its two snapshots (a device
/// with no version in between is the same in both, so it cannot have changed), their earlier versions (for the
/// recurring window) and those versions' findings: the cost follows the changes, not the fleet. The counts before and
/// now come from the counts stored with each snapshot.
/// </para>
/// </summary>
internal static class ChangeQueries
{
    /// <summary>Benchmark seam: told each phase of a diff and how long it took.</summary>
    internal static Action<string, TimeSpan>? Trace { get; set; }

    private static void Phase(string name, System.Diagnostics.Stopwatch watch)
    {
        Trace?.Invoke(name, watch.Elapsed);
        watch.Restart();
    }

    /// <summary>Each device's version as of a snapshot (the latest at or before it in its chain), tombstones left out.</summary>
    internal static string AsOf(IEnumerable<long> chainUpTo) => $"""
        SELECT * FROM (
            SELECT v.*, row_number() OVER (PARTITION BY v.device_key ORDER BY v.snapshot_id DESC) AS version_rank
            FROM device_versions v WHERE v.snapshot_id IN ({List(chainUpTo)}))
        WHERE version_rank = 1 AND NOT gone
        """;

    /// <summary>Fresh under a stale period at least as long as the snapshot's own: not stale then, or reported within the period.</summary>
    private static string Fresh(DateTimeOffset takenAt, int staleDays, string alias = "") =>
        $"(NOT {alias}stale OR {alias}last_report >= {HistoryStore.TimestampLiteral(takenAt.AddDays(-staleDays))})";

    public static SnapshotDiff Diff(DuckDBConnection connection, SnapshotInfo from, SnapshotInfo to, IReadOnlyList<SnapshotInfo> chainFrom,
        IReadOnlyList<SnapshotInfo> chainTo, IReadOnlyList<SnapshotInfo> window, DiffOptions options)
    {
        var staleDays = options.StaleDays!.Value;
        var a = Id(from.Id);
        var b = Id(to.Id);
        var sameChain = ReferenceEquals(chainFrom, chainTo);
        var hi = Math.Max(from.Id, to.Id);
        var lo = Math.Min(from.Id, to.Id);
        var upToHi = chainTo.Select(s => s.Id).Where(i => i <= hi).ToList();
        var freshA = Fresh(from.TakenAt, staleDays);
        var freshB = Fresh(to.TakenAt, staleDays);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            if (sameChain)
            {
                // Candidates: devices with a version after the earlier snapshot, up to the later one. With a longer stale
                // period than the snapshots were stored with, a stale device can turn stale under it with no new version:
                // every device with a stale version is a candidate then.
                var between = upToHi.Where(i => i > lo).ToList();
                var extra = staleDays > Math.Min(from.StaleDays, to.StaleDays)
                    ? $" UNION SELECT device_key FROM device_versions WHERE snapshot_id IN ({List(upToHi)}) AND stale"
                    : "";
                HistoryStore.Execute(connection, $"""
                    CREATE OR REPLACE TEMP TABLE diff_v AS
                    SELECT v.snapshot_id, v.device_key, v.gone, v.device_id, v.device_name, v.upn, v.last_report, v.status, v.stale,
                           lead(v.snapshot_id) OVER (PARTITION BY v.device_key ORDER BY v.snapshot_id) AS until
                    FROM device_versions v
                    WHERE v.snapshot_id IN ({List(upToHi)})
                      AND v.device_key IN (SELECT device_key FROM device_versions WHERE snapshot_id IN ({List(between.DefaultIfEmpty(-1))}){extra});
                    CREATE OR REPLACE TEMP TABLE diff_sides AS
                    SELECT 0::UTINYINT AS side, snapshot_id, device_key, device_id, device_name, upn, last_report, status, {freshA} AS fresh
                    FROM diff_v WHERE snapshot_id <= {a} AND (until IS NULL OR until > {a}) AND NOT gone
                    UNION ALL
                    SELECT 1::UTINYINT, snapshot_id, device_key, device_id, device_name, upn, last_report, status, {freshB}
                    FROM diff_v WHERE snapshot_id <= {b} AND (until IS NULL OR until > {b}) AND NOT gone;
                    """);
            }
            else
            {
                // Two policies of one package (the script was created again): no shared versions, so both whole states.
                HistoryStore.Execute(connection, $"""
                    CREATE OR REPLACE TEMP TABLE diff_v AS
                    SELECT v.snapshot_id, v.device_key, v.gone, v.device_id, v.device_name, v.upn, v.last_report, v.status, v.stale,
                           lead(v.snapshot_id) OVER (PARTITION BY v.device_key ORDER BY v.snapshot_id) AS until
                    FROM device_versions v WHERE v.snapshot_id IN ({List(chainTo.Select(s => s.Id).Where(i => i <= to.Id))});
                    CREATE OR REPLACE TEMP TABLE diff_sides AS
                    SELECT 0::UTINYINT AS side, snapshot_id, device_key, device_id, device_name, upn, last_report, status, {freshA} AS fresh
                    FROM ({AsOf(chainFrom.Select(s => s.Id).Where(i => i <= from.Id))})
                    UNION ALL
                    SELECT 1::UTINYINT, snapshot_id, device_key, device_id, device_name, upn, last_report, status, {freshB}
                    FROM diff_v WHERE until IS NULL AND NOT gone;
                    """);
            }

            var versions = chainFrom.Select(s => s.Id).Concat(chainTo.Select(s => s.Id)).Distinct().ToList();
            HistoryStore.Execute(connection, $"""
                CREATE OR REPLACE TEMP TABLE diff_keys AS
                SELECT DISTINCT s.side, s.device_key, f.kind, f.rule, f.code, s.fresh
                FROM diff_sides s JOIN version_findings f ON f.snapshot_id = s.snapshot_id AND f.device_key = s.device_key
                WHERE f.snapshot_id IN ({List(versions)});
                """);
            Phase("versions", watch);

            var prior = window.Count == 0
                ? "SELECT NULL::UUID AS device_key, NULL::UTINYINT AS kind, NULL::VARCHAR AS rule, NULL::VARCHAR AS code, NULL::TIMESTAMP AS failed_at WHERE false"
                : $"""
                   SELECT v.device_key, f.kind, f.rule, f.code, max(w.taken_at) AS failed_at
                   FROM diff_v v
                   JOIN (VALUES {string.Join(", ", window.Select(w => $"({Id(w.Id)}, {HistoryStore.TimestampLiteral(w.TakenAt)})"))}) w(id, taken_at)
                     ON w.id >= v.snapshot_id AND (v.until IS NULL OR w.id < v.until)
                   JOIN version_findings f ON f.snapshot_id = v.snapshot_id AND f.device_key = v.device_key
                   WHERE NOT v.gone AND f.snapshot_id IN ({List(versions)})
                     AND EXISTS (SELECT 1 FROM diff_keys b WHERE b.side = 1 AND b.device_key = f.device_key AND b.kind = f.kind AND b.rule = f.rule AND b.code = f.code)
                   GROUP BY ALL
                   """;

            // One row per change: 0 newly failing, 1 recurring, 2 fixed, 3 gone stale.
            HistoryStore.Execute(connection, $"""
                CREATE OR REPLACE TEMP TABLE diff_changes AS
                WITH
                ka AS (SELECT * FROM diff_keys WHERE side = 0),
                kb AS (SELECT * FROM diff_keys WHERE side = 1),
                came AS (
                    SELECT kb.device_key, kb.kind, kb.rule, kb.code FROM kb
                    WHERE kb.fresh AND NOT EXISTS (SELECT 1 FROM ka WHERE ka.device_key = kb.device_key AND ka.kind = kb.kind AND ka.rule = kb.rule AND ka.code = kb.code)),
                prior AS ({prior}),
                went AS (
                    SELECT ka.device_key, ka.kind, ka.rule, ka.code FROM ka
                    JOIN diff_sides d ON d.side = 1 AND d.device_key = ka.device_key AND d.fresh AND d.status IN ('ok', 'issue')
                    WHERE NOT EXISTS (SELECT 1 FROM kb WHERE kb.device_key = ka.device_key AND kb.kind = ka.kind AND kb.rule = ka.rule AND kb.code = ka.code))
                SELECT CASE WHEN p.failed_at IS NULL THEN 0 ELSE 1 END::UTINYINT AS change, c.kind, c.rule, c.code, c.device_key, p.failed_at
                FROM came c LEFT JOIN prior p ON p.device_key = c.device_key AND p.kind = c.kind AND p.rule = c.rule AND p.code = c.code
                UNION ALL
                SELECT 2::UTINYINT, kind, rule, code, device_key, NULL FROM went
                UNION ALL
                SELECT 3::UTINYINT, NULL, NULL, NULL, db.device_key, NULL
                FROM diff_sides db JOIN diff_sides da ON da.side = 0 AND da.device_key = db.device_key AND da.fresh
                WHERE db.side = 1 AND NOT db.fresh
                """);
            Phase("changes", watch);

            var before = from.StaleDays == staleDays ? StoredCounts(connection, from.Id) : Recount(connection, chainFrom.Select(s => s.Id).Where(i => i <= from.Id), from.TakenAt, staleDays);
            var now = to.StaleDays == staleDays ? StoredCounts(connection, to.Id) : Recount(connection, chainTo.Select(s => s.Id).Where(i => i <= to.Id), to.TakenAt, staleDays);
            var changed = new Dictionary<(FindingKind, string, string), long[]>();
            long goneStale = 0;
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT change, kind, rule, code, count(*) FROM diff_changes GROUP BY ALL";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var change = reader.GetByte(0);
                    if (change == 3)
                    {
                        goneStale = reader.GetInt64(4);
                        continue;
                    }

                    var key = ((FindingKind)reader.GetByte(1), reader.GetString(2), reader.GetString(3));
                    if (!changed.TryGetValue(key, out var counts))
                    {
                        changed[key] = counts = new long[3];
                    }

                    counts[change] = reader.GetInt64(4);
                }
            }

            var findings = before.Keys.Union(now.Keys).Union(changed.Keys)
                .Select(k =>
                {
                    var c = changed.GetValueOrDefault(k) ?? new long[3];
                    return new FindingChange(k.Item1, k.Item2, k.Item3, before.GetValueOrDefault(k), now.GetValueOrDefault(k), c[0], c[1], c[2]);
                })
                .OrderBy(f => f.Kind)
                .ThenByDescending(f => f.DevicesNow)
                .ThenBy(f => f.Rule, StringComparer.Ordinal)
                .ThenBy(f => f.Code, StringComparer.Ordinal)
                .ToList();

            Phase("counts", watch);
            var (devices, cut) = Devices(connection, versions, options.MaxDevicesPerGroup);
            Phase("devices", watch);
            return new SnapshotDiff(from, to, options, findings, goneStale, devices, cut);
        }
        finally
        {
            HistoryStore.Execute(connection, "DROP TABLE IF EXISTS diff_changes; DROP TABLE IF EXISTS diff_keys; DROP TABLE IF EXISTS diff_sides; DROP TABLE IF EXISTS diff_v");
        }
    }

    public static TrendSeries Trend(DuckDBConnection connection, string packageId, IReadOnlyList<SnapshotInfo> snapshots)
    {
        var points = snapshots.Select(s => new TrendSnapshot(s.Id, s.TakenAt, s.Devices, s.StaleDevices, s.FailingDevices, s.StaleDays)).ToList();
        if (snapshots.Count == 0)
        {
            return new TrendSeries(packageId, points, []);
        }

        var index = snapshots.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var series = new Dictionary<(FindingKind, string, string), long[]>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT snapshot_id, kind, rule, code, fresh_devices FROM finding_counts WHERE snapshot_id IN ({string.Join(", ", snapshots.Select(s => Id(s.Id)))})";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = ((FindingKind)reader.GetByte(1), reader.GetString(2), reader.GetString(3));
                if (!series.TryGetValue(key, out var counts))
                {
                    series[key] = counts = new long[snapshots.Count];
                }

                counts[index[reader.GetInt64(0)]] = reader.GetInt64(4);
            }
        }

        var findings = series
            .Select(s => new FindingTrend(s.Key.Item1, s.Key.Item2, s.Key.Item3, s.Value))
            .OrderBy(f => f.Kind)
            .ThenByDescending(f => f.Devices[^1])
            .ThenBy(f => f.Rule, StringComparer.Ordinal)
            .ThenBy(f => f.Code, StringComparer.Ordinal)
            .ToList();
        return new TrendSeries(packageId, points, findings);
    }

    /// <summary>The per-finding fresh device counts stored with a snapshot.</summary>
    private static Dictionary<(FindingKind, string, string), long> StoredCounts(DuckDBConnection connection, long snapshotId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT kind, rule, code, fresh_devices FROM finding_counts WHERE snapshot_id = {Id(snapshotId)} AND fresh_devices > 0";
        return ReadCounts(command);
    }

    /// <summary>Per-finding fresh device counts of the state as of a snapshot, under another stale period than it was stored with.</summary>
    private static Dictionary<(FindingKind, string, string), long> Recount(DuckDBConnection connection, IEnumerable<long> chainUpTo, DateTimeOffset takenAt, int staleDays)
    {
        var ids = chainUpTo.ToList();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT f.kind, f.rule, f.code, count(DISTINCT f.device_key)
            FROM ({AsOf(ids)}) v JOIN version_findings f ON f.snapshot_id = v.snapshot_id AND f.device_key = v.device_key
            WHERE f.snapshot_id IN ({List(ids)}) AND {Fresh(takenAt, staleDays, "v.")}
            GROUP BY ALL
            """;
        return ReadCounts(command);
    }

    private static Dictionary<(FindingKind, string, string), long> ReadCounts(DuckDB.NET.Data.DuckDBCommand command)
    {
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<(FindingKind, string, string), long>();
        while (reader.Read())
        {
            counts[((FindingKind)reader.GetByte(0), reader.GetString(1), reader.GetString(2))] = reader.GetInt64(3);
        }

        return counts;
    }

    /// <summary>
    /// The totals and finding counts of snapshot <paramref name="id"/> from its stored state (written into
    /// finding_counts), for an ingest whose streamed counts cannot be used (a device listed twice, too many codes).
    /// </summary>
    public static (long Devices, long Stale, long Failing) RecountInto(DuckDBConnection connection, long id, IReadOnlyList<long> chain, DateTimeOffset takenAt, int staleDays)
    {
        var fresh = Fresh(takenAt, staleDays, "v.");
        HistoryStore.Execute(connection, $"""
            CREATE OR REPLACE TEMP TABLE recount_state AS {AsOf(chain)};
            INSERT INTO finding_counts
            SELECT {Id(id)}, f.kind, f.rule, f.code, count(DISTINCT f.device_key), count(DISTINCT f.device_key) FILTER (WHERE {fresh})
            FROM recount_state v JOIN version_findings f ON f.snapshot_id = v.snapshot_id AND f.device_key = v.device_key
            WHERE f.snapshot_id IN ({List(chain)})
            GROUP BY ALL;
            """);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT count(*), count(*) FILTER (WHERE NOT ({fresh})),
                   count(*) FILTER (WHERE ({fresh}) AND EXISTS (SELECT 1 FROM version_findings f WHERE f.snapshot_id = v.snapshot_id AND f.device_key = v.device_key AND f.kind = 0))
            FROM recount_state v
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        var result = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        reader.Close();
        HistoryStore.Execute(connection, "DROP TABLE recount_state");
        return result;
    }

    /// <summary>Fresh devices with a finding in a snapshot (its state as of it).</summary>
    public static List<FindingDevice> DevicesWith(DuckDBConnection connection, SnapshotInfo snapshot, string rule, string? code)
    {
        var chain = ListChain(connection, snapshot);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT v.device_id, v.device_name, v.upn, v.last_report, f.rule, f.code, string_agg(f.detail, ' | ' ORDER BY f.detail)
            FROM ({AsOf(chain)}) v JOIN version_findings f ON f.snapshot_id = v.snapshot_id AND f.device_key = v.device_key
            WHERE f.snapshot_id IN ({List(chain)}) AND f.kind = 0 AND f.rule = $rule AND ($code IS NULL OR f.code = $code)
              AND {Fresh(snapshot.TakenAt, snapshot.StaleDays, "v.")}
            GROUP BY ALL ORDER BY v.device_name, v.device_id
            """;
        command.Parameters.Add(new DuckDBParameter("rule", rule));
        command.Parameters.Add(new DuckDBParameter("code", (object?)code ?? DBNull.Value));
        using var reader = command.ExecuteReader();
        var list = new List<FindingDevice>();
        while (reader.Read())
        {
            list.Add(new FindingDevice(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : HistoryStore.Utc(reader.GetDateTime(3)),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), snapshot.Id));
        }

        return list;
    }

    private static List<long> ListChain(DuckDBConnection connection, SnapshotInfo snapshot)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM snapshots WHERE package_id = $package AND policy_id = $policy AND id <= $id ORDER BY id";
        command.Parameters.Add(new DuckDBParameter("package", snapshot.PackageId));
        command.Parameters.Add(new DuckDBParameter("policy", snapshot.PolicyId));
        command.Parameters.Add(new DuckDBParameter("id", snapshot.Id));
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static (List<DeviceChange> Devices, bool Cut) Devices(DuckDBConnection connection, IReadOnlyList<long> versions, int max)
    {
        // Details only for the devices listed: a failing device's as now, a fixed one's as before; one device can have
        // the same finding twice (two expired certificates), so they are joined. Name, UPN, last report and status as now.
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH listed AS (
                SELECT * FROM (
                    SELECT c.*, d.device_id, d.device_name, d.upn, d.last_report, d.status, d.snapshot_id AS to_version, d0.snapshot_id AS from_version,
                           row_number() OVER (PARTITION BY c.change, c.kind, c.rule, c.code ORDER BY d.device_name, d.device_id) AS n,
                           count(*) OVER (PARTITION BY c.change, c.kind, c.rule, c.code) AS total
                    FROM diff_changes c
                    JOIN diff_sides d ON d.side = 1 AND d.device_key = c.device_key
                    LEFT JOIN diff_sides d0 ON d0.side = 0 AND d0.device_key = c.device_key)
                WHERE n <= {max.ToString(CultureInfo.InvariantCulture)})
            SELECT l.change, l.kind, l.rule, l.code, l.device_id, l.device_name, l.upn, l.last_report, l.status,
                   coalesce(string_agg(f.detail, ' | ' ORDER BY f.detail), '') AS detail, l.failed_at, l.n, l.total
            FROM listed l
            -- The constant list lets the scan skip other packages' row groups.
            LEFT JOIN (SELECT * FROM version_findings WHERE snapshot_id IN ({List(versions)})) f
                ON f.snapshot_id = CASE WHEN l.change = 2 THEN l.from_version ELSE l.to_version END
                AND f.device_key = l.device_key AND f.kind = l.kind AND f.rule = l.rule AND f.code = l.code
            GROUP BY ALL
            ORDER BY l.change, l.kind NULLS FIRST, l.rule NULLS FIRST, l.code NULLS FIRST, l.n
            """;
        using var reader = command.ExecuteReader();
        var list = new List<DeviceChange>();
        var cut = false;
        while (reader.Read())
        {
            var change = (ChangeKind)reader.GetByte(0);
            list.Add(new DeviceChange(
                change,
                reader.IsDBNull(1) ? FindingKind.Finding : (FindingKind)reader.GetByte(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : HistoryStore.Utc(reader.GetDateTime(7)),
                reader.GetString(8),
                reader.GetString(9),
                reader.IsDBNull(10) ? null : HistoryStore.Utc(reader.GetDateTime(10))));
            cut |= reader.GetInt64(12) > max;
        }

        // A group cut to zero rows (max 0) is not seen above: ask once.
        if (max == 0)
        {
            cut = Convert.ToInt64(HistoryStore.Scalar(connection, "SELECT count(*) FROM diff_changes"), CultureInfo.InvariantCulture) > 0;
        }

        return (list, cut);
    }

    private static string List(IEnumerable<long> ids)
    {
        var text = string.Join(", ", ids.Select(Id));
        return text.Length == 0 ? "-1" : text;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
