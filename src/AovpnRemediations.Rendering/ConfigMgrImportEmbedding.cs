using System.Text.RegularExpressions;
using AovpnRemediations.Rendering.Escaping;

namespace AovpnRemediations.Rendering;

/// <summary>
/// Changes to a rendered <c>Import-AovpnBaseline.ps1</c> that signing makes without the profile or the templates:
/// swapping the base64 of an embedded script for the base64 of its signed (or unsigned) bytes, and naming the signer
/// in each item's description. The format is the one <see cref="ConfigMgrImportRenderer"/> writes (single-quoted
/// base64 literals of <see cref="Base64LineLength"/> characters, one item description ending with the content token),
/// so this class and the renderer are the only code that knows it.
/// </summary>
/// <remarks>
/// Why not re-render: <c>sign</c> works on an output folder, which has neither the profile nor the templates. Why the
/// content hash stays: it is computed from the unsigned scripts, so a re-sign is not a change for the importer; the
/// signer token beside it makes a new signer one (the importer rewrites an item whose description differs), as a new
/// signer is one update in Intune.
/// </remarks>
public static partial class ConfigMgrImportEmbedding
{
    /// <summary>Characters per base64 literal of an embedded script.</summary>
    public const int Base64LineLength = 100;

    /// <summary>How many hex digits of the signer's thumbprint the description carries (ConfigMgr descriptions are short).</summary>
    public const int SignerTokenDigits = 12;

    /// <summary>The literals that embed <paramref name="script"/>, as the renderer writes them.</summary>
    internal static List<PsLiteral> Base64Lines(ReadOnlySpan<byte> script)
    {
        var encoded = Convert.ToBase64String(script);
        return [.. encoded.Chunk(Base64LineLength).Select(chunk => PsLiteral.Of(new string(chunk)))];
    }

    /// <summary>The content token the renderer ends each item's description with.</summary>
    internal static string ContentToken(string hash) => $"[content:{hash}]";

    /// <summary>True when the importer embeds exactly these bytes (once).</summary>
    public static bool Embeds(string importerText, ReadOnlySpan<byte> script) => Find(importerText, script).Count == 1;

    /// <summary>
    /// Replaces the embedding of <paramref name="embedded"/> with one of <paramref name="replacement"/>. Throws
    /// <see cref="InvalidOperationException"/> unless the importer embeds <paramref name="embedded"/> exactly once.
    /// </summary>
    public static string ReplaceScript(string importerText, ReadOnlySpan<byte> embedded, ReadOnlySpan<byte> replacement, string scriptName)
    {
        var found = Find(importerText, embedded);
        if (found.Count != 1)
        {
            throw new InvalidOperationException(
                $"{ConfigMgrImportRenderer.FileName} embeds {scriptName} {found.Count} times where it should embed it once, as built; the importer and the script are from different builds (or custom templates do not embed the scripts). Build again.");
        }

        var (start, end, separator) = found[0];
        var lines = Base64Lines(replacement).Select(l => l.Code);
        return string.Concat(importerText.AsSpan(0, start), string.Join(separator, lines), importerText.AsSpan(end));
    }

    /// <summary>
    /// Puts <c>[signer:XXXXXXXXXXXX]</c> (the first <see cref="SignerTokenDigits"/> digits of the thumbprint) after the
    /// content token of every item's description, replacing one that is there; with null, removes it. An importer
    /// from custom templates whose descriptions carry no content token is returned as it is: its items are then
    /// rewritten only when their scripts' unsigned text changes, as before signing.
    /// </summary>
    public static string SetSigner(string importerText, string? signerThumbprint)
    {
        var token = signerThumbprint is null ? string.Empty : $" [signer:{signerThumbprint[..SignerTokenDigits].ToUpperInvariant()}]";
        return DescriptionEnd().Replace(importerText, match => match.Groups["content"].Value + token + "'");
    }

    /// <summary>Where the literals embedding <paramref name="script"/> start and end, and what separates them.</summary>
    private static List<(int Start, int End, string Separator)> Find(string text, ReadOnlySpan<byte> script)
    {
        var lines = Base64Lines(script).Select(l => l.Code).ToList();
        var results = new List<(int, int, string)>();
        for (var start = text.IndexOf(lines[0], StringComparison.Ordinal); start >= 0; start = text.IndexOf(lines[0], start + 1, StringComparison.Ordinal))
        {
            var position = start + lines[0].Length;
            var separator = Separator(text, start);
            var matched = true;
            for (var i = 1; i < lines.Count && matched; i++)
            {
                var next = SkipWhitespace(text, position);
                if (i == 1)
                {
                    separator = text[position..next];
                }

                matched = next > position && string.CompareOrdinal(text, next, lines[i], 0, lines[i].Length) == 0;
                position = next + lines[i].Length;
            }

            // The whole sequence, and not the start of a longer one (a script that begins with these bytes).
            if (matched && (SkipWhitespace(text, position) >= text.Length || text[SkipWhitespace(text, position)] != '\''))
            {
                results.Add((start, position, separator));
            }
        }

        return results;
    }

    private static int SkipWhitespace(string text, int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t' or '\r' or '\n')
        {
            position++;
        }

        return position;
    }

    /// <summary>A line end and the indentation of the line holding <paramref name="start"/>, for a one-line embedding.</summary>
    private static string Separator(string text, int start)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        var indentation = text[lineStart..start];
        return "\r\n" + (indentation.All(c => c is ' ' or '\t') ? indentation : string.Empty);
    }

    // The end of an item's description literal: the content token, an optional signer token, the closing quote (not a
    // doubled quote, which would be a quote inside the profile's text).
    [GeneratedRegex(@"(?<content>\[content:[0-9a-f]{12}\])(?: \[signer:[0-9A-F]{12}\])?'(?!')", RegexOptions.CultureInvariant)]
    private static partial Regex DescriptionEnd();
}
