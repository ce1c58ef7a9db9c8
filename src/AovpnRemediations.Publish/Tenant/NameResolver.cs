using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Beta;
using AovpnRemediations.Graph.V1;
using AovpnRemediations.Publish.Output;

namespace AovpnRemediations.Publish.Tenant;

/// <summary>Names resolved to ids; also maps ids back to names for display.</summary>
public sealed record Resolution(
    IReadOnlyDictionary<string, string> Groups,
    IReadOnlyDictionary<string, string> Filters,
    IReadOnlyDictionary<string, string> ScopeTags)
{
    public string GroupName(string? id) => NameOf(Groups, id);

    public string FilterName(string? id) => NameOf(Filters, id);

    private static string NameOf(IReadOnlyDictionary<string, string> map, string? id) =>
        map.FirstOrDefault(kv => string.Equals(kv.Value, id, StringComparison.OrdinalIgnoreCase)).Key ?? id ?? "";
}

/// <summary>
/// Resolves every group, assignment filter and scope tag the packages name, before anything is written.
/// A name that does not exist (or exists twice) fails the whole run, naming it: nothing is skipped silently.
/// </summary>
public static class NameResolver
{
    public static async Task<Resolution> ResolveAsync(GraphConnection graph, IReadOnlyList<PackageDefinition> packages, CancellationToken cancellationToken)
    {
        var problems = new List<string>();

        string UsedBy(Func<PackageDefinition, bool> uses) =>
            string.Join(", ", packages.Where(uses).Select(p => p.Id));

        var groups = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var groupNames = packages.SelectMany(p => p.Assignments).Select(a => a.GroupName).OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        foreach (var name in groupNames)
        {
            // Two at most: one is the answer, a second makes the name ambiguous.
            var found = await graph.Http.GetAsync<GraphPage<Group>>(
                DirectoryObjects.Query(DirectoryObjects.Groups, "displayName eq " + DirectoryObjects.Literal(name), "id,displayName", top: 2),
                cancellationToken).ConfigureAwait(false);
            var matches = found.Value;
            var usedBy = UsedBy(p => p.Assignments.Any(a => string.Equals(a.GroupName, name, StringComparison.OrdinalIgnoreCase)));
            switch (matches.Count)
            {
                case 0:
                    problems.Add($"group '{name}' does not exist in the tenant (used by {usedBy})");
                    break;
                case > 1:
                    problems.Add($"group name '{name}' is ambiguous: {matches.Count} groups have it (used by {usedBy}); rename one");
                    break;
                default:
                    groups[name] = matches[0].Id!;
                    break;
            }
        }

        var filters = await ResolveListAsync(graph, "beta/deviceManagement/assignmentFilters", "assignment filter",
            packages.SelectMany(p => p.Assignments).Select(a => a.FilterName).OfType<string>(),
            name => UsedBy(p => p.Assignments.Any(a => string.Equals(a.FilterName, name, StringComparison.OrdinalIgnoreCase))),
            problems, cancellationToken).ConfigureAwait(false);

        var tags = await ResolveListAsync(graph, "beta/deviceManagement/roleScopeTags", "scope tag",
            packages.SelectMany(p => p.RoleScopeTags),
            name => UsedBy(p => p.RoleScopeTags.Contains(name, StringComparer.OrdinalIgnoreCase)),
            problems, cancellationToken).ConfigureAwait(false);

        if (problems.Count > 0)
        {
            throw new TenantStateException(
                "Cannot publish: names in the profile do not resolve in the tenant, so nothing was written:"
                + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems)
                + Environment.NewLine + "Create them in the tenant or correct the names in the profile, then build again.");
        }

        return new Resolution(groups, filters, tags);
    }

    private static async Task<Dictionary<string, string>> ResolveListAsync(
        GraphConnection graph, string path, string kind, IEnumerable<string> wanted, Func<string, string> usedBy,
        List<string> problems, CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var names = wanted.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return map;
        }

        var all = await graph.Http.ListAsync<NamedGraphObject>(path, cancellationToken).ConfigureAwait(false);
        foreach (var name in names)
        {
            var matches = all.Where(o => string.Equals(o.DisplayName, name, StringComparison.OrdinalIgnoreCase)).ToList();
            switch (matches.Count)
            {
                case 0:
                    problems.Add($"{kind} '{name}' does not exist in the tenant (used by {usedBy(name)})");
                    break;
                case > 1:
                    problems.Add($"{kind} name '{name}' is ambiguous: {matches.Count} have it (used by {usedBy(name)})");
                    break;
                default:
                    map[name] = matches[0].Id;
                    break;
            }
        }

        return map;
    }
}
