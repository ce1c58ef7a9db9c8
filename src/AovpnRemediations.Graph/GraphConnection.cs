using AovpnRemediations.Graph.Credentials;
using AovpnRemediations.Graph.Pipeline;

namespace AovpnRemediations.Graph;

/// <summary>
/// One connection to Microsoft Graph (or the emulator): a single HttpClient over this project's handler pipeline, used
/// for every call, beta and v1.0 alike, so all of them share credentials, retries, the write budget and the redacted
/// request log.
/// </summary>
public sealed class GraphConnection : IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly AuthorizationHeaderHandler _authorization;

    public GraphConnection(GraphConnectionOptions options)
    {
        Options = options;
        Redactor = options.Redactor;
        BaseUrl = options.BaseUrl;
        Root = options.BaseUrl.ToString().TrimEnd('/');
        WriteLimiter = new WriteLimiter(options.MaxWritesPerWindow, options.WriteWindow, options.Time, options.WriteWait);
        var scopes = options.Scopes ?? GraphCredentials.DefaultScopes(BaseUrl);

        var final = options.FinalHandler ?? new SocketsHttpHandler
        {
            // The RedirectHandler follows redirects, so that it can drop the token when one leaves the host.
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var handlers = BuildHandlers(options, scopes, WriteLimiter);
        _authorization = handlers.OfType<AuthorizationHeaderHandler>().Single();
        _httpClient = new HttpClient(Chain(handlers, final))
        {
            BaseAddress = new Uri(Root + "/"),
            Timeout = Timeout.InfiniteTimeSpan, // each attempt has its own timeout in the retry handler
        };

        Http = new GraphHttpClient(_httpClient, Root, Redactor);
    }

    public GraphConnectionOptions Options { get; }

    public Uri BaseUrl { get; }

    /// <summary>The service root as text without a trailing slash ("https://graph.microsoft.com").</summary>
    public string Root { get; }

    public Redactor Redactor { get; }

    public WriteLimiter WriteLimiter { get; }

    /// <summary>JSON calls (beta and v1.0 resources, $batch).</summary>
    public GraphHttpClient Http { get; }

    /// <summary>
    /// The access token the next request will carry (the same cached token, so asking costs no second sign-in). Commands
    /// read its roles or scopes before their first request, to name a missing permission before anything is attempted.
    /// </summary>
    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) => _authorization.GetTokenAsync(cancellationToken);

    /// <summary>
    /// The handlers, outermost first: one client-request-id per call (kept across retries), retry, the write budget
    /// (every attempt counts), the token, redirects (which may drop it), and innermost the request log, so it records
    /// every attempt.
    /// </summary>
    internal static List<DelegatingHandler> BuildHandlers(GraphConnectionOptions options, string[] scopes, WriteLimiter limiter)
    {
        List<DelegatingHandler> handlers =
        [
            new ClientHeadersHandler(options.Product, options.ProductVersion),
            new GraphRetryHandler(options.Retry),
            new WriteLimiterHandler(limiter),
            new AuthorizationHeaderHandler(options.Credential, scopes, options.Redactor),
            new RedirectHandler(),
        ];
        if (options.Log is { } log)
        {
            handlers.Add(new RequestLogHandler(log, options.Redactor));
        }

        return handlers;
    }

    private static HttpMessageHandler Chain(IReadOnlyList<DelegatingHandler> handlers, HttpMessageHandler final)
    {
        for (var i = 0; i < handlers.Count; i++)
        {
            handlers[i].InnerHandler = i + 1 < handlers.Count ? handlers[i + 1] : final;
        }

        return handlers[0];
    }

    public void Dispose() => _httpClient.Dispose();
}
