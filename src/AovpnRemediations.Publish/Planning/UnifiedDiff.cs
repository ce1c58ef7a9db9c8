using System.Globalization;
using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace AovpnRemediations.Publish.Planning;

/// <summary>
/// A unified diff of script text (DiffPlex finds the changed lines; hunks, context and headers as GNU diff -u writes
/// them), so a plan shows what changes in the PowerShell rather than in base64. Line endings are not part of the
/// lines; a change of line endings or BOM alone is reported by <see cref="Describe"/> in words.
/// </summary>
public static class UnifiedDiff
{
    public static string Create(string oldText, string newText, string oldName, string newName, int context = 3)
    {
        var diff = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, Lines.Instance);
        if (diff.DiffBlocks.Count == 0)
        {
            return "";
        }

        var edits = Edits(diff);
        var output = new StringBuilder();
        output.Append("--- ").Append(oldName).Append('\n');
        output.Append("+++ ").Append(newName).Append('\n');

        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }

            // A hunk runs from `context` lines before a change to `context` lines after the last change that is at most
            // 2 * context unchanged lines from the one before it (their contexts touch, so GNU diff joins them).
            var start = Math.Max(0, i - context);
            var lastChange = i;
            for (var k = i + 1; k < edits.Count && k - lastChange <= (2 * context) + 1; k++)
            {
                if (edits[k].Kind != ' ')
                {
                    lastChange = k;
                }
            }

            var end = Math.Min(edits.Count, lastChange + context + 1);
            var hunk = edits.GetRange(start, end - start);
            var oldCount = hunk.Count(e => e.Kind != '+');
            var newCount = hunk.Count(e => e.Kind != '-');
            // An empty range names the line before it (0 at the top), as GNU diff does.
            output.Append(CultureInfo.InvariantCulture,
                $"@@ -{Range(hunk[0].OldIndex, oldCount)} +{Range(hunk[0].NewIndex, newCount)} @@\n");
            foreach (var edit in hunk)
            {
                output.Append(edit.Kind).Append(edit.Text).Append('\n');
            }

            i = end;
        }

        return output.ToString();
    }

    private static string Range(int index, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{(count == 0 ? index : index + 1)},{count}");

    /// <summary>Words for a byte difference the line diff cannot show (line endings, BOM, trailing newline).</summary>
    public static string Describe(byte[] oldBytes, byte[] newBytes)
    {
        static string Shape(byte[] b)
        {
            var bom = b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? "UTF-8 BOM" : "no BOM";
            var crlf = 0;
            var lf = 0;
            for (var i = 0; i < b.Length; i++)
            {
                if (b[i] == '\n')
                {
                    if (i > 0 && b[i - 1] == '\r')
                    {
                        crlf++;
                    }
                    else
                    {
                        lf++;
                    }
                }
            }

            var endings = (crlf, lf) switch
            {
                (0, 0) => "no line breaks",
                (_, 0) => "CRLF",
                (0, _) => "LF",
                _ => "mixed CRLF/LF",
            };
            return $"{bom}, {endings}, {b.Length} bytes";
        }

        return $"same text, different bytes: tenant has {Shape(oldBytes)}; output has {Shape(newBytes)}";
    }

    public static string Decode(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    /// <summary>One line of the diff: kept (' '), removed ('-') or added ('+'), with its 0-based place in each text.</summary>
    private readonly record struct Edit(char Kind, string Text, int OldIndex, int NewIndex);

    /// <summary>The whole edit script: unchanged runs between DiffPlex's changed blocks, then each block's removals and additions.</summary>
    private static List<Edit> Edits(DiffResult diff)
    {
        var edits = new List<Edit>();
        int a = 0, b = 0;
        void Same(int untilA)
        {
            while (a < untilA)
            {
                edits.Add(new Edit(' ', diff.PiecesOld[a], a, b));
                a++;
                b++;
            }
        }

        foreach (var block in diff.DiffBlocks)
        {
            Same(block.DeleteStartA);
            for (var k = 0; k < block.DeleteCountA; k++, a++)
            {
                edits.Add(new Edit('-', diff.PiecesOld[a], a, b));
            }

            for (var k = 0; k < block.InsertCountB; k++, b++)
            {
                edits.Add(new Edit('+', diff.PiecesNew[b], a, b));
            }
        }

        Same(diff.PiecesOld.Count);
        return edits;
    }

    /// <summary>Lines without their endings (CRLF or LF); a final line break does not make an empty last line.</summary>
    private sealed class Lines : IChunker
    {
        public static readonly Lines Instance = new();

        public IReadOnlyList<string> Chunk(string text)
        {
            var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
            if (lines.Count > 0 && lines[^1].Length == 0)
            {
                lines.RemoveAt(lines.Count - 1);
            }

            return lines;
        }
    }
}
