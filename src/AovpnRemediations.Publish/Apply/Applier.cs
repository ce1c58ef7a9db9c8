using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Beta;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Publish.Planning;

namespace AovpnRemediations.Publish.Apply;

public sealed record ApplyResult(int Created, int Updated, int Assigned, int Deleted, int Recovered);

/// <summary>
/// Carries a plan out, one package at a time: create or PATCH the script, then post its full assignment set to
/// <c>/assign</c> (which replaces). A create whose answer was lost is never blindly repeated: the tenant is searched
/// for the package's marker first, so a retry cannot make a second copy.
/// </summary>
public static class Applier
{
    private const int MaxCreateAttempts = 5;

    public static async Task<ApplyResult> ApplyAsync(GraphConnection graph, Plan plan, IApplyProgress progress, CancellationToken cancellationToken)
    {
        int created = 0, updated = 0, assigned = 0, deleted = 0, recovered = 0;
        var steps = plan.Packages.Count(p => p.HasChanges) + plan.Deletions.Count;
        await progress.RunAsync(steps, async () =>
        {
            foreach (var p in plan.Packages.Where(p => p.HasChanges))
            {
                var name = p.Package.DisplayName;
                string id;
                if (p.Action == PackageAction.Create)
                {
                    (id, var wasRecovered) = await CreateAsync(graph, p, progress, cancellationToken).ConfigureAwait(false);
                    recovered += wasRecovered ? 1 : 0;
                    created++;
                    progress.Report($"created  \"{name}\" ({p.Package.Id}) id {id}");
                }
                else
                {
                    id = RequireId(p.ScriptId);
                    if (p.NeedsWrite)
                    {
                        // Version is left as created and isGlobalScript is never sent on an update.
                        var patch = p.Body with { Version = null, IsGlobalScript = null };
                        await graph.Http.SendOrThrowAsync(HttpMethod.Patch, $"{ManagedScripts.Collection}/{id}", patch, idempotent: true, cancellationToken).ConfigureAwait(false);
                        updated++;
                        progress.Report($"{(p.Adopt ? "adopted " : "updated ")} \"{name}\" ({p.Package.Id}) id {id}: {Describe(p)}");
                    }
                }

                if (p.NeedsAssign)
                {
                    await graph.Http.SendOrThrowAsync(HttpMethod.Post, $"{ManagedScripts.Collection}/{id}/assign",
                        new AssignRequest(p.DesiredAssignments), idempotent: true, cancellationToken).ConfigureAwait(false);
                    assigned++;
                    progress.Report($"assigned \"{name}\": {p.DesiredAssignments.Count} assignment(s)");
                }

                progress.Advance(name);
            }

            foreach (var d in plan.Deletions)
            {
                var id = RequireId(d.ScriptId);
                var result = await graph.Http.SendAsync(HttpMethod.Delete, $"{ManagedScripts.Collection}/{id}", null, idempotent: true, readOnly: false, cancellationToken).ConfigureAwait(false);
                if (!result.IsSuccess && result.Status != 404)
                {
                    throw graph.Http.Failure("DELETE", $"{ManagedScripts.Collection}/{id}", result.Status, result.Body, null);
                }

                deleted++;
                progress.Report($"deleted  \"{d.DisplayName}\" ({d.PackageId}) id {id} ({d.Reason})");
                progress.Advance(d.DisplayName);
            }
        }).ConfigureAwait(false);

        return new ApplyResult(created, updated, assigned, deleted, recovered);
    }

    private static async Task<(string Id, bool Recovered)> CreateAsync(GraphConnection graph, PackagePlan p, IApplyProgress progress, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = await graph.Http.SendOrThrowAsync<DeviceHealthScript>(HttpMethod.Post, ManagedScripts.Collection, p.Body, idempotent: false, cancellationToken).ConfigureAwait(false);
                return (RequireId(created.Id), false);
            }
            catch (GraphRequestException ex) when (attempt < MaxCreateAttempts && (ex is GraphOutcomeUnknownException || ex.Status is 0 or 429 or >= 500))
            {
                // The service may have created it before the failure: look for the marker before trying again.
                progress.Report($"create of \"{p.Package.DisplayName}\" did not answer ({ex.Message}); looking for it by its marker");
                var existing = (await ManagedScripts.ListAllAsync(graph, cancellationToken).ConfigureAwait(false))
                    .Where(s => ManagedScripts.PackageIdOf(s) == p.Package.Id)
                    .OrderBy(s => s.CreatedDateTime ?? DateTimeOffset.MaxValue)
                    .FirstOrDefault();
                if (existing?.Id is { Length: > 0 } id)
                {
                    return (id, true);
                }
            }
        }
    }

    private static string Describe(PackagePlan p)
    {
        var parts = p.Properties.Select(c => c.Name).Concat(p.Scripts.Select(s => s.File)).ToList();
        return parts.Count == 0 ? "no property change" : string.Join(", ", parts);
    }

    /// <summary>A PATCH or DELETE with an empty id would address the collection (msgraph-sdk-dotnet #2922).</summary>
    private static string RequireId(string? id) =>
        string.IsNullOrWhiteSpace(id) ? throw new InvalidOperationException("A script id is empty; refusing to address the whole collection.") : id;
}
