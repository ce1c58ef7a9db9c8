using AovpnRemediations.Contracts;
using AovpnRemediations.Graph.Beta;

namespace AovpnRemediations.Publish.Tenant;

/// <summary>A script as found in the tenant; <see cref="Detail"/> (with content) and <see cref="Assignments"/> only for fetched ones.</summary>
public sealed record TenantScript(DeviceHealthScript Summary, DeviceHealthScript? Detail, IReadOnlyList<DeviceHealthScriptAssignment>? Assignments)
{
    public string Id => Summary.Id ?? "";

    public string DisplayName => Summary.DisplayName ?? "";

    public bool IsGlobal => Summary.IsGlobalScript == true;

    /// <summary>The package id in the ownership marker, or null when the script is not ours.</summary>
    public string? ManagedPackageId => OwnershipMarker.PackageIdIn(Summary.Description);
}

public sealed record TenantSnapshot(IReadOnlyList<TenantScript> Scripts)
{
    /// <summary>Scripts carrying our marker (never Microsoft's global scripts, whatever their description says).</summary>
    public IEnumerable<TenantScript> Managed => Scripts.Where(s => !s.IsGlobal && s.ManagedPackageId is not null);
}
