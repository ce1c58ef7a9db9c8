using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AovpnRemediations.History.LogAnalytics;
using AovpnRemediations.History.Model;
using global::Parquet;
using global::Parquet.Schema;

namespace AovpnRemediations.History.Parquet;

/// <summary>
/// Writes the device rows of one report run to a Parquet file, a row group every <see cref="RowGroupSize"/> devices,
/// so memory holds one row group whatever the fleet size. The column schema is <see cref="Schema"/> and only grows by
/// appending columns. Written to a temporary file beside the target and moved over it on completion: a run that fails
/// leaves no half file that looks whole.
/// </summary>
public sealed class ParquetSnapshotWriter : IDeviceRowSink, IAsyncDisposable
{
    public const int DefaultRowGroupSize = 50_000;

    private static readonly DataField<string> RunId = new("run_id");
    private static readonly DataField<string> PackageId = new("package_id");
    private static readonly DataField<string> PolicyId = new("policy_id");
    // Timestamps as the standard TIMESTAMP(MICROS, UTC) logical type, not the legacy INT96 some readers misread.
    private static readonly DateTimeDataField TakenAt = new("taken_at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
    private static readonly DataField<string> DeviceId = new("device_id");
    private static readonly DataField<string> DeviceName = new("device_name");
    private static readonly DataField<string> Upn = new("upn");
    private static readonly DateTimeDataField LastReport = new("last_report", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true);
    private static readonly DataField<bool> Stale = new("stale");
    private static readonly DataField<string> DetectionState = new("detection_state");
    private static readonly DataField<string> RemediationState = new("remediation_state");
    private static readonly DataField<string> ResultStatus = new("result_status");
    private static readonly DataField<string> FindingCodes = new("finding_codes");
    private static readonly DataField<string> FindingsJson = new("findings_json");
    private static readonly DataField<string> ErrorCodes = new("error_codes");

    /// <summary>The columns, in file order.</summary>
    public static readonly ParquetSchema Schema = new(
        RunId, PackageId, PolicyId, TakenAt, DeviceId, DeviceName, Upn, LastReport, Stale,
        DetectionState, RemediationState, ResultStatus, FindingCodes, FindingsJson, ErrorCodes);

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _path;
    private readonly string _temp;
    private RunContext _run;
    private readonly FileStream _file;
    private readonly ParquetWriter _writer;
    private readonly List<string> _deviceIds;
    private readonly List<string> _names;
    private readonly List<string> _upns;
    private readonly DateTime?[] _lastReports;
    private readonly bool[] _stale;
    private readonly List<string> _detection;
    private readonly List<string> _remediation;
    private readonly List<string> _status;
    private readonly List<string> _codes;
    private readonly List<string> _findings;
    private readonly List<string> _errors;
    private readonly MemoryStream _json = new();
    private int _count;
    private bool _done;

    private ParquetSnapshotWriter(string path, string temp, RunContext run, FileStream file, ParquetWriter writer, int rowGroupSize)
    {
        _path = path;
        _temp = temp;
        _run = run;
        _file = file;
        _writer = writer;
        RowGroupSize = rowGroupSize;
        _deviceIds = new(rowGroupSize);
        _names = new(rowGroupSize);
        _upns = new(rowGroupSize);
        _lastReports = new DateTime?[rowGroupSize];
        _stale = new bool[rowGroupSize];
        _detection = new(rowGroupSize);
        _remediation = new(rowGroupSize);
        _status = new(rowGroupSize);
        _codes = new(rowGroupSize);
        _findings = new(rowGroupSize);
        _errors = new(rowGroupSize);
    }

    public int RowGroupSize { get; }

    public long Rows { get; private set; }

    public int RowGroups { get; private set; }

    public static async Task<ParquetSnapshotWriter> CreateAsync(string path, RunContext run, int rowGroupSize = DefaultRowGroupSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        try
        {
            // Zstd at its fastest level: measured on 200,000 devices, 2 s CPU and 2.2 MB; the default ("optimal") level took
            // 17 s CPU for 1.6 MB, which is no trade for a file written once per report run.
            var options = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = System.IO.Compression.CompressionLevel.Fastest };
            var writer = await ParquetWriter.CreateAsync(Schema, file, options, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new ParquetSnapshotWriter(full, temp, run, file, writer, rowGroupSize);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Rows added from now on belong to this run context (the report's next package): the rows of the previous one are
    /// written as their own row group first, so one file holds every package of a report run.
    /// </summary>
    public void Use(RunContext run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ObjectDisposedException.ThrowIf(_done, this);
        if (_count > 0)
        {
            FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        _run = run;
    }

    public void Add(DeviceSnapshotRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        ObjectDisposedException.ThrowIf(_done, this);
        _deviceIds.Add(row.DeviceId ?? "");
        _names.Add(row.DeviceName ?? "");
        _upns.Add(row.UserPrincipalName ?? "");
        _lastReports[_count] = row.LastReport?.UtcDateTime;
        _stale[_count] = row.LastReport is { } last && last < _run.TakenAt.AddDays(-_run.StaleDays);
        _detection.Add(row.DetectionState ?? "");
        _remediation.Add(row.RemediationState ?? "");
        _status.Add(row.ResultStatus ?? "");
        _codes.Add(string.Join(';', row.Findings.Select(f => f.Rule + "/" + f.Code)));
        _findings.Add(FindingsText(row.Findings));
        _errors.Add(string.Join(';', row.Errors.Select(e => e.Rule + "/" + e.Code)));
        _count++;
        Rows++;
        if (_count == RowGroupSize)
        {
            // Add is synchronous (the report's reader calls it per device); a row group is written once per many rows.
            FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        _done = true;
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
        File.Move(_temp, _path, overwrite: true);
    }

    /// <summary>Without <see cref="CompleteAsync"/>: deletes the temporary file, leaves any earlier file at the path as it was.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        try
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
        }

        await _file.DisposeAsync().ConfigureAwait(false);
        File.Delete(_temp);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_count == 0 && RowGroups > 0)
        {
            return;
        }

        using (var group = _writer.CreateRowGroup())
        {
            await group.WriteAsync(RunId, Repeat(_run.RunId), null).ConfigureAwait(false);
            await group.WriteAsync(PackageId, Repeat(_run.PackageId), null).ConfigureAwait(false);
            await group.WriteAsync(PolicyId, Repeat(_run.PolicyId), null).ConfigureAwait(false);
            await group.WriteAsync(TakenAt, new ReadOnlyMemory<DateTime>(Enumerable.Repeat(_run.TakenAt.UtcDateTime, _count).ToArray()), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync(DeviceId, _deviceIds, null).ConfigureAwait(false);
            await group.WriteAsync(DeviceName, _names, null).ConfigureAwait(false);
            await group.WriteAsync(Upn, _upns, null).ConfigureAwait(false);
            await group.WriteAsync(LastReport, new ReadOnlyMemory<DateTime?>(_lastReports, 0, _count), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync(Stale, new ReadOnlyMemory<bool>(_stale, 0, _count), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync(DetectionState, _detection, null).ConfigureAwait(false);
            await group.WriteAsync(RemediationState, _remediation, null).ConfigureAwait(false);
            await group.WriteAsync(ResultStatus, _status, null).ConfigureAwait(false);
            await group.WriteAsync(FindingCodes, _codes, null).ConfigureAwait(false);
            await group.WriteAsync(FindingsJson, _findings, null).ConfigureAwait(false);
            await group.WriteAsync(ErrorCodes, _errors, null).ConfigureAwait(false);
            group.CompleteValidate();
        }

        RowGroups++;
        _count = 0;
        foreach (var list in new[] { _deviceIds, _names, _upns, _detection, _remediation, _status, _codes, _findings, _errors })
        {
            list.Clear();
        }
    }

    private string[] Repeat(string value) => Enumerable.Repeat(value, _count).ToArray();

    private string FindingsText(IReadOnlyList<SnapshotFinding> findings)
    {
        if (findings.Count == 0)
        {
            return "[]";
        }

        _json.SetLength(0);
        using (var json = new Utf8JsonWriter(_json, JsonOptions))
        {
            json.WriteStartArray();
            foreach (var finding in findings)
            {
                json.WriteStartObject();
                json.WriteString("rule", finding.Rule);
                json.WriteString("code", finding.Code);
                json.WriteString("detail", finding.Detail);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(_json.GetBuffer(), 0, (int)_json.Length);
    }
}
