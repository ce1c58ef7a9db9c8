using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using AovpnRemediations.Contracts;

namespace AovpnRemediations.Report.Parsing;

/// <summary>
/// Reads the result line of a script output: the LAST non-empty line (Intune keeps only the tail of the output, and a
/// generated script writes its JSON line last). Anything a device sent is accepted without throwing: a line that is
/// not JSON, or JSON of another shape, is classified, never a crash.
/// </summary>
public static class ResultLineParser
{
    /// <summary>Longest value kept from a device (a field, a message); the rest is cut so no device can bloat the report.</summary>
    public const int MaxValueLength = 256;

    private const int MaxItems = 256;

    public static ResultLine Parse(string? output) => ParseLine(LastLine(output));

    /// <summary>Parses a result line already cut out of its output (<see cref="LastLine"/>): what <see cref="Parse"/> does after that.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    public static ResultLine ParseLine(ReadOnlySpan<char> line)
    {
        if (line.IsEmpty)
        {
            return ResultLine.Empty;
        }

        if (line[0] != '{')
        {
            return Unparsed(LineKind.NotJson, line);
        }

        // One pass of Utf8JsonReader over the line (no DOM): this runs once per device and output, a million times
        // for a large fleet. The reader validates the whole line, trailing text included.
        var length = Encoding.UTF8.GetMaxByteCount(line.Length);
        var rented = length > 4096 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> buffer = rented ?? stackalloc byte[4096];
        try
        {
            var bytes = buffer[..Encoding.UTF8.GetBytes(line, buffer)];
            return Read(bytes, line);
        }
        catch (JsonException)
        {
            return Unparsed(LineKind.NotJson, line);
        }
        catch (InvalidOperationException)
        {
            // A value of an unexpected type (a number too large for long): not a line this tool wrote.
            return Unparsed(LineKind.NotOurs, line);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    private static ResultLine Read(ReadOnlySpan<byte> bytes, ReadOnlySpan<char> line)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 16 });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("not an object");
        }

        long? schema = null;
        string? package = null, version = null, status = null;
        var truncated = 0;
        var notApplicable = false;
        string? reason = null;
        List<LineFinding>? findings = null, actions = null;
        List<LineError>? errors = null;
        var shape = true; // false once a known member has the wrong type
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(ResultLineSchema.Utf8.Schema))
            {
                reader.Read();
                schema = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n) ? n : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals(ResultLineSchema.Utf8.Package))
            {
                package = ReadRepeated(ref reader, ref t_package);
            }
            else if (reader.ValueTextEquals(ResultLineSchema.Utf8.Version))
            {
                version = ReadRepeated(ref reader, ref t_version);
            }
            else if (reader.ValueTextEquals(ResultLineSchema.Utf8.Status))
            {
                status = ReadStatus(ref reader);
            }
            else if (reader.ValueTextEquals(ResultLineSchema.Utf8.Truncated))
            {
                reader.Read();
                truncated = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var t) ? Math.Max(0, t) : 0;
                reader.Skip();
            }
            else if (reader.ValueTextEquals(ResultLineSchema.Utf8.NotApplicable))
            {
                reader.Read();
                notApplicable = reader.TokenType == JsonTokenType.True;
                reader.Skip();
            }
            else if (reader.ValueTextEquals(ResultLineSchema.Utf8.Reason))
            {
                reason = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(ResultLineSchema.Utf8.Findings))
            {
                shape &= ReadItems(ref reader, ResultLineSchema.Utf8.Code, ref findings);
            }
            else if (reader.ValueTextEquals(ResultLineSchema.Utf8.Actions))
            {
                shape &= ReadItems(ref reader, ResultLineSchema.Utf8.Action, ref actions);
            }
            else if (reader.ValueTextEquals(ResultLineSchema.Utf8.Errors))
            {
                shape &= ReadErrors(ref reader, ref errors);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("unexpected token");
        }

        // Anything after the object is an error the reader reports on this read.
        if (reader.Read())
        {
            throw new JsonException("text after the object");
        }

        if (!shape || schema != ResultLineSchema.Version || package is not { Length: > 0 } || status is null || !IsKnownStatus(status))
        {
            return Unparsed(LineKind.NotOurs, line);
        }

        return new ResultLine(LineKind.Ours, package, version, status, (IReadOnlyList<LineFinding>?)findings ?? [], (IReadOnlyList<LineError>?)errors ?? [],
            (IReadOnlyList<LineFinding>?)actions ?? [], truncated, null)
        {
            NotApplicable = notApplicable,
            Reason = reason,
        };
    }

    // Every line of a package repeats its id and version: reuse the last string instead of making a new one per device.
    [ThreadStatic]
    private static string? t_package;

    [ThreadStatic]
    private static string? t_version;

    private static string? ReadRepeated(ref Utf8JsonReader reader, ref string? last)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && last is not null && reader.ValueTextEquals(last))
        {
            return last;
        }

        return last = reader.TokenType == JsonTokenType.String ? Cut(reader.GetString()!) : SkipValue(ref reader);
    }

    private static string? ReadStatus(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            return SkipValue(ref reader);
        }

        return reader.ValueTextEquals(ResultLineSchema.Utf8.Ok) ? ResultLineSchema.Status.Ok
            : reader.ValueTextEquals(ResultLineSchema.Utf8.Issue) ? ResultLineSchema.Status.Issue
            : reader.ValueTextEquals(ResultLineSchema.Utf8.Error) ? ResultLineSchema.Status.Error
            : reader.ValueTextEquals(ResultLineSchema.Utf8.Remediated) ? ResultLineSchema.Status.Remediated
            : reader.ValueTextEquals(ResultLineSchema.Utf8.Failed) ? ResultLineSchema.Status.Failed
            : Cut(reader.GetString()!);
    }

    private static string? SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    /// <summary>The next value as a string when it is one (cut to <see cref="MaxValueLength"/>), else null; the value is consumed.</summary>
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return Cut(reader.GetString()!);
        }

        reader.Skip();
        return null;
    }

    /// <summary>An array of flat objects with "rule" and a code member; false when it is not an array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    private static bool ReadItems(ref Utf8JsonReader reader, ReadOnlySpan<byte> codeName, ref List<LineFinding>? items)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        items ??= [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            string? rule = null, code = null;
            var fields = new List<KeyValuePair<string, string>>(4);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(ResultLineSchema.Utf8.Rule))
                {
                    rule = ReadString(ref reader);
                    continue;
                }

                if (reader.ValueTextEquals(codeName))
                {
                    code = ReadString(ref reader);
                    continue;
                }

                var name = Cut(reader.GetString()!);
                reader.Read();
                var value = ScalarText(ref reader);
                if (fields.Count < 32)
                {
                    fields.Add(new(name, value));
                }
            }

            if (rule is not null && code is not null && items.Count < MaxItems)
            {
                items.Add(new LineFinding(rule, code, fields));
            }
        }

        return true;
    }

    private static bool ReadErrors(ref Utf8JsonReader reader, ref List<LineError>? errors)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        errors ??= [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            string? rule = null, code = null, message = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(ResultLineSchema.Utf8.Rule))
                {
                    rule = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals(ResultLineSchema.Utf8.Code))
                {
                    code = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals(ResultLineSchema.Utf8.Message))
                {
                    message = ReadString(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (errors.Count < MaxItems)
            {
                errors.Add(new LineError(rule ?? "", code ?? "Unknown", message ?? ""));
            }
        }

        return true;
    }

    /// <summary>A value as text: strings as they are, numbers and literals as written; an object or array only as "(object)"/"(array)".</summary>
    private static string ScalarText(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return Cut(reader.GetString()!);
            case JsonTokenType.Number:
                return Cut(Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Null:
                return "";
            default:
                reader.Skip();
                return "(" + (reader.TokenType == JsonTokenType.EndArray ? "array" : "object") + ")";
        }
    }

    /// <summary>The last line that is not blank, trimmed; empty when there is none.</summary>
    public static ReadOnlySpan<char> LastLine(string? output)
    {
        if (string.IsNullOrEmpty(output))
        {
            return [];
        }

        var span = output.AsSpan().TrimEnd();
        var start = span.LastIndexOfAny('\n', '\r');
        return (start < 0 ? span : span[(start + 1)..]).Trim();
    }

    public static bool IsKnownStatus(string status) => ResultLineSchema.Status.IsKnown(status);

    private static ResultLine Unparsed(LineKind kind, ReadOnlySpan<char> line) =>
        new(kind, null, null, null, [], [], [], 0, Cut(line.ToString()));

    internal static string Cut(string text) =>
        text.Length <= MaxValueLength ? text : string.Concat(text.AsSpan(0, MaxValueLength - 3), "...");

    internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
