using System.Globalization;
using System.Runtime.CompilerServices;
using AovpnRemediations.History.Model;
using DuckDB.NET.Data;

namespace AovpnRemediations.History.Store;

/// <summary>
/// Writes one snapshot inside one transaction; only <see cref="Commit"/> makes it visible. A crash, an exception or a
/// dispose before the commit leaves the store as it was (DuckDB discards an uncommitted transaction, and on reopening
/// replays only committed work from its WAL).
/// <para>
/// At the start the package's current versions (device key to state hash, 30 bytes per device in a <see cref="DeviceTable"/>) are loaded,
/// on a thread of their own while the caller goes on (a report fetches its export meanwhile: seconds at Intune, while a
/// million devices take 0.3 s to load); the first row, the commit or a dispose waits for them. Each
/// row is hashed (<see cref="RowHash"/>) and only a device that is new or whose state differs gets a version row. At
/// the commit every device of the current versions that was not seen gets a tombstone. The first ingest of a fleet
/// writes every device, and has nothing to load or compare: it keeps only a fingerprint of each device seen
/// (<see cref="FirstSightSet"/>, 10 bytes a device instead of 30). A daily run where 2% of devices changed writes 2% of the
/// rows. Totals and per-finding counts are counted from every row as it streams, so the commit needs no pass over the
/// snapshot.
/// </para>
/// <para>
/// The current versions are <c>current_versions</c>, complete up to the chain's base snapshot (<c>current_bases</c>),
/// with the versions of its later snapshots replayed over them in order. A commit leaves <c>current_versions</c> as it
/// is until those later versions outnumber both an eighth of the base and <see cref="HistoryStoreOptions.CompactAfterVersions"/>,
/// and then brings it up to date and makes its own snapshot the base. Why: bringing it up to date is a delete over
/// every device of the package, ~0.1 s of a 1M-device commit (and more of its checkpoint) for the 2% that changed.
/// </para>
/// </summary>
public sealed class SnapshotWriter : IDeviceRowSink, IDisposable
{
    /// <summary>
    /// A DuckDB appender buffers about 200,000 rows before it moves them into the table; closing and reopening it every
    /// this many rows keeps that buffer small during a first ingest (measured: 180 MB peak RSS for 1M rows without,
    /// under 150 MB with).
    /// </summary>
    internal const int RowsPerAppender = 16_384;

    private const long NoReport = long.MinValue + 1;

    /// <summary>Rows taken against the device map together (see <see cref="TakePending"/>).</summary>
    private const int RowsPerLookup = 32;
    private const int MaxCountedKeys = 10_000;

    private readonly HistoryStore _store;
    private readonly DuckDBConnection _connection;
    private readonly RowHash _hash = new();
    private readonly Task<DeviceTable?> _load;
    private DeviceTable? _devices;
    private FirstSightSet? _firstSights;
    private bool _loaded;
    private readonly DateTime _staleBefore;
    private readonly Dictionary<(byte Kind, string Rule, string Code), long[]> _counts = [];
    private readonly HashSet<(byte, string, string)> _onDevice = [];
    private readonly DeviceSnapshotRow[] _pendingRows = new DeviceSnapshotRow[RowsPerLookup];
    private readonly Guid[] _pendingKeys = new Guid[RowsPerLookup];
    private int _pending;
    private int _knownDevices;
    private long? _baseSnapshot;
    private int _baseDevices;
    private long _newerVersions;
    private Dictionary<Guid, DeviceSnapshotRow>? _duplicateWinners;
    private List<(Guid Key, DeviceSnapshotRow Row)>? _heldBack;
    private DuckDBAppender? _versions;
    private DuckDBAppender? _findings;
    private long _appendedSinceOpen;
    private long _stale;
    private long _failing;
    private bool _countsValid = true;
    private State _state = State.Open;

    internal SnapshotWriter(HistoryStore store, DuckDBConnection connection, SnapshotStart start)
    {
        _store = store;
        _connection = connection;
        Start = start;
        _staleBefore = HistoryStore.Timestamp(start.TakenAt.AddDays(-start.StaleDays));
        try
        {
            HistoryStore.Execute(connection, "BEGIN TRANSACTION");
            Id = Convert.ToInt64(HistoryStore.Scalar(connection, "SELECT coalesce(max(id), 0) + 1 FROM snapshots"), CultureInfo.InvariantCulture);
        }
        catch (DuckDBException e)
        {
            TryRollback();
            _state = State.Closed;
            throw HistoryStore.Translate(e, store.Path, "write");
        }

        // From here until the load ends the connection is the load's: everything else that uses it waits (WaitForLoad).
        var fault = store.LoadFault;
        _load = Task.Run(() =>
        {
            fault?.Invoke();
            return LoadCurrent(connection, start);
        });
    }

    public SnapshotStart Start { get; }

    /// <summary>The id this snapshot gets if it is committed as new.</summary>
    public long Id { get; }

    /// <summary>Device rows taken so far (every row added, once committed).</summary>
    public long Rows { get; private set; }

    /// <summary>Version rows written so far (new or changed devices; tombstones are added at the commit).</summary>
    public long VersionsWritten { get; private set; }

    /// <summary>Devices of the package's current versions when this snapshot began (known once they are loaded).</summary>
    public int KnownDevices
    {
        get
        {
            WaitForLoad();
            return _knownDevices;
        }
    }

    internal bool IsOpen => _state == State.Open;

    /// <summary>Test seam: runs after each added row, with the number of rows added so far.</summary>
    internal Action<long>? AfterRow { get; set; }

    /// <summary>
    /// Adds one device row. Throws (and the snapshot is lost, nothing else) when writing fails; rows are taken in
    /// groups of <see cref="RowsPerLookup"/>, so a failure may surface a few rows after the one that caused it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    public void Add(DeviceSnapshotRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        EnsureOpen();
        var key = DeviceKey.Of(row.DeviceId ?? "");
        if (!_loaded)
        {
            Loaded();
        }

        if (_devices is { } devices)
        {
            devices.Prefetch(key);
        }
        else
        {
            _firstSights!.Prefetch(key);
        }

        _pendingRows[_pending] = row;
        _pendingKeys[_pending] = key;
        if (++_pending == RowsPerLookup)
        {
            TakePending();
        }
    }

    /// <summary>
    /// The rows added since the last call, each against the device map. Why in groups: a lookup in a map of a million
    /// devices is a cache and TLB miss (~400 ns, most of the store's cost per device in the history benchmark); with the
    /// slots of a whole group prefetched as the rows arrive, those misses overlap instead of queueing one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    private void TakePending()
    {
        var count = _pending;
        _pending = 0;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var row = _pendingRows[i];
                var key = _pendingKeys[i];
                _pendingRows[i] = null!;
                Take(row, key);
                AfterRow?.Invoke(Rows);
            }
        }
        catch (Exception e) when (e is DuckDBException or IOException)
        {
            Abandon();
            throw HistoryStore.Translate(e, _store.Path, "write");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    private void Take(DeviceSnapshotRow row, Guid key)
    {
        Rows++;
        var stale = row.LastReport is { } last && last.UtcDateTime < _staleBefore;
        var state = _hash.Add(row, stale);
        Count(row, !stale);
        if (_devices is null)
        {
            // The package's first snapshot: no committed states, only whether the device was seen (see FirstSightSet).
            if (_firstSights!.Add(key))
            {
                AppendVersion(key, row, stale, state);
            }
            else
            {
                _countsValid = false;
                (_heldBack ??= []).Add((key, row));
            }

            return;
        }

        var ticks = ReportTicks(row);
        ref var value = ref _devices.See(key, out var known, out var seen);
        if (seen)
        {
            // A device listed twice (a source that repeated a page): its row with the latest report wins, the later
            // one on a tie; the commit puts the winner in place and recounts.
            _countsValid = false;
            if (ticks >= unchecked((long)value))
            {
                _duplicateWinners ??= [];
                _duplicateWinners[key] = row;
                value = unchecked((ulong)ticks);
            }
        }
        else
        {
            // First sight: the value was the committed state (0 for a device new to this package, never a committed
            // state, see Committed) and is the report time from now on, for a duplicate to be compared with.
            var committed = value;
            value = unchecked((ulong)ticks);
            if (!known || committed != Committed(state))
            {
                AppendVersion(key, row, stale, state);
            }
        }
    }

    Task IDeviceRowSink.CompleteAsync(CancellationToken cancellationToken)
    {
        Commit();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Makes the snapshot visible, in one transaction with its summary row and counts; or, when the same export (see
    /// <see cref="RowHash"/>) is already stored for this package and policy, rolls back and returns that snapshot with
    /// <c>Duplicate</c> set.
    /// </summary>
    public SnapshotCommit Commit()
    {
        EnsureOpen();
        if (!_loaded)
        {
            Loaded();
        }

        TakePending();
        try
        {
            var hash = _hash.Finish(Start.PackageId, Start.PolicyId);
            var existing = ExistingWith(hash);
            if (existing is not null)
            {
                ReleaseDevices();
                CloseAppenders();
                HistoryStore.Execute(_connection, "ROLLBACK");
                _state = State.Closed;
                return new SnapshotCommit(_store.GetSnapshot(existing.Value), Duplicate: true);
            }

            var tombstones = 0L;
            foreach (var key in _devices?.Unseen() ?? [])
            {
                AppendTombstone(key);
                tombstones++;
            }

            var compact = _baseSnapshot is not null
                && _newerVersions + VersionsWritten + tombstones > Math.Max(_baseDevices / 8, _store.Options.CompactAfterVersions);
            if (compact || _duplicateWinners is not null || !_countsValid)
            {
                // Only the queries over what is stored need more memory. Other commits only append: a first ingest's
                // streams its rows into current_versions, and with 64 MB it was the run's peak (1M devices: 220 MB RSS,
                // 206 MB without); a daily one that leaves current_versions alone writes a few thousand rows.
                _store.UseCommitSettings();
            }

            ReleaseDevices(); // 30 MB at 1M devices, back to the system before the commit's queries take their memory

            CloseAppenders();
            if (_heldBack is not null)
            {
                SettleHeldBack();
            }

            if (_duplicateWinners is not null)
            {
                PlaceDuplicateWinners();
            }

            Summarise(hash, tombstones, compact);
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

    /// <summary>The package's current versions: one streamed read of key and state per device, then the newer versions replayed.</summary>
    private DeviceTable? LoadCurrent(DuckDBConnection connection, SnapshotStart start)
    {
        using var chain = connection.CreateCommand();
        chain.CommandText = """
            SELECT (SELECT snapshot_id FROM current_bases WHERE package_id = $package AND policy_id = $policy),
                   (SELECT devices FROM snapshots WHERE package_id = $package AND policy_id = $policy ORDER BY id DESC LIMIT 1)
            """;
        chain.Parameters.Add(new DuckDBParameter("package", start.PackageId));
        chain.Parameters.Add(new DuckDBParameter("policy", start.PolicyId));
        long lastDevices;
        using (var reader = chain.ExecuteReader())
        {
            reader.Read();
            _baseSnapshot = reader.IsDBNull(0) ? null : reader.GetInt64(0);
            lastDevices = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        }

        // Sized by the last snapshot's devices (the current versions' count, without counting them).
        var expected = Math.Max(lastDevices, start.ExpectedDevices);
        var size = (int)Math.Min(int.MaxValue / 2, expected + (expected / 32));
        if (_baseSnapshot is not { } baseSnapshot)
        {
            _firstSights = new FirstSightSet(size, _store.FingerprintOf); // the package's first snapshot (of this policy)
            return null;
        }

        var table = new DeviceTable(size);

        try
        {
            _baseDevices = ReadCurrent(connection, start, table);
            _knownDevices = _baseDevices + ReplayNewer(connection, start, baseSnapshot, table, out _newerVersions);
            return table;
        }
        catch
        {
            table.Dispose(); // its native memory, at once rather than at finalization
            throw;
        }
    }

    /// <summary>
    /// The versions of the chain's snapshots after its base, oldest first, over the base's current versions: a changed
    /// device takes its newer state, a tombstone marks it gone. Returns the change in devices known.
    /// </summary>
    private static int ReplayNewer(DuckDBConnection connection, SnapshotStart start, long baseSnapshot, DeviceTable table, out long versions)
    {
        using var command = connection.CreateCommand();
        command.UseStreamingMode = true;
        command.CommandText = $"""
            SELECT device_key, gone, state_hash FROM device_versions
            WHERE {InNewerSnapshots("snapshot_id", baseSnapshot)}
            ORDER BY snapshot_id
            """;
        command.Parameters.Add(new DuckDBParameter("package", start.PackageId));
        command.Parameters.Add(new DuckDBParameter("policy", start.PolicyId));
        using var reader = command.ExecuteReader();
        var change = 0;
        versions = 0;
        while (reader.Read())
        {
            var key = reader.GetGuid(0);
            if (reader.GetBoolean(1))
            {
                change -= table.MarkGone(key) ? 1 : 0;
            }
            else
            {
                change += table.AddUnseen(key, reader.GetFieldValue<ulong>(2)) ? 1 : 0;
            }

            versions++;
        }

        return change;
    }

    /// <summary>
    /// SQL: <paramref name="column"/> is one of the chain's committed snapshots after <paramref name="baseSnapshot"/>
    /// (with $package and $policy). The range comes first so DuckDB skips older row groups by their min/max.
    /// </summary>
    private static string InNewerSnapshots(string column, long baseSnapshot)
    {
        var after = baseSnapshot.ToString(CultureInfo.InvariantCulture);
        return $"{column} > {after} AND {column} IN (SELECT id FROM snapshots WHERE package_id = $package AND policy_id = $policy AND id > {after})";
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once with a loop of a million: skip the slow first tier and OSR
    private static int ReadCurrent(DuckDBConnection connection, SnapshotStart start, DeviceTable table)
    {
        using var command = connection.CreateCommand();
        // Streamed, not materialized: a 1M-device result held whole is ~25 MB of native memory at the run's peak.
        command.UseStreamingMode = true;
        command.CommandText = "SELECT device_key, state_hash FROM current_versions WHERE package_id = $package AND policy_id = $policy";
        command.Parameters.Add(new DuckDBParameter("package", start.PackageId));
        command.Parameters.Add(new DuckDBParameter("policy", start.PolicyId));
        using var reader = command.ExecuteReader();
        // In groups, each device's slot prefetched as it is read, like the rows of Add: a million inserts at random into
        // a 30 MB table took 200 ms one cache miss after another, 60 ms with the misses overlapped.
        Span<Guid> keys = stackalloc Guid[RowsPerLookup];
        Span<ulong> states = stackalloc ulong[RowsPerLookup];
        var pending = 0;
        var rows = 0;
        while (reader.Read())
        {
            rows++;
            var key = reader.GetGuid(0);
            table.Prefetch(key);
            keys[pending] = key;
            states[pending] = reader.GetFieldValue<ulong>(1);
            if (++pending == RowsPerLookup)
            {
                AddUnseen(table, keys, states);
                pending = 0;
            }
        }

        AddUnseen(table, keys[..pending], states[..pending]);
        return rows;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    private static void AddUnseen(DeviceTable table, ReadOnlySpan<Guid> keys, ReadOnlySpan<ulong> states)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            table.AddUnseen(keys[i], states[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    private void Count(DeviceSnapshotRow row, bool fresh)
    {
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
        foreach (var finding in RowHash.Items(row.Findings))
        {
            CountKey((0, finding.Rule ?? "", finding.Code ?? ""), fresh);
        }

        foreach (var error in RowHash.Items(row.Errors))
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

    private void OpenAppenders()
    {
        if (_versions is null || _appendedSinceOpen >= RowsPerAppender)
        {
            CloseAppenders();
            _versions = _connection.CreateAppender("device_versions");
            _findings = _connection.CreateAppender("version_findings");
            _appendedSinceOpen = 0;
        }
    }

    private void AppendVersion(Guid key, DeviceSnapshotRow row, bool stale, ulong state)
    {
        OpenAppenders();
        var version = _versions!.CreateRow()
            .AppendValue(Id)
            .AppendValue(key)
            .AppendValue(false)
            .AppendValue(row.DeviceId ?? "")
            .AppendValue(row.DeviceName ?? "")
            .AppendValue(row.UserPrincipalName ?? "");
        (row.LastReport is { } last ? version.AppendValue(HistoryStore.Timestamp(last)) : version.AppendNullValue())
            .AppendValue(row.DetectionState ?? "")
            .AppendValue(row.RemediationState ?? "")
            .AppendValue(row.ResultStatus ?? "")
            .AppendValue(stale)
            .AppendValue(Committed(state))
            .EndRow();
        foreach (var finding in row.Findings)
        {
            AppendFinding(key, 0, finding.Rule, finding.Code, finding.Detail);
        }

        foreach (var error in row.Errors)
        {
            AppendFinding(key, 1, error.Rule, error.Code, "");
        }

        _appendedSinceOpen++;
        VersionsWritten++;
    }

    private void AppendFinding(Guid key, byte kind, string? rule, string? code, string detail) =>
        _findings!.CreateRow()
            .AppendValue(Id)
            .AppendValue(key)
            .AppendValue(kind)
            .AppendValue(rule ?? "")
            .AppendValue(code ?? "")
            .AppendValue(detail)
            .EndRow();

    private void AppendTombstone(Guid key)
    {
        OpenAppenders();
        _versions!.CreateRow()
            .AppendValue(Id).AppendValue(key).AppendValue(true)
            .AppendValue("").AppendValue("").AppendValue("").AppendNullValue()
            .AppendValue("").AppendValue("").AppendValue("").AppendValue(false).AppendValue(0UL)
            .EndRow();
        _appendedSinceOpen++;
    }

    /// <summary>A state hash as stored: 0 is kept for "not computed" (migrated versions), so it never matches a real one.</summary>
    private static ulong Committed(ulong state) => state == 0 ? 1 : state;

    /// <summary>Devices listed twice: their rows of this snapshot go, and the winning row is written in their place.</summary>
    private void PlaceDuplicateWinners()
    {
        HistoryStore.Execute(_connection, "CREATE OR REPLACE TEMP TABLE ingest_duplicates (device_key UUID NOT NULL)");
        using (var keys = _connection.CreateAppender("ingest_duplicates"))
        {
            foreach (var key in _duplicateWinners!.Keys)
            {
                keys.CreateRow().AppendValue(key).EndRow();
            }
        }

        // Their committed states, from the current versions and the newer ones (as loaded): the ingest's map kept only
        // when each was last reported once it had been seen. A device whose latest version is a tombstone has none.
        var committed = new Dictionary<Guid, ulong>();
        using (var states = _connection.CreateCommand())
        {
            states.CommandText = $"""
                SELECT device_key, arg_max(state_hash, snapshot_id) FROM (
                    SELECT c.device_key, c.snapshot_id, c.state_hash, false AS gone FROM current_versions c JOIN ingest_duplicates d USING (device_key)
                    WHERE c.package_id = $package AND c.policy_id = $policy
                    UNION ALL
                    SELECT v.device_key, v.snapshot_id, v.state_hash, v.gone FROM device_versions v JOIN ingest_duplicates d USING (device_key)
                    WHERE {InNewerSnapshots("v.snapshot_id", _baseSnapshot ?? 0)})
                GROUP BY device_key HAVING NOT arg_max(gone, snapshot_id)
                """;
            states.Parameters.Add(new DuckDBParameter("package", Start.PackageId));
            states.Parameters.Add(new DuckDBParameter("policy", Start.PolicyId));
            using var reader = states.ExecuteReader();
            while (reader.Read())
            {
                committed[reader.GetGuid(0)] = reader.GetFieldValue<ulong>(1);
            }
        }

        var id = Id.ToString(CultureInfo.InvariantCulture);
        HistoryStore.Execute(_connection, $"""
            DELETE FROM device_versions WHERE snapshot_id = {id} AND device_key IN (SELECT device_key FROM ingest_duplicates);
            DELETE FROM version_findings WHERE snapshot_id = {id} AND device_key IN (SELECT device_key FROM ingest_duplicates);
            DROP TABLE ingest_duplicates;
            """);
        var hash = new RowHash();
        foreach (var (key, row) in _duplicateWinners)
        {
            var stale = row.LastReport is { } last && last.UtcDateTime < _staleBefore;
            var state = hash.Add(row, stale);
            if (committed.GetValueOrDefault(key) != Committed(state))
            {
                AppendVersion(key, row, stale, state);
            }
        }

        CloseAppenders();
    }

    /// <summary>
    /// When the row was last reported, to the microsecond the store keeps (a duplicate's rows are compared at that
    /// precision whether the first one is in memory or only in the store, see <see cref="SettleHeldBack"/>).
    /// </summary>
    private static long ReportTicks(DeviceSnapshotRow row) =>
        row.LastReport is { } last ? last.UtcTicks - (last.UtcTicks % TimeSpan.TicksPerMicrosecond) : NoReport;

    /// <summary>
    /// The rows a first snapshot held back because their key's fingerprint had been seen (see <see cref="FirstSightSet"/>),
    /// settled by key. For each device the latest report wins, the later row on a tie, among the row stored for it (none
    /// when the fingerprint was another device's) and its held-back rows in order. A held-back winner goes to
    /// <see cref="PlaceDuplicateWinners"/>, which puts it in place of the stored row.
    /// </summary>
    private void SettleHeldBack()
    {
        HistoryStore.Execute(_connection, "CREATE OR REPLACE TEMP TABLE ingest_held_back (device_key UUID NOT NULL)");
        using (var keys = _connection.CreateAppender("ingest_held_back"))
        {
            foreach (var key in _heldBack!.Select(held => held.Key).Distinct())
            {
                keys.CreateRow().AppendValue(key).EndRow();
            }
        }

        var latest = new Dictionary<Guid, long>();
        using (var stored = _connection.CreateCommand())
        {
            stored.CommandText = $"""
                SELECT device_key, last_report FROM device_versions
                WHERE snapshot_id = {Id.ToString(CultureInfo.InvariantCulture)} AND device_key IN (SELECT device_key FROM ingest_held_back)
                """;
            using var reader = stored.ExecuteReader();
            while (reader.Read())
            {
                latest[reader.GetGuid(0)] = reader.IsDBNull(1) ? NoReport : reader.GetDateTime(1).Ticks;
            }
        }

        HistoryStore.Execute(_connection, "DROP TABLE ingest_held_back");
        foreach (var (key, row) in _heldBack!)
        {
            var ticks = ReportTicks(row);
            if (!latest.TryGetValue(key, out var best) || ticks >= best)
            {
                latest[key] = ticks;
                (_duplicateWinners ??= [])[key] = row;
            }
        }

        _heldBack = null;
    }

    private long? ExistingWith(string hash)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT min(id) FROM snapshots WHERE package_id = $package AND policy_id = $policy AND content_hash = $hash";
        command.Parameters.Add(new DuckDBParameter("package", Start.PackageId));
        command.Parameters.Add(new DuckDBParameter("policy", Start.PolicyId));
        command.Parameters.Add(new DuckDBParameter("hash", hash));
        return command.ExecuteScalar() is long id ? id : null;
    }

    /// <summary>
    /// Makes this snapshot the base of the current versions when it is the chain's first, or when <paramref name="compact"/>
    /// (every device with a version after the old base gets its latest in <c>current_versions</c>); then writes the
    /// snapshot's summary row and per-finding counts.
    /// </summary>
    private void Summarise(string hash, long tombstones, bool compact)
    {
        var id = Id.ToString(CultureInfo.InvariantCulture);
        if (_baseSnapshot is null || compact)
        {
            using var move = _connection.CreateCommand();
            if (_baseSnapshot is not { } baseSnapshot)
            {
                move.CommandText = $"""
                    INSERT INTO current_versions
                        SELECT $package, $policy, device_key, snapshot_id, state_hash FROM device_versions WHERE snapshot_id = {id} AND NOT gone;
                    INSERT INTO current_bases VALUES ($package, $policy, {id});
                    """;
            }
            else
            {
                // This snapshot is not in snapshots yet: its id is added to the chain's newer ones by hand.
                var newer = $"({InNewerSnapshots("snapshot_id", baseSnapshot)} OR snapshot_id = {id})";
                move.CommandText = $"""
                    DELETE FROM current_versions WHERE package_id = $package AND policy_id = $policy
                        AND device_key IN (SELECT device_key FROM device_versions WHERE {newer});
                    INSERT INTO current_versions
                        SELECT $package, $policy, device_key, max(snapshot_id), arg_max(state_hash, snapshot_id) FROM device_versions
                        WHERE {newer} GROUP BY device_key HAVING NOT arg_max(gone, snapshot_id);
                    UPDATE current_bases SET snapshot_id = {id} WHERE package_id = $package AND policy_id = $policy;
                    """;
            }

            move.Parameters.Add(new DuckDBParameter("package", Start.PackageId));
            move.Parameters.Add(new DuckDBParameter("policy", Start.PolicyId));
            move.ExecuteNonQuery();
        }

        long devices, stale, failing;
        if (_countsValid)
        {
            using var counts = _connection.CreateAppender("finding_counts");
            foreach (var ((kind, rule, code), value) in _counts)
            {
                counts.CreateRow().AppendValue(Id).AppendValue(kind).AppendValue(rule).AppendValue(code).AppendValue(value[0]).AppendValue(value[1]).EndRow();
            }

            (devices, stale, failing) = (Rows, _stale, _failing);
        }
        else
        {
            // Devices listed twice, or more codes than are counted in memory: count the stored state instead.
            var chain = _store.ChainIds(Start.PackageId, Start.PolicyId).Append(Id).ToList();
            (devices, stale, failing) = Changes.ChangeQueries.RecountInto(_connection, Id, chain, Start.TakenAt, Start.StaleDays);
        }

        using var command = _connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO snapshots VALUES ({id}, $run, $package, $policy, $source, $taken, $stored, $hash, $devices, {Start.StaleDays.ToString(CultureInfo.InvariantCulture)}, $stale, $failing)
            """;
        command.Parameters.Add(new DuckDBParameter("devices", devices));
        command.Parameters.Add(new DuckDBParameter("stale", stale));
        command.Parameters.Add(new DuckDBParameter("failing", failing));
        command.Parameters.Add(new DuckDBParameter("run", Start.RunId ?? Guid.NewGuid().ToString("D")));
        command.Parameters.Add(new DuckDBParameter("package", Start.PackageId));
        command.Parameters.Add(new DuckDBParameter("policy", Start.PolicyId));
        command.Parameters.Add(new DuckDBParameter("source", Start.Source ?? ""));
        command.Parameters.Add(new DuckDBParameter("taken", HistoryStore.Timestamp(Start.TakenAt)));
        command.Parameters.Add(new DuckDBParameter("stored", DateTime.UtcNow));
        command.Parameters.Add(new DuckDBParameter("hash", hash));
        command.ExecuteNonQuery();
        Tombstones = tombstones;
    }

    /// <summary>Devices that left the export in this snapshot (set at the commit).</summary>
    public long Tombstones { get; private set; }

    private void CloseAppenders()
    {
        var versions = _versions;
        var findings = _findings;
        _versions = null;
        _findings = null;
        try
        {
            versions?.Close();
        }
        catch (DuckDBException)
        {
            // The first failure says why (a full disk); closing the other appender would only add "transaction aborted".
            try
            {
                findings?.Dispose();
            }
            catch (DuckDBException)
            {
            }

            throw;
        }

        findings?.Close();
    }

    private void Abandon()
    {
        _state = State.Closed;
        WaitForLoad(); // the rollback needs the connection back
        ReleaseDevices();
        try
        {
            // Rows already flushed belong to the transaction and go with the rollback; the appenders' own buffers too.
            _versions?.Dispose();
            _findings?.Dispose();
        }
        catch (DuckDBException)
        {
        }

        _versions = null;
        _findings = null;
        TryRollback();
        _store.WriterClosed(this);
    }

    /// <summary>The loaded current versions; a failed load closes the writer (nothing stored) and is thrown as the store's error.</summary>
    private void Loaded()
    {
        try
        {
            _devices = _load.GetAwaiter().GetResult();
            _loaded = true;
        }
        catch (Exception e) when (e is DuckDBException or IOException)
        {
            Abandon();
            throw HistoryStore.Translate(e, _store.Path, "write");
        }
    }

    private void ReleaseDevices()
    {
        if (_load.IsCompletedSuccessfully)
        {
            _load.Result?.Dispose();
            _firstSights?.Dispose();
        }

        _devices = null;
    }

    /// <summary>Waits until the load has given the connection back, whether it loaded or failed (the failure is <see cref="Loaded"/>'s to report).</summary>
    internal void WaitForLoad()
    {
        try
        {
            _load.Wait();
        }
        catch (AggregateException)
        {
        }
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
        if (_state != State.Open)
        {
            throw new InvalidOperationException("This snapshot writer is closed (committed, failed or disposed).");
        }
    }

    private enum State
    {
        Open,
        Closed,
    }
}
