using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using AovpnRemediations.History.Model;

namespace AovpnRemediations.History;

/// <summary>
/// Runs another sink on a thread of its own: <see cref="Add"/> only queues the row, so the sinks that encode every row
/// and send it (Log Analytics, Parquet) do that off the report's aggregating thread. The snapshot store's writer does
/// not use it: its per-device work costs less than handing each row to another core (see PackageSinks).
/// <para>
/// The inner sink sees every row in order, on one thread, and is completed on the caller's thread only after that
/// thread has finished, so it needs no locks. A failure of the inner sink stops it: the next <see cref="Add"/> (or
/// <see cref="CompleteAsync"/>) rethrows that exception as it was thrown, which ends the read as if the inner sink had
/// been called directly, and the caller disposes the inner sink as before (a snapshot writer then rolls back).
/// Rows cross in small batches through a short queue, for the same reason as the report's reader: every row in flight
/// when a collection runs survives it.
/// </para>
/// </summary>
public sealed class BackgroundSink : IDeviceRowSink, IDisposable
{
    private const int BatchSize = 64;
    private const int QueuedBatches = 4;

    private readonly IDeviceRowSink _inner;
    private readonly BlockingCollection<DeviceSnapshotRow[]> _queue = new(QueuedBatches);
    private readonly Thread _worker;
    private DeviceSnapshotRow[] _batch = new DeviceSnapshotRow[BatchSize];
    private int _count;
    private volatile ExceptionDispatchInfo? _failure;
    private volatile bool _abandoned;
    private bool _finished;

    public BackgroundSink(IDeviceRowSink inner)
    {
        _inner = inner;
        _worker = new Thread(Drain) { IsBackground = true, Name = "history sink" };
        _worker.Start();
    }

    public void Add(DeviceSnapshotRow row)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _failure?.Throw();
        _batch[_count++] = row;
        if (_count == BatchSize)
        {
            _queue.Add(_batch);
            _batch = new DeviceSnapshotRow[BatchSize];
            _count = 0;
        }
    }

    /// <summary>Hands over the last rows, waits until the inner sink has taken every one, then completes it.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        WaitForRows();
        await _inner.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hands over the last rows and waits until the inner sink has taken every one (rethrowing its failure); no more rows after this.</summary>
    public void WaitForRows()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_count > 0)
        {
            _queue.Add(_batch[.._count]);
            _count = 0;
        }

        Finish();
        _failure?.Throw();
    }

    /// <summary>Without a completion: the queued rows are dropped and the thread ends; the inner sink is the caller's to dispose.</summary>
    public void Dispose()
    {
        if (!_finished)
        {
            _abandoned = true;
            Finish();
        }

        _queue.Dispose();
    }

    private void Finish()
    {
        _finished = true;
        _queue.CompleteAdding();
        _worker.Join();
    }

    private void Drain()
    {
        foreach (var batch in _queue.GetConsumingEnumerable())
        {
            if (_failure is not null || _abandoned)
            {
                continue; // keep taking batches so the producer never waits on a full queue
            }

            try
            {
                foreach (var row in batch)
                {
                    _inner.Add(row);
                }
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
            }
        }
    }
}
