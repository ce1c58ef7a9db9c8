using System.Globalization;
using AovpnRemediations.History.Model;
using AovpnRemediations.History.Store;
using DuckDB.NET.Data;
using static AovpnRemediations.History.Tests.TestStore;

namespace AovpnRemediations.History.Tests;

/// <summary>
/// A package's first snapshot keeps only a fingerprint per device (<see cref="FirstSightSet"/>); a row whose fingerprint
/// was seen is held back and settled by key at the commit. Whatever the fingerprints, what is stored must be what the
/// rows say: each device once, its latest report winning, the later row on a tie.
/// </summary>
public sealed class FirstSnapshotTests
{
    [Fact]
    public void The_first_sight_set_says_seen_only_for_a_key_added_before_through_growth()
    {
        using var set = new FirstSightSet(expected: 10);
        var keys = Enumerable.Range(0, 5_000).Select(i => new Guid(i, 0, 0, new byte[8])).ToList(); // the first is all zeros
        Assert.All(keys, key => Assert.True(set.Add(key)));
        Assert.All(keys, key => Assert.False(set.Add(key)));
        Assert.Equal(keys.Count, set.Count);
        Assert.True(set.Add(Guid.NewGuid()));
    }

    [Fact]
    public void Keys_that_share_a_fingerprint_look_seen_to_the_set()
    {
        using var set = new FirstSightSet(expected: 10, fingerprintOf: _ => 42);
        Assert.True(set.Add(Guid.NewGuid()));
        Assert.False(set.Add(Guid.NewGuid()));
    }

    [Fact]
    public void A_first_snapshot_where_every_device_shares_one_fingerprint_stores_what_one_without_collisions_stores()
    {
        var rows = FleetWithRepeats(out var winners);
        using var plain = new TestStore();
        using var colliding = new TestStore();
        colliding.Store.FingerprintOf = _ => 42; // every device after the first is held back and settled at the commit
        var snapshots = new[] { plain, colliding }.Select(t => t.Write(Monday, rows).Snapshot).ToList();

        Assert.All(snapshots, s => Assert.Equal(winners.Count, s.Devices));
        Assert.Equal(snapshots[0].FailingDevices, snapshots[1].FailingDevices);
        Assert.Equal(snapshots[0].StaleDevices, snapshots[1].StaleDevices);
        var stored = new[] { plain, colliding }.Select(StoredRows).ToList();
        Assert.Equal(stored[0], stored[1]);
        // And it is the winners: one row per device, its latest report, the later row on a tie.
        Assert.Equal(winners.Select(w => Describe(w.Value)).Order(StringComparer.Ordinal), stored[0].Select(row => row.Split('#')[0]).Order(StringComparer.Ordinal));
        Assert.Equal(Counts(plain), Counts(colliding));
        Assert.NotEmpty(Counts(plain));
    }

    [Fact]
    public void Reports_within_the_same_microsecond_are_a_tie_in_the_first_snapshot_and_later_ones_alike()
    {
        // The store keeps microseconds: a first row 0.5 us into the microsecond and a second 0.3 us into it tie, and
        // the later row wins whether the first one is held in memory (a later snapshot) or only in the store (the first).
        var at = Monday.AddHours(-1).AddTicks(5);
        using var t = new TestStore();
        for (var day = 0; day < 2; day++)
        {
            var takenAt = Monday.AddDays(day);
            var first = Device("d1", at.AddDays(day), "ok");
            var second = Device("d1", at.AddDays(day).AddTicks(-2), "issue", RootMissing("T" + day.ToString(CultureInfo.InvariantCulture)));
            var snapshot = t.Write(takenAt, [Device("d0", takenAt), first, second]).Snapshot;
            Assert.Equal(2, snapshot.Devices);
            Assert.Equal(["thumbprint=T" + day.ToString(CultureInfo.InvariantCulture)], t.Store.DevicesWith(snapshot, "AOVPN2001", "RootMissing").Select(d => d.Detail).ToList());
        }
    }

    /// <summary>
    /// 400 devices; every seventh listed twice (later, earlier or the same report as its first row), every thirtieth
    /// three times, some never reported. <paramref name="winners"/>: the row each device should keep.
    /// </summary>
    private static List<DeviceSnapshotRow> FleetWithRepeats(out Dictionary<string, DeviceSnapshotRow> winners)
    {
        var rows = new List<DeviceSnapshotRow>();
        var repeats = new List<DeviceSnapshotRow>();
        winners = [];
        for (var i = 0; i < 400; i++)
        {
            var id = $"d{i}";
            DateTimeOffset? report = i % 11 == 0 ? null : Monday.AddMinutes(-(i % 90) - 1);
            var first = Device(id, report, i % 3 == 0 ? "issue" : "ok", i % 3 == 0 ? [RootMissing("F" + i.ToString(CultureInfo.InvariantCulture))] : []);
            rows.Add(first);
            winners[id] = first;
            if (i % 7 == 0)
            {
                // 0: a later report wins; 1: an earlier one loses; 2: the same report, and the later row wins.
                var shift = (i / 7 % 3) switch { 0 => TimeSpan.FromMinutes(5), 1 => TimeSpan.FromMinutes(-5), _ => TimeSpan.Zero };
                var again = Device(id, report + shift, "issue", CertExpired());
                repeats.Add(again);
                if (shift >= TimeSpan.Zero || report is null)
                {
                    winners[id] = again;
                }
            }

            if (i % 30 == 0)
            {
                var third = Device(id, report?.AddMinutes(-30), "issue", RootMissing("Z"));
                repeats.Add(third);
                if (report is null)
                {
                    winners[id] = third; // no report on any row: all tie, the last wins
                }
            }
        }

        // Repeats come later in the export, as a repeated page would, not next to their first row.
        return [.. rows, .. repeats];
    }

    private static string Describe(DeviceSnapshotRow row) =>
        string.Join('|', row.DeviceId, row.ResultStatus, row.LastReport?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "-",
            string.Join(',', row.Findings.Select(f => f.Code).Order(StringComparer.Ordinal)));

    /// <summary>The stored device rows, described as <see cref="Describe"/> does with each finding's stored detail after it, sorted.</summary>
    private static List<string> StoredRows(TestStore t) =>
        Query(t, """
            SELECT v.device_id, v.status, v.last_report,
                   coalesce((SELECT string_agg(f.code, ',' ORDER BY f.code) FROM version_findings f
                             WHERE f.snapshot_id = v.snapshot_id AND f.device_key = v.device_key AND f.kind = 0), ''),
                   coalesce((SELECT string_agg(f.detail, ',' ORDER BY f.code) FROM version_findings f
                             WHERE f.snapshot_id = v.snapshot_id AND f.device_key = v.device_key AND f.kind = 0), '')
            FROM device_versions v WHERE NOT v.gone
            """, r => string.Join('|', r.GetString(0), r.GetString(1),
                r.IsDBNull(2) ? "-" : new DateTimeOffset(r.GetDateTime(2), TimeSpan.Zero).UtcDateTime.ToString("O", CultureInfo.InvariantCulture), r.GetString(3))
                + "#" + r.GetString(4))
        .Order(StringComparer.Ordinal).ToList();

    private static List<string> Counts(TestStore t) =>
        Query(t, "SELECT kind, rule, code, devices, fresh_devices FROM finding_counts ORDER BY ALL",
            r => string.Join('|', Enumerable.Range(0, 5).Select(i => Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));

    private static List<string> Query(TestStore t, string sql, Func<DuckDBDataReader, string> describe)
    {
        t.Store.Dispose(); // the store's connection lets go of the file
        using var connection = new DuckDBConnection($"Data Source={t.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(describe(reader));
        }

        return rows;
    }
}
