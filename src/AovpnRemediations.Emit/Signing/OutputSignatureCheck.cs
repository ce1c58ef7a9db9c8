using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AovpnRemediations.Contracts;
using AovpnRemediations.Rendering;
using AovpnRemediations.Signing.Verification;

namespace AovpnRemediations.Emit.Signing;

/// <summary>The verdict on one script of an output folder.</summary>
/// <param name="Problems">Why it is not valid, each a sentence naming the file; empty when it is.</param>
public sealed record ScriptVerdict(string Path, SignatureVerificationResult Signature, IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// <c>verify-signatures</c>: every <c>.ps1</c> of an output folder verified as a device would with the given trust
/// anchors (digest of the text before the block, the signature, the chain at the timestamp's time or now, the code
/// signing EKU, the timestamp); and, where the folder has a manifest, that the file is the one signing wrote (its sha256
/// and signer) and that the ConfigMgr importer embeds the signed ConfigMgr scripts as they are in the folder.
/// </summary>
public static class OutputSignatureCheck
{
    public static IReadOnlyList<ScriptVerdict> Verify(string outputDirectory, SignatureVerificationOptions options)
    {
        var root = Path.GetFullPath(outputDirectory);
        if (!Directory.Exists(root))
        {
            throw new OutputException($"{outputDirectory}: no such folder.", "pass --output with the folder build or sign wrote.");
        }

        var manifest = ReadManifest(root);
        var scripts = Directory.EnumerateFiles(root, "*.ps1", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var contents = scripts.ToDictionary(p => p, p => File.ReadAllBytes(Path.Combine(root, p.Replace('/', Path.DirectorySeparatorChar))), StringComparer.Ordinal);
        var verdicts = new List<ScriptVerdict>();
        foreach (var path in scripts)
        {
            var bytes = contents[path];
            var result = ScriptSignatureVerifier.Verify(bytes, path, options);
            var problems = result.Problems.Select(p => p.Message).ToList();
            if (manifest?.GetValueOrDefault(path) is { } listed)
            {
                var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (!string.Equals(sha, listed.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{path}: its sha256 {sha} is not the {listed.Sha256} {BuildManifest.FileName} records; it is not the file signing wrote.");
                }
                else if (result.SignerThumbprint is { } signer && listed.SignerThumbprint is { } recorded && !string.Equals(signer, recorded, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{path}: signed by {signer}, but {BuildManifest.FileName} records {recorded}.");
                }
            }
            else if (manifest is not null)
            {
                problems.Add($"{path}: not listed in {BuildManifest.FileName}; it is not a file the build wrote.");
            }

            if (path == BuildPipeline.ConfigMgrImportPath)
            {
                var text = Encoding.ASCII.GetString(bytes);
                foreach (var embedded in scripts.Where(p => p.StartsWith("configmgr/", StringComparison.Ordinal) && p != BuildPipeline.ConfigMgrImportPath))
                {
                    if (!ConfigMgrImportEmbedding.Embeds(text, contents[embedded]))
                    {
                        problems.Add($"{path}: does not embed {embedded} as it is in the folder, so ConfigMgr would get other (or unsigned) scripts; sign the folder again.");
                    }
                }
            }

            verdicts.Add(new ScriptVerdict(path, result, problems.Distinct(StringComparer.Ordinal).ToList()));
        }

        return verdicts;
    }

    private static Dictionary<string, BuildManifestFile>? ReadManifest(string root)
    {
        var path = Path.Combine(root, BuildManifest.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return BuildManifestJson.Parse(File.ReadAllBytes(path)).Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new OutputException($"{path}: is not valid JSON ({e.Message}).", "build and sign again.");
        }
    }
}
