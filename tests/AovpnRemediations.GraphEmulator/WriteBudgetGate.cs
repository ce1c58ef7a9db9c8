using System.Globalization;

namespace AovpnRemediations.GraphEmulator;

/// <summary>
/// Intune's write budget (intune-graph.md §4: 200 writes per 20 s per app per tenant, 400 for the tenant), enforced the way
/// Graph does: a write over it answers 429 TooManyRequests with Retry-After, the seconds until the oldest write in the window
/// leaves it (https://learn.microsoft.com/graph/throttling). Accepted writes count; Graph says throttled ones accrue too, which
/// the emulator leaves out so that a client that honours Retry-After always gets through after one wait. A smaller budget
/// stands in for other tools spending the tenant's share.
/// </summary>
public sealed class WriteBudget
{
    public int MaxWrites { get; set; } = 200;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(20);
}

internal sealed class WriteBudgetGate(EmulatorOptions options) : IGraphGate
{
    private readonly Queue<DateTimeOffset> _writes = new();

    public int Throttled { get; private set; }

    public GraphResponse? Before(GraphRequest request, EmulatorState state)
    {
        if (options.WriteBudget is not { } budget || !request.IsWrite)
        {
            return null;
        }

        lock (_writes)
        {
            var now = options.Time.GetUtcNow();
            while (_writes.Count > 0 && _writes.Peek() <= now - budget.Window)
            {
                _writes.Dequeue();
            }

            if (_writes.Count < budget.MaxWrites)
            {
                _writes.Enqueue(now);
                return null;
            }

            Throttled++;
            var wait = _writes.Peek() + budget.Window - now;
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            return GraphResponse.Error(429, "TooManyRequests", "Too many requests: the write budget of the Intune devices service is spent.") with
            {
                Headers = new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) },
                Fault = "budget",
            };
        }
    }

    public void After(GraphRequest request, GraphResponse response, EmulatorState state)
    {
    }
}
