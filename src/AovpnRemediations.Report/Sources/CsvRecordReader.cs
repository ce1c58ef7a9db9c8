using System.Runtime.CompilerServices;
using System.Text;

namespace AovpnRemediations.Report.Sources;

/// <summary>
/// A streaming RFC 4180 reader (quoted fields, doubled quotes, newlines inside quotes, CRLF or LF) over a 64 KB
/// buffer: memory stays flat whatever the file size. Only the columns asked for become strings; the rest are skipped.
/// </summary>
public sealed class CsvRecordReader(TextReader reader)
{
    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _text = new();
    private int _position;
    private int _length;

    /// <summary>Records read so far (the header included).</summary>
    public long Records { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/> (null for a column not wanted). False at the end.</summary>
    /// <param name="wanted">Which columns to keep, by index; null keeps all.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    public bool Read(List<string?> fields, bool[]? wanted = null)
    {
        while (true)
        {
            fields.Clear();
            if (_position >= _length && !Fill())
            {
                return false;
            }

            bool end;
            do
            {
                var keep = wanted is null || (fields.Count < wanted.Length && wanted[fields.Count]);
                fields.Add(ReadField(keep, out end));
            }
            while (!end);

            Records++;
            if (fields.Count > 1 || !string.IsNullOrEmpty(fields[0]))
            {
                return true; // blank lines are skipped
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    private string? ReadField(bool keep, out bool endOfRecord)
    {
        if (_position >= _length && !Fill())
        {
            endOfRecord = true;
            return keep ? "" : null;
        }

        return _buffer[_position] == '"' ? ReadQuoted(keep, out endOfRecord) : ReadPlain(keep, out endOfRecord);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    private string? ReadPlain(bool keep, out bool endOfRecord)
    {
        var spilled = false;
        while (true)
        {
            var span = _buffer.AsSpan(_position, _length - _position);
            var i = span.IndexOfAny(',', '\n', '\r');
            if (i >= 0)
            {
                string? value = null;
                if (keep)
                {
                    value = spilled ? _text.Append(span[..i]).ToString() : new string(span[..i]);
                }

                _position += i + 1;
                endOfRecord = span[i] != ',';
                if (span[i] == '\r')
                {
                    SkipLineFeed();
                }

                return value;
            }

            if (keep)
            {
                if (!spilled)
                {
                    _text.Clear();
                    spilled = true;
                }

                _text.Append(span);
            }

            _position = _length;
            if (!Fill())
            {
                endOfRecord = true;
                return keep ? (spilled ? _text.ToString() : "") : null;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    private string? ReadQuoted(bool keep, out bool endOfRecord)
    {
        _position++; // the opening quote
        _text.Clear();
        while (true)
        {
            if (_position >= _length && !Fill())
            {
                endOfRecord = true; // unterminated quote at the end: keep what there is
                return keep ? _text.ToString() : null;
            }

            var span = _buffer.AsSpan(_position, _length - _position);
            var i = span.IndexOf('"');
            if (i < 0)
            {
                if (keep)
                {
                    _text.Append(span);
                }

                _position = _length;
                continue;
            }

            if (keep)
            {
                _text.Append(span[..i]);
            }

            _position += i + 1;
            if (_position >= _length && !Fill())
            {
                endOfRecord = true;
                return keep ? _text.ToString() : null;
            }

            if (_buffer[_position] == '"')
            {
                if (keep)
                {
                    _text.Append('"');
                }

                _position++;
                continue;
            }

            // After the closing quote: anything up to the delimiter is ignored (lenient about "a"b).
            while (true)
            {
                if (_position >= _length && !Fill())
                {
                    endOfRecord = true;
                    return keep ? _text.ToString() : null;
                }

                var c = _buffer[_position++];
                if (c == ',')
                {
                    endOfRecord = false;
                    return keep ? _text.ToString() : null;
                }

                if (c is '\n' or '\r')
                {
                    if (c == '\r')
                    {
                        SkipLineFeed();
                    }

                    endOfRecord = true;
                    return keep ? _text.ToString() : null;
                }
            }
        }
    }

    private void SkipLineFeed()
    {
        if ((_position < _length || Fill()) && _buffer[_position] == '\n')
        {
            _position++;
        }
    }

    private bool Fill()
    {
        _length = reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }
}
