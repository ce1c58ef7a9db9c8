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
    public static string Normalise(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return "";
        }

        var text = message.Length > 2000 ? message[..2000] : message;
        text = Guid().Replace(text, "<guid>");
        text = Email().Replace(text, "<user>");
        text = WindowsPath().Replace(text, "<path>");
        text = UnixPath().Replace(text, "<path>");
        text = AccountName().Replace(text, "<user>");
        text = LongHex().Replace(text, "<hex>");
        text = HexNumber().Replace(text, "<hex>");
        text = Quoted().Replace(text, m => m.Value[0] + "<value>" + m.Value[0]);
        text = Number().Replace(text, "<n>");
        text = Whitespace().Replace(text, " ").Trim();
        return ResultLineParser.Cut(text);
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
