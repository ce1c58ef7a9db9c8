using System.Globalization;
using System.Text;

namespace AovpnRemediations.Verification.Checks;

/// <summary>
/// Checks on the characters of a script: byte order mark, ASCII and CRLF. Positions count lines the way the PowerShell
/// parser does (CRLF, bare LF and bare CR each end a line) so text and AST findings agree on line and column.
/// </summary>
internal static class ScriptText
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private static readonly (byte[] Bytes, string Name, Encoding Encoding)[] Boms =
    [
        ([0xEF, 0xBB, 0xBF], "UTF-8", Utf8),
        ([0xFF, 0xFE], "UTF-16 LE", new UnicodeEncoding(bigEndian: false, byteOrderMark: false)),
        ([0xFE, 0xFF], "UTF-16 BE", new UnicodeEncoding(bigEndian: true, byteOrderMark: false)),
    ];

    /// <summary>The script text without its byte order mark; a BOM is reported, then decoded past.</summary>
    public static string Decode(byte[] content, FindingList findings)
    {
        foreach (var (bom, name, encoding) in Boms)
        {
            if (content.AsSpan().StartsWith(bom))
            {
                findings.Add(1, 1, VerificationRules.ByteOrderMark,
                    $"{name} byte order mark: Intune's signature check refuses a BOM; write UTF-8 without BOM (ASCII only).");
                return encoding.GetString(content, bom.Length, content.Length - bom.Length);
            }
        }

        // Invalid UTF-8 bytes decode to U+FFFD, which the ASCII check below still reports at their position.
        return Utf8.GetString(content);
    }

    /// <summary>Reports the first non-ASCII character of each line and every bare LF or CR.</summary>
    public static void CheckCharacters(string text, FindingList findings)
    {
        var line = 1;
        var lineStart = 0;
        var nonAsciiReported = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                var crlf = c == '\r' && i + 1 < text.Length && text[i + 1] == '\n';
                if (!crlf)
                {
                    findings.Add(line, i - lineStart + 1, VerificationRules.LineEnding,
                        $"bare {(c == '\n' ? "LF" : "CR")} line ending: generated scripts use CRLF.");
                }

                i += crlf ? 1 : 0;
                line++;
                lineStart = i + 1;
                nonAsciiReported = false;
            }
            else if (c > 0x7F && !nonAsciiReported)
            {
                findings.Add(line, i - lineStart + 1, VerificationRules.NonAscii, NonAsciiMessage(text, i));
                nonAsciiReported = true;
            }
        }
    }

    private static string NonAsciiMessage(string text, int index)
    {
        if (text[index] == '\uFFFD')
        {
            return "bytes that are not valid UTF-8: Windows PowerShell 5.1 reads a BOM-less script as ANSI; emit ASCII only.";
        }

        var code = Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out _) == System.Buffers.OperationStatus.Done
            ? rune.Value
            : text[index];
        var escape = code > 0xFFFF
            ? string.Create(CultureInfo.InvariantCulture, $"[char]::ConvertFromUtf32(0x{code:X})")
            : string.Create(CultureInfo.InvariantCulture, $"[char]0x{code:X4}");
        return string.Create(CultureInfo.InvariantCulture,
            $"character U+{code:X4}: Windows PowerShell 5.1 reads a BOM-less script as ANSI; emit it as {escape}.");
    }
}
