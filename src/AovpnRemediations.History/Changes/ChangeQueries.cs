using System.Globalization;
using AovpnRemediations.History.Model;
using AovpnRemediations.History.Store;
using DuckDB.NET.Data;

namespace AovpnRemediations.History.Changes;

/// <summary>
/// The diff and trend queries. Every value put into the SQL text is a snapshot id or an instant the store itself holds
/// (never device text), so literals are safe; they are inlined because DuckDB cannot take parameters in CREATE TABLE AS.
/// <para>
/// A diff reads four snapshot slices (devices and findings of each side) and the findings of the snapshots inside
/// the recurring window; each slice is found by the row groups' min/max of <c>snapshot_id</c>, so the cost follows the
/// two snapshots' size, not the store's.
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

    public static SnapshotDiff Diff(DuckDBConnection connection, SnapshotInfo from, SnapshotInfo to, IReadOnlyList<long> window, DiffOptions options)
    {
        var a = Id(from.Id);
        var b = Id(to.Id);
        var freshA = $"(last_report IS NULL OR last_report >= {HistoryStore.TimestampLiteral(from.TakenAt.AddDays(-options.StaleDays))})";
        var freshB = $"(last_report IS NULL OR last_report >= {HistoryStore.TimestampLiteral(to.TakenAt.AddDays(-options.StaleDays))})";
        var prior = window.Count == 0
            ? "SELECT NULL::VARCHAR AS device_id, NULL::UTINYINT AS kind, NULL::VARCHAR AS rule, NULL::VARCHAR AS code, NULL::TIMESTAMP AS failed_at WHERE false"
            : $"""
               SELECT f.device_id, f.kind, f.rule, f.code, max(s.taken_at) AS failed_at
               FROM findings f JOIN snapshots s ON s.id = f.snapshot_id
               WHERE f.snapshot_id IN ({string.Join(", ", window.Select(Id))})
                 AND EXISTS (SELECT 1 FROM diff_b b WHERE b.device_id = f.device_id AND b.kind = f.kind AND b.rule = f.rule AND b.code = f.code)
               GROUP BY ALL
               """;

        var watch = System.Diagnostics.Stopwatch.StartNew();

        // Each side's findings once as distinct keys with the device's freshness (and, now, its status): the changes and
        // counts all come from these two, a few hundred thousand rows, instead of rescanning the snapshots.
        HistoryStore.Execute(connection, $"""
            CREATE OR REPLACE TEMP TABLE diff_a AS
            SELECT DISTINCT f.device_id, f.kind, f.rule, f.code, d.fresh
            FROM findings f JOIN (SELECT device_id, {freshA} AS fresh FROM devices WHERE snapshot_id = {a}) d ON d.device_id = f.device_id
            WHERE f.snapshot_id = {a};
            CREATE OR REPLACE TEMP TABLE diff_b AS
            SELECT DISTINCT f.device_id, f.kind, f.rule, f.code, d.fresh
            FROM findings f JOIN (SELECT device_id, {freshB} AS fresh FROM devices WHERE snapshot_id = {b}) d ON d.device_id = f.device_id
            WHERE f.snapshot_id = {b};
            """);

        Phase("keys", watch);

        // One row per change: 0 newly failing, 1 recurring, 2 fixed, 3 gone stale.
        HistoryStore.Execute(connection, $"""
            CREATE OR REPLACE TEMP TABLE diff_changes AS
            WITH
            came AS (
                SELECT b.device_id, b.kind, b.rule, b.code FROM diff_b b
                WHERE b.fresh AND NOT EXISTS (SELECT 1 FROM diff_a a WHERE a.device_id = b.device_id AND a.kind = b.kind AND a.rule = b.rule AND a.code = b.code)),
            prior AS ({prior}),
            went AS (
                SELECT a.device_id, a.kind, a.rule, a.code FROM diff_a a
                JOIN (SELECT device_id FROM devices WHERE snapshot_id = {b} AND {freshB} AND status IN ('ok', 'issue')) d ON d.device_id = a.device_id
                WHERE NOT EXISTS (SELECT 1 FROM diff_b b WHERE b.device_id = a.device_id AND b.kind = a.kind AND b.rule = a.rule AND b.code = a.code))
            SELECT CASE WHEN p.failed_at IS NULL THEN 0 ELSE 1 END::UTINYINT AS change, c.kind, c.rule, c.code, c.device_id, p.failed_at
            FROM came c LEFT JOIN prior p ON p.device_id = c.device_id AND p.kind = c.kind AND p.rule = c.rule AND p.code = c.code
            UNION ALL
            SELECT 2::UTINYINT, kind, rule, code, device_id, NULL FROM went
            UNION ALL
            SELECT 3::UTINYINT, NULL, NULL, NULL, db.device_id, NULL
            FROM (SELECT device_id FROM devices WHERE snapshot_id = {b} AND NOT {freshB}) db
            JOIN (SELECT device_id FROM devices WHERE snapshot_id = {a} AND {freshA}) da ON da.device_id = db.device_id
            """);

        Phase("changes", watch);
        try
        {
            var before = FreshCounts(connection, "diff_a");
            var now = FreshCounts(connection, "diff_b");
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
            var (devices, cut) = Devices(connection, a, b, options.MaxDevicesPerGroup);
            Phase("devices", watch);
            return new SnapshotDiff(from, to, options, findings, goneStale, devices, cut);
        }
        finally
        {
            HistoryStore.Execute(connection, "DROP TABLE IF EXISTS diff_changes; DROP TABLE IF EXISTS diff_a; DROP TABLE IF EXISTS diff_b");
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

    private static Dictionary<(FindingKind, string, string), long> FreshCounts(DuckDBConnection connection, string side)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT kind, rule, code, count(*) FROM {side} WHERE fresh GROUP BY ALL";
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<(FindingKind, string, string), long>();
        while (reader.Read())
        {
            counts[((FindingKind)reader.GetByte(0), reader.GetString(1), reader.GetString(2))] = reader.GetInt64(3);
        }

        return counts;
    }

    private static (List<DeviceChange> Devices, bool Cut) Devices(DuckDBConnection connection, string from, string to, int max)
    {
        // Details only for the devices listed: a failing device's as now, a fixed one's as before; one device can have
        // the same finding twice (two expired certificates), so they are joined.
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH listed AS (
                SELECT * FROM (
                    SELECT c.*, d.device_name, d.upn, d.last_report, d.status,
                           row_number() OVER (PARTITION BY c.change, c.kind, c.rule, c.code ORDER BY d.device_name, c.device_id) AS n,
                           count(*) OVER (PARTITION BY c.change, c.kind, c.rule, c.code) AS total
                    FROM diff_changes c JOIN devices d ON d.device_id = c.device_id
                    WHERE d.snapshot_id = {to})
                WHERE n <= {max.ToString(CultureInfo.InvariantCulture)})
            SELECT l.change, l.kind, l.rule, l.code, l.device_id, l.device_name, l.upn, l.last_report, l.status,
                   coalesce(string_agg(f.detail, ' | ' ORDER BY f.detail), '') AS detail, l.failed_at, l.n, l.total
            FROM listed l
            -- The constant list lets the scan skip every other snapshot's row groups; the CASE alone would read them all.
            LEFT JOIN (SELECT * FROM findings WHERE snapshot_id IN ({from}, {to})) f ON f.snapshot_id = CASE WHEN l.change = 2 THEN {from} ELSE {to} END
                AND f.device_id = l.device_id AND f.kind = l.kind AND f.rule = l.rule AND f.code = l.code
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

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
