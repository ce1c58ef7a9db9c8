using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace AovpnRemediations.Report.Parsing;

/// <summary>
/// Turns an error message into its group key by replacing what differs from device to device: GUIDs, thumbprints and
/// other long hex, hex numbers, file and registry paths, user names (DOMAIN\user, UPNs), quoted values and numbers.
/// "Access to 'C:\ProgramData\x.log' denied (0x80070005) for 3 files" and the same with another path and count fall
/// into one group.
/// </summary>
public static partial class MessageNormaliser
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    public static string Normalise(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return "";
        }

        // Each pattern runs only on a text that has the character it cannot match without (a GUID its '-', an e-mail its
        // '@', ...): the result is the same, and the scans are what made this the report's most costly step per error line.
        var text = message.Length > 2000 ? message[..2000] : message;
        text = text.Contains('-') ? Guid().Replace(text, "<guid>") : text;
        text = text.Contains('@') ? Email().Replace(text, "<user>") : text;
        text = text.AsSpan().ContainsAny('\\', ':') ? WindowsPath().Replace(text, "<path>") : text;
        text = text.Contains('/') ? UnixPath().Replace(text, "<path>") : text;
        text = text.Contains('\\') ? AccountName().Replace(text, "<user>") : text;
        text = text.AsSpan().ContainsAnyInRange('0', '9') ? LongHex().Replace(text, "<hex>") : text;
        text = text.Contains("0x", StringComparison.Ordinal) ? HexNumber().Replace(text, "<hex>") : text;
        text = text.AsSpan().ContainsAny('\'', '"') ? Quoted().Replace(text, m => m.Value[0] + "<value>" + m.Value[0]) : text;
        text = HasDigit(text) ? Number().Replace(text, "<n>") : text;
        text = Whitespace().Replace(text, " ").Trim();
        return ResultLineParser.Cut(text);
    }

    /// <summary>Any Unicode decimal digit: what <c>\d</c> matches.</summary>
    private static bool HasDigit(string text)
    {
        foreach (var c in text)
        {
            if (char.IsDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex Guid();

    [GeneratedRegex(@"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b")]
    private static partial Regex Email();

    // C:\..., \\server\share\..., HKLM:\..., Cert:\...: up to a quote, whitespace or closing bracket.
    [GeneratedRegex(@"(?i)(\b[a-z]:\\|\\\\[\w.$-]+\\|\b(hklm|hkcu|hkey_[a-z_]+|cert|env):\\?)[^\s'""\)\]]*")]
    private static partial Regex WindowsPath();

    [GeneratedRegex(@"(?<![\w:/])/(?:[\w.-]+/)+[\w.-]*")]
    private static partial Regex UnixPath();

    [GeneratedRegex(@"\b[A-Za-z][\w-]{0,14}\\[\w.$-]+")]
    private static partial Regex AccountName();

    // Thumbprints (40), SHA-256 (64), serial numbers: 12 or more hex digits with at least one digit.
    [GeneratedRegex(@"\b(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{12,}\b")]
    private static partial Regex LongHex();

    [GeneratedRegex(@"\b0x[0-9a-fA-F]+\b")]
    private static partial Regex HexNumber();

    [GeneratedRegex(@"'[^']{1,200}'|""[^""]{1,200}""")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"-?\b\d+(\.\d+)?\b")]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
