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
               GROUP BY ALL
               """;

        // One row per change: 0 newly failing, 1 recurring, 2 fixed, 3 gone stale. A device with the same finding twice
        // (two expired certificates) is one change; its details are joined.
        HistoryStore.Execute(connection, $"""
            CREATE OR REPLACE TEMP TABLE diff_changes AS
            WITH
            da AS (SELECT device_id, {freshA} AS fresh FROM devices WHERE snapshot_id = {a}),
            db AS (SELECT device_id, status, {freshB} AS fresh FROM devices WHERE snapshot_id = {b}),
            fa AS (SELECT device_id, kind, rule, code, string_agg(detail, ' | ' ORDER BY detail) AS detail FROM findings WHERE snapshot_id = {a} GROUP BY ALL),
            fb AS (SELECT device_id, kind, rule, code, string_agg(detail, ' | ' ORDER BY detail) AS detail FROM findings WHERE snapshot_id = {b} GROUP BY ALL),
            came AS (
                SELECT fb.* FROM fb JOIN db ON db.device_id = fb.device_id
                WHERE db.fresh AND NOT EXISTS (SELECT 1 FROM fa WHERE fa.device_id = fb.device_id AND fa.kind = fb.kind AND fa.rule = fb.rule AND fa.code = fb.code)),
            prior AS ({prior}),
            went AS (
                SELECT fa.* FROM fa JOIN db ON db.device_id = fa.device_id
                WHERE db.fresh AND db.status IN ('ok', 'issue')
                  AND NOT EXISTS (SELECT 1 FROM fb WHERE fb.device_id = fa.device_id AND fb.kind = fa.kind AND fb.rule = fa.rule AND fb.code = fa.code))
            SELECT CASE WHEN p.failed_at IS NULL THEN 0 ELSE 1 END::UTINYINT AS change, c.kind, c.rule, c.code, c.device_id, c.detail, p.failed_at
            FROM came c LEFT JOIN prior p ON p.device_id = c.device_id AND p.kind = c.kind AND p.rule = c.rule AND p.code = c.code
            UNION ALL
            SELECT 2::UTINYINT, kind, rule, code, device_id, detail, NULL FROM went
            UNION ALL
            SELECT 3::UTINYINT, NULL, NULL, NULL, db.device_id, '', NULL FROM db JOIN da ON da.device_id = db.device_id WHERE da.fresh AND NOT db.fresh
            """);

        try
        {
            var before = FreshCounts(connection, a, freshA);
            var now = FreshCounts(connection, b, freshB);
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

            var (devices, cut) = Devices(connection, b, options.MaxDevicesPerGroup);
            return new SnapshotDiff(from, to, options, findings, goneStale, devices, cut);
        }
        finally
        {
            HistoryStore.Execute(connection, "DROP TABLE IF EXISTS diff_changes");
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

    private static Dictionary<(FindingKind, string, string), long> FreshCounts(DuckDBConnection connection, string snapshot, string fresh)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT f.kind, f.rule, f.code, count(DISTINCT f.device_id)
            FROM findings f JOIN (SELECT device_id FROM devices WHERE snapshot_id = {snapshot} AND {fresh}) d ON d.device_id = f.device_id
            WHERE f.snapshot_id = {snapshot}
            GROUP BY ALL
            """;
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<(FindingKind, string, string), long>();
        while (reader.Read())
        {
            counts[((FindingKind)reader.GetByte(0), reader.GetString(1), reader.GetString(2))] = reader.GetInt64(3);
        }

        return counts;
    }

    private static (List<DeviceChange> Devices, bool Cut) Devices(DuckDBConnection connection, string to, int max)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT change, kind, rule, code, device_id, device_name, upn, last_report, status, detail, failed_at, n, total
            FROM (
                SELECT c.*, d.device_name, d.upn, d.last_report, d.status,
                       row_number() OVER (PARTITION BY c.change, c.kind, c.rule, c.code ORDER BY d.device_name, c.device_id) AS n,
                       count(*) OVER (PARTITION BY c.change, c.kind, c.rule, c.code) AS total
                FROM diff_changes c JOIN devices d ON d.device_id = c.device_id
                WHERE d.snapshot_id = {to})
            WHERE n <= {max.ToString(CultureInfo.InvariantCulture)}
            ORDER BY change, kind NULLS FIRST, rule NULLS FIRST, code NULLS FIRST, n
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
