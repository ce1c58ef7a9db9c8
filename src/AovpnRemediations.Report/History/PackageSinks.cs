using AovpnRemediations.History;
using AovpnRemediations.History.LogAnalytics;
using AovpnRemediations.History.Model;
using AovpnRemediations.History.Parquet;
using AovpnRemediations.History.Store;

namespace AovpnRemediations.Report.History;

/// <summary>
/// The sinks of one package in one report run: its snapshot in the store, its Log Analytics rows, its rows in the run's
/// Parquet file. <see cref="Begin"/> opens them; completing the returned scope commits the snapshot and waits for every
/// Log Analytics batch; disposing it without completing rolls the snapshot back and drops unsent rows.
/// </summary>
internal sealed class PackageSinks(HistoryStore? store, ReportHistory? history, ParquetSnapshotWriter? parquet, string runId)
{
    public string RunId { get; } = runId;

    public string? StorePath { get; } = store?.Path;

    public List<StoredSnapshot> Stored { get; } = [];

    public List<(string PackageId, LogAnalyticsResult Result)> Sent { get; } = [];

    public Scope Begin(SnapshotStart start)
    {
        var run = RunContext.From(start);
        parquet?.Use(run);
        var writer = store?.BeginSnapshot(start);
        var logs = history?.LogAnalytics is { } target ? new LogAnalyticsSink(target.Options, target.Credential, run) : null;
        var sinks = new List<IDeviceRowSink>(2);
        if (logs is not null)
        {
            sinks.Add(logs);
        }

        if (parquet is not null)
        {
            sinks.Add(new Unclosed(parquet));
        }

        // The store's writer runs on the aggregating thread. On its own thread behind a BackgroundSink, a steady 1M-device
        // read took 1.41-1.70 s instead of 1.20-1.38 s: with the reader, the aggregator and it sharing two cores, each
        // row handed over cost more (its allocation, the queue, the cache misses of reading it on another core) than it
        // moved off the aggregating thread. Log Analytics and Parquet encode and send rows, so they keep a thread of their own.
        var background = sinks.Count == 0 ? null : new BackgroundSink(sinks.Count == 1 ? sinks[0] : new FanOutSink([.. sinks]));
        return new Scope(this, start, writer, logs, background);
    }

    internal sealed class Scope(PackageSinks owner, SnapshotStart start, SnapshotWriter? writer, LogAnalyticsSink? logs, BackgroundSink? background) : IAsyncDisposable
    {
        private bool _completed;

        public SnapshotRowMapper? Mapper { get; } = (writer, background) switch
        {
            (null, null) => null,
            (not null, null) => new SnapshotRowMapper(writer),
            (null, not null) => new SnapshotRowMapper(background),
            (not null, not null) => new SnapshotRowMapper(new FanOutSink(writer, background)),
        };

        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            background?.WaitForRows();

            // Log Analytics first: a refused batch fails the run before the snapshot says the run went through.
            if (logs is not null)
            {
                owner.Sent.Add((start.PackageId, await logs.CompleteWithResultAsync(cancellationToken).ConfigureAwait(false)));
            }

            if (writer is not null)
            {
                var commit = writer.Commit();
                owner.Stored.Add(new StoredSnapshot(commit.Snapshot, commit.Duplicate, commit.Duplicate ? 0 : writer.VersionsWritten, commit.Duplicate ? 0 : writer.Tombstones, owner.StorePath!));
            }

            _completed = true;
        }

        public async ValueTask DisposeAsync()
        {
            // The sinks' thread ends first: nothing may still be adding rows to the writer it rolls back.
            background?.Dispose();
            if (!_completed)
            {
                writer?.Dispose();
            }

            if (logs is not null)
            {
                await logs.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The run's Parquet file takes every package's rows: it is completed once, by the report, not per package.</summary>
    private sealed class Unclosed(ParquetSnapshotWriter parquet) : IDeviceRowSink
    {
        public void Add(DeviceSnapshotRow row) => parquet.Add(row);

        public Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
