using System.Runtime.CompilerServices;

namespace AovpnRemediations.Report.Sources;

/// <summary>
/// Which texts a bounded table of repeated texts keeps (<see cref="RepeatedTexts"/>, <see cref="Parsing.ResultLineCache"/>,
/// the aggregator's error groups): a text from its second sighting on, and once the table is full, nothing more. Every
/// <c>capacity</c> misses of a full table it is judged by the hits over the same span: while they are at least as many,
/// it stays; when they are fewer (the texts that repeat have moved on, or every device sends its own), it is emptied to
/// fill again with what is current.
/// <para>
/// Why not empty a full table at once, as these tables did: the benchmark's 1M devices send 31,000 distinct outputs, of
/// which 10,000 repeat, so a 1,024-entry table filled and was emptied 32 times a read. Every entry it dropped had lived
/// long enough to reach the oldest generation, and that garbage cost 10-13 full collections a read. Kept once full, a
/// read runs one or two (history-local: 97-150 ms of pauses instead of 240-357 ms, 125 MB less allocated), and replaying
/// the export's outputs through both policies, 85,000 lines are parsed instead of 111,000.
/// </para>
/// </summary>
internal sealed class RepeatAdmission(int capacity)
{
    private readonly int[] _seenOnce = new int[4096];
    private long _hits;
    private long _missesWhenFull;

    /// <summary>The table had the text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Hit() => _hits++;

    /// <summary>
    /// <paramref name="table"/> lacks <paramref name="text"/>'s entry: whether to add it. A table judged stale is emptied
    /// here first.
    /// </summary>
    public bool ShouldAdd<TKey, TValue>(ReadOnlySpan<char> text, Dictionary<TKey, TValue> table)
        where TKey : notnull
    {
        var hash = SightingHash.Of(text);
        ref var seen = ref _seenOnce[(uint)hash % (uint)_seenOnce.Length];
        if (seen != hash)
        {
            seen = hash; // kept from the second sighting: a text one device sends would only take the place of shared ones
            return false;
        }

        if (table.Count < capacity)
        {
            return true;
        }

        if (++_missesWhenFull < capacity)
        {
            return false;
        }

        // A span of misses is over: judged by its hits, then both counts start again.
        var serving = _hits >= _missesWhenFull;
        _hits = 0;
        _missesWhenFull = 0;
        if (serving)
        {
            return false;
        }

        table.Clear();
        return true;
    }
}
