using System.Diagnostics;
using AovpnRemediations.History.Model;
using AovpnRemediations.History.Store;
using static AovpnRemediations.History.Tests.TestStore;

namespace AovpnRemediations.History.Tests;

/// <summary>A snapshot is written whole or not at all: a killed process, a failure halfway, a full disk.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task A_process_killed_mid_write_leaves_earlier_snapshots_intact_and_the_store_writable()
    {
        using var t = new TestStore();
        var first = t.Write(Monday, new SyntheticFleet(1_000).Rows(0)).Snapshot;
        t.Store.Dispose();

        var child = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        child.ArgumentList.Add(typeof(CrashChild).Assembly.Location);
        child.ArgumentList.Add("crash-child");
        child.ArgumentList.Add(t.Path);
        using var process = Process.Start(child)!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(3));
            Assert.StartsWith("writing", line ?? await process.StandardError.ReadToEndAsync(), StringComparison.Ordinal);

            // While it writes, the file is locked for this process too, with a message that says so.
            var busy = Assert.Throws<HistoryStoreException>(() => HistoryStore.Open(t.Path));
            Assert.Equal(HistoryError.InUse, busy.Error);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        t.Reopen();
        Assert.Equal([first], t.Store.ListSnapshots());
        Assert.Equal(first.FailingDevices, t.Store.Trend(Package).Snapshots.Single().FailingDevices);
        var next = t.Write(Monday.AddDays(1), new SyntheticFleet(1_000).Rows(1)).Snapshot;
        Assert.Equal(2, next.Id);
        Assert.Equal(1_000, next.Devices);
        t.Store.Diff(first.Id, next.Id);
    }

    [Fact]
    public void A_source_that_fails_halfway_stores_nothing_of_that_snapshot()
    {
        using var t = new TestStore();
        var first = t.Write(Monday, new SyntheticFleet(2_000).Rows(0)).Snapshot;
        var fleet = new SyntheticFleet(100_000);
        Assert.Throws<IOException>(() =>
        {
            using var writer = t.Store.BeginSnapshot(new(Package, Policy, "export", Monday.AddDays(1)));
            var i = 0;
            foreach (var row in fleet.Rows(1))
            {
                writer.Add(row);
                if (++i == 50_000)
                {
                    throw new IOException("The export download was cut off.");
                }
            }

            writer.Commit();
        });

        t.Reopen();
        Assert.Equal([first], t.Store.ListSnapshots());
        Assert.Equal(2, t.Write(Monday.AddDays(1), fleet.Rows(1).Take(10)).Snapshot.Id);
    }

    [Fact]
    public void A_write_that_fails_inside_the_store_rolls_back_and_says_so()
    {
        using var t = new TestStore();
        var first = t.Write(Monday, new SyntheticFleet(2_000).Rows(0)).Snapshot;
        var e = Assert.Throws<HistoryStoreException>(() =>
        {
            using var writer = t.Store.BeginSnapshot(new(Package, Policy, "export", Monday.AddDays(1)));
            writer.AfterRow = n =>
            {
                if (n == 30_000)
                {
                    throw new IOException("No space left on device");
                }
            };
            foreach (var row in new SyntheticFleet(60_000).Rows(1))
            {
                writer.Add(row);
            }

            writer.Commit();
        });
        Assert.Equal(HistoryError.DiskFull, e.Error);
        Assert.Contains("earlier snapshots are intact", e.Message, StringComparison.Ordinal);
        t.Reopen();
        Assert.Equal([first], t.Store.ListSnapshots());
    }

    [Fact]
    public void A_load_of_the_current_versions_that_fails_on_its_thread_fails_the_snapshot_at_the_first_row()
    {
        using var t = new TestStore();
        var first = t.Write(Monday, new SyntheticFleet(2_000).Rows(0)).Snapshot;
        t.Store.LoadFault = () => throw new IOException("No space left on device");
        var writer = t.Store.BeginSnapshot(new(Package, Policy, "export", Monday.AddDays(1)));
        var rows = new SyntheticFleet(2_000).Rows(1).ToList();
        var e = Assert.Throws<HistoryStoreException>(() => writer.Add(rows[0]));
        Assert.Equal(HistoryError.DiskFull, e.Error);
        Assert.Contains("earlier snapshots are intact", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => writer.Add(rows[1])); // the writer is closed, not half open
        writer.Dispose();

        // The store was rolled back and handed back: it lists, and takes the next snapshot whole.
        t.Store.LoadFault = null;
        Assert.Equal([first], t.Store.ListSnapshots());
        var next = t.Write(Monday.AddDays(1), rows).Snapshot;
        Assert.Equal(2, next.Id);
        Assert.Equal(2_000, next.Devices);
        t.Reopen();
        Assert.Equal([first.Id, next.Id], t.Store.ListSnapshots().Select(s => s.Id));
    }

    [Fact]
    public async Task The_store_used_while_a_writer_loads_waits_for_the_load_and_a_writer_disposed_at_once_stores_nothing()
    {
        var fleet = new SyntheticFleet(60_000);
        var day0 = SyntheticFleet.TakenAt(0);
        var day1 = SyntheticFleet.TakenAt(1);
        using var control = new TestStore(); // the same two days, written without any waiting
        control.Write(day0, fleet.Rows(0));
        var expected = control.Write(day1, fleet.Rows(1)).Snapshot;

        using var t = new TestStore();
        var first = t.Write(day0, fleet.Rows(0)).Snapshot;
        using var loading = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        t.Store.LoadFault = () =>
        {
            loading.Set();
            release.Wait(TimeSpan.FromSeconds(30)); // hold the load so that what follows finds it running
        };

        // Disposed while its load still runs: the rollback waits for the connection, and nothing is stored.
        var abandoned = t.Store.BeginSnapshot(new(Package, Policy, "export", day1));
        Assert.True(loading.Wait(TimeSpan.FromSeconds(30)));
        var disposed = Task.Run(abandoned.Dispose);
        Assert.False(await Ends(disposed, 200)); // it waits for the load...
        release.Set();
        Assert.True(await Ends(disposed, 30_000)); // ...and ends once the load is over
        Assert.Equal([first], t.Store.ListSnapshots());

        // Queried while the next writer loads: the query waits its turn, then the snapshot goes in as if nothing waited.
        loading.Reset();
        release.Reset();
        using var writer = t.Store.BeginSnapshot(new(Package, Policy, "export", day1));
        Assert.True(loading.Wait(TimeSpan.FromSeconds(30)));
        var listed = Task.Run(() => t.Store.ListSnapshots());
        Assert.False(await Ends(listed, 200));
        release.Set();
        Assert.Equal([first], await listed);
        Assert.Equal(60_000, writer.KnownDevices);
        foreach (var row in fleet.Rows(1))
        {
            writer.Add(row);
        }

        var second = writer.Commit().Snapshot;
        Assert.Equal((expected.Devices, expected.StaleDevices, expected.FailingDevices, expected.ContentHash),
            (second.Devices, second.StaleDevices, second.FailingDevices, second.ContentHash));
        Assert.Equal(control.Store.Diff(1, 2).NewlyFailing, t.Store.Diff(first.Id, second.Id).NewlyFailing);

        static async Task<bool> Ends(Task task, int milliseconds) => await Task.WhenAny(task, Task.Delay(milliseconds)) == task;
    }

    /// <summary>A real full disk: a 6 MB tmpfs (root can mount one; where it cannot, the test above covers the same path through a seam).</summary>
    [Fact]
    public void A_full_disk_fails_the_snapshot_with_a_clear_message_and_keeps_the_earlier_ones()
    {
        var mount = Directory.CreateTempSubdirectory("aovpn-history-full-").FullName;
        if (!Mount(mount))
        {
            Directory.Delete(mount);
            return;
        }

        try
        {
            var path = Path.Combine(mount, "history.duckdb");
            SnapshotInfo first;
            using (var store = HistoryStore.Open(path))
            {
                using var writer = store.BeginSnapshot(new(Package, Policy, "export", Monday));
                foreach (var row in new SyntheticFleet(1_000).Rows(0))
                {
                    writer.Add(row);
                }

                first = writer.Commit().Snapshot;
            }

            var e = Assert.Throws<HistoryStoreException>(() =>
            {
                using var store = HistoryStore.Open(path);
                using var writer = store.BeginSnapshot(new(Package, Policy, "export", Monday.AddDays(1)));
                foreach (var row in new SyntheticFleet(1_000_000).Rows(1))
                {
                    writer.Add(row);
                }

                writer.Commit();
            });
            Assert.True(e.Error == HistoryError.DiskFull, e.ToString());
            Assert.Contains("the disk is full", e.Message, StringComparison.Ordinal);

            using var reopened = HistoryStore.Open(path, new HistoryStoreOptions { ReadOnly = true });
            Assert.Equal([first], reopened.ListSnapshots());
            Assert.Single(reopened.Trend(Package).Snapshots);
        }
        finally
        {
            Run("umount", mount);
            Directory.Delete(mount, recursive: true);
        }
    }

    private static bool Mount(string folder) => OperatingSystem.IsLinux() && Run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", folder) == 0;

    private static int Run(string file, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
