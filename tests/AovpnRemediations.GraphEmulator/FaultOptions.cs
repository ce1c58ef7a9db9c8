namespace AovpnRemediations.GraphEmulator;

/// <summary>
/// Fault injection knobs. A seeded random source decides, request by request, whether and how a request fails,
/// so a sequential client sees the same faults on every run.
/// </summary>
public sealed class FaultOptions
{
    /// <summary>Share of requests (0..1) that fail.</summary>
    public double FailureRate { get; set; }

    /// <summary>Relative weights of the kinds of failure, among failing requests.</summary>
    public int Weight429 { get; set; } = 1;

    public int Weight503 { get; set; } = 1;

    /// <summary>The connection is cut: half of them before the request is processed, half after (the write happened, the answer is lost).</summary>
    public int WeightDropped { get; set; } = 1;

    /// <summary>Inner requests of a $batch fail at the same rate with 429/503 (each is throttled on its own, as in Graph).</summary>
    public bool FailInsideBatch { get; set; } = true;

    /// <summary>Seconds sent in Retry-After with a 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Latency added to every request.</summary>
    public TimeSpan Latency { get; set; }

    public int Seed { get; set; } = 4242;
}

internal enum FaultKind
{
    None,
    TooManyRequests,
    ServiceUnavailable,
    DropBefore,
    DropAfter,
}

internal sealed class FaultInjector(FaultOptions options)
{
    private readonly object _gate = new();
    private Random _random = new(options.Seed);
    private int _seed = options.Seed;

    public FaultKind Next(bool insideBatch)
    {
        lock (_gate)
        {
            if (_seed != options.Seed)
            {
                _seed = options.Seed;
                _random = new Random(_seed);
            }

            if (options.FailureRate <= 0 || (insideBatch && !options.FailInsideBatch))
            {
                return FaultKind.None;
            }

            if (_random.NextDouble() >= options.FailureRate)
            {
                return FaultKind.None;
            }

            var dropped = insideBatch ? 0 : options.WeightDropped;
            var total = options.Weight429 + options.Weight503 + dropped;
            if (total <= 0)
            {
                return FaultKind.None;
            }

            var pick = _random.Next(total);
            if (pick < options.Weight429)
            {
                return FaultKind.TooManyRequests;
            }

            if (pick < options.Weight429 + options.Weight503)
            {
                return FaultKind.ServiceUnavailable;
            }

            return _random.Next(2) == 0 ? FaultKind.DropBefore : FaultKind.DropAfter;
        }
    }
}
