using System.Buffers;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using AovpnRemediations.History.Model;
using Azure.Core;

namespace AovpnRemediations.History.LogAnalytics;

/// <summary>Where and how to send: the data collection endpoint, the rule's immutable id, the stream.</summary>
public sealed record LogAnalyticsOptions(Uri DataCollectionEndpoint, string DcrImmutableId, string Stream = LogAnalyticsRows.StreamName)
{
    public const string Scope = "https://monitor.azure.com/.default";

    public const string ApiVersion = "2023-01-01";

    /// <summary>
    /// Uncompressed JSON bytes per call. The service takes at most 1 MB per call; the Azure SDK batches at 1,000,000
    /// bytes of uncompressed JSON and gzips each batch, and so does this client (the limit then holds either way).
    /// </summary>
    public int MaxBatchBytes { get; init; } = 1_000_000;

    /// <summary>Gzip each body (Content-Encoding: gzip, which the API accepts): device rows compress about tenfold.</summary>
    public bool Gzip { get; init; } = true;

    /// <summary>Tries per batch on 429, 5xx and dropped connections, the first included.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>Wait before the second try when the answer has no Retry-After; doubled per try, capped by <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Batches waiting to be sent while one is in flight; <see cref="LogAnalyticsSink.Add"/> waits beyond that.</summary>
    public int QueuedBatches { get; init; } = 2;

    /// <summary>How the client waits between tries (tests make it instant and record the delays).</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    internal Uri UploadUri => new(DataCollectionEndpoint.ToString().TrimEnd('/')
        + $"/dataCollectionRules/{Uri.EscapeDataString(DcrImmutableId)}/streams/{Uri.EscapeDataString(Stream)}?api-version={ApiVersion}");
}

/// <summary>What a completed sink sent.</summary>
public sealed record LogAnalyticsResult(long Rows, int Batches, long JsonBytes, long SentBytes, int Retries, long RowsWithCutFields);

/// <summary>The upload failed for good (after retries, or at once for an answer that a retry cannot change).</summary>
public sealed class LogAnalyticsException(string message, HttpStatusCode? status, Exception? inner = null) : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>
/// Sends device rows to Azure Monitor Logs through the Logs Ingestion API (a DCR-based custom table), as the report
/// reads them: rows are serialised into batches under <see cref="LogAnalyticsOptions.MaxBatchBytes"/>, gzipped and
/// posted one at a time by a sender task, retried on 429/5xx/dropped connections with Retry-After honoured. A retried
/// batch can arrive twice (the first answer may have been lost after the service took it); its rows carry the same
/// <c>RowKey</c>, which the KQL in docs/history de-duplicates on. A batch is sent only once the one before it was taken,
/// and the last one's rows carry <c>LastBatch</c>: a run that failed part way has no such row, and the queries skip it.
/// </summary>
public sealed class LogAnalyticsSink : IDeviceRowSink, IAsyncDisposable
{
    private readonly LogAnalyticsOptions _options;
    private readonly TokenCredential _credential;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly RunContext _run;
    private readonly Channel<byte[]> _batches;
    private readonly Task _sender;
    private readonly CancellationTokenSource _stop = new();
    private readonly ArrayBufferWriter<byte> _row = new(4096);
    private readonly List<int> _rowEnds = [];
    private MemoryStream _batch = new();
    private int _rowsInBatch;
    private AccessToken? _token;
    private long _rows;
    private long _jsonBytes;
    private long _sentBytes;
    private int _batchCount;
    private int _retries;
    private long _cutRows;
    private bool _completed;

    public LogAnalyticsSink(LogAnalyticsOptions options, TokenCredential credential, RunContext run, HttpClient? http = null)
    {
        _options = options;
        _credential = credential;
        _run = run;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
        _batches = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Math.Max(1, options.QueuedBatches)) { SingleReader = true, SingleWriter = true });
        _sender = Task.Run(SendAllAsync);
    }

    /// <summary>Serialises one row; hands a full batch to the sender, waiting while <see cref="LogAnalyticsOptions.QueuedBatches"/> wait already.</summary>
    public void Add(DeviceSnapshotRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        ObjectDisposedException.ThrowIf(_completed, this);
        ThrowIfSenderFailed();
        _row.ResetWrittenCount();
        if (LogAnalyticsRows.Write(_row, _run, row) > 0)
        {
            _cutRows++;
        }

        // "[" + rows joined by "," + "]": the batch is sealed before the row that would take it past the limit.
        if (_rowsInBatch > 0 && _batch.Length + 1 + _row.WrittenCount + 1 > _options.MaxBatchBytes)
        {
            Seal();
        }

        _batch.WriteByte(_rowsInBatch == 0 ? (byte)'[' : (byte)',');
        _batch.Write(_row.WrittenSpan);
        _rowEnds.Add((int)_batch.Length);
        _rowsInBatch++;
        _rows++;
    }

    /// <summary>Sends what is left and waits until every batch is accepted; throws <see cref="LogAnalyticsException"/> when one was not.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await CompleteWithResultAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<LogAnalyticsResult> CompleteWithResultAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_rowsInBatch > 0)
        {
            // A batch is sealed only when a row does not fit, so the open one is the run's last: its rows say so.
            var batch = _batch.GetBuffer();
            foreach (var end in _rowEnds)
            {
                LogAnalyticsRows.MarkLastBatch(batch.AsSpan(0, end));
            }

            Seal();
        }

        _completed = true;
        _batches.Writer.TryComplete();
        using (cancellationToken.Register(() => _stop.Cancel()))
        {
            await _sender.ConfigureAwait(false);
        }

        return new LogAnalyticsResult(_rows, _batchCount, _jsonBytes, _sentBytes, _retries, _cutRows);
    }

    public async ValueTask DisposeAsync()
    {
        _completed = true;
        _batches.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _sender.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or LogAnalyticsException)
        {
            // Disposed without completing: what was not sent is dropped, as documented on IDeviceRowSink.
        }

        _stop.Dispose();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private void Seal()
    {
        _batch.WriteByte((byte)']');
        var body = _batch.ToArray();
        _jsonBytes += body.Length;
        _batchCount++;
        _batch = new MemoryStream();
        _rowEnds.Clear();
        _rowsInBatch = 0;
        if (!_batches.Writer.TryWrite(body))
        {
            // Add is synchronous (the report's reader calls it per device): waiting here is the back-pressure.
            try
            {
                _batches.Writer.WriteAsync(body, _stop.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
                ThrowIfSenderFailed();
                throw;
            }
        }
    }

    private void ThrowIfSenderFailed()
    {
        if (_sender.IsFaulted)
        {
            throw _sender.Exception!.InnerException!;
        }
    }

    private async Task SendAllAsync()
    {
        try
        {
            await foreach (var body in _batches.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                await SendAsync(body, _stop.Token).ConfigureAwait(false);
            }
        }
        catch
        {
            // Wake a producer blocked in Seal: it sees the failure.
            _batches.Writer.TryComplete();
            throw;
        }
    }

    private async Task SendAsync(byte[] json, CancellationToken cancellationToken)
    {
        var body = _options.Gzip ? Compress(json) : json;
        var refreshed = false;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? wait;
            string what;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _options.UploadUri);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(refreshed, cancellationToken).ConfigureAwait(false));
                request.Headers.Add("x-ms-client-request-id", Guid.NewGuid().ToString("D"));
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                if (_options.Gzip)
                {
                    request.Content.Headers.ContentEncoding.Add("gzip");
                }

                using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    _sentBytes += body.Length;
                    return;
                }

                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Unauthorized && !refreshed)
                {
                    // A token that expired between fetch and use: one fresh token, then it is a real refusal.
                    refreshed = true;
                    _token = null;
                    attempt--;
                    continue;
                }

                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    throw new LogAnalyticsException(
                        $"Azure Monitor refused a batch of device rows: {(int)response.StatusCode} {response.ReasonPhrase}. {Short(text)} {Advice(response.StatusCode)}".Trim() + Partial(),
                        response.StatusCode);
                }

                wait = RetryAfter(response);
                what = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                wait = null;
                what = e.Message;
                if (attempt >= _options.MaxAttempts)
                {
                    throw new LogAnalyticsException($"Could not send device rows to Azure Monitor after {attempt} tries: {what}.{Partial()}", null, e);
                }
            }

            if (attempt >= _options.MaxAttempts)
            {
                throw new LogAnalyticsException($"Azure Monitor did not take a batch of device rows after {attempt} tries (last answer: {what}).{Partial()}", null);
            }

            _retries++;
            var backoff = TimeSpan.FromTicks(Math.Min(_options.MaxRetryDelay.Ticks, _options.FirstRetryDelay.Ticks << Math.Min(attempt - 1, 20)));
            await _options.Delay(wait is { } w ? (w > _options.MaxRetryDelay ? _options.MaxRetryDelay : w) : backoff, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> TokenAsync(bool refresh, CancellationToken cancellationToken)
    {
        if (refresh || _token is not { } token || token.ExpiresOn < DateTimeOffset.UtcNow.AddMinutes(5))
        {
            _token = token = await _credential.GetTokenAsync(new TokenRequestContext([LogAnalyticsOptions.Scope]), cancellationToken).ConfigureAwait(false);
        }

        return token.Token;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string Advice(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Forbidden => "The identity needs the 'Monitoring Metrics Publisher' role on the data collection rule.",
        HttpStatusCode.NotFound => "Check the data collection endpoint, the rule's immutable id (dcr-...) and the stream name (Custom-AovpnDeviceResults).",
        HttpStatusCode.RequestEntityTooLarge => "A batch was over the service's limit: lower MaxBatchBytes.",
        HttpStatusCode.BadRequest => "The rows do not match the rule's stream declaration: deploy docs/history/dcr.json as it is in this version.",
        _ => "",
    };

    // Only once a batch was taken is there an incomplete run in the table to speak of.
    private string Partial() => _sentBytes > 0 ? " " + Incomplete : "";

    private const string Incomplete = "The rows sent so far stay in the table as an incomplete run (none has LastBatch true), which the queries in docs/history skip; run the report again for a complete one.";

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "...";

    private static byte[] Compress(byte[] json)
    {
        using var output = new MemoryStream(json.Length / 6);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }
}
