using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AovpnRemediations.Contracts;

/// <summary>
/// <c>manifest.json</c> at the root of output/: the tool that wrote it, the profile's hash, the packages with their
/// targets, and the sha256 of every other file. Emit writes it last; publish refuses a folder that does not match it.
/// </summary>
public sealed record BuildManifestJson
{
    public const string FileName = "manifest.json";
    public const int CurrentSchema = 1;

    [JsonPropertyName("schema")]
    public int Schema { get; init; } = CurrentSchema;

    [JsonPropertyName("tool")]
    public string Tool { get; init; } = OwnershipMarker.Tool;

    [JsonPropertyName("toolVersion")]
    public string ToolVersion { get; init; } = "";

    [JsonPropertyName("profileSha256")]
    public string ProfileSha256 { get; init; } = "";

    /// <summary>Ordered by id.</summary>
    [JsonPropertyName("packages")]
    public IReadOnlyList<BuildManifestPackage> Packages { get; init; } = [];

    /// <summary>Every file but the manifest, ordered by path (ordinal).</summary>
    [JsonPropertyName("files")]
    public IReadOnlyList<BuildManifestFile> Files { get; init; } = [];

    public static BuildManifestJson Parse(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, ContractJson.Default.BuildManifestJson) ?? throw new JsonException("The file holds null.");

    public JsonNode ToJsonNode() => JsonSerializer.SerializeToNode(this, ContractJson.Default.BuildManifestJson)!;

    /// <summary>What makes the manifest unusable (another tool's, another schema, a path that leaves the folder); empty when it is fine.</summary>
    public IReadOnlyList<string> Problems()
    {
        if (Schema != CurrentSchema || Tool != OwnershipMarker.Tool)
        {
            return [$"is not an {OwnershipMarker.Tool} manifest of schema {CurrentSchema} (tool '{Tool}', schema {Schema}). Rebuild with this version of the tool"];
        }

        return [.. (Files ?? []).Where(f => !OutputPath.IsSafeRelative(f.Path)).Select(f => $"lists an unsafe path '{f.Path}'")];
    }
}

/// <param name="Targets"><see cref="DeploymentTargets.Intune"/> and/or <see cref="DeploymentTargets.ConfigMgr"/>.</param>
public sealed record BuildManifestPackage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("targets")] IReadOnlyList<string> Targets);

/// <param name="Sha256">Lower-case hex of the file's bytes.</param>
public sealed record BuildManifestFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("sha256")] string Sha256);

/// <summary>Where a package goes, as manifest.json names it.</summary>
public static class DeploymentTargets
{
    public const string Intune = "intune";
    public const string ConfigMgr = "configmgr";
}

/// <summary>Paths inside output/: relative, with '/', never leaving the folder.</summary>
public static class OutputPath
{
    public static bool IsSafeRelative(string? path) =>
        !string.IsNullOrEmpty(path) && !path.Contains('\\', StringComparison.Ordinal) && !path.StartsWith('/')
        && !path.Split('/').Any(segment => segment is "" or "." or "..");
}
