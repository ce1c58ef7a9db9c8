using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace AovpnRemediations.Report.Aggregation;

/// <summary>
/// Ordinal equality for (rule, code) keys, hashed with XxHash3 under a per-process seed. Why not the tuple's own:
/// it hashes each string with Marvin, and the aggregator hashes a key or two per device (3% of a 1M-device report's
/// CPU went there); the seed keeps device-chosen codes from being picked to collide.
/// </summary>
internal sealed class TextPairComparer : IEqualityComparer<(string, string)>
{
    public static readonly TextPairComparer Instance = new();

    private static readonly long Seed = Random.Shared.NextInt64();

    public bool Equals((string, string) x, (string, string) y) => string.Equals(x.Item1, y.Item1, StringComparison.Ordinal) && string.Equals(x.Item2, y.Item2, StringComparison.Ordinal);

    public int GetHashCode((string, string) pair)
    {
        var first = XxHash3.HashToUInt64(MemoryMarshal.AsBytes((pair.Item1 ?? "").AsSpan()), Seed);
        var second = XxHash3.HashToUInt64(MemoryMarshal.AsBytes((pair.Item2 ?? "").AsSpan()), (long)first);
        return (int)second ^ (int)(second >> 32);
    }
}
