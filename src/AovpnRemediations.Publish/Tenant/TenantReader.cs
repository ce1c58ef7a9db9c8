using System.Text.Json;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Beta;
using AovpnRemediations.Graph.Tenant;

namespace AovpnRemediations.Publish.Tenant;

/// <summary>
/// Reads the tenant's deviceHealthScripts: one paged list (which omits script content), then one <c>$batch</c> of
/// GETs per 10 scripts of interest (the script with content, and its assignments).
/// </summary>
public static class TenantReader
{
    /// <param name="fetch">Which listed scripts to fetch in full (managed ones, and adoption candidates).</param>
    public static async Task<TenantSnapshot> ReadAsync(GraphConnection graph, Func<DeviceHealthScript, bool> fetch, CancellationToken cancellationToken)
    {
        var listed = await ManagedScripts.ListAllAsync(graph, cancellationToken).ConfigureAwait(false);
        var wanted = listed.Where(s => s.IsGlobalScript != true && !string.IsNullOrEmpty(s.Id) && fetch(s)).ToList();
        var items = wanted.SelectMany(s => new[]
        {
            BatchItem.Get($"/deviceManagement/deviceHealthScripts/{s.Id}"),
            BatchItem.Get($"/deviceManagement/deviceHealthScripts/{s.Id}/assignments"),
        }).ToList();
        var results = items.Count == 0 ? [] : await graph.Http.BatchAsync("beta", items, cancellationToken).ConfigureAwait(false);

        var details = new Dictionary<string, (DeviceHealthScript Detail, List<DeviceHealthScriptAssignment> Assignments)>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < wanted.Count; i++)
        {
            var script = results[2 * i];
            var assignments = results[(2 * i) + 1];
            if (script.Status == 404 || assignments.Status == 404)
            {
                continue; // deleted since the list: treat as absent
            }

            if (!script.IsSuccess || !assignments.IsSuccess)
            {
                var failed = script.IsSuccess ? assignments : script;
                throw graph.Http.Failure("GET", items[script.IsSuccess ? (2 * i) + 1 : 2 * i].Url, failed.Status, failed.Body, null);
            }

            var detail = script.Body!.Deserialize<DeviceHealthScript>(GraphHttpClient.Json)!;
            var page = assignments.Body!.Deserialize<GraphPage<DeviceHealthScriptAssignment>>(GraphHttpClient.Json)!;
            details[wanted[i].Id!] = (detail, page.Value);
        }

        var scripts = new List<TenantScript>();
        foreach (var summary in listed)
        {
            if (details.TryGetValue(summary.Id ?? "", out var d))
            {
                scripts.Add(new TenantScript(summary, d.Detail, d.Assignments));
            }
            else if (!wanted.Contains(summary))
            {
                scripts.Add(new TenantScript(summary, null, null));
            }
        }

        return new TenantSnapshot(scripts);
    }
}
