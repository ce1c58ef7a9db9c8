using System.Globalization;
using System.Text.Json.Nodes;

namespace AovpnRemediations.GraphEmulator.Routes;

internal static class Paging
{
    /// <summary>
    /// Returns one page of <paramref name="items"/>, with an <c>@odata.nextLink</c> carrying an opaque skip token when more remain.
    /// Clients must follow the whole link (Graph's rule), so the token format is nobody's business.
    /// </summary>
    public static GraphResponse Page(GraphRequest request, IReadOnlyList<JsonNode> items, int pageSize)
    {
        var skip = 0;
        var token = request.QueryValue("$skiptoken");
        if (token is not null && !int.TryParse(token.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out skip))
        {
            return GraphResponse.Error(400, "BadRequest", "Invalid $skiptoken.");
        }

        var size = pageSize;
        if (request.QueryValue("$top") is { } top && int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t > 0)
        {
            size = Math.Min(size, t);
        }

        var page = new JsonArray(items.Skip(skip).Take(size).Select(i => i.DeepClone()).ToArray());
        var body = new JsonObject
        {
            ["@odata.context"] = $"{request.BaseUrl}/{request.Version}/$metadata#{string.Join('/', request.Segments)}",
            ["value"] = page,
        };
        if (skip + size < items.Count)
        {
            var query = string.Join('&', request.Query
                .Where(q => q.Key != "$skiptoken")
                .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
                .Append($"$skiptoken=skip{(skip + size).ToString(CultureInfo.InvariantCulture)}"));
            body["@odata.nextLink"] = $"{request.BaseUrl}/{request.Version}/{string.Join('/', request.Segments)}?{query}";
        }

        return GraphResponse.Ok(body);
    }

    /// <summary>Parses the one filter form the emulator understands: <c>property eq 'value'</c> (with '' for a quote).</summary>
    public static bool TryParseEqFilter(string? filter, out string property, out string value)
    {
        property = "";
        value = "";
        if (filter is null)
        {
            return false;
        }

        var match = System.Text.RegularExpressions.Regex.Match(filter, @"^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$");
        if (!match.Success)
        {
            return false;
        }

        property = match.Groups[1].Value;
        value = match.Groups[2].Value.Replace("''", "'", StringComparison.Ordinal);
        return true;
    }
}
