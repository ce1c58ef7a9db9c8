using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;

namespace AovpnRemediations.GraphEmulator;

/// <summary>One request as the routes see it, whether it came over HTTP or from inside a <c>$batch</c>.</summary>
public sealed record GraphRequest(
    string Method,
    string Version,
    IReadOnlyList<string> Segments,
    IReadOnlyDictionary<string, StringValues> Query,
    JsonNode? Body,
    string BaseUrl,
    string? Authorization = null,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public bool IsGet => Method == "GET";

    public bool IsWrite => Method is "POST" or "PATCH" or "PUT" or "DELETE";

    /// <summary>A request header (names case-insensitive), from HTTP or from a $batch item's "headers".</summary>
    public string? Header(string name) =>
        Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The path after the version, for messages and matching ("deviceManagement/managedDevices/1").</summary>
    public string Path => string.Join('/', Segments);

    public string? QueryValue(string name) =>
        Query.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;

    /// <summary>True when the path (after the version) is exactly these segments; "*" matches any one segment.</summary>
    public bool Matches(params string[] pattern)
    {
        if (pattern.Length != Segments.Count)
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != "*" && !string.Equals(pattern[i], Segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A response produced by a route.</summary>
public sealed record GraphResponse(int Status, JsonNode? Body = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>Set when a gate produced the answer (write budget "budget", approvals "approval", roles "forbidden"): the request log shows it.</summary>
    public string? Fault { get; init; }

    public static GraphResponse Ok(JsonNode body) => new(200, body);

    public static GraphResponse Created(JsonNode body) => new(201, body);

    public static GraphResponse NoContent() => new(204);

    public static GraphResponse Error(int status, string code, string message) =>
        new(status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["innerError"] = new JsonObject { ["request-id"] = "00000000-0000-0000-0000-000000000000" },
            },
        });

    public static GraphResponse NotFound(string what) =>
        Error(404, "ResourceNotFound", $"Resource not found: {what}");

    public static GraphResponse NoRoute(string template, string method, string path) =>
        Error(400, "No method match route template",
            $"No OData route exists that match template {template} with http verb {method} for request {path}.");
}

/// <summary>
/// Runs around every request, HTTP or $batch item, before the routes: may answer instead of them (throttling, a 403, an
/// approval the write needs) and sees the answer afterwards (an approved write that completed).
/// </summary>
public interface IGraphGate
{
    GraphResponse? Before(GraphRequest request, EmulatorState state);

    void After(GraphRequest request, GraphResponse response, EmulatorState state);
}

/// <summary>A group of routes. Each file under Routes/ implements one; the fleet-report routes are added the same way.</summary>
public interface IGraphRoutes
{
    /// <summary>Returns null when the request is not one of this group's routes.</summary>
    GraphResponse? TryHandle(GraphRequest request, EmulatorState state);
}
