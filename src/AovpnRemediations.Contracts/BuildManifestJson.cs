using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AovpnRemediations.Contracts;

/// <summary>
/// <c>manifest.json</c> at the root of output/: the tool that wrote it, the profile's hash, the packages with their
/// targets, and the sha256 of every other file. Emit writes it last; publish refuses a folder that does not match it.
/// Schema 1 grew optional members for signed scripts (<see cref="BuildManifestFile.UnsignedSha256"/>,
/// <see cref="BuildManifestFile.SignerThumbprint"/>): written only when a script is signed, so unsigned output is
/// byte for byte what it was, manifests written before signing existed read as unsigned, and a reader that predates
/// them skips them.
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

        return
        [
            .. (Files ?? []).Where(f => !OutputPath.IsSafeRelative(f.Path)).Select(f => $"lists an unsafe path '{f.Path}'"),
            .. (Files ?? []).SelectMany(f => f.SignatureProblems()),
        ];
    }
}

/// <param name="Targets"><see cref="DeploymentTargets.Intune"/> and/or <see cref="DeploymentTargets.ConfigMgr"/>.</param>
public sealed record BuildManifestPackage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("targets")] IReadOnlyList<string> Targets);

/// <summary>
/// One file of output/. A signed script also records the sha256 of its unsigned text (stable across re-signing) and
/// its signer; both members are left out of the file when the script is unsigned, so an unsigned build writes the same
/// bytes as before signing existed, and a reader sees a missing member as null (unsigned).
/// </summary>
/// <param name="Sha256">Lower-case hex of the file's bytes (for a signed script: of the signed file).</param>
/// <param name="UnsignedSha256">Lower-case hex SHA-256 of the text the signature covers; null when unsigned.</param>
/// <param name="SignerThumbprint">The signer certificate's SHA-1 thumbprint, upper-case hex; null when unsigned.</param>
public sealed record BuildManifestFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("unsignedSha256"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UnsignedSha256 = null,
    [property: JsonPropertyName("signerThumbprint"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SignerThumbprint = null)
{
    [JsonIgnore]
    public bool IsSigned => SignerThumbprint is not null;

    /// <summary>What is wrong with the signing members; empty when they are absent together or well formed together.</summary>
    public IReadOnlyList<string> SignatureProblems()
    {
        if (UnsignedSha256 is null && SignerThumbprint is null)
        {
            return [];
        }

        var problems = new List<string>();
        if (!SigningValues.IsSha256(UnsignedSha256))
        {
            problems.Add($"{Path}: unsignedSha256 '{UnsignedSha256}' is not 64 lower-case hex digits");
        }

        if (!SigningValues.IsThumbprint(SignerThumbprint))
        {
            problems.Add($"{Path}: signerThumbprint '{SignerThumbprint}' is not 40 upper-case hex digits");
        }

        return problems;
    }
}

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
