using System.Text;

namespace AovpnRemediations.Signing;

/// <summary>A script split at its signature block: the text that was signed, and the PKCS#7 bytes if it is signed.</summary>
/// <param name="UnsignedText">The text before the block, exactly as it was before signing (the text the digest covers).</param>
/// <param name="Signature">The DER PKCS#7 SignedData of the block, or null when the script has no block.</param>
public sealed record SplitScript(string UnsignedText, byte[]? Signature)
{
    public bool IsSigned => Signature is not null;
}

/// <summary>
/// The comment block Windows PowerShell appends to a signed script: a CRLF, <c># SIG # Begin signature block</c>,
/// the base64 DER SignedData in lines of <c>"# "</c> + 64 characters, <c># SIG # End signature block</c>, all CRLF.
/// The digest covers the text before that leading CRLF, so signing <c>T</c> yields <c>T + CRLF + block</c> and
/// stripping the block gives back <c>T</c> byte for byte (whether or not <c>T</c> ended with a line end).
/// </summary>
public static class SignatureBlock
{
    public const string BeginLine = "# SIG # Begin signature block";
    public const string EndLine = "# SIG # End signature block";

    private const string Crlf = "\r\n";
    private const string Separator = Crlf + BeginLine + Crlf;
    private const int Base64LineLength = 64;

    /// <summary>The block for a signature, ending with CRLF.</summary>
    public static string Format(ReadOnlySpan<byte> signature)
    {
        var base64 = Convert.ToBase64String(signature);
        var builder = new StringBuilder(base64.Length + (base64.Length / Base64LineLength * 4) + 80);
        builder.Append(BeginLine).Append(Crlf);
        for (var offset = 0; offset < base64.Length; offset += Base64LineLength)
        {
            builder.Append("# ").Append(base64, offset, Math.Min(Base64LineLength, base64.Length - offset)).Append(Crlf);
        }

        builder.Append(EndLine).Append(Crlf);
        return builder.ToString();
    }

    /// <summary>The signed file's text: the unsigned text, a CRLF, the block.</summary>
    public static string Attach(string unsignedText, ReadOnlySpan<byte> signature) =>
        unsignedText + Crlf + Format(signature);

    /// <summary>
    /// Splits a script at its signature block. A script without one comes back whole. A block that is not at the
    /// end of the file, or whose lines are not the layout above, is an error: stripping it could not give back the
    /// signed text with certainty, and Windows would not find the signature either.
    /// </summary>
    public static SplitScript Split(string text, string fileName)
    {
        var start = text.LastIndexOf(Separator, StringComparison.Ordinal);
        if (start < 0)
        {
            return new SplitScript(text, null);
        }

        var base64 = new StringBuilder();
        var position = start + Separator.Length;
        while (true)
        {
            var lineEnd = text.IndexOf(Crlf, position, StringComparison.Ordinal);
            var line = lineEnd < 0 ? text[position..] : text[position..lineEnd];
            if (line == EndLine)
            {
                var after = lineEnd < 0 ? text.Length : lineEnd + Crlf.Length;
                if (after != text.Length)
                {
                    throw new ScriptSigningException($"{fileName}: text follows '{EndLine}'; the signature block must be the end of the file. Remove what follows it (or the whole block) and sign again.");
                }

                break;
            }

            if (lineEnd < 0 || !line.StartsWith("# ", StringComparison.Ordinal))
            {
                throw new ScriptSigningException($"{fileName}: the signature block that starts at offset {start + Crlf.Length} is not closed by '{EndLine}' or has a line that is not '# ' + base64. Remove the block and sign again.");
            }

            base64.Append(line, 2, line.Length - 2);
            position = lineEnd + Crlf.Length;
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(base64.ToString());
        }
        catch (FormatException e)
        {
            throw new ScriptSigningException($"{fileName}: the signature block is not valid base64. Remove the block and sign again.", e);
        }

        return new SplitScript(text[..start], signature);
    }
}
