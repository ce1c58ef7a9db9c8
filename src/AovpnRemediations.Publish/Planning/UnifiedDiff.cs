using System.Globalization;
using System.Text;

namespace AovpnRemediations.Publish.Planning;

/// <summary>
/// A unified diff of script text (Myers' algorithm, 3 lines of context), so a plan shows what changes in the
/// PowerShell rather than in base64. Line endings are not part of the lines; a change of line endings or BOM alone
/// is reported by <see cref="Describe"/> in words.
/// </summary>
public static class UnifiedDiff
{
    public static string Create(string oldText, string newText, string oldName, string newName, int context = 3)
    {
        var a = SplitLines(oldText);
        var b = SplitLines(newText);
        var edits = Diff(a, b);
        if (edits.All(e => e.Kind == ' '))
        {
            return "";
        }

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

            // A hunk: from `context` lines before this change to `context` lines after the last change closer than 2*context.
            var start = Math.Max(0, i - context);
            var end = i;
            var lastChange = i;
            while (end < edits.Count)
            {
                if (edits[end].Kind != ' ')
                {
                    lastChange = end;
                }
                else if (end - lastChange > 2 * context)
                {
                    break;
                }

                end++;
            }

            end = Math.Min(edits.Count, lastChange + context + 1);
            var oldStart = edits[start].OldIndex;
            var newStart = edits[start].NewIndex;
            var oldCount = edits.Skip(start).Take(end - start).Count(e => e.Kind != '+');
            var newCount = edits.Skip(start).Take(end - start).Count(e => e.Kind != '-');
            output.Append(CultureInfo.InvariantCulture,
                $"@@ -{(oldCount == 0 ? oldStart : oldStart + 1)},{oldCount} +{(newCount == 0 ? newStart : newStart + 1)},{newCount} @@\n");
            for (var k = start; k < end; k++)
            {
                output.Append(edits[k].Kind).Append(edits[k].Text).Append('\n');
            }

            i = end;
        }

        return output.ToString();
    }

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

    private static List<string> SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private readonly record struct Edit(char Kind, string Text, int OldIndex, int NewIndex);

    /// <summary>Myers' O((N+M)D) shortest edit script.</summary>
    private static List<Edit> Diff(List<string> a, List<string> b)
    {
        int n = a.Count, m = b.Count, max = n + m;
        var v = new int[(2 * max) + 2];
        var trace = new List<int[]>();
        for (var d = 0; d <= max; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                int x;
                if (k == -d || (k != d && v[max + k - 1] < v[max + k + 1]))
                {
                    x = v[max + k + 1];
                }
                else
                {
                    x = v[max + k - 1] + 1;
                }

                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }

                v[max + k] = x;
                if (x >= n && y >= m)
                {
                    return Backtrack(trace, a, b, max, d);
                }
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    private static List<Edit> Backtrack(List<int[]> trace, List<string> a, List<string> b, int max, int dFinal)
    {
        var edits = new List<Edit>();
        int x = a.Count, y = b.Count;
        for (var d = dFinal; d >= 0; d--)
        {
            var v = trace[d];
            var k = x - y;
            int prevK;
            if (d == 0)
            {
                prevK = 0;
            }
            else if (k == -d || (k != d && v[max + k - 1] < v[max + k + 1]))
            {
                prevK = k + 1;
            }
            else
            {
                prevK = k - 1;
            }

            var prevX = d == 0 ? 0 : v[max + prevK];
            var prevY = prevX - prevK;
            while (x > prevX && y > prevY)
            {
                x--;
                y--;
                edits.Add(new Edit(' ', a[x], x, y));
            }

            if (d > 0)
            {
                if (x == prevX)
                {
                    y--;
                    edits.Add(new Edit('+', b[y], x, y));
                }
                else
                {
                    x--;
                    edits.Add(new Edit('-', a[x], x, y));
                }
            }
        }

        edits.Reverse();
        return edits;
    }
}
