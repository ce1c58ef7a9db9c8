using System.Data.Common;
using System.Globalization;
using AovpnRemediations.History.Changes;
using AovpnRemediations.History.Model;
using DuckDB.NET.Data;

namespace AovpnRemediations.History.Store;

/// <summary>Knobs of an opened store.</summary>
public sealed record HistoryStoreOptions
{
    /// <summary>
    /// DuckDB's buffer limit while a snapshot's rows are appended (and the current versions loaded). DuckDB fills what it
    /// is given with the transaction's rows before it writes them out, so this is most of the store's native memory in a
    /// first ingest: a 1M-device first ingest peaked at 255 MB with 64 MB here, 225 MB with 32 and 207 MB with 16, in
    /// one process (history-local, 3 December 2026), at the same speed.
    /// </summary>
    public int AppendMemoryLimitMb { get; init; } = 16;

    /// <summary>
    /// DuckDB's buffer limit for a snapshot's commit when it queries what is stored: bringing the current versions up to
    /// date (a delete and an insert over the package's devices), devices listed twice, a recount. 16 MB was too little for the
    /// commit of a 1M-device steady day. A first ingest's commit only streams rows, and keeps the append limit.
    /// </summary>
    public int CommitMemoryLimitMb { get; init; } = 64;

    /// <summary>
    /// Versions written after the current versions' base snapshot that bring <c>current_versions</c> up to date at the
    /// next commit, when they also outnumber an eighth of the base's devices (see SnapshotWriter). Internal: tests set it
    /// low to bring it up to date often.
    /// </summary>
    internal int CompactAfterVersions { get; init; } = 10_000;

    /// <summary>DuckDB's buffer limit for diffs and trends: their hash joins over two whole snapshots run in memory up to it, and spill past it.</summary>
    public int QueryMemoryLimitMb { get; init; } = 512;

    /// <summary>DuckDB worker threads for queries; null for DuckDB's default (one per core). Ingest always uses one: the appenders are single-threaded anyway, and the report's reader has the other core.</summary>
    public int? Threads { get; init; }

    /// <summary>Open without writing (list, diff, trend): several readers may share a file then. A missing or old store is an error.</summary>
    public bool ReadOnly { get; init; }
}

/// <summary>
/// The fleet history: one snapshot per package and report run, in one embedded DuckDB file.
/// <para>
/// Why DuckDB rather than SQLite, measured on two snapshots of 1,000,000 devices with the same schema, rows and diff
/// (the history benchmark's <c>compare</c>; SQLite with WAL, prepared inserts in one transaction and clustered keys):
/// DuckDB's appender ingests for about two thirds of SQLite's CPU (3.6 and 2.7 s against 5.5 and 4.1 s per snapshot),
/// its columnar compression keeps a snapshot at 34 MB against 144 MB (a month of daily runs: 1 GB against 4.3 GB in
/// the user's profile), and the diff costs the same CPU in both (2.7 against 2.8 s). SQLite holds less memory during a
/// diff (160 MB against DuckDB's query limit).
/// </para>
/// One store object per file and process, used from one thread at a time: DuckDB locks a file for one writing process.
/// </summary>
public sealed class HistoryStore : IDisposable
{
    private static readonly byte[] Magic = "DUCK"u8.ToArray();
    private readonly DuckDBConnection _connection;
    private SnapshotWriter? _writer;
    private bool _disposed;

    private HistoryStore(string path, DuckDBConnection connection, HistoryStoreOptions options, int schemaVersion)
    {
        Path = path;
        _connection = connection;
        Options = options;
        SchemaVersion = schemaVersion;
    }

    public string Path { get; }

    public HistoryStoreOptions Options { get; }

    /// <summary>The schema version of the file after opening (always <see cref="CurrentSchemaVersion"/> for a writable store).</summary>
    public int SchemaVersion { get; private set; }

    public static int CurrentSchemaVersion => Schema.Current;

    /// <summary>%LOCALAPPDATA%/aovpn-remediations/history.duckdb (~/.local/share/... on Linux).</summary>
    public static string DefaultPath => System.IO.Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "aovpn-remediations",
        "history.duckdb");

    /// <summary>Opens (creating the folder and the store when missing) the default store.</summary>
    public static HistoryStore OpenDefault(HistoryStoreOptions? options = null)
    {
        var path = DefaultPath;
        if (options?.ReadOnly != true)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        }

        return Open(path, options);
    }

    /// <summary>
    /// Opens a store, creating it when the file does not exist and migrating it when it is older. A file that is not a
    /// store, or a store from a newer version, is refused and left exactly as it was.
    /// </summary>
    public static HistoryStore Open(string path, HistoryStoreOptions? options = null)
    {
        options ??= new HistoryStoreOptions();
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        if (Directory.Exists(full))
        {
            throw new HistoryStoreException(HistoryError.InvalidRequest, $"History store '{full}' is a folder; give a file name, e.g. {System.IO.Path.Combine(full, "history.duckdb")}.");
        }

        if (!Directory.Exists(folder))
        {
            throw new HistoryStoreException(HistoryError.Io, $"History store '{full}': the folder '{folder}' does not exist. Create it or choose another path.");
        }

        var exists = File.Exists(full);
        if (exists)
        {
            CheckMagic(full);
        }
        else if (options.ReadOnly)
        {
            throw new HistoryStoreException(HistoryError.UnknownSnapshot, $"There is no history store at '{full}' yet: run the report with the store enabled first.");
        }

        var connection = new DuckDBConnection($"Data Source={full}{(options.ReadOnly ? ";ACCESS_MODE=READ_ONLY" : "")}");
        try
        {
            try
            {
                connection.Open();
            }
            catch (DuckDBException e)
            {
                throw Translate(e, full, "open");
            }

            // Rows of one snapshot share its id, and snapshots are separate statements: their order within a snapshot does not
            // matter, and not keeping it lets DuckDB stream large inserts in less memory.
            Execute(connection, "SET preserve_insertion_order = false");
            var store = new HistoryStore(full, connection, options, 0);
            store.UseQuerySettings();

            store.SchemaVersion = Prepare(connection, full, options.ReadOnly);
            return store;
        }
        catch
        {
            connection.Dispose();
            if (!exists && File.Exists(full) && !options.ReadOnly)
            {
                // A store this call created and could not finish is empty: leave no half-made file behind.
                TryDelete(full);
                TryDelete(full + ".wal");
            }

            throw;
        }
    }

    /// <summary>
    /// Begins a snapshot. Add every device row to the writer, then <see cref="SnapshotWriter.Commit"/>; disposing it
    /// without a commit stores nothing. One writer at a time per store.
    /// </summary>
    public SnapshotWriter BeginSnapshot(SnapshotStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (Options.ReadOnly)
        {
            throw new HistoryStoreException(HistoryError.InvalidRequest, $"History store '{Path}' was opened read-only; open it for writing to store a snapshot.");
        }

        if (_writer is { IsOpen: true })
        {
            throw new HistoryStoreException(HistoryError.InvalidRequest, "A snapshot is already being written to this store: commit or dispose it first.");
        }

        if (string.IsNullOrWhiteSpace(start.PackageId) || string.IsNullOrWhiteSpace(start.PolicyId))
        {
            throw new HistoryStoreException(HistoryError.InvalidRequest, "A snapshot needs a package id and a policy id.");
        }

        if (start.StaleDays is < 1 or > 365)
        {
            throw new HistoryStoreException(HistoryError.InvalidRequest, $"Stale threshold {start.StaleDays} days is out of range: use 1-365.");
        }

        Run(() =>
        {
            UseIngestSettings();
            return 0;
        }, "write");
        _writer = new SnapshotWriter(this, _connection, start);
        return _writer;
    }

    /// <summary>Stored snapshots, oldest first; of one package (and policy) when given.</summary>
    public IReadOnlyList<SnapshotInfo> ListSnapshots(string? packageId = null, string? policyId = null)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {SnapshotColumns} FROM snapshots WHERE ($package IS NULL OR package_id = $package) AND ($policy IS NULL OR policy_id = $policy) ORDER BY taken_at, id";
        command.Parameters.Add(new DuckDBParameter("package", (object?)packageId ?? DBNull.Value));
        command.Parameters.Add(new DuckDBParameter("policy", (object?)policyId ?? DBNull.Value));
        return Run(() => ReadSnapshots(command), "read");
    }

    /// <summary>The snapshot with this id, or a <see cref="HistoryError.UnknownSnapshot"/> error naming the ids there are.</summary>
    public SnapshotInfo GetSnapshot(long id)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {SnapshotColumns} FROM snapshots WHERE id = $id";
        command.Parameters.Add(new DuckDBParameter("id", id));
        var found = Run(() => ReadSnapshots(command), "read");
        if (found.Count == 1)
        {
            return found[0];
        }

        var all = ListSnapshots();
        var known = all.Count == 0 ? "the store has no snapshots yet" : $"its snapshots are {Describe(all.Select(s => s.Id))}";
        throw new HistoryStoreException(HistoryError.UnknownSnapshot, $"There is no snapshot {id.ToString(CultureInfo.InvariantCulture)} in '{Path}': {known}.");
    }

    /// <summary>The latest snapshot of a package taken at or before <paramref name="time"/>, or null.</summary>
    public SnapshotInfo? FindAtOrBefore(string packageId, DateTimeOffset time, string? policyId = null) =>
        ListSnapshots(packageId, policyId).LastOrDefault(s => s.TakenAt <= time);

    /// <summary>
    /// The pair <c>report diff</c> compares by default: the package's latest snapshot at or before <paramref name="now"/>,
    /// and the latest at or before <c>now - back</c> (7 days: what changed in a week).
    /// </summary>
    public (SnapshotInfo From, SnapshotInfo To) ResolvePair(string packageId, TimeSpan back, DateTimeOffset now, string? policyId = null)
    {
        var snapshots = ListSnapshots(packageId, policyId);
        var to = snapshots.LastOrDefault(s => s.TakenAt <= now)
            ?? throw new HistoryStoreException(HistoryError.UnknownSnapshot, $"The history store '{Path}' has no snapshot of {packageId}{(policyId is null ? "" : $" (policy {policyId})")} yet.");
        var cut = now - back;
        var from = snapshots.LastOrDefault(s => s.TakenAt <= cut && s.Id != to.Id)
            ?? throw new HistoryStoreException(HistoryError.UnknownSnapshot,
                $"No snapshot of {packageId} was taken at or before {Iso(cut)}: the oldest is {snapshots[0].Id.ToString(CultureInfo.InvariantCulture)} from {Iso(snapshots[0].TakenAt)}. Pass two snapshot ids, or a shorter period.");
        return (from, to);
    }

    /// <summary>Changes of one package from snapshot <paramref name="fromId"/> to snapshot <paramref name="toId"/>.</summary>
    public SnapshotDiff Diff(long fromId, long toId, DiffOptions? options = null)
    {
        options ??= new DiffOptions();
        var from = GetSnapshot(fromId);
        var to = GetSnapshot(toId);
        if (from.PackageId != to.PackageId)
        {
            throw new HistoryStoreException(HistoryError.InvalidRequest,
                $"Snapshots {fromId.ToString(CultureInfo.InvariantCulture)} ({from.PackageId}) and {toId.ToString(CultureInfo.InvariantCulture)} ({to.PackageId}) are of different packages; a diff compares one package.");
        }

        if (options.StaleDays is < 1 or > 365 || options.RecurringDays is < 0 or > 3650 || options.MaxDevicesPerGroup < 0)
        {
            throw new HistoryStoreException(HistoryError.InvalidRequest, "Diff options out of range: stale days 1-365, recurring days 0-3650, devices per group 0 or more.");
        }

        var staleDays = options.StaleDays ?? Math.Max(from.StaleDays, to.StaleDays);
        if (staleDays < Math.Max(from.StaleDays, to.StaleDays))
        {
            throw new HistoryStoreException(HistoryError.InvalidRequest,
                $"--stale-days {staleDays.ToString(CultureInfo.InvariantCulture)} is shorter than the {Math.Max(from.StaleDays, to.StaleDays).ToString(CultureInfo.InvariantCulture)} days snapshots {fromId.ToString(CultureInfo.InvariantCulture)} and {toId.ToString(CultureInfo.InvariantCulture)} were stored with: "
                + "the store keeps a fresh device's state, not each of its reports, so it can tell staleness only for that period or a longer one. Leave --stale-days out, or pass a longer period.");
        }

        var chainFrom = ListSnapshots(from.PackageId, from.PolicyId);
        var chainTo = from.PolicyId == to.PolicyId ? chainFrom : ListSnapshots(to.PackageId, to.PolicyId);
        var window = chainTo
            .Where(s => s.Id != from.Id && s.Id != to.Id && s.TakenAt < from.TakenAt && s.TakenAt >= to.TakenAt.AddDays(-options.RecurringDays))
            .ToList();
        return Run(() => ChangeQueries.Diff(_connection, from, to, chainFrom, chainTo, window, options with { StaleDays = staleDays }), "read");
    }

    /// <summary>Snapshot ids of one package and policy, in the order they were stored (the order versions follow).</summary>
    internal List<long> ChainIds(string packageId, string policyId) =>
        ListSnapshots(packageId, policyId).Select(s => s.Id).Order().ToList();

    /// <summary>The package's latest snapshot (of one policy, i.e. one tenant's script, when given); null when there is none.</summary>
    public SnapshotInfo? LatestSnapshot(string packageId, string? policyId = null) => ListSnapshots(packageId, policyId).LastOrDefault();

    /// <summary>
    /// The devices of a snapshot that reported this finding (rule, and code when given) and were fresh when it was taken,
    /// one row per device and code: what <c>run --finding</c> takes from "the last report snapshot".
    /// </summary>
    public IReadOnlyList<FindingDevice> DevicesWith(SnapshotInfo snapshot, string rule, string? code = null) =>
        Run(() => ChangeQueries.DevicesWith(_connection, snapshot, rule, code), "read");

    /// <summary>The package's findings over its snapshots (of one policy when given), oldest first, optionally from a time on.</summary>
    public TrendSeries Trend(string packageId, DateTimeOffset? since = null, string? policyId = null)
    {
        var snapshots = ListSnapshots(packageId, policyId).Where(s => since is null || s.TakenAt >= since).ToList();
        return Run(() => ChangeQueries.Trend(_connection, packageId, snapshots), "read");
    }

    /// <summary>Closes the store (DuckDB checkpoints it). A second call does nothing.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _writer?.Dispose();
        _connection.Dispose();
    }

    internal const string SnapshotColumns = "id, run_id, package_id, policy_id, source, taken_at, stored_at, content_hash, devices, stale_days, stale_devices, failing_devices";

    internal static List<SnapshotInfo> ReadSnapshots(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<SnapshotInfo>();
        while (reader.Read())
        {
            list.Add(new SnapshotInfo(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                Utc(reader.GetDateTime(5)),
                Utc(reader.GetDateTime(6)),
                reader.GetString(7),
                reader.GetInt64(8),
                reader.GetInt32(9),
                reader.GetInt64(10),
                reader.GetInt64(11)));
        }

        return list;
    }

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    /// <summary>A UTC instant as DuckDB's TIMESTAMP (which has no zone; every instant in the store is UTC).</summary>
    internal static DateTime Timestamp(DateTimeOffset value) => value.UtcDateTime;

    /// <summary>A literal for SQL built from instants the store made, never from device text.</summary>
    internal static string TimestampLiteral(DateTimeOffset value) =>
        "TIMESTAMP '" + value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";

    internal static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>Test seam: runs on the load's thread before a writer loads the current versions (a throw is the load failing).</summary>
    internal Action? LoadFault { get; set; }

    /// <summary>Test seam: the fingerprint a first snapshot keeps per device (see <see cref="FirstSightSet"/>), to make keys collide.</summary>
    internal Func<Guid, ulong>? FingerprintOf { get; set; }

    internal void WriterClosed(SnapshotWriter writer)
    {
        if (ReferenceEquals(_writer, writer))
        {
            _writer = null;
            try
            {
                UseQuerySettings();
            }
            catch (DuckDBException)
            {
                // A connection broken by the failure that closed the writer: the next call reports it.
            }
        }
    }

    internal void UseIngestSettings()
    {
        SetMemoryLimit(Options.AppendMemoryLimitMb);
        Execute(_connection, "SET threads = 1");
    }

    /// <summary>The commit's queries get more memory than the appends (see <see cref="HistoryStoreOptions.CommitMemoryLimitMb"/>).</summary>
    internal void UseCommitSettings() => SetMemoryLimit(Options.CommitMemoryLimitMb);

    internal void UseQuerySettings()
    {
        SetMemoryLimit(Options.QueryMemoryLimitMb);
        Execute(_connection, Options.Threads is { } threads ? $"SET threads = {threads.ToString(CultureInfo.InvariantCulture)}" : "RESET threads");
    }

    private void SetMemoryLimit(int megabytes) =>
        Execute(_connection, $"SET memory_limit = '{megabytes.ToString(CultureInfo.InvariantCulture)}MB'");

    internal T Run<T>(Func<T> action, string what)
    {
        _writer?.WaitForLoad(); // the connection is an open writer's while it loads
        try
        {
            return action();
        }
        catch (DuckDBException e)
        {
            throw Translate(e, Path, what);
        }
    }

    /// <summary>Test seam: DuckDB's memory limit on this store's connection as it stands, e.g. "15.2 MiB".</summary>
    internal string MemoryLimitInEffect() => (string)Scalar(_connection, "SELECT current_setting('memory_limit')")!;

    internal static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Maps DuckDB's errors to what the user can do about them. DuckDB reports I/O failures as text only.</summary>
    internal static HistoryStoreException Translate(Exception e, string path, string what)
    {
        var message = e.Message;
        // "failed to offload data block": DuckDB could not spill a block to its temp folder beside the store, whose size it
        // limits to the free disk space by default (max_temp_directory_size).
        if (Contains(message, "No space left") || Contains(message, "disk is full") || Contains(message, "Disk quota")
            || Contains(message, "failed to offload data block"))
        {
            return new HistoryStoreException(HistoryError.DiskFull,
                $"Could not {what} the history store '{path}': the disk is full. Nothing was stored by this run; earlier snapshots are intact. Free some space or use another --store path.", e);
        }

        if (Contains(message, "Could not set lock") || Contains(message, "Conflicting lock"))
        {
            return new HistoryStoreException(HistoryError.InUse,
                $"The history store '{path}' is in use by another process (another report running?). Wait for it to finish, or use another --store path.", e);
        }

        if (Contains(message, "not a valid DuckDB database") || Contains(message, "database file") && Contains(message, "not"))
        {
            return new HistoryStoreException(HistoryError.NotAStore,
                $"'{path}' is not a history store (DuckDB cannot read it: {FirstLine(message)}). It was left as it is; move it away or choose another --store path.", e);
        }

        return new HistoryStoreException(HistoryError.Io, $"Could not {what} the history store '{path}': {FirstLine(message)}", e);
    }

    private static bool Contains(string text, string value) => text.Contains(value, StringComparison.OrdinalIgnoreCase);

    private static string FirstLine(string text)
    {
        var line = text.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).ToString();
    }

    /// <summary>Refuses a file that is not DuckDB before DuckDB touches it (it would otherwise say less clearly why).</summary>
    private static void CheckMagic(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length == 0)
            {
                throw new HistoryStoreException(HistoryError.NotAStore, $"'{path}' is an empty file, not a history store. It was left as it is; delete it or choose another --store path.");
            }

            Span<byte> header = stackalloc byte[12];
            var read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (read < 12 || !header[8..12].SequenceEqual(Magic))
            {
                throw new HistoryStoreException(HistoryError.NotAStore,
                    $"'{path}' is not a history store (not a DuckDB database file). It was left as it is; move it away or choose another --store path.");
            }
        }
        catch (IOException e)
        {
            throw new HistoryStoreException(HistoryError.Io, $"Could not read the history store '{path}': {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new HistoryStoreException(HistoryError.Io, $"Could not read the history store '{path}': access denied. Check the file's permissions or choose another --store path.", e);
        }
    }

    /// <summary>Creates or migrates the schema and returns its version; refuses foreign and newer files.</summary>
    private static int Prepare(DuckDBConnection connection, string path, bool readOnly)
    {
        try
        {
            var tables = Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM duckdb_tables() WHERE NOT temporary"), CultureInfo.InvariantCulture);
            var hasVersion = Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version' AND NOT temporary"), CultureInfo.InvariantCulture) == 1;
            if (tables > 0 && !hasVersion)
            {
                throw new HistoryStoreException(HistoryError.NotAStore,
                    $"'{path}' is a DuckDB database but not a history store (it has no schema_version table). It was left as it is; choose another --store path.");
            }

            var version = hasVersion ? Convert.ToInt32(Scalar(connection, "SELECT coalesce(max(version), 0) FROM schema_version"), CultureInfo.InvariantCulture) : 0;
            if (version > Schema.Current)
            {
                throw new HistoryStoreException(HistoryError.NewerSchema,
                    $"The history store '{path}' has schema version {version.ToString(CultureInfo.InvariantCulture)}, written by a newer aovpn-remediations; this one reads up to version {Schema.Current.ToString(CultureInfo.InvariantCulture)}. Nothing was changed: update the tool, or use another --store path.");
            }

            if (version == Schema.Current || readOnly)
            {
                if (version < Schema.Current)
                {
                    throw new HistoryStoreException(HistoryError.InvalidRequest,
                        $"The history store '{path}' has schema version {version.ToString(CultureInfo.InvariantCulture)} and must be migrated to {Schema.Current.ToString(CultureInfo.InvariantCulture)}: open it once for writing (a report run with the store enabled).");
                }

                return version;
            }

            Migrate(connection, version);
            return Schema.Current;
        }
        catch (DuckDBException e)
        {
            throw Translate(e, path, "prepare");
        }
    }

    /// <summary>Each step in its own transaction with its version row: a failed step leaves the store at the version before it.</summary>
    internal static void Migrate(DuckDBConnection connection, int from)
    {
        if (from == 0)
        {
            Transaction(connection, Schema.V1);
            from = 1;
        }

        for (var version = from; version < Schema.Current; version++)
        {
            Transaction(connection, Schema.Migrations[version - 1]);
        }
    }

    private static void Transaction(DuckDBConnection connection, string script)
    {
        Execute(connection, "BEGIN TRANSACTION");
        try
        {
            Execute(connection, script);
            Execute(connection, "COMMIT");
        }
        catch
        {
            Execute(connection, "ROLLBACK");
            throw;
        }
    }

    private static string Describe(IEnumerable<long> ids)
    {
        var list = ids.ToList();
        return list.Count <= 10
            ? string.Join(", ", list.Select(i => i.ToString(CultureInfo.InvariantCulture)))
            : $"{list.Count.ToString(CultureInfo.InvariantCulture)} from {list[0].ToString(CultureInfo.InvariantCulture)} to {list[^1].ToString(CultureInfo.InvariantCulture)}";
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
