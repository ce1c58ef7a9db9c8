namespace AovpnRemediations.Report.Sources;

/// <summary>
/// The short queue between the report's reading thread and its aggregating thread (see ExportJobSource.Pipelined).
/// Why not <see cref="System.Collections.Concurrent.BlockingCollection{T}"/>: its waits spin (SpinWait, then
/// sched_yield) before they block, and when the aggregator is the slower side, as with the snapshot store, the reader
/// spent ~0.25 s of CPU of a 1M-device read spinning on a full queue: CPU that the JIT's and the GC's threads were
/// waiting for on a two-core machine. Here a full queue blocks the reader until half of it has been taken, so it wakes
/// once per half queue rather than once per batch; likewise an empty queue blocks the aggregator until half of it has
/// been filled (or the reader is done). One thread adds, one takes.
/// </summary>
internal sealed class BatchHandOff<T> : IDisposable
    where T : class
{
    private readonly object _gate = new();
    private readonly T?[] _ring;
    private readonly CancellationTokenRegistration _wakeOnCancel;
    private readonly CancellationToken _cancellationToken;
    private int _head;
    private int _count;
    private bool _completed;
    private bool _adderWaits;
    private bool _takerWaits;

    public BatchHandOff(int capacity, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _ring = new T?[capacity];
        _cancellationToken = cancellationToken;
        _wakeOnCancel = cancellationToken.Register(WakeAll);
    }

    /// <summary>Batches waiting, as last seen: a hint for the adding side (how far the taker is behind), read without the lock.</summary>
    public int Backlog => Volatile.Read(ref _count);

    /// <summary>Queues a batch, waiting while the queue is full; throws <see cref="OperationCanceledException"/> once cancelled.</summary>
    public void Add(T batch)
    {
        lock (_gate)
        {
            if (_count == _ring.Length)
            {
                _adderWaits = true;
                while (_count > _ring.Length / 2 && !_cancellationToken.IsCancellationRequested)
                {
                    Monitor.Wait(_gate);
                }

                _adderWaits = false;
            }

            _cancellationToken.ThrowIfCancellationRequested();
            _ring[(_head + _count) % _ring.Length] = batch;
            _count++;
            if (_takerWaits && _count == _ring.Length / 2)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>No more batches: the taker gets the ones queued, then false.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The next batch, waiting while the queue is empty; false once it is empty and complete. Throws once cancelled.</summary>
    public bool TryTake(out T batch)
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                _takerWaits = true;
                while (_count < _ring.Length / 2 && !_completed && !_cancellationToken.IsCancellationRequested)
                {
                    Monitor.Wait(_gate);
                }

                _takerWaits = false;
            }

            _cancellationToken.ThrowIfCancellationRequested();
            if (_count == 0)
            {
                batch = null!; // the wait above ends on an empty queue only once it is complete
                return false;
            }

            batch = _ring[_head]!;
            _ring[_head] = null; // a taken batch must not outlive its rows' use: every row still referenced survives a collection
            _head = (_head + 1) % _ring.Length;
            _count--;
            if (_adderWaits && _count <= _ring.Length / 2)
            {
                Monitor.Pulse(_gate);
            }

            return true;
        }
    }

    public void Dispose() => _wakeOnCancel.Dispose();

    private void WakeAll()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }
}
