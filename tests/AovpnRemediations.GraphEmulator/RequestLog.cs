using System.Collections.Concurrent;

namespace AovpnRemediations.GraphEmulator;

/// <summary>One request the emulator saw. Requests inside a <c>$batch</c> are logged one by one with <see cref="InBatch"/>.</summary>
/// <param name="Fault">null, or the fault injected: "429", "503", "dropped-before", "dropped-after".</param>
public sealed record LoggedRequest(long Sequence, string Method, string Path, int Status, bool IsWrite, bool InBatch, string? Fault)
{
    public override string ToString() =>
        $"{Sequence,4} {Method,-6} {Path} -> {(Status == 0 ? "dropped" : Status.ToString(System.Globalization.CultureInfo.InvariantCulture))}{(InBatch ? " (in $batch)" : "")}{(Fault is null ? "" : $" [fault {Fault}]")}";
}

/// <summary>Thread-safe request log the tests assert on.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<LoggedRequest> _entries = new();
    private long _sequence;

    public event Action<LoggedRequest>? Logged;

    public IReadOnlyList<LoggedRequest> Entries => _entries.ToArray();

    /// <summary>Writes that reached the emulator (POST/PATCH/PUT/DELETE, inner batch requests included, $batch envelopes excluded).</summary>
    public int WriteCount => _entries.Count(e => e.IsWrite);

    /// <summary>HTTP requests on the wire ($batch envelopes count once, their inner requests not).</summary>
    public int WireRequestCount => _entries.Count(e => !e.InBatch);

    public void Clear() => _entries.Clear();

    internal LoggedRequest Add(string method, string path, int status, bool inBatch, string? fault)
    {
        var isWrite = method is not ("GET" or "HEAD") && !path.Contains("$batch", StringComparison.Ordinal);
        var entry = new LoggedRequest(Interlocked.Increment(ref _sequence), method, path, status, isWrite, inBatch, fault);
        _entries.Enqueue(entry);
        Logged?.Invoke(entry);
        return entry;
    }
}
