using System.Security.Cryptography;
using System.Text.Json;
using AovpnRemediations.Contracts;

namespace AovpnRemediations.Publish.Output;

/// <summary>
/// Reads what <c>build</c> wrote and refuses anything that does not match its <c>manifest.json</c>: a missing file,
/// a file whose sha256 differs, or a file under <c>intune/</c> the manifest does not list. Publish never uploads
/// bytes that were edited after the build.
/// </summary>
public static class OutputFolder
{
    public static IReadOnlyList<PackageDefinition> Read(string path)
    {
        var root = Path.GetFullPath(path);
        var manifestPath = Path.Combine(root, BuildManifestJson.FileName);
        if (!File.Exists(manifestPath))
        {
            throw new OutputMismatchException(
                $"'{path}' is not an output folder: it has no manifest.json. Run `aovpn-remediations build` first, or pass --output with the folder build wrote.");
        }

        BuildManifestJson manifest;
        try
        {
            manifest = BuildManifestJson.Parse(File.ReadAllBytes(manifestPath));
        }
        catch (JsonException ex)
        {
            throw new OutputMismatchException($"{manifestPath} is not valid JSON ({ex.Message}). Rebuild with `aovpn-remediations build`.");
        }

        if (manifest.Problems() is [var problem, ..])
        {
            throw new OutputMismatchException($"{manifestPath} {problem}.");
        }

        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in manifest.Files ?? [])
        {
            listed[file.Path] = (file.Sha256 ?? "").ToLowerInvariant();
        }

        var problems = new List<string>();
        foreach (var (relative, expected) in listed)
        {
            var full = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(full))
            {
                problems.Add($"{relative}: listed in manifest.json but missing");
                continue;
            }

            var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(full)));
            if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                problems.Add($"{relative}: sha256 {actual} but manifest.json says {expected}");
            }
        }

        var intune = Path.Combine(root, "intune");
        if (Directory.Exists(intune))
        {
            foreach (var full in Directory.EnumerateFiles(intune, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/');
                if (!listed.ContainsKey(relative))
                {
                    problems.Add($"{relative}: not listed in manifest.json");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new OutputMismatchException(
                $"Refusing to publish: {path} does not match its manifest.json (was a file edited after the build?):{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", problems)
                + $"{Environment.NewLine}Run `aovpn-remediations build` again and publish what it writes.");
        }

        var packages = new List<PackageDefinition>();
        foreach (var package in (manifest.Packages ?? []).Where(p => p.Targets?.Contains(DeploymentTargets.Intune) == true).OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            packages.Add(ReadPackage(root, package.Id ?? "", listed));
        }

        return packages;
    }

    private static PackageDefinition ReadPackage(string root, string id, Dictionary<string, string> listed)
    {
        var where = $"intune/{id}/{PackageJson.FileName}";
        if (!PackageId.IsValid(id) || !listed.ContainsKey(where))
        {
            throw new OutputMismatchException($"manifest.json names Intune package '{id}' but {where} is not among its files.");
        }

        PackageJson json;
        try
        {
            json = PackageJson.Parse(File.ReadAllBytes(Path.Combine(root, "intune", id, PackageJson.FileName)));
        }
        catch (JsonException ex)
        {
            throw new OutputMismatchException($"{where} is not valid JSON ({ex.Message}).");
        }

        string Fail(string what) => throw new OutputMismatchException($"{where}: {what}. Rebuild with `aovpn-remediations build`.");

        if (json.Problems(id) is { Count: > 0 } problems)
        {
            Fail(string.Join("; ", problems));
        }

        byte[] ReadScript(string name)
        {
            var relative = $"intune/{id}/{name}";
            if (!listed.ContainsKey(relative))
            {
                Fail($"{name} is not listed in manifest.json");
            }

            var bytes = File.ReadAllBytes(Path.Combine(root, "intune", id, name));
            if (bytes.Length == 0)
            {
                Fail($"{name} is empty (Intune refuses empty detection scripts)");
            }

            return bytes;
        }

        var detection = ReadScript(PackageJson.DetectionFileName);
        var remediation = json.RemediationScript is null ? null : ReadScript(PackageJson.RemediationFileName);
        return new PackageDefinition(
            id,
            json.Version ?? "",
            json.DisplayName,
            json.Description,
            json.Marker,
            json.Publisher ?? "",
            json.RunAsAccount,
            json.RunAs32Bit,
            json.EnforceSignatureCheck,
            detection,
            remediation,
            json.RoleScopeTags ?? [],
            [.. (json.Assignments ?? []).Select(ToAssignment)]);
    }

    /// <summary>An assignment the contract already validated, with its schedule's time and date parsed.</summary>
    private static PackageAssignment ToAssignment(PackageJsonAssignment a) => new(
        a.Target,
        a.GroupName,
        a.FilterName,
        a.FilterMode ?? PackageJsonAssignment.FilterModes.None,
        a.RunRemediationScript,
        a.Target == PackageJsonAssignment.Targets.ExclusionGroup || a.Schedule is not { } s
            ? null
            : new PackageSchedule(s.Type, s.Interval, s.Type == PackageJsonSchedule.Types.Hourly ? null : s.TimeOfDay(), s.Type == PackageJsonSchedule.Types.Once ? s.Day() : null, s.UseUtc));
}
