using AovpnRemediations.Graph.Credentials;
using AovpnRemediations.Graph.Pipeline;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;

namespace AovpnRemediations.Graph;

/// <summary>
/// One connection to Microsoft Graph (or the emulator): a single HttpClient built on Microsoft.Graph's handler pipeline,
/// used both for raw beta calls with System.Text.Json models (<see cref="Http"/>) and by the typed v1.0
/// <see cref="V1"/> client, so both share credentials, retries, the write budget and the redacted request log.
/// </summary>
public sealed class GraphConnection : IDisposable
{
    private readonly HttpClient _httpClient;

    public GraphConnection(GraphConnectionOptions options)
    {
        Options = options;
        Redactor = options.Redactor;
        BaseUrl = options.BaseUrl;
        Root = options.BaseUrl.ToString().TrimEnd('/');
        WriteLimiter = new WriteLimiter(options.MaxWritesPerWindow, options.WriteWindow, options.Time, options.WriteWait);
        var scopes = options.Scopes ?? GraphCredentials.DefaultScopes(BaseUrl);

        var handlers = BuildHandlers(options, scopes, WriteLimiter);
        var final = options.FinalHandler ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // Compression: current Kiota/Graph clients leave response decompression to the HttpClientHandler.
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        _httpClient = GraphClientFactory.Create(handlers, "v1.0", GraphClientFactory.Global_Cloud, null, final);
        _httpClient.BaseAddress = new Uri(Root + "/");
        _httpClient.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout in the retry handler

        Http = new GraphHttpClient(_httpClient, Root, Redactor);
        V1 = new GraphServiceClient(_httpClient, new AnonymousAuthenticationProvider(), Root + "/v1.0");
    }

    public GraphConnectionOptions Options { get; }

    public Uri BaseUrl { get; }

    /// <summary>The service root as text without a trailing slash ("https://graph.microsoft.com").</summary>
    public string Root { get; }

    public Redactor Redactor { get; }

    public WriteLimiter WriteLimiter { get; }

    /// <summary>Raw JSON calls (beta resources, $batch).</summary>
    public GraphHttpClient Http { get; }

    /// <summary>The typed v1.0 client (groups, service principals), authenticated by the shared pipeline.</summary>
    public GraphServiceClient V1 { get; }

    /// <summary>
    /// Microsoft.Graph's default handlers with Kiota's RetryHandler replaced by ours, followed by the write limiter and
    /// the token handler; the request log is innermost so it
    /// records every attempt.
    /// </summary>
    internal static List<DelegatingHandler> BuildHandlers(GraphConnectionOptions options, string[] scopes, WriteLimiter limiter)
    {
        var handlers = new List<DelegatingHandler>();
        var replacedRetry = false;
        foreach (var handler in GraphClientFactory.CreateDefaultHandlers())
        {
            if (handler is RetryHandler)
            {
                handlers.Add(new GraphRetryHandler(options.Retry));
                handlers.Add(new WriteLimiterHandler(limiter));
                handlers.Add(new AuthorizationHeaderHandler(options.Credential, scopes, options.Redactor));
                replacedRetry = true;
                handler.Dispose();
                continue;
            }

            handlers.Add(handler);
        }

        if (!replacedRetry)
        {
            handlers.Insert(0, new AuthorizationHeaderHandler(options.Credential, scopes, options.Redactor));
            handlers.Insert(0, new WriteLimiterHandler(limiter));
            handlers.Insert(0, new GraphRetryHandler(options.Retry));
        }

        if (options.Log is { } log)
        {
            handlers.Add(new RequestLogHandler(log, options.Redactor));
        }

        return handlers;
    }

    public void Dispose() => _httpClient.Dispose();
}
