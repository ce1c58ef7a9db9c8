using System.Security.Cryptography;
using AovpnRemediations.History.Store;
using DuckDB.NET.Data;
using static AovpnRemediations.History.Tests.TestStore;

namespace AovpnRemediations.History.Tests;

public sealed class SchemaTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aovpn-history-schema-").FullName;

    private string StorePath => Path.Combine(_folder, "history.duckdb");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_v1_store_is_migrated_to_the_current_version_and_its_snapshots_stay_readable_and_comparable()
    {
        using (var connection = new DuckDBConnection($"Data Source={StorePath}"))
        {
            connection.Open();
            Exec(connection, Schema.V1);
            Exec(connection, $"""
                INSERT INTO snapshots VALUES (1, '{Package}', '{Policy}', 'export', TIMESTAMP '2026-01-05 08:00:00', TIMESTAMP '2026-01-05 08:01:00', 'v1hash', 3);
                INSERT INTO devices VALUES
                    (1, 'd1', 'PC-d1', 'd1@example.net', TIMESTAMP '2026-01-05 07:00:00', 'fail', 'skipped', 'issue'),
                    (1, 'd2', 'PC-d2', 'd2@example.net', TIMESTAMP '2026-01-05 07:00:00', 'success', 'skipped', 'ok'),
                    (1, 'd3', 'PC-d3', 'd3@example.net', TIMESTAMP '2025-12-20 07:00:00', 'fail', 'skipped', 'issue');
                INSERT INTO findings VALUES (1, 'd1', 'AOVPN2001', 'RootMissing', 'thumbprint=AA11'), (1, 'd3', 'AOVPN2001', 'RootMissing', 'thumbprint=AA11');
                """);
        }

        using (var store = HistoryStore.Open(StorePath))
        {
            Assert.Equal(HistoryStore.CurrentSchemaVersion, store.SchemaVersion);
            var old = Assert.Single(store.ListSnapshots());
            Assert.Equal(("v1-1", 3L, 7, 1L, 1L), (old.RunId, old.Devices, old.StaleDays, old.StaleDevices, old.FailingDevices));
            Assert.Equal([1L], Assert.Single(store.Trend(Package).Findings).Devices);

            using var writer = store.BeginSnapshot(new(Package, Policy, "export", Monday.AddDays(1)));
            writer.Add(Device("d1", Monday.AddDays(1)));
            writer.Add(Device("d2", Monday.AddDays(1), RootMissing()));
            var next = writer.Commit().Snapshot;
            var diff = store.Diff(old.Id, next.Id);
            Assert.Equal((1L, 1L), (diff.NewlyFailing, diff.Fixed));
        }

        using (var connection = new DuckDBConnection($"Data Source={StorePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT string_agg(version::VARCHAR, ',' ORDER BY version) FROM schema_version";
            Assert.Equal("1,2,3,4", command.ExecuteScalar());
        }
    }

    [Fact]
    public void A_store_from_a_newer_schema_is_refused_with_a_clear_message_and_left_unchanged()
    {
        HistoryStore.Open(StorePath).Dispose();
        using (var connection = new DuckDBConnection($"Data Source={StorePath}"))
        {
            connection.Open();
            Exec(connection, "INSERT INTO schema_version VALUES (99, now()::TIMESTAMP)");
        }

        var before = Hash(StorePath);
        var e = Assert.Throws<HistoryStoreException>(() => HistoryStore.Open(StorePath));
        Assert.Equal(HistoryError.NewerSchema, e.Error);
        Assert.Contains("schema version 99", e.Message, StringComparison.Ordinal);
        Assert.Contains($"up to version {HistoryStore.CurrentSchemaVersion}", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash(StorePath));
    }

    [Theory]
    [InlineData("text", "not a DuckDB database file")]
    [InlineData("sqlite", "not a DuckDB database file")]
    [InlineData("empty", "empty file")]
    public void A_file_that_is_not_a_database_is_refused_and_left_as_it_is(string kind, string expected)
    {
        var content = kind switch
        {
            "text" => "device,status\r\nPC-1,ok\r\n"u8.ToArray(),
            "sqlite" => [.. "SQLite format 3\0"u8, .. new byte[4080]],
            _ => [],
        };
        File.WriteAllBytes(StorePath, content);
        var e = Assert.Throws<HistoryStoreException>(() => HistoryStore.Open(StorePath));
        Assert.Equal(HistoryError.NotAStore, e.Error);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(StorePath, e.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllBytes(StorePath));
        Assert.False(File.Exists(StorePath + ".wal"));
    }

    [Fact]
    public void A_duckdb_database_of_something_else_is_refused()
    {
        using (var connection = new DuckDBConnection($"Data Source={StorePath}"))
        {
            connection.Open();
            Exec(connection, "CREATE TABLE invoices (id INTEGER)");
        }

        var e = Assert.Throws<HistoryStoreException>(() => HistoryStore.Open(StorePath));
        Assert.Equal(HistoryError.NotAStore, e.Error);
        Assert.Contains("not a history store", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_cut_short_is_refused_with_its_path_and_not_replaced()
    {
        using (var t = HistoryStore.Open(StorePath))
        {
            using var writer = t.BeginSnapshot(new(Package, Policy, "export", Monday));
            foreach (var row in new SyntheticFleet(20_000).Rows(1))
            {
                writer.Add(row);
            }

            writer.Commit();
        }

        var bytes = File.ReadAllBytes(StorePath);
        var cut = bytes[..(bytes.Length / 2)];
        Array.Fill(cut, (byte)0xAB, 4096, 8192);
        File.WriteAllBytes(StorePath, cut);
        var e = Assert.ThrowsAny<HistoryStoreException>(() =>
        {
            using var store = HistoryStore.Open(StorePath);
            store.ListSnapshots();
            store.Trend(Package);
        });
        Assert.Contains(StorePath, e.Message, StringComparison.Ordinal);
        Assert.Equal(cut.Length, new FileInfo(StorePath).Length);
    }

    [Fact]
    public void A_missing_folder_or_a_folder_as_the_store_path_is_a_clear_error()
    {
        var missing = Assert.Throws<HistoryStoreException>(() => HistoryStore.Open(Path.Combine(_folder, "no-such-folder", "history.duckdb")));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        var folder = Assert.Throws<HistoryStoreException>(() => HistoryStore.Open(_folder));
        Assert.Contains("is a folder", folder.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_read_only_needs_an_existing_store_and_refuses_writes()
    {
        var none = Assert.Throws<HistoryStoreException>(() => HistoryStore.Open(StorePath, new HistoryStoreOptions { ReadOnly = true }));
        Assert.Contains("no history store", none.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(StorePath));
        HistoryStore.Open(StorePath).Dispose();
        using var store = HistoryStore.Open(StorePath, new HistoryStoreOptions { ReadOnly = true });
        Assert.Empty(store.ListSnapshots());
        Assert.Throws<HistoryStoreException>(() => store.BeginSnapshot(new(Package, Policy, "export", Monday)));
    }

    private static void Exec(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
