using System.Security.Cryptography;
using AovpnRemediations.Contracts;

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
        if (!OutputPath.IsSafeRelative(path))
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

/// <summary><c>manifest.json</c>: tool version, profile hash, packages, and the sha256 of every other file (<see cref="BuildManifestJson"/>).</summary>
public static class BuildManifest
{
    public const string FileName = BuildManifestJson.FileName;

    public static byte[] Create(OutputTree tree, string toolVersion, string profileSha256, IEnumerable<(string Id, string Version, IEnumerable<string> Targets)> packages) =>
        AsciiJson.Serialize(new BuildManifestJson
        {
            ToolVersion = toolVersion,
            ProfileSha256 = profileSha256,
            Packages = [.. packages.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => new BuildManifestPackage(p.Id, p.Version, [.. p.Targets]))],
            Files = [.. tree.Files.Select(f => new BuildManifestFile(f.Path, f.Sha256))],
        }.ToJsonNode());
}
