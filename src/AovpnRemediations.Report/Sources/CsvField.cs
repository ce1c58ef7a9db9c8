using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AovpnRemediations.Report.Sources;

/// <summary>
/// A CSV field as Sep hands it over with <c>Unescape = false</c> (quotes and all), read the way Sep's own unescaping
/// reads it: a field that starts with a quote loses that quote and every second quote after it (so <c>"a""b"</c> is
/// <c>a"b</c>, and text after a closing quote is kept), any other field is taken as it is. The export reader unquotes
/// itself rather than let Sep do it because Sep unescapes every quoted field char by char, and the detection outputs are
/// JSON whose every quote is doubled: that was the largest cost of the reading thread (8% of a 1M-device report's CPU).
/// Here a field without doubled quotes is a slice, and <see cref="RepeatedTexts"/> skips the work for the outputs
/// most devices share.
/// </summary>
internal static class CsvField
{
    /// <summary>The field's text: a slice of <paramref name="raw"/> when that is enough, else a new string.</summary>
    public static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> raw) => Unquote(raw, out _);

    /// <summary>The field as a string (a new one; <see cref="RepeatedTexts"/> shares the repeated ones).</summary>
    public static string Text(ReadOnlySpan<char> raw)
    {
        var text = Unquote(raw, out var made);
        return made ?? text.ToString();
    }

    /// <summary>The text, and in <paramref name="made"/> the string it is when it had to be made (doubled quotes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per field: skip the slow first tier
    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> raw, out string? made)
    {
        made = null;
        if (raw.IsEmpty || raw[0] != '"')
        {
            return raw;
        }

        var body = raw[1..];
        var quote = body.IndexOf('"');
        if (quote < 0)
        {
            return body; // an unterminated field (only at the end of a file): the rest is its text
        }

        if (quote == body.Length - 1)
        {
            return body[..quote]; // "text": the common case
        }

        return made = UnquoteInto(body, quote);
    }

    /// <summary>Drops the 1st, 3rd, 5th... quote of <paramref name="body"/> (the opening quote, already gone, was the 0th).</summary>
    private static string UnquoteInto(ReadOnlySpan<char> body, int firstQuote)
    {
        var dropped = (body[firstQuote..].Count('"') + 1) / 2;
        return string.Create(body.Length - dropped, body, static (into, body) =>
        {
            var length = 0;
            var keep = false; // whether the next quote is kept
            for (var quote = body.IndexOf('"'); quote >= 0; quote = body.IndexOf('"'))
            {
                body[..quote].CopyTo(into[length..]);
                length += quote;
                if (keep)
                {
                    into[length++] = '"';
                }

                keep = !keep;
                body = body[(quote + 1)..];
            }

            body.CopyTo(into[length..]);
        });
    }
}

/// <summary>
/// The strings of one column whose texts repeat across devices (their detection outputs: of the benchmark's 1M devices,
/// 93% send one of 256), keyed by the field as it stands in the file. A field seen before costs one hash of its raw
/// text: no unquoting and no new string, and the reader after it gets the same string object again, which lets
/// <see cref="Parsing.ResultLineCache"/> find it by reference. Bounded like that cache: at most <see cref="MaxTexts"/>
/// texts of at most <see cref="MaxLength"/> characters, kept as <see cref="RepeatAdmission"/> decides. One per column and
/// reader (one thread).
/// </summary>
internal sealed class RepeatedTexts
{
    public const int MaxTexts = 1024;

    public const int MaxLength = 1024;

    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byRaw;
    private readonly RepeatAdmission _admission = new(MaxTexts);

    public RepeatedTexts() => _byRaw = _texts.GetAlternateLookup<ReadOnlySpan<char>>();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    public string Text(ReadOnlySpan<char> raw)
    {
        if (raw.IsEmpty)
        {
            return "";
        }

        if (raw.Length > MaxLength)
        {
            return CsvField.Text(raw);
        }

        if (_byRaw.TryGetValue(raw, out var text))
        {
            _admission.Hit();
            return text;
        }

        text = CsvField.Text(raw);
        if (_admission.ShouldAdd(raw, _texts))
        {
            _byRaw[raw] = text;
        }

        return text;
    }
}

/// <summary>
/// The hash by which the bounded caches remember a text seen once. Not string.GetHashCode: that is Marvin, whose cost per
/// character showed in the profile for the outputs that miss; a collision here only keeps a text a sighting early.
/// </summary>
internal static class SightingHash
{
    public static int Of(ReadOnlySpan<char> text) => (int)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text));
}
