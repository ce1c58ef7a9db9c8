using System.Globalization;

namespace AovpnRemediations.Report.Aggregation;

/// <summary>Reads an error code as a finding carries it: decimal (809), a negative HRESULT, or hex (0x800B0109).</summary>
public static class ErrorCodeValue
{
    public static bool TryParse(string? text, out long code)
    {
        code = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!uint.TryParse(span[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            {
                return false;
            }

            code = unchecked((int)hex);
            return true;
        }

        if (!long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < int.MinValue || value > uint.MaxValue)
        {
            return false;
        }

        // An HRESULT written unsigned (2148204809) is the same code as its negative form (-2146762487).
        code = value > int.MaxValue ? unchecked((int)(uint)value) : value;
        return true;
    }

    public static string Hex(long code) => "0x" + unchecked((uint)code).ToString("X8", CultureInfo.InvariantCulture);
}
