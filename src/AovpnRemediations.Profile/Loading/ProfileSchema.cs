using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AovpnRemediations.Profile.Loading;

/// <summary>The published JSON Schema of aovpn.json, and the translation of its errors into messages with a fix.</summary>
public sealed class ProfileSchema
{
    private const string ResourceName = "aovpn.schema.json";

    private readonly JsonSchema schema;
    private readonly JsonNode schemaNode;

    private ProfileSchema(string text)
    {
        Text = text;
        schema = JsonSchema.FromText(text);
        schemaNode = JsonNode.Parse(text)!;
    }

    public static ProfileSchema Embedded { get; } = new(ReadEmbedded());

    /// <summary>The schema text, as <c>init</c> writes it beside a new profile.</summary>
    public string Text { get; }

    public IReadOnlyList<ProfileError> Validate(JsonElement document, string file, JsonLocator locator)
    {
        var result = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        var errors = new List<ProfileError>();
        Collect(result, document, file, locator, errors);
        return [.. errors
            .DistinctBy(e => (e.JsonPath, e.Message))
            .OrderBy(e => e.Line).ThenBy(e => e.Column)];
    }

    private int Collect(EvaluationResults node, JsonElement document, string file, JsonLocator locator, List<ProfileError> errors)
    {
        if (node.IsValid)
        {
            return 0;
        }

        var pointer = node.InstanceLocation.ToString();
        var segments = node.EvaluationPath.ToString().Split('/');
        var lastKeyword = segments[^1];
        var isBranch = segments.Length >= 2 && segments[^2] is "oneOf" or "anyOf" && lastKeyword.All(char.IsAsciiDigit);

        // "if" failing only means its "then" does not apply; a "not" node's result is inverted; oneOf/anyOf
        // branches fail by design for every alternative but one. None of these is the user's error by itself.
        if (lastKeyword is "if" or "not" || isBranch)
        {
            return 0;
        }

        if (lastKeyword == "additionalProperties" && node.Details is not { Count: > 0 })
        {
            errors.Add(UnknownProperty(pointer, file, locator));
            return 1;
        }

        var added = 0;
        foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
        {
            if (keyword is not ("oneOf" or "anyOf" or "not"))
            {
                errors.Add(Translate(keyword, message, pointer, file, locator, document));
                added++;
            }
        }

        foreach (var child in node.Details ?? [])
        {
            added += Collect(child, document, file, locator, errors);
        }

        if (added == 0)
        {
            // Only a combination failed (oneOf, not): say what forms are allowed here.
            var location = locator.Locate(pointer);
            errors.Add(new ProfileError(file, location.Path, location.Line, location.Column, "does not match any allowed form.", $"use {DescribeAt(pointer) ?? "a valid value"}."));
            added = 1;
        }

        return added;
    }

    /// <summary>Settings an earlier version had, with where they went; an old profile gets this fix rather than "unknown".</summary>
    private static readonly Dictionary<string, string> Replaced = new(StringComparer.Ordinal)
    {
        ["/configMgr/baselineName"] = "the single baseline for every server was split into one per role, so an RRAS-only server is not noncompliant for the NPS package: move the name into configMgr.baselines.vpnServers, .npsServers and .clients, each { \"name\": ..., \"deployments\": [...] }, and remove configMgr.baselineName.",
        ["/configMgr/deployments"] = "deployments now belong to a role's baseline: move them into configMgr.baselines.vpnServers.deployments, .npsServers.deployments and .clients.deployments (each role to its own collections), and remove configMgr.deployments.",
    };

    private ProfileError UnknownProperty(string pointer, string file, JsonLocator locator)
    {
        var location = locator.Locate(pointer);
        if (Replaced.TryGetValue(pointer, out var replacement))
        {
            return new ProfileError(file, location.Path, location.Line, location.Column, "is a setting of an earlier version.", replacement);
        }

        var known = KnownProperties(pointer[..pointer.LastIndexOf('/')]);
        return new ProfileError(
            file,
            location.Path,
            location.Line,
            location.Column,
            "is not a known setting.",
            known.Count > 0
                ? $"remove it or correct the spelling; settings allowed here: {string.Join(", ", known)}."
                : "remove it.");
    }

    private ProfileError Translate(string keyword, string message, string pointer, string file, JsonLocator locator, JsonElement document)
    {
        var location = locator.Locate(pointer);
        if (keyword == "required")
        {
            var missing = MissingProperties(message);
            var missingPointer = pointer + "/" + missing;
            return new ProfileError(
                file,
                JsonLocator.DisplayPath(missingPointer),
                location.Line,
                location.Column,
                $"'{missing}' is required here.",
                $"add \"{missing}\": {DescribeAt(missingPointer) ?? "a value"}.");
        }

        var value = ValueAt(document, pointer);
        var what = keyword switch
        {
            "pattern" => "does not have the expected form",
            "minLength" when value == "\"\"" => "must not be empty",
            _ => message.TrimEnd('.'),
        };
        return new ProfileError(
            file,
            location.Path,
            location.Line,
            location.Column,
            $"{Shorten(value)}: {what}.",
            $"use {DescribeAt(pointer) ?? "a value the schema allows"}.");
    }

    /// <summary>The description of the schema node that governs an instance location, for the "Fix:" text.</summary>
    public string? DescribeAt(string pointer)
    {
        JsonNode? node = schemaNode;
        string? description = Description(node);
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = Child(Resolve(node), segment);
            if (node is null)
            {
                return description;
            }

            description = Description(node) ?? Description(Resolve(node)) ?? description;
        }

        return description;
    }

    private List<string> KnownProperties(string pointer)
    {
        // The error sits on the object that has the unknown property; list what it does allow.
        JsonNode? node = schemaNode;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            node = Child(Resolve(node), raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }

        var properties = Resolve(node)?["properties"] as JsonObject;
        return properties is null ? [] : [.. properties.Select(p => p.Key).Where(k => k != "$schema")];
    }

    private JsonNode? Child(JsonNode? node, string segment)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }

        if (obj["properties"] is JsonObject properties && properties[segment] is { } property)
        {
            return property;
        }

        if (obj["items"] is { } items && segment.All(char.IsAsciiDigit))
        {
            return items;
        }

        return obj["additionalProperties"] is JsonObject additional ? additional : null;
    }

    private JsonNode? Resolve(JsonNode? node)
    {
        for (var depth = 0; depth < 8 && node is JsonObject obj && obj["$ref"] is JsonValue reference; depth++)
        {
            var target = reference.GetValue<string>();
            node = target.StartsWith("#/$defs/", StringComparison.Ordinal) ? schemaNode["$defs"]?[target["#/$defs/".Length..]] : null;
        }

        return node;
    }

    private static string? Description(JsonNode? node) => node is JsonObject obj && obj["description"] is JsonValue value ? value.GetValue<string>() : null;

    private static string MissingProperties(string message)
    {
        // JsonSchema.Net: Required properties ["name"] are not present
        var start = message.IndexOf('"', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('"', start + 1);
        return start >= 0 && end > start ? message[(start + 1)..end] : message;
    }

    private static string ValueAt(JsonElement document, string pointer)
    {
        var current = document;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return "value";
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            _ => current.GetRawText(),
        };
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static string ReadEmbedded()
    {
        using var stream = typeof(ProfileSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
