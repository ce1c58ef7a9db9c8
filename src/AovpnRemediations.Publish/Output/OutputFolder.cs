using System.Security.Cryptography;
using System.Text.Json;
using AovpnRemediations.Contracts;
using AovpnRemediations.Signing;

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
        var signature = ReadSignature(json.Signature, id, detection, remediation, Fail);
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
            [.. (json.Assignments ?? []).Select(ToAssignment)])
        {
            Signature = signature,
        };
    }

    /// <summary>
    /// package.json's signature, checked against the scripts' own signature blocks (signer and unsigned text), so the
    /// plan can compare by it. A package.json without one (every folder from before signing) must have unsigned scripts.
    /// </summary>
    private static PackageSignature? ReadSignature(PackageJsonSignature? recorded, string id, byte[] detection, byte[]? remediation, Func<string, string> fail)
    {
        ScriptSignatureInfo? Inspect(string name, byte[] bytes)
        {
            try
            {
                return ScriptSignature.Inspect(bytes, $"intune/{id}/{name}");
            }
            catch (ScriptSigningException) when (recorded is null)
            {
                // Not ASCII CRLF, so not ours to sign; an unsigned package is compared by its bytes as it always was.
                return null;
            }
            catch (ScriptSigningException e)
            {
                fail($"{name} cannot be read as a signed script ({e.Message})");
                return null;
            }
        }

        var scripts = new List<(string Name, ScriptSignatureInfo? Info, string? Expected)>
        {
            (PackageJson.DetectionFileName, Inspect(PackageJson.DetectionFileName, detection), recorded?.DetectionUnsignedSha256),
        };
        if (remediation is not null)
        {
            scripts.Add((PackageJson.RemediationFileName, Inspect(PackageJson.RemediationFileName, remediation), recorded?.RemediationUnsignedSha256));
        }

        foreach (var (name, info, expected) in scripts)
        {
            if (recorded is null)
            {
                if (info?.IsSigned == true)
                {
                    fail($"{name} is signed but package.json records no signature; sign the folder with `aovpn-remediations sign` (it writes both)");
                }

                continue;
            }

            if (info is not { IsSigned: true } || !string.Equals(info.SignerThumbprint, recorded.SignerThumbprint, StringComparison.OrdinalIgnoreCase))
            {
                fail($"package.json says {name} is signed by {recorded.SignerThumbprint}, but the script is {(info is { IsSigned: true } ? "signed by " + info.SignerThumbprint : "not signed")}");
            }

            if (!string.Equals(info!.UnsignedSha256, expected, StringComparison.OrdinalIgnoreCase))
            {
                fail($"package.json says the unsigned text of {name} has sha256 {expected}, but it has {info.UnsignedSha256}");
            }
        }

        return recorded is null ? null : new PackageSignature(recorded.SignerThumbprint.ToUpperInvariant(), recorded.DetectionUnsignedSha256, recorded.RemediationUnsignedSha256);
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
