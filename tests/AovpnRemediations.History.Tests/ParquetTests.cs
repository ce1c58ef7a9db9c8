using AovpnRemediations.History.LogAnalytics;
using AovpnRemediations.History.Parquet;
using Parquet;
using Parquet.Schema;
using static AovpnRemediations.History.Tests.TestStore;

namespace AovpnRemediations.History.Tests;

public sealed class ParquetTests : IDisposable
{
    private static readonly RunContext Run = new("run-0002", Package, Policy, "export", Monday);
    private readonly string _folder = Directory.CreateTempSubdirectory("aovpn-history-parquet-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Device_rows_are_written_in_row_groups_and_read_back_as_they_were()
    {
        var path = Path.Combine(_folder, "run.parquet");
        var fleet = new SyntheticFleet(12_345);
        await using (var writer = await ParquetSnapshotWriter.CreateAsync(path, Run, rowGroupSize: 5_000))
        {
            writer.Add(Device("never-reported", null, "pending"));
            writer.Add(Device("two-roots", Monday, RootMissing("AA11"), RootMissing("BB\"22")));
            foreach (var row in fleet.Rows(3))
            {
                writer.Add(row);
            }

            await writer.CompleteAsync(CancellationToken.None);
            Assert.Equal(3, writer.RowGroups);
        }

        await using var reader = await ParquetReader.CreateAsync(path);
        Assert.Equal(ParquetSnapshotWriter.Schema.DataFields.Select(f => f.Name), reader.Schema.DataFields.Select(f => f.Name));
        Assert.Equal([5_000L, 5_000L, 2_347L], reader.RowGroups.Select(g => g.RowCount));

        using var first = reader.OpenRowGroupReader(0);
        var ids = await Strings(first, "device_id", 5_000);
        var status = await Strings(first, "result_status", 5_000);
        var findings = await Strings(first, "findings_json", 5_000);
        var codes = await Strings(first, "finding_codes", 5_000);
        var runs = await Strings(first, "run_id", 5_000);
        var last = new DateTime?[5_000];
        await first.ReadAsync<DateTime>(reader.Schema.DataFields.Single(f => f.Name == "last_report"), last.AsMemory());

        Assert.Equal("never-reported", ids[0]);
        Assert.Null(last[0]);
        Assert.Equal("pending", status[0]);
        Assert.Equal("""[{"rule":"AOVPN2001","code":"RootMissing","detail":"thumbprint=AA11"},{"rule":"AOVPN2001","code":"RootMissing","detail":"thumbprint=BB\"22"}]""", findings[1]);
        Assert.Equal(Monday.AddHours(-1).UtcDateTime, last[1]);
        var expected = fleet.Row(0, 3);
        Assert.Equal(expected.DeviceId, ids[2]);
        Assert.Equal(string.Join(';', expected.Findings.Select(f => f.Rule + "/" + f.Code)), codes[2]);
        Assert.All(runs, r => Assert.Equal("run-0002", r));
    }

    [Fact]
    public async Task Another_reader_sees_utc_timestamps_and_the_columns_by_name()
    {
        var path = Path.Combine(_folder, "run.parquet");
        await using (var writer = await ParquetSnapshotWriter.CreateAsync(path, Run))
        {
            writer.Add(Device("d1", Monday.AddDays(-9), "issue", RootMissing()));
            writer.Add(Device("d2", Monday));
            await writer.CompleteAsync(CancellationToken.None);
        }

        using var duck = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT device_id, stale, finding_codes, strftime(last_report::TIMESTAMP, '%Y-%m-%dT%H:%M:%S'), typeof(taken_at) FROM read_parquet('{path}') ORDER BY device_id";
        using var rows = command.ExecuteReader();
        Assert.True(rows.Read());
        Assert.Equal(("d1", true, "AOVPN2001/RootMissing", "2025-12-27T08:00:00"), (rows.GetString(0), rows.GetBoolean(1), rows.GetString(2), rows.GetString(3)));
        Assert.StartsWith("TIMESTAMP", rows.GetString(4), StringComparison.Ordinal);
        Assert.True(rows.Read());
        Assert.Equal(("d2", false, ""), (rows.GetString(0), rows.GetBoolean(1), rows.GetString(2)));
    }

    [Fact]
    public async Task A_writer_that_is_not_completed_leaves_no_file_and_keeps_an_earlier_one()
    {
        var path = Path.Combine(_folder, "run.parquet");
        File.WriteAllText(path, "earlier");
        await using (var writer = await ParquetSnapshotWriter.CreateAsync(path, Run, rowGroupSize: 100))
        {
            foreach (var row in new SyntheticFleet(1_000).Rows(1))
            {
                writer.Add(row);
            }
        }

        Assert.Equal("earlier", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task An_empty_run_is_a_valid_file_with_the_schema_and_no_rows()
    {
        var path = Path.Combine(_folder, "empty.parquet");
        await using (var writer = await ParquetSnapshotWriter.CreateAsync(path, Run))
        {
            await writer.CompleteAsync(CancellationToken.None);
        }

        await using var reader = await ParquetReader.CreateAsync(path);
        Assert.Equal(ParquetSnapshotWriter.Schema.DataFields.Length, reader.Schema.DataFields.Length);
        Assert.Equal(0, reader.RowGroups.Sum(g => g.RowCount));
    }

    private static async Task<string?[]> Strings(ParquetRowGroupReader group, string name, int count)
    {
        var values = new string?[count];
        await group.ReadAsync(ParquetSnapshotWriter.Schema.DataFields.OfType<DataField<string>>().Single(f => f.Name == name), values.AsMemory());
        return values;
    }
}
