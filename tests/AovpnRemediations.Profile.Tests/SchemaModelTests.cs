using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Profile.Model;

namespace AovpnRemediations.Profile.Tests;

/// <summary>The published schema and the C# model describe the same document.</summary>
public class SchemaModelTests
{
    private static readonly JsonObject Schema = JsonNode.Parse(ProfileSchema.Embedded.Text)!.AsObject();

    [Fact]
    public void Every_model_property_is_in_the_schema_and_every_schema_property_in_the_model()
    {
        var problems = new List<string>();
        Compare(typeof(OrgProfile), Schema, "$", problems);
        Assert.Empty(problems);
    }

    [Fact]
    public void The_schema_file_in_the_repository_is_the_embedded_one()
    {
        var onDisk = File.ReadAllText(TestSupport.Repository.Path("src", "AovpnRemediations.Profile", "Schema", "aovpn.schema.json"));
        Assert.Equal(onDisk, ProfileSchema.Embedded.Text);
    }

    private static void Compare(Type type, JsonObject schema, string path, List<string> problems)
    {
        schema = Resolve(schema);
        var modelProperties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(JsonName, p => p);
        var schemaProperties = schema["properties"]?.AsObject() ?? [];
        foreach (var name in modelProperties.Keys.Except(schemaProperties.Select(p => p.Key)))
        {
            problems.Add($"{path}.{name} is in the C# model but not in the schema");
        }

        foreach (var name in schemaProperties.Select(p => p.Key).Except(modelProperties.Keys))
        {
            problems.Add($"{path}.{name} is in the schema but not in the C# model");
        }

        var schemaRequired = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
        foreach (var (name, property) in modelProperties)
        {
            var required = property.GetCustomAttribute<RequiredMemberAttribute>() is not null;
            if (required != schemaRequired.Contains(name))
            {
                problems.Add($"{path}.{name}: required is {required} in C# but {schemaRequired.Contains(name)} in the schema");
            }

            if (schemaProperties[name] is JsonObject child)
            {
                CompareValue(property.PropertyType, child, $"{path}.{name}", problems);
            }
        }
    }

    private static void CompareValue(Type type, JsonObject schema, string path, List<string> problems)
    {
        schema = Resolve(schema);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(int) || type == typeof(bool))
        {
            return;
        }

        if (type.IsEnum)
        {
            var values = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name)
                .Order().ToList();
            var schemaValues = schema["enum"]?.AsArray().Select(v => v!.GetValue<string>()).Order().ToList();
            if (schemaValues is null || !values.SequenceEqual(schemaValues))
            {
                problems.Add($"{path}: enum values differ ({string.Join(",", values)} vs {string.Join(",", schemaValues ?? [])})");
            }

            return;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            CompareValue(type.GetGenericArguments()[1], schema["additionalProperties"]!.AsObject(), path + "[*]", problems);
            return;
        }

        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            CompareValue(type.GetGenericArguments()[0], schema["items"]!.AsObject(), path + "[]", problems);
            return;
        }

        Compare(type, schema, path, problems);
    }

    private static JsonObject Resolve(JsonObject schema)
    {
        while (schema["$ref"] is JsonValue reference)
        {
            var name = reference.GetValue<string>()["#/$defs/".Length..];
            schema = Schema["$defs"]![name]!.AsObject();
        }

        return schema;
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
}
