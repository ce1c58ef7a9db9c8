using System.Text;

namespace AovpnRemediations.Signing;

/// <summary>
/// The one check that makes signing off Windows safe. Windows PowerShell decodes a BOM-less script as the device's
/// ANSI code page (UTF-8 only when the first bytes happen to be a multibyte sequence), and the PowerShell SIP hashes
/// the decoded text as UTF-16LE. Only ASCII decodes to the same text everywhere, so anything else would give the
/// device a different digest than the one signed here. A BOM is refused because Intune asks for BOM-less scripts
/// when signature checking is on, and line ends must be CRLF because the signature block is CRLF and a later
/// conversion of bare line feeds (git, an editor) would change the signed text.
/// </summary>
public static class SignableText
{
    /// <summary>Returns the script text, or throws <see cref="ScriptSigningException"/> naming the file, the place and the fix.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string fileName)
    {
        var problem = FindProblem(bytes, fileName);
        if (problem is not null)
        {
            throw new ScriptSigningException(problem);
        }

        return Encoding.ASCII.GetString(bytes);
    }

    /// <summary>The reason the bytes cannot be signed safely, or null when they can.</summary>
    public static string? FindProblem(ReadOnlySpan<byte> bytes, string fileName)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return $"{fileName}: starts with a UTF-8 byte order mark; signed scripts must be saved without a BOM (Intune asks for UTF-8 without BOM when it enforces signatures). Save the file as ASCII without a BOM and sign again.";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return $"{fileName}: starts with a UTF-16 byte order mark; signed scripts must be ASCII text without a BOM. Save the file as ASCII and sign again.";
        }

        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var column = i - lineStart + 1;
            if (b >= 0x80)
            {
                return $"{fileName}:{line}:{column}: non-ASCII byte 0x{b:X2}. Windows PowerShell reads a BOM-less script in the device's ANSI code page, so the digest signed here would not match the one the device computes. Write the character as a [char] escape (the generator's literal escaping does this) or remove it, then sign again.";
            }

            if (b == 0)
            {
                return $"{fileName}:{line}:{column}: NUL byte; the file looks like UTF-16 without a byte order mark. Save it as ASCII and sign again.";
            }

            if (b == (byte)'\r')
            {
                if (i + 1 >= bytes.Length || bytes[i + 1] != (byte)'\n')
                {
                    return $"{fileName}:{line}:{column}: carriage return without a line feed; signed scripts must end every line with CRLF. Convert the line ends to CRLF and sign again.";
                }

                i++;
                line++;
                lineStart = i + 1;
            }
            else if (b == (byte)'\n')
            {
                return $"{fileName}:{line}:{column}: line feed without a carriage return; signed scripts must end every line with CRLF (a git checkout with eol=lf or an editor may have converted them). Convert the line ends to CRLF and sign again.";
            }
        }

        return null;
    }
}
