using System.Diagnostics;
using System.Globalization;

namespace AovpnRemediations.Graph.Pipeline;

/// <summary>
/// The <c>--verbose</c> log: one line per attempt with method, URL, status, duration and attempt number.
/// Headers are never logged; the URL and any error text pass through the <see cref="Redactor"/>.
/// </summary>
public sealed class RequestLogHandler(Action<string> log, Redactor redactor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = request.Options.TryGetValue(RequestFlags.Attempt, out var a) ? a : 1;
        var started = Stopwatch.GetTimestamp();
        var target = redactor.Redact(Uri.UnescapeDataString(request.RequestUri?.ToString() ?? ""));
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            log(string.Create(CultureInfo.InvariantCulture,
                $"{request.Method} {target} -> {(int)response.StatusCode} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms (attempt {attempt})"));
            return response;
        }
        catch (Exception ex)
        {
            log(string.Create(CultureInfo.InvariantCulture,
                $"{request.Method} {target} -> failed in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms (attempt {attempt}): {redactor.Describe(ex)}"));
            throw;
        }
    }
}
