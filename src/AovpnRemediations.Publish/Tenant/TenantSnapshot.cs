using System.Text.RegularExpressions;
using AovpnRemediations.Graph.Beta;

namespace AovpnRemediations.Publish.Tenant;

/// <summary>A script as found in the tenant; <see cref="Detail"/> (with content) and <see cref="Assignments"/> only for fetched ones.</summary>
public sealed record TenantScript(DeviceHealthScript Summary, DeviceHealthScript? Detail, IReadOnlyList<DeviceHealthScriptAssignment>? Assignments)
{
    public string Id => Summary.Id ?? "";

    public string DisplayName => Summary.DisplayName ?? "";

    public bool IsGlobal => Summary.IsGlobalScript == true;

    /// <summary>The package id in the ownership marker, or null when the script is not ours.</summary>
    public string? ManagedPackageId => Markers.PackageIdOf(Summary.Description);
}

public sealed record TenantSnapshot(IReadOnlyList<TenantScript> Scripts)
{
    /// <summary>Scripts carrying our marker (never Microsoft's global scripts, whatever their description says).</summary>
    public IEnumerable<TenantScript> Managed => Scripts.Where(s => !s.IsGlobal && s.ManagedPackageId is not null);
}

public static partial class Markers
{
    public static string For(string packageId) => $"[managed-by:aovpn-remediations package:{packageId}]";

    public static string? PackageIdOf(string? description) =>
        description is not null && Marker().Match(description) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"\[managed-by:aovpn-remediations package:([a-z0-9][a-z0-9-]*)\]")]
    private static partial Regex Marker();
}
