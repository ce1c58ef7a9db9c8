namespace AovpnRemediations.Graph.Pipeline;

/// <summary>
/// Keeps writes under Intune's budget (200 per 20 s per app per tenant, intune-graph.md §4) with a sliding window:
/// a write waits until fewer than <c>maxWrites</c> writes started in the last <c>window</c>.
/// </summary>
public sealed class WriteLimiter(int maxWrites, TimeSpan window, TimeProvider? time = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    private readonly Queue<DateTimeOffset> _recent = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    public int MaxWrites => maxWrites;

    public TimeSpan Window => window;

    /// <summary>Total time spent waiting, for the verbose log and benchmarks.</summary>
    public TimeSpan Waited { get; private set; }

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_recent)
            {
                var now = _time.GetUtcNow();
                while (_recent.Count > 0 && _recent.Peek() <= now - window)
                {
                    _recent.Dequeue();
                }

                if (_recent.Count < maxWrites)
                {
                    _recent.Enqueue(now);
                    return;
                }

                wait = _recent.Peek() + window - now;
                Waited += wait;
            }

            await _delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>Makes every write attempt (retries included, since Graph counts them) pass the <see cref="WriteLimiter"/>.</summary>
public sealed class WriteLimiterHandler(WriteLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RequestFlags.IsWrite(request))
        {
            await limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
