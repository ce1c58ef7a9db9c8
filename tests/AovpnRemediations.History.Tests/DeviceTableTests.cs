using AovpnRemediations.History;
using AovpnRemediations.History.Model;
using AovpnRemediations.History.Store;

namespace AovpnRemediations.History.Tests;

public sealed class DeviceTableTests
{
    [Fact]
    public void The_device_table_keeps_every_device_through_growth_and_reports_the_unseen_ones()
    {
        // Counting GUIDs (as tests and some sources use) and the all-zeros key, well past the expected size.
        using var table = new DeviceTable(expected: 10);
        var keys = Enumerable.Range(0, 5_000).Select(i => new Guid(i, 0, 0, new byte[8])).ToList();
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            table.AddUnseen(key, (ulong)i + 100);
        }

        Assert.Equal(5_000, table.Count);
        for (var i = 0; i < keys.Count; i += 2)
        {
            ref var value = ref table.See(keys[i], out var known, out var seen);
            Assert.True(known);
            Assert.False(seen);
            Assert.Equal((ulong)i + 100, value);
            value = 7;
        }

        _ = table.See(Guid.NewGuid(), out var newKnown, out _);
        Assert.False(newKnown);
        Assert.Equal(7UL, table.See(keys[0], out _, out var again));
        Assert.True(again);
        Assert.Equal(keys.Where((_, i) => i % 2 == 1).ToHashSet(), table.Unseen().ToHashSet());
        Assert.Equal(2_500, table.Unseen().Count());
    }

    [Fact]
    public void The_all_zeros_device_key_is_a_device_like_any_other()
    {
        using var table = new DeviceTable(expected: 4);
        table.AddUnseen(Guid.Empty, 42);
        Assert.Equal([Guid.Empty], table.Unseen());
        Assert.Equal(42UL, table.See(Guid.Empty, out var known, out var seen));
        Assert.True(known);
        Assert.False(seen);
        Assert.Empty(table.Unseen());
    }

    [Fact]
    public void A_table_in_huge_page_memory_keeps_random_devices_and_once_disposed_refuses_lookups()
    {
        // 300,000 devices: 375,000 slots of 24 bytes, 9 MB, so the slots take the 2 MB-aligned (huge page) path.
        var random = new Random(7);
        var keys = Enumerable.Range(0, 300_000).Select(_ =>
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes);
        }).ToList();
        var table = new DeviceTable(expected: keys.Count);
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            table.AddUnseen(key, (ulong)i);
        }

        for (var i = 0; i < keys.Count; i += 3)
        {
            Assert.Equal((ulong)i, table.See(keys[i], out var known, out _));
            Assert.True(known);
        }

        Assert.Equal(keys.Count - ((keys.Count + 2) / 3), table.Unseen().Count());
        table.Dispose();
        Assert.Throws<ObjectDisposedException>(() => table.See(keys[1], out _, out _));
        Assert.Throws<ObjectDisposedException>(() => table.Unseen().First());
        table.Dispose(); // twice is harmless
    }

    [Fact]
    public void Gone_devices_stay_gone_through_growth_are_unknown_and_never_unseen()
    {
        using var table = new DeviceTable(expected: 10);
        var keys = Enumerable.Range(1, 3_000).Select(i => new Guid(i, 0, 0, new byte[8])).ToList();
        foreach (var key in keys)
        {
            Assert.True(table.AddUnseen(key, 5));
        }

        for (var i = 0; i < keys.Count; i += 2)
        {
            Assert.True(table.MarkGone(keys[i]));
        }

        Assert.False(table.MarkGone(keys[0])); // already gone
        Assert.False(table.MarkGone(Guid.Empty)); // was not there: added as gone
        foreach (var i in Enumerable.Range(5_000, 5_000))
        {
            table.AddUnseen(new Guid(i, 0, 0, new byte[8]), 6); // grows the table several times over
        }

        Assert.DoesNotContain(Guid.Empty, table.Unseen());
        Assert.Equal(1_500 + 5_000, table.Unseen().Count());
        for (var i = 0; i < keys.Count; i++)
        {
            _ = table.See(keys[i], out var known, out _);
            Assert.Equal(i % 2 == 1, known);
        }

        _ = table.See(Guid.Empty, out var zeroKnown, out _);
        Assert.False(zeroKnown);
        Assert.True(table.AddUnseen(keys[2], 7)); // a gone device added again is back
    }

    [Fact]
    public void A_background_sink_hands_over_every_row_in_order_and_rethrows_the_inner_sink_failure()
    {
        var taken = new List<string>();
        using (var sink = new BackgroundSink(new Recording(taken, failAt: -1)))
        {
            for (var i = 0; i < 1_000; i++)
            {
                sink.Add(new DeviceSnapshotRow($"d{i}", "", "", null, "ok"));
            }

            sink.WaitForRows();
        }

        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => $"d{i}"), taken);

        var failing = new BackgroundSink(new Recording([], failAt: 100));
        var e = Assert.Throws<IOException>(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                failing.Add(new DeviceSnapshotRow($"d{i}", "", "", null, "ok"));
            }

            failing.WaitForRows();
        });
        Assert.Equal("disk full at 100", e.Message);
        failing.Dispose();
    }

    private sealed class Recording(List<string> taken, int failAt) : IDeviceRowSink
    {
        public void Add(DeviceSnapshotRow row)
        {
            if (taken.Count == failAt)
            {
                throw new IOException($"disk full at {failAt}");
            }

            taken.Add(row.DeviceId);
        }

        public Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
