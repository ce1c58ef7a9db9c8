using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace AovpnRemediations.Publish.Output;

/// <summary>
/// Reads what <c>build</c> wrote and refuses anything that does not match its <c>manifest.json</c>: a missing file,
/// a file whose sha256 differs, or a file under <c>intune/</c> the manifest does not list. Publish never uploads
/// bytes that were edited after the build.
/// </summary>
public static partial class OutputFolder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Disallow,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static IReadOnlyList<PackageDefinition> Read(string path)
    {
        var root = Path.GetFullPath(path);
        var manifestPath = Path.Combine(root, "manifest.json");
        if (!File.Exists(manifestPath))
        {
            throw new OutputMismatchException(
                $"'{path}' is not an output folder: it has no manifest.json. Run `aovpn-remediations build` first, or pass --output with the folder build wrote.");
        }

        ManifestDto manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ManifestDto>(File.ReadAllBytes(manifestPath), Json)
                ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new OutputMismatchException($"{manifestPath} is not valid JSON ({ex.Message}). Rebuild with `aovpn-remediations build`.");
        }

        if (manifest.Schema != 1 || manifest.Tool != "aovpn-remediations")
        {
            throw new OutputMismatchException(
                $"{manifestPath} is not an aovpn-remediations manifest of schema 1 (tool '{manifest.Tool}', schema {manifest.Schema}). Rebuild with this version of the tool.");
        }

        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in manifest.Files ?? [])
        {
            if (string.IsNullOrEmpty(file.Path) || file.Path.Contains('\\', StringComparison.Ordinal) || file.Path.StartsWith('/')
                || file.Path.Split('/').Any(p => p is "" or "." or ".."))
            {
                throw new OutputMismatchException($"{manifestPath} lists an unsafe path '{file.Path}'.");
            }

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
        foreach (var package in (manifest.Packages ?? []).Where(p => p.Targets?.Contains("intune") == true).OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            packages.Add(ReadPackage(root, package.Id ?? "", listed));
        }

        return packages;
    }

    private static PackageDefinition ReadPackage(string root, string id, Dictionary<string, string> listed)
    {
        var where = $"intune/{id}/package.json";
        if (!PackageId().IsMatch(id) || !listed.ContainsKey(where))
        {
            throw new OutputMismatchException($"manifest.json names Intune package '{id}' but {where} is not among its files.");
        }

        PackageDto dto;
        try
        {
            dto = JsonSerializer.Deserialize<PackageDto>(File.ReadAllBytes(Path.Combine(root, "intune", id, "package.json")), Json)
                ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new OutputMismatchException($"{where} is not valid JSON ({ex.Message}).");
        }

        string Fail(string what) => throw new OutputMismatchException($"{where}: {what}. Rebuild with `aovpn-remediations build`.");

        if (dto.Schema != 1)
        {
            Fail($"schema {dto.Schema} is not supported (expected 1)");
        }

        if (dto.Id != id)
        {
            Fail($"id '{dto.Id}' differs from its folder '{id}'");
        }

        if (string.IsNullOrWhiteSpace(dto.DisplayName))
        {
            Fail("displayName is empty");
        }

        var marker = $"[managed-by:aovpn-remediations package:{id}]";
        if (dto.Marker != marker || dto.Description?.Contains(marker, StringComparison.Ordinal) != true)
        {
            Fail($"the ownership marker must be \"{marker}\" and appear in description");
        }

        if (dto.RunAsAccount is not ("system" or "user"))
        {
            Fail($"runAsAccount '{dto.RunAsAccount}' must be system or user");
        }

        if (dto.DetectionScript != "detect.ps1" || (dto.RemediationScript is not null && dto.RemediationScript != "remediate.ps1"))
        {
            Fail("detectionScript must be detect.ps1 and remediationScript remediate.ps1 or null");
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

        var detection = ReadScript("detect.ps1");
        var remediation = dto.RemediationScript is null ? null : ReadScript("remediate.ps1");
        var assignments = (dto.Assignments ?? []).Select((a, i) => ToAssignment(a, $"{where}: assignments[{i}]")).ToList();
        return new PackageDefinition(
            id,
            dto.Version ?? "",
            dto.DisplayName!,
            dto.Description!,
            marker,
            dto.Publisher ?? "",
            dto.RunAsAccount!,
            dto.RunAs32Bit,
            dto.EnforceSignatureCheck,
            detection,
            remediation,
            dto.RoleScopeTags ?? [],
            assignments);
    }

    private static PackageAssignment ToAssignment(AssignmentDto a, string where)
    {
        string Fail(string what) => throw new OutputMismatchException($"{where}: {what}. Rebuild with `aovpn-remediations build`.");

        switch (a.Target)
        {
            case "group" or "exclusionGroup":
                if (string.IsNullOrWhiteSpace(a.GroupName))
                {
                    Fail($"target {a.Target} needs groupName");
                }

                break;
            case "allDevices" or "allLicensedUsers":
                if (a.GroupName is not null)
                {
                    Fail($"target {a.Target} takes no groupName");
                }

                break;
            default:
                Fail($"target '{a.Target}' must be group, exclusionGroup, allDevices or allLicensedUsers");
                break;
        }

        var mode = a.FilterMode ?? "none";
        if (mode is not ("none" or "include" or "exclude") || (mode == "none") != (a.FilterName is null))
        {
            Fail($"filterMode '{mode}' and filterName '{a.FilterName}' do not fit (none without a name, include/exclude with one)");
        }

        PackageSchedule? schedule = null;
        if (a.Target == "exclusionGroup")
        {
            if (a.Schedule is not null || a.RunRemediationScript)
            {
                Fail("an exclusionGroup has no schedule and runRemediationScript false");
            }
        }
        else
        {
            var s = a.Schedule ?? throw new OutputMismatchException($"{where}: schedule is missing.");
            TimeSpan? time = null;
            DateOnly? date = null;
            if (s.Interval < 1 || (s.Type == "hourly" && s.Interval > 23))
            {
                Fail($"schedule interval {s.Interval} is out of range");
            }

            switch (s.Type)
            {
                case "hourly":
                    if (s.Time is not null || s.Date is not null)
                    {
                        Fail("an hourly schedule has no time or date");
                    }

                    break;
                case "daily" or "once":
                    if (!TimeSpan.TryParseExact(s.Time, [@"hh\:mm\:ss", @"hh\:mm"], CultureInfo.InvariantCulture, out var t) || t >= TimeSpan.FromDays(1))
                    {
                        Fail($"schedule time '{s.Time}' is not HH:mm:ss");
                    }

                    time = t;
                    if (s.Type == "once")
                    {
                        if (!DateOnly.TryParseExact(s.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                        {
                            Fail($"schedule date '{s.Date}' is not yyyy-MM-dd");
                        }

                        date = d;
                    }
                    else if (s.Date is not null)
                    {
                        Fail("a daily schedule has no date");
                    }

                    break;
                default:
                    Fail($"schedule type '{s.Type}' must be once, hourly or daily");
                    break;
            }

            schedule = new PackageSchedule(s.Type!, s.Interval, time, date, s.UseUtc);
        }

        return new PackageAssignment(a.Target!, a.GroupName, a.FilterName, mode, a.RunRemediationScript, schedule);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex PackageId();

    private sealed record ManifestDto(int Schema, string? Tool, string? ToolVersion, List<ManifestPackageDto>? Packages, List<ManifestFileDto>? Files);

    private sealed record ManifestPackageDto(string? Id, string? Version, List<string>? Targets);

    private sealed record ManifestFileDto(string? Path, string? Sha256);

    private sealed record PackageDto(
        int Schema,
        string? Id,
        string? Version,
        string? DisplayName,
        string? Description,
        string? Marker,
        string? Publisher,
        string? RunAsAccount,
        bool RunAs32Bit,
        bool EnforceSignatureCheck,
        string? DetectionScript,
        string? RemediationScript,
        List<string>? RoleScopeTags,
        List<AssignmentDto>? Assignments);

    private sealed record AssignmentDto(
        string? Target,
        string? GroupName,
        string? FilterName,
        string? FilterMode,
        bool RunRemediationScript,
        ScheduleDto? Schedule);

    private sealed record ScheduleDto(string? Type, int Interval, string? Time, string? Date, bool UseUtc);
}
