using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Report.Graph;
using AovpnRemediations.Report.Parsing;
using nietras.SeparatedValues;

namespace AovpnRemediations.Report.Sources;

/// <summary>How the export job is polled and downloaded; tests pass a wait that only records.</summary>
public sealed class ExportOptions
{
    /// <summary>First wait between polls; grows by half each poll up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan FirstPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A job still not completed after this long is given up on (the message says so).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;

    /// <summary>Where the zip is downloaded before its CSV entry is streamed (the zip, never the extracted CSV).</summary>
    public string TempFolder { get; set; } = Path.GetTempPath();

    /// <summary>The download client; the default sends no Authorization header, since the URL is a SAS link to blob storage.</summary>
    public HttpMessageHandler? DownloadHandler { get; set; }
}

/// <summary>
/// The <c>DeviceRunStatesByProactiveRemediation</c> export (intune-graph.md §2.5): create the job with an explicit column
/// <c>select</c> and CSV format, poll with a growing wait until <c>completed</c>, download the zip to a temporary file,
/// and stream its CSV entry record by record (never extracted, never loaded whole).
/// </summary>
public sealed class ExportJobSource(GraphConnection graph, ExportOptions options) : IDeviceSource
{
    public const string ReportName = "DeviceRunStatesByProactiveRemediation";
    public const string Jobs = "beta/deviceManagement/reports/exportJobs";

    /// <summary>The columns asked for; Microsoft: "explicitly select relevant columns", defaults may change.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "DeviceId", "DeviceName", "UPN", "DetectionStatus", "RemediationStatus", "ModifiedTime",
        "PreRemediationDetectionScriptOutput", "PreRemediationDetectionScriptError",
        "RemediationScriptOutputDetails", "RemediationScriptErrorDetails",
        "PostRemediationDetectionScriptOutput", "PostRemediationDetectionScriptError",
    ];

    public string Name => "export";

    public async Task ReadAsync(ManagedScript script, Action<DeviceRow> sink, IReportProgress progress, CancellationToken cancellationToken)
    {
        var url = await RunJobAsync(script, progress, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(options.TempFolder);
        var zipPath = Path.Combine(options.TempFolder, $"aovpn-report-{Guid.NewGuid():N}.zip");
        try
        {
            progress.Status($"{script.PackageId}: downloading the export");
            await DownloadAsync(url, zipPath, cancellationToken).ConfigureAwait(false);
            progress.Status($"{script.PackageId}: reading devices");
            ReadZip(zipPath, script, sink, progress, cancellationToken);
        }
        finally
        {
            File.Delete(zipPath);
        }
    }

    /// <summary>Streams the device rows of an export zip already on disk (the benchmark and tests call this too).</summary>
    public static void ReadZip(string zipPath, ManagedScript script, Action<DeviceRow> sink, IReportProgress progress, CancellationToken cancellationToken)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        var entry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            ?? throw new ReportDataException($"The export of '{script.DisplayName}' has no CSV file in its zip ({string.Join(", ", zip.Entries.Select(e => e.FullName))}).");
        using var stream = entry.Open();
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var detectionLines = new ResultLineCache(); // the reading thread's own
        Pipelined(batchSink => ReadCsv(reader, script, batchSink, progress, cancellationToken), sink, cancellationToken,
            whileBehind: row => row.DetectionLine = detectionLines.Parse(row.PreOutput));
    }

    /// <summary>
    /// Runs <paramref name="produce"/> (inflate, decode, split CSV) on another thread while this one parses and
    /// aggregates: the two halves cost about the same, so two cores nearly halve the time. Rows cross in batches
    /// through a bounded queue (a few hundred rows at most), so memory stays flat; the sink always runs on the
    /// calling thread, one row at a time, so aggregation needs no locks. The queue is kept short on purpose: every row
    /// in it when a collection runs survives it, and with 4,096 rows in flight each gen0 collection promoted them all,
    /// so a 1M-device read ran ~135 gen2 collections; with 256 in flight it runs one or two.
    /// <para>
    /// <paramref name="whileBehind"/> is work of the aggregating side that the reading thread does on a row instead,
    /// while the aggregator is behind (half the queue or more waiting): with the snapshot store the aggregator also
    /// hashes and looks up every row and was the slower side, the reader idle a quarter of the time; without the store
    /// the reader is the slower side and mostly leaves that work where it was. In one process (history-local, four reads
    /// each, twice alternating) the read with the store took 1.07-1.12 s against 1.14-1.21 s; without the store
    /// 1.02-1.03 s against 0.96-1.02 s (with the work always on the reader, 1.05-1.10 s).
    /// </para>
    /// </summary>
    internal static void Pipelined(Action<Action<DeviceRow>> produce, Action<DeviceRow> sink, CancellationToken cancellationToken, Action<DeviceRow>? whileBehind = null)
    {
        const int BatchSize = 64;
        const int Batches = 4;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BatchHandOff<DeviceRow[]>(Batches, stop.Token);
        var producer = Task.Run(() =>
        {
            try
            {
                var batch = new DeviceRow[BatchSize];
                var count = 0;
                produce(row =>
                {
                    if (whileBehind is not null && queue.Backlog >= Batches / 2)
                    {
                        whileBehind(row);
                    }

                    batch[count++] = row;
                    if (count == BatchSize)
                    {
                        queue.Add(batch);
                        batch = new DeviceRow[BatchSize];
                        count = 0;
                    }
                });
                if (count > 0)
                {
                    queue.Add(batch[..count]);
                }
            }
            finally
            {
                queue.Complete();
            }
        }, stop.Token);

        try
        {
            while (queue.TryTake(out var batch))
            {
                foreach (var row in batch)
                {
                    sink(row);
                }
            }
        }
        catch
        {
            stop.Cancel(); // the reader must not wait forever on a queue nobody empties
            try
            {
                producer.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
            }

            throw;
        }

        producer.GetAwaiter().GetResult(); // a reading error (bad zip, missing columns) surfaces here
    }

    /// <summary>
    /// Streams the CSV with Sep (RFC 4180: quoted fields, doubled quotes, CR/LF inside quotes) over its own buffer, so
    /// memory stays flat whatever the file size; only the columns the report reads become strings. Fields are unquoted
    /// by <see cref="CsvField"/>, not by Sep (see there why), and the script outputs through <see cref="RepeatedTexts"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    public static void ReadCsv(TextReader text, ManagedScript script, Action<DeviceRow> sink, IReportProgress progress, CancellationToken cancellationToken)
    {
        // The header is read as a row (HasHeader false) so its names match in any case and an empty file is told apart;
        // rows may have fewer or more columns than the header.
        using var csv = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = false, DisableColCountCheck = true }).From(text);
        var rows = csv.GetEnumerator();
        List<string>? header = null;
        while (header is null && rows.MoveNext())
        {
            var first = rows.Current;
            if (!IsBlank(first))
            {
                header = new List<string>(first.ColCount);
                for (var i = 0; i < first.ColCount; i++)
                {
                    header.Add(CsvField.Text(first[i].Span));
                }
            }
        }

        if (header is null)
        {
            throw new ReportDataException($"The export of '{script.DisplayName}' is empty: not even a header line.");
        }

        int Column(string name) => header.FindIndex(h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        var missing = Columns.Where(c => Column(c) < 0).ToList();
        if (missing.Contains("DeviceId") || missing.Contains("PreRemediationDetectionScriptOutput"))
        {
            throw new ReportDataException(
                $"The export of '{script.DisplayName}' lacks the column(s) {string.Join(", ", missing)} (it has: {string.Join(", ", header)}). The report asks for them by name; the report format may have changed.");
        }

        var deviceId = Column("DeviceId");
        var deviceName = Column("DeviceName");
        var upn = Column("UPN");
        // A localized column (<name>_loc) carries the readable value beside an enum number; either is understood.
        var detection = Column("DetectionStatus_loc") is >= 0 and var dl ? dl : Column("DetectionStatus");
        var remediation = Column("RemediationStatus_loc") is >= 0 and var rl ? rl : Column("RemediationStatus");
        var modified = Column("ModifiedTime");
        var pre = Column("PreRemediationDetectionScriptOutput");
        var preError = Column("PreRemediationDetectionScriptError");
        var remOutput = Column("RemediationScriptOutputDetails");
        var remError = Column("RemediationScriptErrorDetails");
        var post = Column("PostRemediationDetectionScriptOutput");
        var postError = Column("PostRemediationDetectionScriptError");

        var texts = new RepeatedTexts[3]; // the three outputs; errors name their device's paths, so rarely repeat
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = new RepeatedTexts();
        }

        var batch = 0;
        while (rows.MoveNext())
        {
            var row = rows.Current;
            if (IsBlank(row))
            {
                continue; // blank lines are skipped
            }

            sink(new DeviceRow
            {
                DeviceId = At(row, deviceId) ?? "",
                DeviceName = At(row, deviceName) ?? "",
                UserName = At(row, upn) ?? "",
                Detection = RunStateNames.Detection(Span(row, detection)),
                Remediation = RunStateNames.Remediation(Span(row, remediation)),
                LastReport = RunStateNames.Time(Span(row, modified)),
                PreOutput = Repeated(row, pre, texts[0]),
                PreError = At(row, preError),
                RemediationOutput = Repeated(row, remOutput, texts[1]),
                RemediationError = At(row, remError),
                PostOutput = Repeated(row, post, texts[2]),
                PostError = At(row, postError),
            });
            if (++batch == 4096)
            {
                progress.Advance(batch);
                batch = 0;
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        progress.Advance(batch);
    }

    private static bool IsBlank(SepReader.Row row) => row.ColCount == 1 && row.Span.Length == 0;

    /// <summary>A column as a string, or null when the row is shorter than the header (or the column is not there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static string? At(SepReader.Row row, int column) => column >= 0 && column < row.ColCount ? CsvField.Text(row[column].Span) : null;

    /// <summary>A column whose texts repeat across devices, through its table of them; null when the row is shorter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static string? Repeated(SepReader.Row row, int column, RepeatedTexts texts) =>
        column >= 0 && column < row.ColCount ? texts.Text(row[column].Span) : null;

    /// <summary>A column read in place (the states and the time are parsed, never kept); empty when the row is shorter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<char> Span(SepReader.Row row, int column) => column >= 0 && column < row.ColCount ? CsvField.Unquote(row[column].Span) : [];

    private async Task<string> RunJobAsync(ManagedScript script, IReportProgress progress, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["reportName"] = ReportName,
            ["filter"] = $"(PolicyId eq '{script.Id.Replace("'", "''", StringComparison.Ordinal)}')",
            ["select"] = new JsonArray(Columns.Select(c => (JsonNode)c).ToArray()),
            ["format"] = "csv",
            ["localizationType"] = "LocalizedValuesAsAdditionalColumn",
        };
        progress.Status($"{script.PackageId}: export job requested");
        // Repeating the create after a dropped connection at worst leaves one unused job behind.
        var job = await graph.Http.SendOrThrowAsync<ExportJob>(HttpMethod.Post, Jobs, request, idempotent: true, cancellationToken).ConfigureAwait(false);
        var id = job.Id ?? throw new ReportDataException("The export job was created without an id.");
        var waited = TimeSpan.Zero;
        var wait = options.FirstPollInterval;
        for (var polls = 1; ; polls++)
        {
            switch (job.Status)
            {
                case "completed":
                    return job.Url is { Length: > 0 } url
                        ? url
                        : throw new ReportDataException($"The export job {id} completed without a download URL.");
                case "failed":
                    throw new TenantStateException($"The export job {id} for '{script.DisplayName}' failed in the service. Run the report again, or use --source runstates.");
            }

            if (waited >= options.Timeout)
            {
                throw new TenantStateException($"The export job {id} for '{script.DisplayName}' was still '{job.Status}' after {waited.TotalMinutes:0.#} minutes. Run the report again later, or use --source runstates.");
            }

            await options.Delay(wait, cancellationToken).ConfigureAwait(false);
            waited += wait;
            wait = TimeSpan.FromTicks(Math.Min(options.MaxPollInterval.Ticks, wait.Ticks * 3 / 2));
            progress.Status($"{script.PackageId}: export job {job.Status} (poll {polls})");
            job = await graph.Http.GetAsync<ExportJob>($"{Jobs}('{Uri.EscapeDataString(id)}')", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DownloadAsync(string url, string path, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || (uri.Scheme == "http" && !uri.IsLoopback))
        {
            throw new ReportDataException($"The export job's download URL is not an https URL: {graph.Redactor.Redact(url)}");
        }

        using var client = new HttpClient(options.DownloadHandler ?? new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All }, disposeHandler: options.DownloadHandler is null)
        {
            Timeout = TimeSpan.FromMinutes(30),
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if ((int)response.StatusCode is 429 or >= 500 && attempt < 4)
                {
                    await options.Delay(TimeSpan.FromSeconds(attempt * 2), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new GraphRequestException(
                        $"Downloading the export failed: {(int)response.StatusCode} {response.StatusCode} ({graph.Redactor.Redact(url)}). The link may have expired: run the report again.",
                        (int)response.StatusCode, "DownloadFailed", "GET", graph.Redactor.Redact(uri.GetLeftPart(UriPartial.Path)));
                }

                await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await response.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                graph.Options.Log?.Invoke($"GET {graph.Redactor.Redact(uri.GetLeftPart(UriPartial.Path))} -> {(int)response.StatusCode}, {file.Length:N0} bytes (export download)");
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && attempt < 4 && !cancellationToken.IsCancellationRequested)
            {
                await options.Delay(TimeSpan.FromSeconds(attempt * 2), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private sealed record ExportJob
    {
        public string? Id { get; init; }

        public string? Status { get; init; }

        public string? Url { get; init; }

        [JsonPropertyName("expirationDateTime")]
        public DateTimeOffset? ExpirationDateTime { get; init; }
    }
}

/// <summary>What the service sent cannot be used (a zip without CSV, missing columns); exit 6 with the reason.</summary>
public sealed class ReportDataException(string message) : Exception(message);
