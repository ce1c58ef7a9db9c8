using System.Diagnostics.Tracing;

namespace AovpnRemediations.Benchmarks;

/// <summary>
/// What a stage allocates, by type: the runtime's allocation ticks (one event per ~100 KB allocated, naming the type
/// that crossed the mark), which is a sample proportional to bytes. On with AOVPN_BENCH_ALLOCATIONS=1.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> _bytes = [];
    private readonly Lock _lock = new();

    public static AllocationSampler? FromEnvironment() =>
        Environment.GetEnvironmentVariable("AOVPN_BENCH_ALLOCATIONS") == "1" ? new AllocationSampler() : null;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null)
        {
            return;
        }

        var type = e.Payload![e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        lock (_lock)
        {
            _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
        }
    }

    /// <summary>The largest types since the last call, and resets.</summary>
    public string Take(int top = 8)
    {
        lock (_lock)
        {
            var total = _bytes.Values.Sum();
            var text = string.Join("; ", _bytes.OrderByDescending(p => p.Value).Take(top).Select(p => $"{p.Key} {p.Value / 1e6:N0} MB"));
            _bytes.Clear();
            return $"sampled {total / 1e6:N0} MB: {text}";
        }
    }
}
