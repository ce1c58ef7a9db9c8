using System.Net.Http.Headers;
using Azure.Core;

namespace AovpnRemediations.Graph.Pipeline;

/// <summary>
/// Adds the bearer token to every request, the raw beta calls and the typed v1.0 client alike, and tells the
/// <see cref="Redactor"/> about each token it obtains so no log or message can show it.
/// </summary>
public sealed class AuthorizationHeaderHandler(TokenCredential credential, string[] scopes, Redactor redactor) : DelegatingHandler
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _token;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is not { } cached || cached.ExpiresOn <= DateTimeOffset.UtcNow.AddMinutes(5))
            {
                cached = await credential.GetTokenAsync(new TokenRequestContext(scopes), cancellationToken).ConfigureAwait(false);
                _token = cached;
                redactor.AddSecret(cached.Token);
            }

            return cached.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }
}
