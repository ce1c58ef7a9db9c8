namespace AovpnRemediations.Graph.Pipeline;

/// <summary>Per-request flags read by the handlers (carried in <see cref="HttpRequestMessage.Options"/>).</summary>
public static class RequestFlags
{
    /// <summary>Repeating the request is harmless (e.g. POST /assign, which replaces; a $batch of GETs).</summary>
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new("aovpn.idempotent");

    /// <summary>A POST that only reads (a $batch of GETs): not counted by the write limiter.</summary>
    public static readonly HttpRequestOptionsKey<bool> ReadOnly = new("aovpn.readonly");

    /// <summary>1 for the first attempt, set by the retry handler, read by the request log.</summary>
    public static readonly HttpRequestOptionsKey<int> Attempt = new("aovpn.attempt");

    public static bool IsWrite(HttpRequestMessage request) =>
        request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && request.Method != HttpMethod.Options
        && !(request.Options.TryGetValue(ReadOnly, out var readOnly) && readOnly);

    public static bool IsSafeToRepeat(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options
        || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete || request.Method == HttpMethod.Patch
        || (request.Options.TryGetValue(Idempotent, out var idempotent) && idempotent);
}
