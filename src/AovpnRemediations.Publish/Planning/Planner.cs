using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Beta;
using AovpnRemediations.Publish.Output;
using AovpnRemediations.Publish.Tenant;

namespace AovpnRemediations.Publish.Planning;

public sealed record PlanOptions(bool Prune, bool Adopt);

/// <summary>
/// Compares output/ with the tenant. Pure: no I/O. Only scripts carrying our marker are ever updated or deleted;
/// a same-named script without it is a conflict unless adopting; Microsoft's global scripts are never looked at.
/// </summary>
public static class Planner
{
    public static Plan Create(IReadOnlyList<PackageDefinition> packages, TenantSnapshot tenant, Resolution resolution, PlanOptions options)
    {
        var conflicts = new List<string>();
        var plans = new List<PackagePlan>();
        var deletions = new List<Deletion>();
        var managed = tenant.Managed.ToList();

        foreach (var package in packages)
        {
            var desired = Assignments.Desired(package, resolution);
            var body = Body(package, resolution);
            var owned = managed.Where(s => s.ManagedPackageId == package.Id)
                .OrderBy(s => s.Summary.CreatedDateTime ?? DateTimeOffset.MaxValue)
                .ThenBy(s => s.Id, StringComparer.Ordinal)
                .ToList();

            // The oldest copy is kept; extra copies (a past run that lost a create's answer) go.
            deletions.AddRange(owned.Skip(1).Select(s => new Deletion(s.Id, s.DisplayName, package.Id, "duplicate")));
            var existing = owned.FirstOrDefault();
            var adopt = false;
            if (existing is null)
            {
                var sameName = tenant.Scripts
                    .Where(s => !s.IsGlobal && s.ManagedPackageId is null
                        && string.Equals(s.DisplayName.Trim(), package.DisplayName.Trim(), StringComparison.OrdinalIgnoreCase))
                    .ToList();
                if (sameName.Count > 0 && !options.Adopt)
                {
                    conflicts.Add($"\"{package.DisplayName}\" ({package.Id}): the tenant has {sameName.Count} script(s) with this name that this tool does not manage "
                        + $"(id {string.Join(", ", sameName.Select(s => s.Id))}). Rename one of them, or run with --adopt to take it over.");
                    continue;
                }

                if (sameName.Count > 1)
                {
                    conflicts.Add($"\"{package.DisplayName}\" ({package.Id}): --adopt found {sameName.Count} unmanaged scripts with this name "
                        + $"(id {string.Join(", ", sameName.Select(s => s.Id))}); delete or rename all but one first.");
                    continue;
                }

                existing = sameName.SingleOrDefault();
                adopt = existing is not null;
            }

            var graphAssignments = desired.Select(d => d.Graph).ToList();
            if (existing is null)
            {
                var added = desired.Select(d => Assignments.Describe(d.Key, resolution)).ToList();
                plans.Add(new PackagePlan(package, PackageAction.Create, null, false, [], [], new AssignmentChanges(added, [], desired.Count), body, graphAssignments));
                continue;
            }

            if (existing.Detail is null || existing.Assignments is null)
            {
                throw new InvalidOperationException($"script {existing.Id} was not fetched");
            }

            var properties = CompareProperties(existing.Detail, body);
            var scripts = CompareScripts(package, existing.Detail);
            var assignments = CompareAssignments(desired, existing.Assignments, resolution);
            plans.Add(new PackagePlan(package, PackageAction.Update, existing.Id, adopt, properties, scripts, assignments, body, graphAssignments));
        }

        if (conflicts.Count > 0)
        {
            throw new TenantStateException(
                "Ownership conflict, nothing was written:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", conflicts));
        }

        var orphans = new List<Orphan>();
        var packageIds = packages.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var script in managed.Where(s => !packageIds.Contains(s.ManagedPackageId!)).OrderBy(s => s.DisplayName, StringComparer.Ordinal))
        {
            if (options.Prune)
            {
                deletions.Add(new Deletion(script.Id, script.DisplayName, script.ManagedPackageId!, "prune"));
            }
            else
            {
                orphans.Add(new Orphan(script.Id, script.DisplayName, script.ManagedPackageId!));
            }
        }

        return new Plan(plans, deletions, orphans, tenant.Scripts.Count);
    }

    /// <summary>Everything publish sets on a script. Version is set when creating only (the portal treats it as read-only).</summary>
    public static DeviceHealthScript Body(PackageDefinition package, Resolution resolution) => new()
    {
        ODataType = "#microsoft.graph.deviceHealthScript",
        DisplayName = package.DisplayName,
        Description = package.Description,
        Publisher = package.Publisher,
        Version = package.Version,
        RunAsAccount = package.RunAsAccount,
        RunAs32Bit = package.RunAs32Bit,
        EnforceSignatureCheck = package.EnforceSignatureCheck,
        IsGlobalScript = false,
        RoleScopeTagIds = package.RoleScopeTags.Select(t => resolution.ScopeTags[t]).Distinct(StringComparer.Ordinal).ToList(),
        DetectionScriptContent = Convert.ToBase64String(package.Detection),
        // Empty rather than null when the package has no remediation: a null would be left out of the PATCH and an old remediation kept.
        RemediationScriptContent = package.Remediation is null ? "" : Convert.ToBase64String(package.Remediation),
    };

    private static List<PropertyChange> CompareProperties(DeviceHealthScript tenant, DeviceHealthScript desired)
    {
        var changes = new List<PropertyChange>();

        void Text(string name, string? from, string? to, StringComparison comparison = StringComparison.Ordinal)
        {
            if (!string.Equals(from ?? "", to ?? "", comparison))
            {
                changes.Add(new PropertyChange(name, from, to));
            }
        }

        Text("displayName", tenant.DisplayName, desired.DisplayName);
        Text("description", tenant.Description, desired.Description);
        Text("publisher", tenant.Publisher, desired.Publisher);
        Text("runAsAccount", tenant.RunAsAccount, desired.RunAsAccount, StringComparison.OrdinalIgnoreCase);
        Text("runAs32Bit", Bool(tenant.RunAs32Bit), Bool(desired.RunAs32Bit));
        Text("enforceSignatureCheck", Bool(tenant.EnforceSignatureCheck), Bool(desired.EnforceSignatureCheck));
        var tenantTags = string.Join(",", (tenant.RoleScopeTagIds ?? []).Order(StringComparer.Ordinal));
        var desiredTags = string.Join(",", (desired.RoleScopeTagIds ?? []).Order(StringComparer.Ordinal));
        Text("roleScopeTagIds", tenantTags, desiredTags);
        return changes;
    }

    private static string? Bool(bool? value) => value?.ToString().ToLowerInvariant();

    /// <summary>
    /// Unsigned scripts on both sides compare by bytes, as always. Once either side is signed, scripts compare by the
    /// text before the signature block and by signer, because every signing gives new bytes: re-signing the same text
    /// with the same signer is no change; new text or a new signer is, shown as the diff of the unsigned text and a
    /// signer line.
    /// </summary>
    private static List<ScriptChange> CompareScripts(PackageDefinition package, DeviceHealthScript tenant)
    {
        var changes = new List<ScriptChange>();

        void Compare(string file, string? tenantBase64, byte[]? desired, string? desiredUnsignedSha256)
        {
            var current = string.IsNullOrEmpty(tenantBase64) ? [] : Convert.FromBase64String(tenantBase64);
            var wanted = desired ?? [];
            var names = ($"tenant/{package.Id}/{file}", $"output/intune/{package.Id}/{file}");
            var local = ScriptIdentity.OfLocal(wanted, desired is null ? null : package.Signature?.SignerThumbprint, desiredUnsignedSha256);
            var remote = ScriptIdentity.OfTenant(current);
            if (local.Signer is null && remote.Signer is null)
            {
                if (current.AsSpan().SequenceEqual(wanted))
                {
                    return;
                }

                var diff = UnifiedDiff.Create(UnifiedDiff.Decode(current), UnifiedDiff.Decode(wanted), names.Item1, names.Item2);
                changes.Add(new ScriptChange(file, diff, diff.Length == 0 ? UnifiedDiff.Describe(current, wanted) : null));
                return;
            }

            var sameText = remote.UnsignedSha256 == local.UnsignedSha256;
            var sameSigner = string.Equals(remote.Signer, local.Signer, StringComparison.OrdinalIgnoreCase);
            if (sameText && sameSigner)
            {
                return;
            }

            var textDiff = sameText ? "" : UnifiedDiff.Create(UnifiedDiff.Decode(remote.Unsigned), UnifiedDiff.Decode(local.Unsigned), names.Item1, names.Item2);
            var note = !sameText && textDiff.Length == 0 ? UnifiedDiff.Describe(remote.Unsigned, local.Unsigned) : null;
            changes.Add(new ScriptChange(file, textDiff, note, sameSigner ? null : new SignerChange(remote.Signer, local.Signer)));
        }

        Compare("detect.ps1", tenant.DetectionScriptContent, package.Detection, package.Signature?.DetectionUnsignedSha256);
        Compare("remediate.ps1", tenant.RemediationScriptContent, package.Remediation, package.Signature?.RemediationUnsignedSha256);
        return changes;
    }

    private static AssignmentChanges CompareAssignments(IReadOnlyList<DesiredAssignment> desired, IReadOnlyList<DeviceHealthScriptAssignment> tenant, Resolution resolution)
    {
        var want = desired.Select(d => Assignments.Normalize(d.Key)).ToList();
        var have = tenant.Select(t => Assignments.Normalize(Assignments.FromTenant(t))).ToList();

        // Multiset difference: a target present twice in the tenant is a change too.
        var added = new List<AssignmentKey>(want);
        var removed = new List<AssignmentKey>();
        foreach (var key in have)
        {
            if (!added.Remove(key))
            {
                removed.Add(key);
            }
        }

        return new AssignmentChanges(
            added.Select(k => Assignments.Describe(k, resolution)).ToList(),
            removed.Select(k => Assignments.Describe(k, resolution)).ToList(),
            desired.Count);
    }
}
