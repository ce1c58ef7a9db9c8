using System.Runtime.CompilerServices;

namespace AovpnRemediations.Report.Parsing;

/// <summary>
/// <see cref="ResultLineParser.Parse"/> through a bounded table of the lines already parsed. Most devices of a package
/// send one of a few lines ("ok, no findings", the same missing CA on many devices): of 1M devices of the benchmark's
/// fleet, 93% of detection lines are one of 256 texts. A line seen before costs a hash of its text instead of a UTF-8
/// copy, a JSON read and new objects; the result is the same object, which is safe since a <see cref="ResultLine"/> is
/// never changed once made. At most <see cref="MaxLines"/> lines of at most <see cref="MaxLineLength"/> characters are
/// kept, as <see cref="Sources.RepeatAdmission"/> decides, so memory stays bounded whatever devices send. In front of it,
/// a small table by reference: the export reader hands over the same string object for a repeated output
/// (<see cref="Sources.RepeatedTexts"/>), and that costs no hash of its text at all. One cache per reader (one thread).
/// </summary>
public sealed class ResultLineCache
{
    public const int MaxLines = 1024;

    public const int MaxLineLength = 1024;

    private readonly Dictionary<string, ResultLine> _lines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResultLine>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly Sources.RepeatAdmission _admission = new(MaxLines);
    private readonly (string? Output, ResultLine? Line)[] _byReference = new (string?, ResultLine?)[256];

    public ResultLineCache() => _bySpan = _lines.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>What <see cref="ResultLineParser.Parse"/> returns for <paramref name="output"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    public ResultLine Parse(string? output)
    {
        if (output is null)
        {
            return ResultLineParser.ParseLine([]);
        }

        ref var known = ref _byReference[RuntimeHelpers.GetHashCode(output) & (_byReference.Length - 1)];
        if (ReferenceEquals(known.Output, output))
        {
            return known.Line!;
        }

        var parsed = ParseText(output);
        known = (output, parsed);
        return parsed;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    private ResultLine ParseText(string output)
    {
        var line = ResultLineParser.LastLine(output);
        if (line.IsEmpty || line.Length > MaxLineLength)
        {
            return ResultLineParser.ParseLine(line);
        }

        if (_bySpan.TryGetValue(line, out var parsed))
        {
            _admission.Hit();
            return parsed;
        }

        parsed = ResultLineParser.ParseLine(line);
        if (_admission.ShouldAdd(line, _lines))
        {
            _bySpan[line] = parsed;
        }

        return parsed;
    }
}
