using System.Text.Json.Nodes;

namespace AovpnRemediations.GraphEmulator.Routes;

/// <summary>
/// The objects publish resolves by name: groups (v1.0 and beta, <c>$filter=displayName eq '...'</c>),
/// <c>deviceManagement/assignmentFilters</c> and <c>deviceManagement/roleScopeTags</c> (beta).
/// </summary>
internal sealed class LookupRoutes(EmulatorOptions options) : IGraphRoutes
{
    public GraphResponse? TryHandle(GraphRequest r, EmulatorState state)
    {
        lock (state.Gate)
        {
            if (r.Matches("groups") && r.IsGet)
            {
                var groups = state.Groups.AsEnumerable();
                if (r.QueryValue("$filter") is { } filter)
                {
                    if (!Paging.TryParseEqFilter(filter, out var property, out var value) || !property.Equals("displayName", StringComparison.OrdinalIgnoreCase))
                    {
                        return GraphResponse.Error(400, "Request_UnsupportedQuery", $"Unsupported query: {filter}");
                    }

                    groups = groups.Where(g => g.DisplayName.Equals(value, StringComparison.OrdinalIgnoreCase));
                }

                return Paging.Page(r, groups.Select(g => (JsonNode)Group(g)).ToList(), options.PageSize);
            }

            if (r.Matches("groups", "*") && r.IsGet)
            {
                var group = state.Groups.FirstOrDefault(g => g.Id.Equals(r.Segments[1], StringComparison.OrdinalIgnoreCase));
                return group is null ? GraphResponse.NotFound($"groups('{r.Segments[1]}')") : GraphResponse.Ok(Group(group));
            }

            if (r.Version == "beta" && r.Matches("deviceManagement", "assignmentFilters") && r.IsGet)
            {
                return Paging.Page(r, state.AssignmentFilters.Select(f => (JsonNode)new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.deviceAndAppManagementAssignmentFilter",
                    ["id"] = f.Id,
                    ["displayName"] = f.DisplayName,
                    ["description"] = "",
                    ["platform"] = "windows10AndLater",
                    ["rule"] = "(device.osVersion -startsWith \"10.0\")",
                    ["roleScopeTags"] = new JsonArray("0"),
                }).ToList(), options.PageSize);
            }

            if (r.Version == "beta" && r.Matches("deviceManagement", "roleScopeTags") && r.IsGet)
            {
                return Paging.Page(r, state.RoleScopeTags.Select(t => (JsonNode)new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.roleScopeTag",
                    ["id"] = t.Id,
                    ["displayName"] = t.DisplayName,
                    ["description"] = "",
                    ["isBuiltIn"] = t.Id == "0",
                }).ToList(), options.PageSize);
            }

            return null;
        }
    }

    private static JsonObject Group(NamedObject g) => new()
    {
        ["@odata.type"] = "#microsoft.graph.group",
        ["id"] = g.Id,
        ["displayName"] = g.DisplayName,
        ["securityEnabled"] = true,
        ["mailEnabled"] = false,
    };
}
