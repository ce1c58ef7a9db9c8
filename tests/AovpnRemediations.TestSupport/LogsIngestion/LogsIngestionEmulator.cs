using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AovpnRemediations.TestSupport.LogsIngestion;

/// <summary>A fault the emulator answers a request with.</summary>
public enum IngestionFault
{
    TooManyRequests,
    ServiceUnavailable,

    /// <summary>The connection is closed before any answer.</summary>
    Drop,

    /// <summary>The rows are taken, then the connection is closed: the client cannot know, retries, and the rows arrive twice.</summary>
    DropAfterAccepting,
}

/// <summary>One request as the emulator saw it.</summary>
public sealed record IngestionRequest(int Status, long BodyBytes, long JsonBytes, bool Gzip, int Rows, string? Fault, string? Problem);

/// <summary>
/// A loopback Logs Ingestion API on 127.0.0.1 (random port): checks the path and api-version, the bearer token, the
/// body size (1 MB), gzip, that every row matches the DCR's stream declaration (read from docs/history/dcr.json) and
/// every field is under 64 KB; answers 204, or the faults queued in <see cref="Faults"/>, or random ones at the rate
/// <see cref="FailAtRandom"/> sets (429 with Retry-After, 503, dropped connections, rows taken and then the connection
/// dropped). Accepted rows and a request log are kept for assertions.
/// </summary>
public sealed class LogsIngestionEmulator : IAsyncDisposable
{
    public const string DcrId = "dcr-00000000000000000000000000000001";
    public const string DefaultToken = "emulator-token-1";
    private const int MaxBody = 1024 * 1024;
    private const int MaxField = 64 * 1024;
    private static readonly IngestionFault[] AllFaults = Enum.GetValues<IngestionFault>();
    private readonly object _randomLock = new();
    private LoopbackServer? _server;
    private Random? _random;
    private double _faultRate;

    public LogsIngestionEmulator(IReadOnlyDictionary<string, string> columns, string token = DefaultToken)
    {
        Columns = columns;
        Token = token;
    }

    /// <summary>The stream declaration's columns, name to type.</summary>
    public IReadOnlyDictionary<string, string> Columns { get; }

    /// <summary>The bearer token every request must carry.</summary>
    public string Token { get; }

    /// <summary>Faults for the next requests, in order; while it holds any, no random fault is drawn.</summary>
    public ConcurrentQueue<IngestionFault> Faults { get; } = new();

    /// <summary>An outage: once this many requests were taken, every later one is answered 503.</summary>
    public int? OutageAfterTaken { get; set; }

    /// <summary>Seconds sent in Retry-After with a 429.</summary>
    public int RetryAfterSeconds { get; set; } = 7;

    public ConcurrentQueue<IngestionRequest> Log { get; } = new();

    public ConcurrentQueue<JsonElement> Rows { get; } = new();

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1");

    public static async Task<LogsIngestionEmulator> StartAsync(string token = DefaultToken)
    {
        var emulator = new LogsIngestionEmulator(DcrColumns(), token);
        emulator._server = await LoopbackServer.StartAsync(emulator.HandleAsync);
        emulator.Endpoint = emulator._server.BaseUrl;
        return emulator;
    }

    /// <summary>
    /// From now on each request (past the queued <see cref="Faults"/>) fails with probability <paramref name="rate"/>,
    /// with one of the four faults drawn evenly; the seed makes a run repeatable, since a sink sends one batch at a time.
    /// </summary>
    public void FailAtRandom(double rate, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1);
        lock (_randomLock)
        {
            _random = new Random(seed);
            _faultRate = rate;
        }
    }

    /// <summary>The stream declaration of the DCR shipped in docs/history/dcr.json.</summary>
    public static Dictionary<string, string> DcrColumns()
    {
        using var dcr = JsonDocument.Parse(File.ReadAllText(Repository.Path("docs", "history", "dcr.json")));
        return dcr.RootElement.GetProperty("properties").GetProperty("streamDeclarations").GetProperty("Custom-AovpnDeviceResults").GetProperty("columns")
            .EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("type").GetString()!, StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private bool TryTakeFault(out IngestionFault fault)
    {
        if (OutageAfterTaken is { } taken && Log.Count(r => r.Status == 204) >= taken)
        {
            fault = IngestionFault.ServiceUnavailable;
            return true;
        }

        if (Faults.TryDequeue(out fault))
        {
            return true;
        }

        lock (_randomLock)
        {
            if (_random is not null && _random.NextDouble() < _faultRate)
            {
                fault = AllFaults[_random.Next(AllFaults.Length)];
                return true;
            }
        }

        return false;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Method != "POST" || request.Path.Value != $"/dataCollectionRules/{DcrId}/streams/Custom-AovpnDeviceResults")
        {
            await Answer(context, 404, "NotFound", $"no such rule or stream: {request.Path}", 0, 0, false, 0);
            return;
        }

        if (request.Query["api-version"] != "2023-01-01")
        {
            await Answer(context, 400, "InvalidApiVersion", "api-version must be 2023-01-01", 0, 0, false, 0);
            return;
        }

        if (request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await Answer(context, 401, "InvalidToken", "missing or wrong bearer token", 0, 0, false, 0);
            return;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var gzip = request.Headers.ContentEncoding.ToString() == "gzip";
        var json = gzip ? Gunzip(body) : body;
        var faulted = TryTakeFault(out var fault);
        if (faulted)
        {
            switch (fault)
            {
                case IngestionFault.TooManyRequests:
                    context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await Answer(context, 429, "TooManyRequests", "throttled", body.Length, json.Length, gzip, 0, "429");
                    return;
                case IngestionFault.ServiceUnavailable:
                    await Answer(context, 503, "ServiceUnavailable", "try later", body.Length, json.Length, gzip, 0, "503");
                    return;
                case IngestionFault.Drop:
                    Log.Enqueue(new IngestionRequest(0, body.Length, json.Length, gzip, 0, "drop", null));
                    context.Abort();
                    return;
            }
        }

        if (body.Length > MaxBody || json.Length > MaxBody)
        {
            await Answer(context, 413, "ContentLengthLimitExceeded", $"body {json.Length} bytes is over 1 MB", body.Length, json.Length, gzip, 0);
            return;
        }

        var problem = Validate(json, out var rows);
        if (problem is not null)
        {
            await Answer(context, 400, "InvalidRows", problem, body.Length, json.Length, gzip, 0);
            return;
        }

        foreach (var row in rows)
        {
            Rows.Enqueue(row);
        }

        if (faulted && fault == IngestionFault.DropAfterAccepting)
        {
            Log.Enqueue(new IngestionRequest(0, body.Length, json.Length, gzip, rows.Count, "drop-after-accepting", null));
            context.Abort();
            return;
        }

        Log.Enqueue(new IngestionRequest(204, body.Length, json.Length, gzip, rows.Count, null, null));
        context.Response.StatusCode = 204;
    }

    private string? Validate(byte[] json, out List<JsonElement> rows)
    {
        rows = [];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return "body is not JSON: " + e.Message;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return "body is not a JSON array";
        }

        foreach (var row in document.RootElement.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Object)
            {
                return "a row is not an object";
            }

            foreach (var property in row.EnumerateObject())
            {
                if (!Columns.TryGetValue(property.Name, out var type))
                {
                    return $"column {property.Name} is not in the stream declaration";
                }

                if (property.Value.GetRawText().Length > MaxField)
                {
                    return $"field {property.Name} is over 64 KB";
                }

                var ok = property.Value.ValueKind == JsonValueKind.Null || type switch
                {
                    "string" => property.Value.ValueKind == JsonValueKind.String,
                    "datetime" => property.Value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(property.Value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out _),
                    "boolean" => property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                    "int" or "long" or "real" => property.Value.ValueKind == JsonValueKind.Number,
                    "dynamic" => true,
                    _ => false,
                };
                if (!ok)
                {
                    return $"column {property.Name} is declared {type} but the row has {property.Value.ValueKind}";
                }
            }

            rows.Add(row.Clone());
        }

        return null;
    }

    private async Task Answer(HttpContext context, int status, string code, string message, long bodyBytes, long jsonBytes, bool gzip, int rows, string? fault = null)
    {
        Log.Enqueue(new IngestionRequest(status, bodyBytes, jsonBytes, gzip, rows, fault, fault is null ? message : null));
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { error = new { code, message } });
    }

    private static byte[] Gunzip(byte[] body)
    {
        using var input = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
