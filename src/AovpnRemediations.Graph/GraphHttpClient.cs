using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AovpnRemediations.Graph.Pipeline;

namespace AovpnRemediations.Graph;

/// <summary>A raw response: status and parsed JSON body (null when empty).</summary>
public sealed record GraphResult(int Status, JsonNode? Body)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>
    /// The response headers, names case-insensitive (multiple values joined by ", "). Multi Admin Approval answers with
    /// its request id in one (x-msft-approval-code), so callers that handle approvals read them here.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Raw JSON calls through the shared pipeline, for the beta resources the typed SDK does not have.
/// Paths are relative to the service root and start with the version ("beta/deviceManagement/…"), or absolute
/// (an @odata.nextLink, followed whole as Graph asks).
/// </summary>
public sealed class GraphHttpClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;
    private readonly Redactor _redactor;

    internal GraphHttpClient(HttpClient http, string root, Redactor redactor)
    {
        _http = http;
        Root = root;
        _redactor = redactor;
    }

    /// <summary>The service root without a trailing slash.</summary>
    public string Root { get; }

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        var result = await SendOrThrowAsync(HttpMethod.Get, path, null, idempotent: true, cancellationToken).ConfigureAwait(false);
        return result.Body is null
            ? throw Failure("GET", path, result.Status, null, "The response had no body.")
            : result.Body.Deserialize<T>(Json)!;
    }

    /// <summary>The exact JSON a body is sent as (an approved write must be replayed byte for byte, so callers hash this).</summary>
    public static string Serialize(object body) =>
        body is JsonNode node ? node.ToJsonString(Json) : JsonSerializer.Serialize(body, body.GetType(), Json);

    /// <summary>Every item of a collection, following @odata.nextLink to the end.</summary>
    public async Task<List<T>> ListAsync<T>(string path, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? next = path;
        var pages = 0;
        while (next is not null)
        {
            if (++pages > 1000)
            {
                throw Failure("GET", path, 0, null, "More than 1000 pages: the service keeps returning @odata.nextLink.");
            }

            var page = await GetAsync<Beta.GraphPage<T>>(next, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Value);
            next = page.NextLink;
        }

        return items;
    }

    /// <summary>Sends and throws <see cref="GraphRequestException"/> on any non-success status.</summary>
    /// <param name="idempotent">Repeating the request after a dropped connection is harmless (POST /assign); false for a POST that creates.</param>
    public async Task<GraphResult> SendOrThrowAsync(HttpMethod method, string path, object? body, bool idempotent, CancellationToken cancellationToken)
    {
        var result = await SendAsync(method, path, body, idempotent, readOnly: false, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw Failure(method.Method, path, result.Status, result.Body, null);
        }

        return result;
    }

    public async Task<T> SendOrThrowAsync<T>(HttpMethod method, string path, object? body, bool idempotent, CancellationToken cancellationToken)
    {
        var result = await SendOrThrowAsync(method, path, body, idempotent, cancellationToken).ConfigureAwait(false);
        return result.Body is null
            ? throw Failure(method.Method, path, result.Status, null, "The response had no body.")
            : result.Body.Deserialize<T>(Json)!;
    }

    /// <summary>Sends and returns the status and body whatever the status; throws only when no response arrived.</summary>
    public Task<GraphResult> SendAsync(HttpMethod method, string path, object? body, bool idempotent, bool readOnly, CancellationToken cancellationToken) =>
        SendAsync(method, path, body, idempotent, readOnly, headers: null, cancellationToken);

    /// <summary>As <see cref="SendAsync(HttpMethod, string, object?, bool, bool, CancellationToken)"/>, with extra request headers (approval headers).</summary>
    public async Task<GraphResult> SendAsync(HttpMethod method, string path, object? body, bool idempotent, bool readOnly,
        IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, Resolve(path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(Serialize(body), Encoding.UTF8, "application/json");
        }

        request.Options.Set(RequestFlags.Idempotent, idempotent);
        request.Options.Set(RequestFlags.ReadOnly, readOnly);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var message = $"{method} {_redactor.Redact(Trim(path))}: no response ({_redactor.Describe(ex)}).";
            if (!RequestFlags.IsSafeToRepeat(request))
            {
                throw new GraphOutcomeUnknownException(message + " Whether the service carried it out is unknown.", method.Method, Trim(path), null);
            }

            throw new GraphRequestException(message, 0, "NoResponse", method.Method, Trim(path));
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonNode? parsed = null;
            if (!string.IsNullOrWhiteSpace(text))
            {
                try
                {
                    parsed = JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    parsed = JsonValue.Create(text);
                }
            }

            var received = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                received[header.Key] = string.Join(", ", header.Value);
            }

            return new GraphResult((int)response.StatusCode, parsed) { Headers = received };
        }
    }

    /// <summary>
    /// Runs requests through <c>{version}/$batch</c>, 20 per envelope. Inner requests that were throttled or failed on the
    /// server side (429, 5xx) are retried one by one through the pipeline (which backs off); other results are returned
    /// as they are, in the order given.
    /// </summary>
    public async Task<IReadOnlyList<GraphResult>> BatchAsync(string version, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken)
    {
        var results = new GraphResult[items.Count];
        var readOnly = items.All(i => i.Method == HttpMethod.Get);
        for (var start = 0; start < items.Count; start += 20)
        {
            var chunk = items.Skip(start).Take(20).ToList();
            var requests = new JsonArray();
            for (var i = 0; i < chunk.Count; i++)
            {
                var entry = new JsonObject
                {
                    ["id"] = (start + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["method"] = chunk[i].Method.Method,
                    ["url"] = "/" + chunk[i].Url.TrimStart('/'),
                };
                if (chunk[i].Body is not null)
                {
                    entry["body"] = JsonSerializer.SerializeToNode(chunk[i].Body, chunk[i].Body!.GetType(), Json);
                    entry["headers"] = new JsonObject { ["Content-Type"] = "application/json" };
                }

                requests.Add(entry);
            }

            var envelope = await SendAsync(HttpMethod.Post, $"{version}/$batch", new JsonObject { ["requests"] = requests },
                idempotent: readOnly, readOnly: readOnly, cancellationToken).ConfigureAwait(false);
            if (envelope.IsSuccess && envelope.Body?["responses"] is JsonArray responses)
            {
                foreach (var response in responses)
                {
                    if (int.TryParse((string?)response?["id"], System.Globalization.CultureInfo.InvariantCulture, out var index)
                        && index >= start && index < start + chunk.Count)
                    {
                        results[index] = new GraphResult((int?)response?["status"] ?? 0, response?["body"]?.DeepClone());
                    }
                }
            }

            // Anything missing, throttled or failed server-side goes again on its own.
            for (var i = start; i < start + chunk.Count; i++)
            {
                if (results[i] is null || results[i].Status is 0 or 429 or >= 500)
                {
                    var item = items[i];
                    results[i] = await SendAsync(item.Method, $"{version}/{item.Url.TrimStart('/')}", item.Body,
                        idempotent: item.Method == HttpMethod.Get, readOnly: false, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return results;
    }

    public GraphRequestException Failure(string method, string path, int status, JsonNode? body, string? detail)
    {
        var code = (string?)body?["error"]?["code"];
        var message = (string?)body?["error"]?["message"] ?? detail ?? (body is JsonValue v ? v.ToString() : null);
        var statusText = status == 0 ? "no response" : $"{status} {(HttpStatusCode)status}";
        var text = $"Graph {method} {Trim(path)} failed: {statusText}{(code is null ? "" : $" {code}")}{(message is null ? "" : $": {message}")}";
        return new GraphRequestException(_redactor.Redact(text), status, code, method, _redactor.Redact(Trim(path)));
    }

    private Uri Resolve(string path) =>
        Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute
            : new Uri(Root + "/" + path.TrimStart('/'));

    private string Trim(string path) =>
        path.StartsWith(Root, StringComparison.OrdinalIgnoreCase) ? path[Root.Length..].TrimStart('/') : path;
}

/// <summary>One request of a $batch; <see cref="Url"/> is relative to the version ("/deviceManagement/…").</summary>
public sealed record BatchItem(HttpMethod Method, string Url, object? Body = null)
{
    public static BatchItem Get(string url) => new(HttpMethod.Get, url);
}
