using System.Collections.Concurrent;
using System.Globalization;
using AovpnRemediations.History.Model;
using DuckDB.NET.Data;

namespace AovpnRemediations.History.Store;

/// <summary>
/// Writes one snapshot inside one transaction: rows go to DuckDB appenders as they are added, and only
/// <see cref="Commit"/> makes them visible. A crash, an exception or a dispose before the commit leaves the store as it
/// was (DuckDB discards an uncommitted transaction, and on reopening replays only committed work from its WAL).
/// <para>
/// Rows are appended on the caller's thread by default. With <see cref="HistoryStoreOptions.BackgroundWrites"/> the
/// caller's <see cref="Add"/> only fills a chunk of rows and a writer thread appends and hashes full chunks; at most
/// <see cref="QueuedChunks"/> chunks wait, so a slow disk slows the reader instead of growing memory.
/// </para>
/// </summary>
public sealed class SnapshotWriter : IDeviceRowSink, IDisposable
{
    internal const int ChunkRows = 2_048;
    internal const int QueuedChunks = 4;

    /// <summary>
    /// A DuckDB appender buffers about 200,000 rows before it moves them into the table; closing and reopening it every
    /// this many rows keeps that buffer small (measured: 180 MB peak RSS for 1M rows without, under 150 MB with).
    /// </summary>
    internal const int RowsPerAppender = 16_384;

    private readonly HistoryStore _store;
    private readonly DuckDBConnection _connection;
    private readonly ContentHash _hash = new();
    private DuckDBAppender _devices;
    private DuckDBAppender _findings;
    private readonly BlockingCollection<DeviceSnapshotRow[]>? _queue;
    private readonly Thread? _thread;
    private DeviceSnapshotRow[] _chunk = new DeviceSnapshotRow[ChunkRows];
    private int _inChunk;
    private volatile Exception? _failure;
    private bool _appendersClosed;
    private State _state = State.Open;

    internal SnapshotWriter(HistoryStore store, DuckDBConnection connection, SnapshotStart start, bool background)
    {
        _store = store;
        _connection = connection;
        Start = start;
        _staleBefore = HistoryStore.Timestamp(start.TakenAt.AddDays(-start.StaleDays));
        try
        {
            HistoryStore.Execute(connection, "BEGIN TRANSACTION");
            Id = Convert.ToInt64(HistoryStore.Scalar(connection, "SELECT coalesce(max(id), 0) + 1 FROM snapshots"), CultureInfo.InvariantCulture);
            _devices = connection.CreateAppender("devices");
            _findings = connection.CreateAppender("findings");
        }
        catch (DuckDBException e)
        {
            TryRollback();
            _state = State.Closed;
            throw HistoryStore.Translate(e, store.Path, "write");
        }

        if (background)
        {
            _queue = new BlockingCollection<DeviceSnapshotRow[]>(QueuedChunks);
            _thread = new Thread(Drain) { IsBackground = true, Name = "history snapshot writer" };
            _thread.Start();
        }
    }

    private readonly DateTime _staleBefore;

    public SnapshotStart Start { get; }

    /// <summary>The id this snapshot gets if it is committed as new.</summary>
    public long Id { get; }

    public long Rows { get; private set; }

    internal bool IsOpen => _state == State.Open;

    /// <summary>Test seam: runs on the writing thread after each appended row, with the number of rows appended so far.</summary>
    internal Action<long>? AfterRow { get; set; }

    /// <summary>Adds one device row. Throws (and the snapshot is lost, nothing else) when writing has already failed.</summary>
    public void Add(DeviceSnapshotRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        EnsureOpen();
        Rows++;
        if (_queue is null)
        {
            try
            {
                Append(row);
            }
            catch (Exception e) when (e is DuckDBException or IOException)
            {
                Abandon();
                throw HistoryStore.Translate(e, _store.Path, "write");
            }

            return;
        }

        _chunk[_inChunk++] = row;
        if (_inChunk == ChunkRows)
        {
            Hand(_chunk, _inChunk);
            _chunk = new DeviceSnapshotRow[ChunkRows];
            _inChunk = 0;
        }
    }

    Task IDeviceRowSink.CompleteAsync(CancellationToken cancellationToken)
    {
        Commit();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Makes the snapshot visible, in one transaction with its summary row and counts; or, when the same export (see
    /// <see cref="ContentHash"/>) is already stored, rolls back and returns that snapshot with <c>Duplicate</c> set.
    /// </summary>
    public SnapshotCommit Commit()
    {
        EnsureOpen();
        try
        {
            if (_queue is not null)
            {
                if (_inChunk > 0)
                {
                    Hand(_chunk, _inChunk);
                    _inChunk = 0;
                }

                _queue.CompleteAdding();
                _thread!.Join();
                if (_failure is not null)
                {
                    throw _failure;
                }
            }

            CloseAppenders();
            var hash = _hash.Finish(Start.PackageId, Start.PolicyId);
            var existing = ExistingWith(hash);
            if (existing is not null)
            {
                HistoryStore.Execute(_connection, "ROLLBACK");
                _state = State.Closed;
                return new SnapshotCommit(_store.GetSnapshot(existing.Value), Duplicate: true);
            }

            Summarise(hash);
            HistoryStore.Execute(_connection, "COMMIT");
            _state = State.Closed;
            return new SnapshotCommit(_store.GetSnapshot(Id), Duplicate: false);
        }
        catch (Exception e) when (e is DuckDBException or HistoryStoreException or IOException or InvalidOperationException)
        {
            Abandon();
            throw e is DuckDBException or IOException ? HistoryStore.Translate(e, _store.Path, "write") : e;
        }
        finally
        {
            if (_state == State.Closed)
            {
                _store.WriterClosed(this);
            }
        }
    }

    /// <summary>Without a commit: stores nothing (the transaction is rolled back).</summary>
    public void Dispose()
    {
        if (_state == State.Open)
        {
            Abandon();
        }
    }

    private void Hand(DeviceSnapshotRow[] chunk, int count)
    {
        if (count < chunk.Length)
        {
            Array.Resize(ref chunk, count);
        }

        try
        {
            // Blocks while the writer thread is QueuedChunks behind: back-pressure instead of memory.
            while (!_queue!.TryAdd(chunk, 100))
            {
                ThrowIfFailed();
            }
        }
        catch (InvalidOperationException) when (_failure is not null)
        {
            ThrowIfFailed();
        }

        ThrowIfFailed();
    }

    private void Drain()
    {
        try
        {
            foreach (var chunk in _queue!.GetConsumingEnumerable())
            {
                foreach (var row in chunk)
                {
                    Append(row);
                }
            }
        }
        catch (Exception e)
        {
            _failure = e is DuckDBException or IOException ? HistoryStore.Translate(e, _store.Path, "write") : e;
            _queue!.CompleteAdding();
            // Drain what is queued so a producer blocked in TryAdd wakes up and sees the failure.
            while (_queue.TryTake(out _))
            {
            }
        }
    }

    private long _appended;

    /// <summary>
    /// Counted as rows are appended, so the commit needs no pass over the snapshot (measured: the SQL recount took about
    /// 1 s of a 1M-device commit). Dropped for the SQL recount when a device repeats or devices send too many codes.
    /// </summary>
    private readonly Dictionary<(byte Kind, string Rule, string Code), long[]> _counts = [];
    private readonly HashSet<(byte, string, string)> _onDevice = [];
    private long _stale;
    private long _failing;
    private bool _countsValid = true;

    private const int MaxCountedKeys = 10_000;

    private void Count(DeviceSnapshotRow row)
    {
        var fresh = row.LastReport is not { } last || last.UtcDateTime >= _staleBefore;
        if (!fresh)
        {
            _stale++;
        }
        else if (row.Findings.Count > 0)
        {
            _failing++;
        }

        if (!_countsValid)
        {
            return;
        }

        _onDevice.Clear();
        foreach (var finding in row.Findings)
        {
            CountKey((0, finding.Rule ?? "", finding.Code ?? ""), fresh);
        }

        foreach (var error in row.Errors)
        {
            CountKey((1, error.Rule ?? "", error.Code ?? ""), fresh);
        }
    }

    private void CountKey((byte, string, string) key, bool fresh)
    {
        if (!_onDevice.Add(key))
        {
            return;
        }

        if (!_counts.TryGetValue(key, out var counts))
        {
            if (_counts.Count >= MaxCountedKeys)
            {
                _countsValid = false;
                return;
            }

            _counts[key] = counts = new long[2];
        }

        counts[0]++;
        if (fresh)
        {
            counts[1]++;
        }
    }

    private void Append(DeviceSnapshotRow row)
    {
        _hash.Add(row);
        Count(row);
        var row1 = _devices.CreateRow()
            .AppendValue(Id)
            .AppendValue(row.DeviceId ?? "")
            .AppendValue(row.DeviceName ?? "")
            .AppendValue(row.UserPrincipalName ?? "");
        (row.LastReport is { } last ? row1.AppendValue(HistoryStore.Timestamp(last)) : row1.AppendNullValue())
            .AppendValue(row.DetectionState ?? "")
            .AppendValue(row.RemediationState ?? "")
            .AppendValue(row.ResultStatus ?? "")
            .EndRow();
        foreach (var finding in row.Findings)
        {
            AppendFinding(row.DeviceId ?? "", finding.Rule, finding.Code, finding.Detail, 0);
        }

        foreach (var error in row.Errors)
        {
            AppendFinding(row.DeviceId ?? "", error.Rule, error.Code, "", 1);
        }

        if (++_appended % RowsPerAppender == 0)
        {
            _devices.Close();
            _findings.Close();
            _devices = _connection.CreateAppender("devices");
            _findings = _connection.CreateAppender("findings");
        }

        AfterRow?.Invoke(_appended);
    }

    // Column order of v2's findings: the migration appended kind last.
    private void AppendFinding(string deviceId, string rule, string code, string detail, byte kind) =>
        _findings.CreateRow()
            .AppendValue(Id)
            .AppendValue(deviceId)
            .AppendValue(rule ?? "")
            .AppendValue(code ?? "")
            .AppendValue(detail ?? "")
            .AppendValue(kind)
            .EndRow();

    private long? ExistingWith(string hash)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT min(id) FROM snapshots WHERE package_id = $package AND policy_id = $policy AND content_hash = $hash";
        command.Parameters.Add(new DuckDBParameter("package", Start.PackageId));
        command.Parameters.Add(new DuckDBParameter("policy", Start.PolicyId));
        command.Parameters.Add(new DuckDBParameter("hash", hash));
        return command.ExecuteScalar() is long id ? id : null;
    }

    /// <summary>Keeps one row per device, then writes the snapshot's summary and per-finding counts.</summary>
    private void Summarise(string hash)
    {
        var id = Id.ToString(CultureInfo.InvariantCulture);
        var cut = HistoryStore.TimestampLiteral(new DateTimeOffset(_staleBefore, TimeSpan.Zero));
        var fresh = $"(d.last_report IS NULL OR d.last_report >= {cut})";

        // A device listed twice (a source that repeated a page) keeps its latest row, so joins by device stay one to one.
        var duplicates = Convert.ToInt64(HistoryStore.Scalar(_connection, $"SELECT count(*) - count(DISTINCT device_id) FROM devices WHERE snapshot_id = {id}"), CultureInfo.InvariantCulture);
        if (duplicates > 0)
        {
            HistoryStore.Execute(_connection, $"""
                DELETE FROM devices WHERE snapshot_id = {id} AND rowid IN (
                    SELECT rowid FROM (
                        SELECT rowid, row_number() OVER (PARTITION BY device_id ORDER BY last_report DESC NULLS LAST, rowid DESC) AS n
                        FROM devices WHERE snapshot_id = {id})
                    WHERE n > 1)
                """);
        }

        using var command = _connection.CreateCommand();
        if (duplicates > 0 || !_countsValid)
        {
            HistoryStore.Execute(_connection, $"""
                INSERT INTO finding_counts
                SELECT {id}, f.kind, f.rule, f.code, count(DISTINCT f.device_id), count(DISTINCT f.device_id) FILTER (WHERE {fresh})
                FROM findings f JOIN devices d ON d.device_id = f.device_id
                WHERE f.snapshot_id = {id} AND d.snapshot_id = {id}
                GROUP BY ALL
                """);
            command.CommandText = $"""
                INSERT INTO snapshots
                SELECT {id}, $run, $package, $policy, $source, $taken, $stored, $hash, count(*), {Start.StaleDays.ToString(CultureInfo.InvariantCulture)},
                       count(*) FILTER (WHERE NOT {fresh}),
                       count(*) FILTER (WHERE {fresh} AND d.device_id IN (SELECT device_id FROM findings WHERE snapshot_id = {id} AND kind = 0))
                FROM devices d WHERE d.snapshot_id = {id}
                """;
        }
        else
        {
            using (var counts = _connection.CreateAppender("finding_counts"))
            {
                foreach (var ((kind, rule, code), value) in _counts)
                {
                    counts.CreateRow().AppendValue(Id).AppendValue(kind).AppendValue(rule).AppendValue(code).AppendValue(value[0]).AppendValue(value[1]).EndRow();
                }
            }

            command.CommandText = $"""
                INSERT INTO snapshots VALUES ({id}, $run, $package, $policy, $source, $taken, $stored, $hash, $devices, {Start.StaleDays.ToString(CultureInfo.InvariantCulture)}, $stale, $failing)
                """;
            command.Parameters.Add(new DuckDBParameter("devices", _appended));
            command.Parameters.Add(new DuckDBParameter("stale", _stale));
            command.Parameters.Add(new DuckDBParameter("failing", _failing));
        }

        command.Parameters.Add(new DuckDBParameter("run", Start.RunId ?? Guid.NewGuid().ToString("D")));
        command.Parameters.Add(new DuckDBParameter("package", Start.PackageId));
        command.Parameters.Add(new DuckDBParameter("policy", Start.PolicyId));
        command.Parameters.Add(new DuckDBParameter("source", Start.Source ?? ""));
        command.Parameters.Add(new DuckDBParameter("taken", HistoryStore.Timestamp(Start.TakenAt)));
        command.Parameters.Add(new DuckDBParameter("stored", DateTime.UtcNow));
        command.Parameters.Add(new DuckDBParameter("hash", hash));
        command.ExecuteNonQuery();
    }

    private void CloseAppenders()
    {
        if (_appendersClosed)
        {
            return;
        }

        _appendersClosed = true;
        try
        {
            _devices.Close();
        }
        finally
        {
            _findings.Close();
        }
    }

    private void Abandon()
    {
        _state = State.Closed;
        if (_queue is not null && !_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
        }

        _thread?.Join();
        try
        {
            // Rows already flushed belong to the transaction and go with the rollback; the appenders' own buffers too.
            _devices.Dispose();
            _findings.Dispose();
        }
        catch (DuckDBException)
        {
        }

        _appendersClosed = true;
        TryRollback();
        _store.WriterClosed(this);
    }

    private void TryRollback()
    {
        try
        {
            HistoryStore.Execute(_connection, "ROLLBACK");
        }
        catch (DuckDBException)
        {
            // No transaction left to roll back (DuckDB already aborted it on the failure).
        }
    }

    private void EnsureOpen()
    {
        ThrowIfFailed();
        if (_state != State.Open)
        {
            throw new InvalidOperationException("This snapshot writer is closed (committed, failed or disposed).");
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure && _state == State.Open)
        {
            Abandon();
            throw failure is HistoryStoreException ? failure : new HistoryStoreException(HistoryError.Io, $"Writing the snapshot failed: {failure.Message}", failure);
        }
    }

    private enum State
    {
        Open,
        Closed,
    }
}
