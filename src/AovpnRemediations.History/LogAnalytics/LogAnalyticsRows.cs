using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AovpnRemediations.History.Model;

namespace AovpnRemediations.History.LogAnalytics;

/// <summary>
/// The rows sent to the <c>Custom-AovpnDeviceResults</c> stream: one per device and report run. The column list here is
/// the stream declaration of <c>docs/history/dcr.json</c> (a test holds the two equal). Every row has a
/// <c>RowKey</c> (run id, package, device) that is the same when a batch is sent again after a lost answer, so KQL can
/// keep one row per key (the Logs Ingestion API does not de-duplicate). The rows of a package's last batch in a run have
/// <c>LastBatch</c> true: batches go one at a time, each after the one before was taken, so a run with such a row
/// reached the table whole, and a run cut short by a failed upload has none (the queries skip it).
/// </summary>
public static class LogAnalyticsRows
{
    public const string StreamName = "Custom-AovpnDeviceResults";

    public const string TableName = "AovpnDeviceResults_CL";

    /// <summary>The service's limit per field (64 KB); longer strings are cut and the row's <c>CutFields</c> names them.</summary>
    public const int MaxFieldBytes = 64 * 1024;

    /// <summary>Columns in the order written, with their stream declaration types.</summary>
    public static readonly IReadOnlyList<(string Name, string Type)> Columns =
    [
        ("TimeGenerated", "datetime"),
        ("RowKey", "string"),
        ("RunId", "string"),
        ("PackageId", "string"),
        ("PolicyId", "string"),
        ("Source", "string"),
        ("TakenAt", "datetime"),
        ("DeviceId", "string"),
        ("DeviceName", "string"),
        ("UserPrincipalName", "string"),
        ("LastReport", "datetime"),
        ("Stale", "boolean"),
        ("DetectionState", "string"),
        ("RemediationState", "string"),
        ("ResultStatus", "string"),
        ("FindingCodes", "string"),
        ("Findings", "dynamic"),
        ("Errors", "dynamic"),
        ("CutFields", "string"),
        ("LastBatch", "boolean"),
    ];

    // Device text is written as JSON strings; the relaxed encoder keeps non-ASCII readable and still escapes quotes and controls.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static string RowKey(string runId, string packageId, string deviceId) => $"{runId}:{packageId}:{deviceId}";

    /// <summary>Writes one row as a JSON object into <paramref name="output"/>; returns how many fields were cut.</summary>
    public static int Write(IBufferWriter<byte> output, RunContext run, DeviceSnapshotRow row)
    {
        using var json = new Utf8JsonWriter(output, WriterOptions);
        var cut = new List<string>(0);
        json.WriteStartObject();
        json.WriteString("TimeGenerated", run.TakenAt.UtcDateTime);
        json.WriteString("RowKey", Cut(RowKey(run.RunId, run.PackageId, row.DeviceId), "RowKey", cut));
        json.WriteString("RunId", run.RunId);
        json.WriteString("PackageId", run.PackageId);
        json.WriteString("PolicyId", run.PolicyId);
        json.WriteString("Source", run.Source);
        json.WriteString("TakenAt", run.TakenAt.UtcDateTime);
        json.WriteString("DeviceId", Cut(row.DeviceId, "DeviceId", cut));
        json.WriteString("DeviceName", Cut(row.DeviceName, "DeviceName", cut));
        json.WriteString("UserPrincipalName", Cut(row.UserPrincipalName, "UserPrincipalName", cut));
        if (row.LastReport is { } last)
        {
            json.WriteString("LastReport", last.UtcDateTime);
        }
        else
        {
            json.WriteNull("LastReport");
        }

        json.WriteBoolean("Stale", row.LastReport is { } l && l < run.TakenAt.AddDays(-run.StaleDays));
        json.WriteString("DetectionState", Cut(row.DetectionState, "DetectionState", cut));
        json.WriteString("RemediationState", Cut(row.RemediationState, "RemediationState", cut));
        json.WriteString("ResultStatus", Cut(row.ResultStatus, "ResultStatus", cut));
        json.WriteString("FindingCodes", Cut(string.Join(';', row.Findings.Select(f => f.Rule + "/" + f.Code).Distinct()), "FindingCodes", cut));
        json.WritePropertyName("Findings");
        WriteBounded(json, row.Findings.Count, "Findings", cut, (w, n) =>
        {
            w.WriteStartArray();
            foreach (var finding in row.Findings.Take(n))
            {
                w.WriteStartObject();
                w.WriteString("rule", finding.Rule);
                w.WriteString("code", finding.Code);
                w.WriteString("detail", finding.Detail);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        json.WritePropertyName("Errors");
        WriteBounded(json, row.Errors.Count, "Errors", cut, (w, n) =>
        {
            w.WriteStartArray();
            foreach (var error in row.Errors.Take(n))
            {
                w.WriteStartObject();
                w.WriteString("rule", error.Rule);
                w.WriteString("code", error.Code);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        json.WriteString("CutFields", string.Join(',', cut));

        // Last, so that the sink can turn it true in place once it knows the row is in the run's last batch.
        json.WriteBoolean("LastBatch", false);
        json.WriteEndObject();
        json.Flush();
        return cut.Count;
    }

    /// <summary>
    /// Turns the <c>LastBatch</c> of a row <see cref="Write"/> wrote to true: <paramref name="row"/> ends where the row
    /// does, and its <c>false}</c> becomes <c>true }</c> (the same length, so the batch's other offsets stay).
    /// </summary>
    internal static void MarkLastBatch(Span<byte> row)
    {
        var value = row[^FalseEnd.Length..];
        if (!value.SequenceEqual(FalseEnd))
        {
            throw new InvalidOperationException("A Log Analytics row does not end with its LastBatch column.");
        }

        TrueEnd.CopyTo(value);
    }

    private static ReadOnlySpan<byte> FalseEnd => "false}"u8;

    private static ReadOnlySpan<byte> TrueEnd => "true }"u8;

    /// <summary>Cuts a string to at most <see cref="MaxFieldBytes"/> of UTF-8 (with room for JSON escapes), never inside a surrogate pair.</summary>
    internal static string Cut(string? value, string name, List<string> cut)
    {
        value ??= "";
        // An escaped character takes up to 6 bytes ("\u0022"); a string this short always fits.
        if (value.Length * 6 <= MaxFieldBytes)
        {
            return value;
        }

        var budget = MaxFieldBytes - 64;
        var length = 0;
        var bytes = 0;
        while (length < value.Length)
        {
            var step = char.IsHighSurrogate(value[length]) && length + 1 < value.Length ? 2 : 1;
            var size = value[length] is '"' or '\\' || value[length] < ' ' ? 6 : Encoding.UTF8.GetByteCount(value.AsSpan(length, step));
            if (bytes + size > budget)
            {
                break;
            }

            bytes += size;
            length += step;
        }

        if (length == value.Length)
        {
            return value;
        }

        cut.Add(name);
        return value[..length] + "...";
    }

    /// <summary>A dynamic column: all items when they fit in a field, else as many as fit (the column is named in CutFields).</summary>
    private static void WriteBounded(Utf8JsonWriter json, int count, string name, List<string> cut, Action<Utf8JsonWriter, int> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var n = count;
        while (true)
        {
            buffer.ResetWrittenCount();
            using (var inner = new Utf8JsonWriter(buffer, WriterOptions))
            {
                write(inner, n);
            }

            if (buffer.WrittenCount <= MaxFieldBytes || n == 0)
            {
                break;
            }

            n = n * MaxFieldBytes / buffer.WrittenCount;
        }

        if (n < count)
        {
            cut.Add(name);
        }

        json.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
    }
}

/// <summary>What every row of one run carries besides the device.</summary>
public sealed record RunContext(string RunId, string PackageId, string PolicyId, string Source, DateTimeOffset TakenAt, int StaleDays = 7)
{
    public static RunContext From(SnapshotStart start) =>
        new(start.RunId ?? throw new ArgumentException("The run needs a RunId shared by its store snapshot, Log Analytics rows and Parquet file.", nameof(start)),
            start.PackageId, start.PolicyId, start.Source, start.TakenAt, start.StaleDays);
}
