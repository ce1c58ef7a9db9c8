using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AovpnRemediations.Emit;

/// <summary>
/// JSON files of output/: two-space indent, CRLF, ASCII (every non-ASCII character as \uXXXX), keys in
/// the order written. The same bytes on every machine, culture and time zone.
/// </summary>
public static class AsciiJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\r\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            node.WriteTo(writer);
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        var ascii = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            // Non-ASCII only occurs inside strings, where \uXXXX is the same value.
            ascii.Append(c > 0x7E ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString());
        }

        return Encoding.ASCII.GetBytes(ascii.Append("\r\n").ToString());
    }
}
