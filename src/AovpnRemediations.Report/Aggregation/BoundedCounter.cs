namespace AovpnRemediations.Report.Aggregation;

/// <summary>
/// Counts keys in bounded memory (the Space-Saving algorithm): at most <c>capacity</c> keys are held. When a new key
/// arrives at a full counter, the smallest entry is replaced and the newcomer inherits its count as possible
/// over-count. Counts are exact while no key was evicted (<see cref="IsExact"/>); after that the top keys are still
/// found and each count is at most <see cref="Entry.Error"/> too high. This is what keeps the report's memory flat
/// when a field (a user certificate thumbprint) has a different value on every device.
/// </summary>
public sealed class BoundedCounter(int capacity)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public bool IsExact { get; private set; } = true;

    public int Count => _entries.Count;

    public long Total { get; private set; }

    public void Add(string key, long amount = 1, string? example = null)
    {
        Total += amount;
        if (_entries.TryGetValue(key, out var entry))
        {
            entry.Count += amount;
            return;
        }

        if (_entries.Count < Capacity)
        {
            _entries[key] = new Entry(key, amount, 0, example);
            return;
        }

        IsExact = false;
        var smallest = _entries.Values.MinBy(e => e.Count)!;
        _entries.Remove(smallest.Key);
        _entries[key] = new Entry(key, smallest.Count + amount, smallest.Count, example);
    }

    public long CountOf(string key) => _entries.TryGetValue(key, out var e) ? e.Count : 0;

    /// <summary>Entries by count, highest first, ties by key so output is deterministic.</summary>
    public IEnumerable<Entry> Top(int count = int.MaxValue) =>
        _entries.Values.OrderByDescending(e => e.Count).ThenBy(e => e.Key, StringComparer.Ordinal).Take(count);

    public sealed class Entry(string key, long count, long error, string? example)
    {
        public string Key { get; } = key;

        public long Count { get; internal set; } = count;

        /// <summary>How much of <see cref="Count"/> may belong to keys evicted before this one arrived.</summary>
        public long Error { get; } = error;

        /// <summary>One original text behind a normalised key (first seen).</summary>
        public string? Example { get; } = example;
    }
}
