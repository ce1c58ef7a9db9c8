using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace AovpnRemediations.Emit;

/// <summary>One file of output/, by its path relative to the output folder (always with '/').</summary>
public sealed record OutputFile(string Path, byte[] Content)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
}

/// <summary>The complete content of an output folder, built in memory before anything touches the disk.</summary>
public sealed class OutputTree
{
    private readonly SortedDictionary<string, OutputFile> files = new(StringComparer.Ordinal);

    public IEnumerable<OutputFile> Files => files.Values;

    public void Add(string path, byte[] content)
    {
        if (path.Contains('\\', StringComparison.Ordinal) || path.StartsWith('/') || path.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"'{path}' is not a relative output path.", nameof(path));
        }

        if (!files.TryAdd(path, new OutputFile(path, content)))
        {
            throw new InvalidOperationException($"Two generated files share the path '{path}'.");
        }
    }

    public OutputFile? Find(string path) => files.GetValueOrDefault(path);
}

/// <summary><c>manifest.json</c>: tool version, profile hash, packages, and the sha256 of every other file.</summary>
public static class BuildManifest
{
    public const string FileName = "manifest.json";

    public static byte[] Create(OutputTree tree, string toolVersion, string profileSha256, IEnumerable<(string Id, string Version, IEnumerable<string> Targets)> packages) =>
        AsciiJson.Serialize(new JsonObject
        {
            ["schema"] = 1,
            ["tool"] = "aovpn-remediations",
            ["toolVersion"] = toolVersion,
            ["profileSha256"] = profileSha256,
            ["packages"] = new JsonArray([.. packages.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id,
                ["version"] = p.Version,
                ["targets"] = new JsonArray([.. p.Targets.Select(t => (JsonNode)JsonValue.Create(t))]),
            })]),
            ["files"] = new JsonArray([.. tree.Files.Select(f => (JsonNode)new JsonObject
            {
                ["path"] = f.Path,
                ["sha256"] = f.Sha256,
            })]),
        });
}
