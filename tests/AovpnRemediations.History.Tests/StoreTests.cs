using AovpnRemediations.History.Model;
using AovpnRemediations.History.Store;
using static AovpnRemediations.History.Tests.TestStore;

namespace AovpnRemediations.History.Tests;

public sealed class StoreTests
{
    [Fact]
    public void Appends_run_under_the_small_memory_limit_and_queries_get_theirs_back_after_the_commit()
    {
        // DuckDB fills its limit with a transaction's rows before spilling them: the append limit is most of a first
        // ingest's native memory, and the commit's own queries get more (CommitMemoryLimitMb).
        using var t = new TestStore(new HistoryStoreOptions { AppendMemoryLimitMb = 20, CommitMemoryLimitMb = 48, QueryMemoryLimitMb = 96 });
        var during = new List<string>();
        using (var writer = t.Store.BeginSnapshot(new(Package, Policy, "export", Monday)))
        {
            writer.AfterRow = n =>
            {
                if (n % 1_000 == 0)
                {
                    during.Add(t.Store.MemoryLimitInEffect());
                }
            };
            foreach (var row in new SyntheticFleet(3_000).Rows(0))
            {
                writer.Add(row);
            }

            writer.Commit();
        }

        Assert.Equal(3, during.Count);
        Assert.All(during, limit => Assert.Equal(MiB(20), MiB(limit)));
        Assert.Equal(MiB(96), MiB(t.Store.MemoryLimitInEffect()));
    }

    /// <summary>DuckDB shows its limit in its own units ("19.0 MiB"); the megabytes asked for, rounded.</summary>
    private static long MiB(string setting)
    {
        var parts = setting.Split(' ');
        var value = double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        return (long)Math.Round(value * parts[1] switch { "KiB" => 1.0 / 1024, "MiB" => 1, "GiB" => 1024, _ => throw new FormatException(setting) });
    }

    private static long MiB(int megabytes) => (long)Math.Round(megabytes * 1e6 / 1048576);

    [Fact]
    public void A_new_store_is_created_at_the_current_schema_version_with_no_snapshots()
    {
        using var t = new TestStore();
        Assert.Equal(HistoryStore.CurrentSchemaVersion, t.Store.SchemaVersion);
        Assert.Empty(t.Store.ListSnapshots());
        Assert.True(File.Exists(t.Path));
    }

    [Fact]
    public void A_committed_snapshot_is_listed_with_its_counts_and_survives_reopening()
    {
        using var t = new TestStore();
        var commit = t.Write(Monday, [
            Device("d1", Monday, RootMissing()),
            Device("d2", Monday),
            Device("d3", Monday.AddDays(-10), "issue", RootMissing()),
            Device("d4", null, "pending"),
        ]);

        Assert.False(commit.Duplicate);
        t.Reopen();
        var stored = Assert.Single(t.Store.ListSnapshots());
        Assert.Equal(commit.Snapshot, stored);
        Assert.Equal(1, stored.Id);
        Assert.Equal(Package, stored.PackageId);
        Assert.Equal(Policy, stored.PolicyId);
        Assert.Equal("export", stored.Source);
        Assert.Equal(Monday, stored.TakenAt);
        Assert.Equal(4, stored.Devices);
        Assert.Equal(1, stored.StaleDevices);
        Assert.Equal(1, stored.FailingDevices);
        Assert.Equal(64, stored.ContentHash.Length);
        Assert.False(string.IsNullOrEmpty(stored.RunId));
    }

    [Fact]
    public void The_run_id_given_at_the_start_is_the_one_stored()
    {
        using var t = new TestStore();
        using var writer = t.Store.BeginSnapshot(new SnapshotStart(Package, Policy, "runstates", Monday, RunId: "run-42"));
        writer.Add(Device("d1", Monday));
        Assert.Equal("run-42", writer.Commit().Snapshot.RunId);
    }

    [Fact]
    public void A_writer_disposed_without_commit_stores_nothing_and_the_store_takes_the_next_snapshot()
    {
        using var t = new TestStore();
        t.Write(Monday, [Device("d1", Monday)]);
        using (var writer = t.Store.BeginSnapshot(new SnapshotStart(Package, Policy, "export", Monday.AddDays(1))))
        {
            for (var i = 0; i < 10_000; i++)
            {
                writer.Add(Device("x" + i, Monday.AddDays(1)));
            }
        }

        Assert.Single(t.Store.ListSnapshots());
        var next = t.Write(Monday.AddDays(2), [Device("d1", Monday.AddDays(2))]);
        Assert.Equal(2, next.Snapshot.Id);
        Assert.Equal(1, next.Snapshot.Devices);
    }

    [Fact]
    public void The_same_export_ingested_twice_is_stored_once_whatever_the_row_order_source_and_time()
    {
        using var t = new TestStore();
        DeviceSnapshotRow[] rows = [Device("d1", Monday, RootMissing()), Device("d2", Monday), Device("d3", Monday, CertExpired())];
        var first = t.Write(Monday, rows);
        using var again = t.Store.BeginSnapshot(new SnapshotStart(Package, Policy, "runstates", Monday.AddHours(5)));
        foreach (var row in rows.Reverse())
        {
            again.Add(row);
        }

        var second = again.Commit();
        Assert.True(second.Duplicate);
        Assert.Equal(first.Snapshot, second.Snapshot);
        Assert.Single(t.Store.ListSnapshots());
    }

    [Fact]
    public void A_different_field_value_or_policy_or_a_repeated_row_makes_a_different_export()
    {
        using var t = new TestStore();
        DeviceSnapshotRow[] rows = [Device("d1", Monday, RootMissing("AA11")), Device("d2", Monday)];
        var first = t.Write(Monday, rows);
        var changedField = t.Write(Monday, [Device("d1", Monday, RootMissing("AA12")), Device("d2", Monday)]);
        var otherPolicy = t.Write(Monday, rows, policy: "another-policy");
        var repeated = t.Write(Monday, [.. rows, rows[1]]);

        Assert.False(changedField.Duplicate);
        Assert.False(otherPolicy.Duplicate);
        Assert.False(repeated.Duplicate);
        Assert.Equal(4, new[] { first, changedField, otherPolicy, repeated }.Select(c => c.Snapshot.ContentHash).Distinct().Count());
    }

    [Fact]
    public void A_rows_hashes_do_not_depend_on_the_kind_of_list_its_findings_come_in()
    {
        // The report's mapper hands over arrays, which RowHash reads as spans; any other list takes the copying path.
        var asArrays = Device("d1", Monday.AddHours(-1), "issue", RootMissing("AA11"), CertExpired()) with { Errors = [new SnapshotError("AOVPN3001", "CheckFailed")] };
        var asLists = asArrays with
        {
            Findings = new List<SnapshotFinding>(asArrays.Findings.Select(f => f with { Fields = new List<KeyValuePair<string, string>>(f.Fields) })),
            Errors = new List<SnapshotError>(asArrays.Errors),
        };
        Assert.IsType<SnapshotFinding[]>(asArrays.Findings);
        var (arrays, lists) = (new RowHash(), new RowHash());
        Assert.Equal(arrays.Add(asArrays, stale: false), lists.Add(asLists, stale: false));
        Assert.Equal(arrays.Finish(Package, Policy), lists.Finish(Package, Policy));
        Assert.NotEqual(new RowHash().Add(asArrays with { Errors = [] }, stale: false), new RowHash().Add(asArrays, stale: false));
    }

    [Fact]
    public void A_device_listed_twice_in_one_snapshot_keeps_its_latest_row()
    {
        using var t = new TestStore();
        var commit = t.Write(Monday, [Device("d1", Monday.AddDays(-3), "ok"), Device("d1", Monday.AddHours(-1), "issue", RootMissing()), Device("d2", Monday)]);
        Assert.Equal(2, commit.Snapshot.Devices);
        Assert.Equal(1, commit.Snapshot.FailingDevices);
    }

    [Fact]
    public void Counts_made_while_appending_equal_a_recount_of_the_stored_state()
    {
        using var t = new TestStore();
        var fleet = new SyntheticFleet(30_000);
        t.Write(SyntheticFleet.TakenAt(11), fleet.Rows(11));
        var snapshot = t.Write(SyntheticFleet.TakenAt(12), fleet.Rows(12)).Snapshot;
        t.Store.Dispose();
        using var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={t.Path}");
        connection.Open();
        string Query(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }

            return string.Join('\n', rows);
        }

        // The state as of the second snapshot, rebuilt from the versions, counted the way the trend and diff count.
        var cut = $"TIMESTAMP '{snapshot.TakenAt.AddDays(-7).UtcDateTime:yyyy-MM-dd HH:mm:ss}'";
        var state = $"""
            (SELECT * FROM (SELECT v.*, row_number() OVER (PARTITION BY device_key ORDER BY snapshot_id DESC) AS n FROM device_versions v WHERE snapshot_id <= {snapshot.Id})
             WHERE n = 1 AND NOT gone)
            """;
        var recount = Query($"""
            SELECT f.kind, f.rule, f.code, count(DISTINCT f.device_key), count(DISTINCT f.device_key) FILTER (WHERE d.last_report IS NULL OR d.last_report >= {cut})
            FROM version_findings f JOIN {state} d ON d.snapshot_id = f.snapshot_id AND d.device_key = f.device_key GROUP BY ALL ORDER BY ALL
            """);
        Assert.Equal(recount, Query($"SELECT kind, rule, code, devices, fresh_devices FROM finding_counts WHERE snapshot_id = {snapshot.Id} ORDER BY ALL"));
        Assert.NotEmpty(recount);
        var totals = Query($"""
            SELECT count(*), count(*) FILTER (WHERE last_report < {cut}),
                   count(*) FILTER (WHERE (last_report IS NULL OR last_report >= {cut})
                       AND EXISTS (SELECT 1 FROM version_findings f WHERE f.snapshot_id = d.snapshot_id AND f.device_key = d.device_key AND f.kind = 0))
            FROM {state} d
            """);
        Assert.Equal(totals, Query($"SELECT devices, stale_devices, failing_devices FROM snapshots WHERE id = {snapshot.Id}"));
    }

    [Fact]
    public void A_second_run_writes_versions_only_for_devices_that_changed_and_a_tombstone_for_each_that_left()
    {
        using var t = new TestStore();
        var fleet = new SyntheticFleet(20_000);
        t.Write(SyntheticFleet.TakenAt(10), fleet.Rows(10));
        var day11 = fleet.Rows(11).Take(19_000).ToList();
        using var writer = t.Store.BeginSnapshot(new SnapshotStart(Package, Policy, "export", SyntheticFleet.TakenAt(11)));
        Assert.Equal(20_000, writer.KnownDevices);
        foreach (var row in day11)
        {
            writer.Add(row);
        }

        var commit = writer.Commit();
        var expected = day11.Count(r => !SameState(r, fleet.Row(IndexOf(r.DeviceId), 10), SyntheticFleet.TakenAt(10), SyntheticFleet.TakenAt(11)));
        Assert.Equal(expected, writer.VersionsWritten);
        Assert.True(expected is > 0 and < 19_000 / 2, $"{expected} versions for 19,000 devices");
        Assert.Equal(1_000, writer.Tombstones);
        Assert.Equal(19_000, commit.Snapshot.Devices);

        // Devices that left are neither fixed nor stale; a snapshot compared with itself has no changes.
        var diff = t.Store.Diff(1, commit.Snapshot.Id);
        Assert.DoesNotContain(diff.Devices, d => IndexOf(d.DeviceId) >= 19_000);
        Assert.Empty(t.Store.Diff(1, 1).Devices);
    }

    [Fact]
    public void A_device_id_gets_the_same_key_in_the_store_and_in_sql()
    {
        using var t = new TestStore();
        t.Write(Monday, [Device("d1", Monday), Device("0a1b2c3d-0000-4000-8000-00000000abcd", Monday), Device("0A1B2C3D-0000-4000-8000-00000000ABCD", Monday)]);
        t.Store.Dispose();
        using var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={t.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), count(*) FILTER (WHERE device_key = {string.Format(System.Globalization.CultureInfo.InvariantCulture, DeviceKey.Sql, "device_id")}), count(DISTINCT device_key) FROM device_versions";
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.Equal((3L, 3L, 3L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
    }

    [Fact]
    public void A_diff_with_a_shorter_stale_period_than_the_snapshots_were_stored_with_is_refused()
    {
        using var t = new TestStore();
        t.Write(Monday, [Device("d1", Monday)]);
        t.Write(Monday.AddDays(1), [Device("d1", Monday.AddDays(1), RootMissing())]);
        var e = Assert.Throws<HistoryStoreException>(() => t.Store.Diff(1, 2, new Changes.DiffOptions { StaleDays = 3 }));
        Assert.Equal(HistoryError.InvalidRequest, e.Error);
        Assert.Contains("shorter than the 7 days", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, t.Store.Diff(1, 2, new Changes.DiffOptions { StaleDays = 30 }).NewlyFailing);
    }

    private static int IndexOf(string deviceId) => int.Parse(deviceId[..8], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What the store compares: every field but a fresh device's last report.</summary>
    private static bool SameState(DeviceSnapshotRow now, DeviceSnapshotRow before, DateTimeOffset takenBefore, DateTimeOffset takenNow)
    {
        var staleBefore = before.LastReport < takenBefore.AddDays(-7);
        var staleNow = now.LastReport < takenNow.AddDays(-7);
        return staleBefore == staleNow && (!staleNow || now.LastReport == before.LastReport)
            && now.DeviceName == before.DeviceName && now.UserPrincipalName == before.UserPrincipalName
            && now.DetectionState == before.DetectionState && now.RemediationState == before.RemediationState && now.ResultStatus == before.ResultStatus
            && now.Findings.Select(f => (f.Rule, f.Code, f.Detail)).SequenceEqual(before.Findings.Select(f => (f.Rule, f.Code, f.Detail)))
            && now.Errors.SequenceEqual(before.Errors);
    }

    [Fact]
    public void An_unknown_snapshot_id_is_an_error_that_names_the_ids_there_are()
    {
        using var t = new TestStore();
        t.Write(Monday, [Device("d1", Monday)]);
        t.Write(Monday.AddDays(1), [Device("d1", Monday.AddDays(1), RootMissing())]);
        var e = Assert.Throws<HistoryStoreException>(() => t.Store.Diff(1, 7));
        Assert.Equal(HistoryError.UnknownSnapshot, e.Error);
        Assert.Contains("no snapshot 7", e.Message, StringComparison.Ordinal);
        Assert.Contains("1, 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_writer_while_one_is_open_is_refused()
    {
        using var t = new TestStore();
        using var first = t.Store.BeginSnapshot(new SnapshotStart(Package, Policy, "export", Monday));
        var e = Assert.Throws<HistoryStoreException>(() => t.Store.BeginSnapshot(new SnapshotStart(Package, Policy, "export", Monday)));
        Assert.Equal(HistoryError.InvalidRequest, e.Error);
    }

    [Fact]
    public void The_default_store_lives_under_the_users_local_data_folder()
    {
        var expected = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "aovpn-remediations", "history.duckdb");
        Assert.Equal(expected, HistoryStore.DefaultPath);
    }
}
