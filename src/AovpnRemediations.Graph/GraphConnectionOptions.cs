using AovpnRemediations.Graph.Pipeline;
using Azure.Core;

namespace AovpnRemediations.Graph;

public sealed class GraphConnectionOptions
{
    public static readonly Uri DefaultBaseUrl = new("https://graph.microsoft.com");

    /// <summary>Service root without version (https://graph.microsoft.com, or the emulator's URL).</summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    public required TokenCredential Credential { get; set; }

    /// <summary>Scopes to request; default: the resource's .default.</summary>
    public string[]? Scopes { get; set; }

    /// <summary>The verbose request log; null for none.</summary>
    public Action<string>? Log { get; set; }

    public RetryPolicy Retry { get; set; } = new();

    /// <summary>Writes allowed per <see cref="WriteWindow"/>: below Intune's 200 per 20 s, leaving room for other tools.</summary>
    public int MaxWritesPerWindow { get; set; } = 180;

    public TimeSpan WriteWindow { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The clock and the wait of the write limiter (tests pass a manual clock and a wait that advances it).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    public Func<TimeSpan, CancellationToken, Task> WriteWait { get; set; } = Task.Delay;

    public Redactor Redactor { get; set; } = new();

    /// <summary>What User-Agent names.</summary>
    public string Product { get; set; } = "aovpn-remediations";

    public string ProductVersion { get; set; } =
        typeof(GraphConnectionOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The innermost handler; default a SocketsHttpHandler without auto-redirect (the RedirectHandler follows them).</summary>
    public HttpMessageHandler? FinalHandler { get; set; }
}
