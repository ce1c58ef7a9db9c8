using System.Security.Cryptography;
using System.Text.Json;
using AovpnRemediations.Contracts;

namespace AovpnRemediations.Emit;

/// <summary>An output folder read back into memory: its files and its manifest, which match each other exactly.</summary>
public sealed record ReadOutput(OutputTree Tree, BuildManifestJson Manifest);

/// <summary>
/// Reads an output folder that <see cref="OutputWriter"/> wrote, for steps that rewrite it as a whole (signing).
/// Stricter than publish's reader: every file must be listed in manifest.json with its sha256, and no other file may
/// be there, because the folder is then replaced and an unlisted file would be lost.
/// </summary>
public static class OutputReader
{
    public static ReadOutput Read(string outputDirectory)
    {
        var root = Path.GetFullPath(outputDirectory);
        var manifestPath = Path.Combine(root, BuildManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            throw new OutputException($"{outputDirectory}: has no {BuildManifest.FileName}, so it is not an output folder build wrote.", "run `aovpn-remediations build` first, or pass --output with the folder it wrote.");
        }

        BuildManifestJson manifest;
        try
        {
            manifest = BuildManifestJson.Parse(File.ReadAllBytes(manifestPath));
        }
        catch (JsonException e)
        {
            throw new OutputException($"{manifestPath}: is not valid JSON ({e.Message}).", "build again.");
        }

        if (manifest.Problems() is [var first, ..])
        {
            throw new OutputException($"{manifestPath} {first}.", "build again with this version of the tool.");
        }

        var problems = new List<string>();
        var tree = new OutputTree();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in manifest.Files)
        {
            listed.Add(file.Path);
            var full = Path.Combine(root, file.Path.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(full))
            {
                problems.Add($"{file.Path}: listed in {BuildManifest.FileName} but missing");
                continue;
            }

            var bytes = File.ReadAllBytes(full);
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{file.Path}: sha256 {actual} but {BuildManifest.FileName} says {file.Sha256}");
                continue;
            }

            tree.Add(file.Path, bytes);
        }

        foreach (var full in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/');
            if (relative != BuildManifest.FileName && !listed.Contains(relative))
            {
                problems.Add($"{relative}: not listed in {BuildManifest.FileName}");
            }
        }

        if (problems.Count > 0)
        {
            throw new OutputException(
                $"{outputDirectory} does not match its {BuildManifest.FileName} (was a file edited or added after the build?); nothing was changed:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", problems)}{Environment.NewLine}",
                "build again (or remove the files that are not the build's), then sign what it writes.");
        }

        return new ReadOutput(tree, manifest);
    }
}
