using System.Text;
using System.Text.Json;

namespace AovpnRemediations.Profile.Loading;

/// <summary>
/// Maps every value of a JSON document to its display path (<c>$.vpn.publicFqdn</c>) and line/column,
/// so that schema and semantic errors can point into the file the user edits.
/// </summary>
public sealed class JsonLocator
{
    private readonly Dictionary<string, JsonLocation> byPointer = new(StringComparer.Ordinal);

    private JsonLocator()
    {
    }

    /// <summary>Properties written twice in one object (JSON parsers keep only one, silently).</summary>
    public IReadOnlyList<JsonLocation> DuplicateProperties => duplicates;

    private readonly List<JsonLocation> duplicates = [];

    /// <summary>Indexes a document that is known to parse.</summary>
    public static JsonLocator Index(byte[] utf8)
    {
        var locator = new JsonLocator();
        var lineStarts = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        var stack = new Stack<Frame>();
        string? pendingProperty = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingProperty = reader.GetString();
                    if (!stack.Peek().Names.Add(pendingProperty!))
                    {
                        var (dupLine, dupColumn) = Position(lineStarts, reader.TokenStartIndex);
                        locator.duplicates.Add(new JsonLocation(stack.Peek().Child(pendingProperty).Display, dupLine, dupColumn));
                    }

                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    continue;
            }

            // A value: record where it starts, then descend into containers.
            var (pointer, display) = stack.Count == 0 ? (string.Empty, "$") : stack.Peek().Child(pendingProperty);
            pendingProperty = null;
            var (line, column) = Position(lineStarts, reader.TokenStartIndex);
            locator.byPointer[pointer] = new JsonLocation(display, line, column);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                stack.Push(new Frame(pointer, display, reader.TokenType == JsonTokenType.StartArray));
            }
        }

        return locator;
    }

    /// <summary>The location of a JSON pointer, or of its nearest existing ancestor.</summary>
    public JsonLocation Locate(string pointer)
    {
        var current = pointer;
        while (true)
        {
            if (byPointer.TryGetValue(current, out var location))
            {
                return current == pointer ? location : location with { Path = DisplayPath(pointer) };
            }

            if (current.Length == 0)
            {
                return new JsonLocation(DisplayPath(pointer), 1, 1);
            }

            current = current[..current.LastIndexOf('/')];
        }
    }

    /// <summary>Builds a pointer from property names and array indexes.</summary>
    public static string Pointer(params object[] segments)
    {
        var text = new StringBuilder();
        foreach (var segment in segments)
        {
            text.Append('/').Append(Escape(Convert.ToString(segment, System.Globalization.CultureInfo.InvariantCulture)!));
        }

        return text.ToString();
    }

    /// <summary>A display path for a pointer that is not in the document (e.g. a missing property).</summary>
    public static string DisplayPath(string pointer)
    {
        var text = new StringBuilder("$");
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            text.Append(segment.All(char.IsAsciiDigit) && segment.Length > 0 ? $"[{segment}]" : Member(segment));
        }

        return text.ToString();
    }

    private static string Member(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$')
            ? "." + name
            : "['" + name.Replace("'", "\\'", StringComparison.Ordinal) + "']";

    private static string Escape(string segment) =>
        segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static List<long> LineStarts(byte[] utf8)
    {
        var starts = new List<long> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static (int Line, int Column) Position(List<long> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, (int)(offset - lineStarts[line]) + 1);
    }

    private sealed class Frame(string pointer, string display, bool isArray)
    {
        private int nextIndex;

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public (string Pointer, string Display) Child(string? property)
        {
            if (isArray)
            {
                var index = nextIndex++;
                return ($"{pointer}/{index}", $"{display}[{index}]");
            }

            return ($"{pointer}/{Escape(property!)}", display + Member(property!));
        }
    }
}

/// <summary>Where a JSON value sits in its file.</summary>
public sealed record JsonLocation(string Path, int Line, int Column);
