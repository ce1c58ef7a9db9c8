using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AovpnRemediations.GraphEmulator.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace AovpnRemediations.GraphEmulator;

/// <summary>
/// A loopback Microsoft Graph emulator on 127.0.0.1. Start it in-process (<see cref="StartAsync"/> returns the base URL)
/// or run the project. Every request needs a bearer token (any value); requests without one get 401.
/// </summary>
public sealed class GraphEmulator : IAsyncDisposable
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = false };
    private readonly FaultInjector _faults;
    private WebApplication? _app;

    public GraphEmulator(EmulatorOptions? options = null)
    {
        Options = options ?? new EmulatorOptions();
        Router = new GraphRouter(Options);
        _faults = new FaultInjector(Options.Faults);
        Fleets = new FleetRoutes(Options, Blobs);
        Router.Add(Fleets);
        Router.Add(new Devices.DeviceRoutes(Options, (device, script, started) => Fleets.CompleteOnDemand(State, device, script, started)));
        Router.Add(new Approvals.ApprovalRoutes(Options));
        // Gates in the order the service would answer: who you are (403), how fast you write (429), whether a second admin must agree (MAA).
        Router.AddGate(new PermissionGate(Options));
        _budget = new WriteBudgetGate(Options);
        Router.AddGate(_budget);
        Router.AddGate(new Approvals.ApprovalGate(Options));
        Approvals = new Approvals.ApprovalDesk(State);
    }

    private readonly WriteBudgetGate _budget;

    /// <summary>The second admin of Multi Admin Approval: approves, rejects or expires requests (tests).</summary>
    public Approvals.ApprovalDesk Approvals { get; }

    /// <summary>Writes answered 429 because the write budget was spent.</summary>
    public int BudgetThrottled => _budget.Throttled;

    public EmulatorOptions Options { get; }

    public FaultOptions Faults => Options.Faults;

    public EmulatorState State { get; } = new();

    public RequestLog Log { get; } = new();

    public GraphRouter Router { get; }

    /// <summary>Files served without a token at /_blobs/ (export downloads).</summary>
    public BlobStore Blobs { get; } = new();

    /// <summary>The fleet-report routes: attach a synthetic fleet to a script here.</summary>
    public FleetRoutes Fleets { get; }

    /// <summary>The base URL, e.g. http://127.0.0.1:41234 (no trailing slash, no version).</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1");

    public async Task<Uri> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(GraphEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, Options.Port));
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/'));
        return BaseUrl;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }

    private string Base => BaseUrl.ToString().TrimEnd('/');

    private async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method.ToUpperInvariant();
        var pathAndQuery = context.Request.Path.Value + context.Request.QueryString.Value;

        if (Faults.Latency > TimeSpan.Zero)
        {
            await Options.Delay(Faults.Latency, context.RequestAborted).ConfigureAwait(false);
        }

        // Export downloads are SAS links to blob storage: no bearer token, a binary body.
        if (method == "GET" && Blobs.TryGet(context.Request.Path.Value ?? "", out var blob))
        {
            Log.Add(method, pathAndQuery, 200, inBatch: false, fault: null);
            context.Response.ContentType = "application/zip";
            await context.Response.SendFileAsync(blob, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // The second admin of Multi Admin Approval, for trying approvals by hand: POST /_emulator/approve/{request id}.
        if (method == "POST" && context.Request.Path.StartsWithSegments("/_emulator/approve", out var rest))
        {
            var id = rest.Value?.Trim('/') ?? "";
            var known = Approvals.Requests.Any(a => a.Id == id && a.Status == "needsApproval");
            if (known)
            {
                Approvals.Approve(id);
            }

            Log.Add(method, pathAndQuery, known ? 204 : 404, inBatch: false, fault: null);
            context.Response.StatusCode = known ? 204 : 404;
            return;
        }

        var auth = context.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || auth.Length <= "Bearer ".Length)
        {
            Log.Add(method, pathAndQuery, 401, inBatch: false, fault: null);
            await WriteAsync(context, GraphResponse.Error(401, "InvalidAuthenticationToken", "Access token is empty.")).ConfigureAwait(false);
            return;
        }

        JsonNode? body;
        try
        {
            body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            Log.Add(method, pathAndQuery, 400, inBatch: false, fault: null);
            await WriteAsync(context, GraphResponse.Error(400, "BadRequest", "The request body is not valid JSON.")).ConfigureAwait(false);
            return;
        }

        var fault = _faults.Next(insideBatch: false);
        switch (fault)
        {
            case FaultKind.TooManyRequests:
                Log.Add(method, pathAndQuery, 429, inBatch: false, fault: "429");
                await WriteAsync(context, TooManyRequests()).ConfigureAwait(false);
                return;
            case FaultKind.ServiceUnavailable:
                Log.Add(method, pathAndQuery, 503, inBatch: false, fault: "503");
                await WriteAsync(context, GraphResponse.Error(503, "ServiceUnavailable", "The service is temporarily unavailable.")).ConfigureAwait(false);
                return;
            case FaultKind.DropBefore:
                Log.Add(method, pathAndQuery, 0, inBatch: false, fault: "dropped-before");
                context.Abort();
                return;
        }

        var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        GraphResponse response;
        if (segments.Length == 2 && segments[1] == "$batch" && method == "POST")
        {
            response = Batch(segments[0], body, auth);
        }
        else if (segments.Length == 0)
        {
            response = GraphResponse.Error(400, "BadRequest", "No version in the path.");
        }
        else
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new GraphRequest(method, segments[0], segments[1..], context.Request.Query.ToDictionary(q => q.Key, q => q.Value), body, Base, auth, headers);
            response = Router.Handle(request, State);
        }

        if (fault == FaultKind.DropAfter)
        {
            // The request was carried out, but the client never hears about it: the case that duplicates creates.
            Log.Add(method, pathAndQuery, response.Status, inBatch: false, fault: "dropped-after");
            context.Abort();
            return;
        }

        Log.Add(method, pathAndQuery, response.Status, inBatch: false, fault: response.Fault);
        await WriteAsync(context, response).ConfigureAwait(false);
    }

    private GraphResponse Batch(string version, JsonNode? body, string authorization)
    {
        if (body?["requests"] is not JsonArray requests)
        {
            return GraphResponse.Error(400, "BadRequest", "Invalid batch payload format.");
        }

        if (requests.Count > 20)
        {
            return GraphResponse.Error(400, "BadRequest", "Number of batch request steps exceeds the maximum of 20.");
        }

        var responses = new JsonArray();
        foreach (var item in requests)
        {
            var id = (string?)item?["id"] ?? "";
            var method = ((string?)item?["method"] ?? "GET").ToUpperInvariant();
            var url = (string?)item?["url"] ?? "";
            var relative = "/" + version + "/" + url.TrimStart('/');
            var uri = new Uri(new Uri(Base), relative);
            var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
            var query = QueryHelpers.ParseQuery(uri.Query);

            GraphResponse inner;
            string? fault = null;
            switch (_faults.Next(insideBatch: true))
            {
                case FaultKind.TooManyRequests:
                    inner = TooManyRequests();
                    fault = "429";
                    break;
                case FaultKind.ServiceUnavailable:
                    inner = GraphResponse.Error(503, "ServiceUnavailable", "The service is temporarily unavailable.");
                    fault = "503";
                    break;
                default:
                    var itemHeaders = (item?["headers"] as JsonObject)?.ToDictionary(h => h.Key, h => (string?)h.Value ?? "", StringComparer.OrdinalIgnoreCase);
                    var request = new GraphRequest(method, version, segments[1..], query, item?["body"]?.DeepClone(), Base, authorization, itemHeaders);
                    inner = Router.Handle(request, State);
                    fault = inner.Fault;
                    break;
            }

            Log.Add(method, uri.PathAndQuery, inner.Status, inBatch: true, fault);
            var entry = new JsonObject { ["id"] = id, ["status"] = inner.Status };
            var headers = new JsonObject { ["Content-Type"] = "application/json" };
            foreach (var (key, value) in inner.Headers ?? new Dictionary<string, string>())
            {
                headers[key] = value;
            }

            entry["headers"] = headers;
            if (inner.Body is not null)
            {
                entry["body"] = inner.Body.DeepClone();
            }

            responses.Add(entry);
        }

        return GraphResponse.Ok(new JsonObject { ["responses"] = responses });
    }

    private GraphResponse TooManyRequests() =>
        GraphResponse.Error(429, "TooManyRequests", "Too many requests.") with
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = Faults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };

    private static async Task<JsonNode?> ReadBodyAsync(HttpRequest request)
    {
        Stream stream = request.Body;
        if (request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    private static async Task WriteAsync(HttpContext context, GraphResponse response)
    {
        context.Response.StatusCode = response.Status;
        foreach (var (key, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[key] = value;
        }

        if (response.Body is null)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(response.Body.ToJsonString(WriteOptions));
        context.Response.ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";
        if (context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            using var buffer = new MemoryStream();
            await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                await gzip.WriteAsync(bytes).ConfigureAwait(false);
            }

            bytes = buffer.ToArray();
            context.Response.Headers.ContentEncoding = new StringValues("gzip");
        }

        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }
}
