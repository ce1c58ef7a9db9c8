using AovpnRemediations.History.Model;
using AovpnRemediations.History.Store;
using static AovpnRemediations.History.Tests.TestStore;

namespace AovpnRemediations.History.Tests;

/// <summary>
/// The current versions an ingest compares with are <c>current_versions</c> as of the chain's base snapshot, with the
/// later snapshots' versions replayed over them; <c>current_versions</c> is brought up to date only now and then. Two
/// weeks of a fleet whose devices change, leave, come back and are listed twice are written to a store that brings it
/// up to date at nearly every commit and to one that never does after the first: both must store what the fleet did.
/// </summary>
public sealed class CurrentVersionsTests
{
    private const int Devices = 600;
    private const int Days = 14;

    [Fact]
    public void Versions_tombstones_and_each_snapshots_failing_devices_follow_the_fleet_whether_or_not_current_versions_is_brought_up_to_date()
    {
        using var often = new TestStore(new HistoryStoreOptions { CompactAfterVersions = 20 });
        using var never = new TestStore(new HistoryStoreOptions { CompactAfterVersions = int.MaxValue });
        var committed = new Dictionary<int, int>(); // device -> its stored thumbprint variant (0: ok), for devices present
        for (var day = 0; day < Days; day++)
        {
            var takenAt = Monday.AddDays(day);
            var present = Enumerable.Range(0, Devices).Where(i => Present(i, day)).ToList();
            var rows = present.Select(i => Row(i, Variant(i, day), takenAt.AddHours(-2))).ToList();
            // Two devices listed twice on odd days: the later report wins, with another variant than the first listing.
            var twice = day % 2 == 1 ? present.Take(2).ToList() : [];
            rows.AddRange(twice.Select(i => Row(i, Variant(i, day) + 7, takenAt.AddHours(-1))));
            var winners = present.ToDictionary(i => i, i => twice.Contains(i) ? Variant(i, day) + 7 : Variant(i, day));

            var expectedVersions = present.Count(i => !committed.TryGetValue(i, out var before) || before != winners[i]);
            var expectedTombstones = committed.Keys.Count(i => !winners.ContainsKey(i));
            foreach (var t in new[] { often, never })
            {
                using var writer = t.Store.BeginSnapshot(new SnapshotStart(Package, Policy, "export", takenAt));
                Assert.Equal(committed.Count, writer.KnownDevices);
                foreach (var row in rows)
                {
                    writer.Add(row);
                }

                var snapshot = writer.Commit().Snapshot;
                Assert.Equal(expectedTombstones, writer.Tombstones);
                if (twice.Count == 0)
                {
                    Assert.Equal(expectedVersions, writer.VersionsWritten);
                }

                Assert.Equal(present.Count, snapshot.Devices);
                var failing = t.Store.DevicesWith(snapshot, "AOVPN2001", "RootMissing").Select(d => (d.DeviceId, d.Detail)).Order().ToList();
                Assert.Equal(winners.Where(w => w.Value != 0).Select(w => ($"d{w.Key}", $"thumbprint=T{w.Value}")).Order().ToList(), failing);
            }

            committed = winners;
            if (day == Days / 2)
            {
                often.Reopen();
                never.Reopen();
            }
        }

        // Both stores answer a diff across the whole fortnight alike.
        var first = often.Store.ListSnapshots()[0].Id;
        var last = often.Store.ListSnapshots()[^1].Id;
        var a = often.Store.Diff(first, last);
        var b = never.Store.Diff(first, last);
        Assert.Equal((a.NewlyFailing, a.Fixed, a.Recurring, a.GoneStale), (b.NewlyFailing, b.Fixed, b.Recurring, b.GoneStale));
        Assert.True(a.NewlyFailing > 0 && a.Fixed > 0, $"{a.NewlyFailing} newly failing, {a.Fixed} fixed");

        // The one store did bring current_versions up to date (more than once: its base is a late snapshot), the other never did.
        often.Store.Dispose();
        never.Store.Dispose();
        Assert.True(BaseOf(often.Path) > first + 2, $"base {BaseOf(often.Path)}");
        Assert.Equal(first, BaseOf(never.Path));
    }

    private static long BaseOf(string path)
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT snapshot_id FROM current_bases";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void The_all_zeros_device_that_left_gets_one_tombstone_and_coming_back_unchanged_is_written_again()
    {
        const string Zero = "00000000-0000-0000-0000-000000000000";
        using var t = new TestStore(new HistoryStoreOptions { CompactAfterVersions = int.MaxValue });
        var others = Enumerable.Range(1, 50).Select(i => $"d{i}").ToList();
        List<DeviceSnapshotRow> Rows(int day, bool withZero) =>
            [.. others.Select(o => Device(o, Monday.AddDays(day))), .. withZero ? [Device(Zero, Monday, RootMissing("Z1"))] : Array.Empty<DeviceSnapshotRow>()];

        t.Write(Monday, Rows(0, withZero: true));
        Assert.Equal(1, Write(t, Monday.AddDays(1), Rows(1, withZero: false)).Tombstones); // it leaves: the tombstone is a newer version
        Assert.Equal(0, Write(t, Monday.AddDays(2), Rows(2, withZero: false)).Tombstones); // still away: gone, not unseen
        var back = Write(t, Monday.AddDays(3), Rows(3, withZero: true));
        Assert.Equal(1, back.VersionsWritten);
        Assert.Equal([Zero], t.Store.DevicesWith(t.Store.ListSnapshots()[^1], "AOVPN2001", "RootMissing").Select(d => d.DeviceId).ToList());
    }

    [Fact]
    public void A_device_listed_twice_whose_winner_is_its_state_before_the_newer_versions_gets_that_state_written()
    {
        using var t = new TestStore(new HistoryStoreOptions { CompactAfterVersions = int.MaxValue });
        var others = Enumerable.Range(1, 50).Select(i => Device($"d{i}", Monday)).ToList();
        t.Write(Monday, [.. others, Device("dx", Monday, RootMissing("X1"))]); // the base: X1
        t.Write(Monday.AddDays(1), [.. others, Device("dx", Monday, RootMissing("Y2"))]); // a newer version: Y2
        // Listed twice; the later report wins and is X1 again, which current_versions (the base) still holds.
        var snapshot = t.Write(Monday.AddDays(2),
        [
            .. others,
            Device("dx", Monday.AddDays(2).AddHours(-3), "issue", RootMissing("Q3")),
            Device("dx", Monday.AddDays(2), RootMissing("X1")),
        ]).Snapshot;
        Assert.Equal(["thumbprint=X1"], t.Store.DevicesWith(snapshot, "AOVPN2001", "RootMissing").Select(d => d.Detail).ToList());
    }

    private static SnapshotWriter Write(TestStore t, DateTimeOffset takenAt, IEnumerable<DeviceSnapshotRow> rows)
    {
        var writer = t.Store.BeginSnapshot(new SnapshotStart(Package, Policy, "export", takenAt));
        foreach (var row in rows)
        {
            writer.Add(row);
        }

        writer.Commit();
        return writer;
    }

    /// <summary>About one device in twelve is away on a given day, and comes back on others.</summary>
    private static bool Present(int device, int day) => Mix(device, day, 1) % 12 != 0;

    /// <summary>The device's finding: none for most, one of three thumbprints for the rest, changing every few days.</summary>
    private static int Variant(int device, int day) => Mix(device, day / (1 + (device % 4)), 2) % 5 is var v && v > 2 ? 0 : v + 1;

    private static DeviceSnapshotRow Row(int device, int variant, DateTimeOffset lastReport) =>
        Device($"d{device}", lastReport, variant == 0 ? "ok" : "issue", variant == 0 ? [] : [RootMissing($"T{variant}")]);

    private static int Mix(int device, int day, int salt)
    {
        var x = (uint)((device * 0x9E3779B1) ^ (day * 0x85EBCA77) ^ (salt * 0xC2B2AE3D));
        x ^= x >> 15;
        x *= 0x2C1B3C6D;
        x ^= x >> 12;
        return (int)(x & 0x7FFFFFFF);
    }
}
