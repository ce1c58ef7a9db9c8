using System.Net;

namespace AovpnRemediations.Graph.Pipeline;

/// <summary>
/// Follows 301/302/303/307/308 up to <see cref="MaxRedirects"/> times (the final handler never does). A 303 becomes a GET
/// without a body; the bearer token is dropped when the redirect leaves the host or the scheme, so it never reaches a
/// server it was not issued for.
/// </summary>
public sealed class RedirectHandler : DelegatingHandler
{
    public const int MaxRedirects = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var current = request;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
                if (!IsRedirect(response.StatusCode) || response.Headers.Location is null || redirects == MaxRedirects)
                {
                    return response;
                }

                var target = response.Headers.Location.IsAbsoluteUri ? response.Headers.Location : new Uri(current.RequestUri!, response.Headers.Location);
                var next = Follow(current, target, response.StatusCode == HttpStatusCode.SeeOther, body);
                response.Dispose();
                if (!ReferenceEquals(current, request))
                {
                    current.Dispose();
                }

                current = next;
            }
        }
        finally
        {
            if (!ReferenceEquals(current, request))
            {
                current.Dispose();
            }
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static HttpRequestMessage Follow(HttpRequestMessage from, Uri target, bool seeOther, byte[]? body)
    {
        var method = seeOther ? HttpMethod.Get : from.Method;
        var next = new HttpRequestMessage(method, target) { Version = from.Version, VersionPolicy = from.VersionPolicy };
        foreach (var header in from.Headers)
        {
            next.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        var sameOrigin = string.Equals(from.RequestUri?.Scheme, target.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(from.RequestUri?.Authority, target.Authority, StringComparison.OrdinalIgnoreCase);
        if (!sameOrigin)
        {
            next.Headers.Authorization = null;
        }

        if (!seeOther && body is not null)
        {
            next.Content = new ByteArrayContent(body);
            foreach (var header in from.Content!.Headers)
            {
                next.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        foreach (var option in from.Options)
        {
            ((IDictionary<string, object?>)next.Options)[option.Key] = option.Value;
        }

        return next;
    }
}
