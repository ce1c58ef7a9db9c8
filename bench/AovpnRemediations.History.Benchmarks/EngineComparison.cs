using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using AovpnRemediations.History.Tests;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using static AovpnRemediations.History.Benchmarks.Figures;

namespace AovpnRemediations.History.Benchmarks;

/// <summary>
/// DuckDB against SQLite on the same schema, rows and diff, each in its own process (so peak RSS is its own): two
/// snapshots of N devices (days 1 and 2 of the synthetic fleet), ingest time of each, file size, the diff cold and warm,
/// peak RSS. SQLite gets what it needs to be fast: WAL, synchronous=NORMAL, prepared inserts in one transaction, and
/// clustered primary keys (WITHOUT ROWID) that put a snapshot's devices and findings together in device order.
/// </summary>
internal static class EngineComparison
{
    /// <summary>Days 10 and 11 of the synthetic fleet: late enough that devices which stopped reporting go stale between them.</summary>
    private const int FirstDay = 10;

    public static int Run(int rows)
    {
        var work = Directory.CreateTempSubdirectory("aovpn-history-compare-").FullName;
        try
        {
            Console.WriteLine($"engine comparison: 2 snapshots x {N(rows)} devices; load average {LoadAverage()}");
            Console.WriteLine("engine  | ingest s (1st, 2nd) | ingest CPU s | rows/s   | file MB | MB per 1M rows | diff cold s | diff warm s (best, median of 5) | CPU per warm diff | peak RSS MB");
            foreach (var engine in new[] { "duckdb", "sqlite" })
            {
                var v = Child("compare-child", engine, Path.Combine(work, "store." + engine), rows.ToString(CultureInfo.InvariantCulture));
                var ingest = double.Parse(v["ingest1"], CultureInfo.InvariantCulture) + double.Parse(v["ingest2"], CultureInfo.InvariantCulture);
                var size = double.Parse(v["bytes"], CultureInfo.InvariantCulture) / 1e6;
                Console.WriteLine($"{engine,-7} | {v["ingest1"]}, {v["ingest2"]} | {v["ingestCpu1"]}, {v["ingestCpu2"]} | {N(2.0 * rows / ingest),8} | {F(size, 1),7} | {F(size / 2 / (rows / 1e6), 1),14} | {v["cold"],11} | {v["best"]}, {v["median"]} | {v["diffCpu"]} | {v["rss"]} (after ingest {v["rssIngest"]})");
                Console.WriteLine($"        changes found: {v["changes"]}");
            }

            Console.WriteLine($"load average after: {LoadAverage()}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    public static int ChildMain(string engine, string path, int rows)
    {
        var fleet = new SyntheticFleet(rows);
        using DbConnection connection = engine == "duckdb" ? new DuckDBConnection($"Data Source={path}") : new SqliteConnection($"Data Source={path}");
        connection.Open();
        var duck = engine == "duckdb";
        foreach (var sql in duck ? DuckSchema : SqliteSchema)
        {
            Exec(connection, sql);
        }

        for (var day = 1; day <= 2; day++)
        {
            var watch = Stopwatch.StartNew();
            var cpu = CpuSeconds();
            if (duck)
            {
                IngestDuck((DuckDBConnection)connection, fleet, day);
            }
            else
            {
                IngestSqlite((SqliteConnection)connection, fleet, day);
            }

            Console.WriteLine($"ingest{day}={F(watch.Elapsed.TotalSeconds)}");
            Console.WriteLine($"ingestCpu{day}={F(CpuSeconds() - cpu)}");
        }

        if (duck)
        {
            Exec(connection, "CHECKPOINT");
        }
        else
        {
            Exec(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }

        Console.WriteLine($"rssIngest={F(PeakRssMb(), 0)}");
        Console.WriteLine($"bytes={SizeOf(path)}");
        var samples = new List<double>();
        var cpus = new List<double>();
        string changes = "";
        for (var i = 0; i < 6; i++)
        {
            var watch = Stopwatch.StartNew();
            var cpu = CpuSeconds();
            changes = Diff(connection, duck, SyntheticFleet.TakenAt(FirstDay), SyntheticFleet.TakenAt(FirstDay + 1));
            samples.Add(watch.Elapsed.TotalSeconds);
            cpus.Add(CpuSeconds() - cpu);
        }

        Console.WriteLine($"diffCpu={F(cpus.Skip(1).Order().ElementAt(2))}");

        Console.WriteLine($"cold={F(samples[0])}");
        var warm = samples.Skip(1).Order().ToList();
        Console.WriteLine($"best={F(warm[0])}");
        Console.WriteLine($"median={F(warm[warm.Count / 2])}");
        Console.WriteLine($"changes={changes}");
        Console.WriteLine($"rss={F(PeakRssMb(), 0)}");
        return 0;
    }

    private static readonly string[] DuckSchema =
    [
        "SET memory_limit = '512MB'",
        "SET preserve_insertion_order = false",
        "CREATE TABLE devices (snapshot_id BIGINT, device_id VARCHAR, device_name VARCHAR, upn VARCHAR, last_report TIMESTAMP, detection VARCHAR, remediation VARCHAR, status VARCHAR)",
        "CREATE TABLE findings (snapshot_id BIGINT, device_id VARCHAR, rule VARCHAR, code VARCHAR, detail VARCHAR, kind UTINYINT)",
    ];

    private static readonly string[] SqliteSchema =
    [
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL",
        "PRAGMA cache_size = -65536",
        "CREATE TABLE devices (snapshot_id INTEGER, device_id TEXT, device_name TEXT, upn TEXT, last_report INTEGER, detection TEXT, remediation TEXT, status TEXT, PRIMARY KEY (snapshot_id, device_id)) WITHOUT ROWID",
        "CREATE TABLE findings (snapshot_id INTEGER, device_id TEXT, kind INTEGER, rule TEXT, code TEXT, seq INTEGER, detail TEXT, PRIMARY KEY (snapshot_id, device_id, kind, rule, code, seq)) WITHOUT ROWID",
    ];

    /// <summary>As the store ingests: 64 MB and one thread while appending, appenders reopened every 16,384 rows.</summary>
    private static void IngestDuck(DuckDBConnection connection, SyntheticFleet fleet, int day)
    {
        Exec(connection, "SET memory_limit = '64MB'");
        Exec(connection, "SET threads = 1");
        Exec(connection, "BEGIN TRANSACTION");
        var devices = connection.CreateAppender("devices");
        var findings = connection.CreateAppender("findings");
        var n = 0;
        foreach (var row in fleet.Rows(FirstDay - 1 + day))
        {
            var r = devices.CreateRow().AppendValue((long)day).AppendValue(row.DeviceId).AppendValue(row.DeviceName).AppendValue(row.UserPrincipalName);
            (row.LastReport is { } last ? r.AppendValue(last.UtcDateTime) : r.AppendNullValue())
                .AppendValue(row.DetectionState).AppendValue(row.RemediationState).AppendValue(row.ResultStatus).EndRow();
            foreach (var f in row.Findings)
            {
                findings.CreateRow().AppendValue((long)day).AppendValue(row.DeviceId).AppendValue(f.Rule).AppendValue(f.Code).AppendValue(f.Detail).AppendValue((byte)0).EndRow();
            }

            foreach (var e in row.Errors)
            {
                findings.CreateRow().AppendValue((long)day).AppendValue(row.DeviceId).AppendValue(e.Rule).AppendValue(e.Code).AppendValue("").AppendValue((byte)1).EndRow();
            }

            if (++n % 16_384 == 0)
            {
                devices.Close();
                findings.Close();
                devices = connection.CreateAppender("devices");
                findings = connection.CreateAppender("findings");
            }
        }

        devices.Close();
        findings.Close();
        Exec(connection, "COMMIT");
        Exec(connection, "SET memory_limit = '512MB'");
        Exec(connection, "RESET threads");
    }

    private static void IngestSqlite(SqliteConnection connection, SyntheticFleet fleet, int day)
    {
        using var transaction = connection.BeginTransaction();
        using var device = connection.CreateCommand();
        device.CommandText = "INSERT INTO devices VALUES ($s, $id, $name, $upn, $last, $det, $rem, $status)";
        var p = new[] { "$s", "$id", "$name", "$upn", "$last", "$det", "$rem", "$status" }.Select(n => device.Parameters.Add(n, SqliteType.Text)).ToArray();
        p[0].SqliteType = SqliteType.Integer;
        p[4].SqliteType = SqliteType.Integer;
        device.Prepare();
        using var finding = connection.CreateCommand();
        finding.CommandText = "INSERT INTO findings VALUES ($s, $id, $kind, $rule, $code, $seq, $detail)";
        var q = new[] { "$s", "$id", "$kind", "$rule", "$code", "$seq", "$detail" }.Select(n => finding.Parameters.Add(n, SqliteType.Text)).ToArray();
        finding.Prepare();
        foreach (var row in fleet.Rows(FirstDay - 1 + day))
        {
            p[0].Value = day;
            p[1].Value = row.DeviceId;
            p[2].Value = row.DeviceName;
            p[3].Value = row.UserPrincipalName;
            p[4].Value = row.LastReport is { } last ? last.ToUnixTimeMilliseconds() : DBNull.Value;
            p[5].Value = row.DetectionState;
            p[6].Value = row.RemediationState;
            p[7].Value = row.ResultStatus;
            device.ExecuteNonQuery();
            var seq = 0;
            foreach (var f in row.Findings)
            {
                q[0].Value = day;
                q[1].Value = row.DeviceId;
                q[2].Value = 0;
                q[3].Value = f.Rule;
                q[4].Value = f.Code;
                q[5].Value = seq++;
                q[6].Value = f.Detail;
                finding.ExecuteNonQuery();
            }

            foreach (var e in row.Errors)
            {
                q[0].Value = day;
                q[1].Value = row.DeviceId;
                q[2].Value = 1;
                q[3].Value = e.Rule;
                q[4].Value = e.Code;
                q[5].Value = seq++;
                q[6].Value = "";
                finding.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <summary>The same work as the store's diff: changes into a temporary table, counts, fresh counts per side, the first devices of each group with names.</summary>
    private static string Diff(DbConnection connection, bool duck, DateTimeOffset fromTaken, DateTimeOffset toTaken)
    {
        string Cut(DateTimeOffset t) => duck
            ? "TIMESTAMP '" + t.AddDays(-7).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'"
            : t.AddDays(-7).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var freshA = $"(da.last_report IS NULL OR da.last_report >= {Cut(fromTaken)})";
        var freshB = $"(db.last_report IS NULL OR db.last_report >= {Cut(toTaken)})";
        Exec(connection, "DROP TABLE IF EXISTS chg");
        Exec(connection, $"""
            CREATE TEMP TABLE chg AS
            SELECT 0 AS change, fb.kind, fb.rule, fb.code, fb.device_id FROM findings fb JOIN devices db ON db.snapshot_id = 2 AND db.device_id = fb.device_id
            WHERE fb.snapshot_id = 2 AND {freshB}
              AND NOT EXISTS (SELECT 1 FROM findings fa WHERE fa.snapshot_id = 1 AND fa.device_id = fb.device_id AND fa.kind = fb.kind AND fa.rule = fb.rule AND fa.code = fb.code)
            UNION ALL
            SELECT 2, fa.kind, fa.rule, fa.code, fa.device_id FROM findings fa JOIN devices db ON db.snapshot_id = 2 AND db.device_id = fa.device_id
            WHERE fa.snapshot_id = 1 AND {freshB} AND db.status IN ('ok', 'issue')
              AND NOT EXISTS (SELECT 1 FROM findings fb WHERE fb.snapshot_id = 2 AND fb.device_id = fa.device_id AND fb.kind = fa.kind AND fb.rule = fa.rule AND fb.code = fa.code)
            UNION ALL
            SELECT 3, NULL, NULL, NULL, db.device_id FROM devices db JOIN devices da ON da.snapshot_id = 1 AND da.device_id = db.device_id
            WHERE db.snapshot_id = 2 AND {freshA} AND NOT {freshB}
            """);
        var counts = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT change, count(*) FROM chg GROUP BY change ORDER BY change";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                counts.Add($"{reader.GetValue(0)}:{reader.GetValue(1)}");
            }
        }

        foreach (var (snapshot, fresh, alias) in new[] { (1, freshA, "da"), (2, freshB, "db") })
        {
            Count(connection, $"SELECT f.kind, f.rule, f.code, count(DISTINCT f.device_id) FROM findings f JOIN devices {alias} ON {alias}.snapshot_id = {snapshot} AND {alias}.device_id = f.device_id WHERE f.snapshot_id = {snapshot} AND {fresh} GROUP BY f.kind, f.rule, f.code");
        }

        Count(connection, """
            SELECT * FROM (
                SELECT c.change, c.rule, c.code, d.device_name, row_number() OVER (PARTITION BY c.change, c.kind, c.rule, c.code ORDER BY d.device_name) AS n
                FROM chg c JOIN devices d ON d.snapshot_id = 2 AND d.device_id = c.device_id) WHERE n <= 1000
            """);
        return string.Join(' ', counts);
    }

    private static int Count(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var n = 0;
        while (reader.Read())
        {
            n++;
        }

        return n;
    }

    private static void Exec(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
