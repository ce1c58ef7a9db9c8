using AovpnRemediations.Contracts;
using AovpnRemediations.Graph.Beta;

namespace AovpnRemediations.Graph.Tenant;

/// <summary>A script in the tenant that carries this tool's ownership marker.</summary>
public sealed record ManagedScript(string Id, string PackageId, string DisplayName);

/// <summary>
/// The tenant's <c>deviceHealthScripts</c> as publish and report both see them: the collection, and the scripts this
/// tool manages, found by their ownership marker (never a Microsoft global script, whatever its description says).
/// </summary>
public static class ManagedScripts
{
    public const string Collection = "beta/deviceManagement/deviceHealthScripts";

    /// <summary>Every script, summaries only (the list omits script content, intune-graph.md §5).</summary>
    public static Task<List<DeviceHealthScript>> ListAllAsync(GraphConnection graph, CancellationToken cancellationToken) =>
        graph.Http.ListAsync<DeviceHealthScript>(Collection, cancellationToken);

    /// <summary>The package a listed script belongs to, or null when it is not ours.</summary>
    public static string? PackageIdOf(DeviceHealthScript script) =>
        script.IsGlobalScript == true || string.IsNullOrEmpty(script.Id) ? null : OwnershipMarker.PackageIdIn(script.Description);

    /// <summary>The managed scripts, by package id then script id.</summary>
    public static async Task<IReadOnlyList<ManagedScript>> ListAsync(GraphConnection graph, CancellationToken cancellationToken)
    {
        var listed = await ListAllAsync(graph, cancellationToken).ConfigureAwait(false);
        return [.. listed
            .Select(s => (Script: s, Package: PackageIdOf(s)))
            .Where(s => s.Package is not null)
            .Select(s => new ManagedScript(s.Script.Id!, s.Package!, s.Script.DisplayName ?? s.Package!))
            .OrderBy(s => s.PackageId, StringComparer.Ordinal)
            .ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    /// <summary>The path of one script (escaped), or of something below it.</summary>
    public static string PathOf(string scriptId, string? below = null) =>
        $"{Collection}/{Uri.EscapeDataString(scriptId)}" + (below is null ? "" : "/" + below);
}
