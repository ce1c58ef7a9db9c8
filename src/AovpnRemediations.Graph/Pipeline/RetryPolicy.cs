namespace AovpnRemediations.Graph.Pipeline;

/// <summary>How <see cref="GraphRetryHandler"/> retries. Waits go through <see cref="Delay"/> so tests stay fast and can see them.</summary>
public sealed class RetryPolicy
{
    public int MaxRetries { get; set; } = 6;

    /// <summary>First backoff step when the server gave no Retry-After; doubles each attempt, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A Retry-After longer than this is cut to it (a misbehaving proxy must not stall a run for hours).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>One attempt that takes longer is abandoned and, when safe, retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;

    public Random Random { get; set; } = Random.Shared;

    /// <summary>Jittered exponential backoff: between half and all of BaseDelay * 2^(attempt-1), capped.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        double jitter;
        lock (Random)
        {
            jitter = 0.5 + (Random.NextDouble() * 0.5);
        }

        return TimeSpan.FromMilliseconds(ceiling * jitter);
    }
}
