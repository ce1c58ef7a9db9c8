using System.Net;

namespace AovpnRemediations.Graph.Pipeline;

/// <summary>
/// Retries 429, 503 and 504 (waiting for Retry-After when the server sends it, else a jittered exponential backoff),
/// and dropped connections or timed-out attempts when repeating the request is safe. Written here rather than taken
/// from Kiota's RetryHandler, which does not jitter, does not retry dropped connections, and waits with a Task.Delay
/// nobody can replace in a test.
/// </summary>
public sealed class GraphRetryHandler(RetryPolicy policy) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            using var message = Copy(request, body, attempt);
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(policy.AttemptTimeout);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(message, attemptTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested
                && ex is HttpRequestException or IOException or OperationCanceledException
                && attempt <= policy.MaxRetries && RequestFlags.IsSafeToRepeat(request))
            {
                await policy.Delay(policy.Backoff(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HttpRequestException($"The request timed out after {policy.AttemptTimeout.TotalSeconds:0} s.", ex);
            }

            // A 504 may come after the service did the work: repeat only what is safe to repeat.
            if (!IsRetryable(response.StatusCode) || attempt > policy.MaxRetries
                || (response.StatusCode == HttpStatusCode.GatewayTimeout && !RequestFlags.IsSafeToRepeat(request)))
            {
                return response;
            }

            var wait = RetryAfter(response) ?? policy.Backoff(attempt);
            response.Dispose();
            await policy.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is null)
        {
            return null;
        }

        if (wait < TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return wait > policy.MaxRetryAfter ? policy.MaxRetryAfter : wait;
    }

    /// <summary>A fresh message per attempt: a sent HttpRequestMessage and its content must not be reused.</summary>
    private static HttpRequestMessage Copy(HttpRequestMessage request, byte[]? body, int attempt)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var header in request.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        foreach (var option in request.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
        }

        copy.Options.Set(RequestFlags.Attempt, attempt);
        return copy;
    }
}
