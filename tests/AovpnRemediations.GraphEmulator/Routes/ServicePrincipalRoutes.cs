using System.Text.Json.Nodes;

namespace AovpnRemediations.GraphEmulator.Routes;

/// <summary><c>/v1.0/servicePrincipals</c>: filter by appId, create from an appId, PATCH accountEnabled.</summary>
internal sealed class ServicePrincipalRoutes(EmulatorOptions options) : IGraphRoutes
{
    /// <summary>First-party apps the emulator knows the names of (the two the tenant check looks for).</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownApps = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["981f26a1-7f43-403b-a875-f8b09b8cd720"] = "Azure Multi-Factor Auth Client",
        ["1f5530b3-261a-47a9-b357-ded261e17918"] = "Azure Multi-Factor Auth Connector",
    };

    public GraphResponse? TryHandle(GraphRequest r, EmulatorState state)
    {
        if (r.Segments.Count == 0 || !r.Segments[0].Equals("servicePrincipals", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        lock (state.Gate)
        {
            if (r.Matches("servicePrincipals") && r.IsGet)
            {
                var items = state.ServicePrincipals.AsEnumerable();
                if (r.QueryValue("$filter") is { } filter)
                {
                    if (!Paging.TryParseEqFilter(filter, out var property, out var value) || !property.Equals("appId", StringComparison.OrdinalIgnoreCase))
                    {
                        return GraphResponse.Error(400, "Request_UnsupportedQuery", $"Unsupported query: {filter}");
                    }

                    items = items.Where(sp => string.Equals((string?)sp["appId"], value, StringComparison.OrdinalIgnoreCase));
                }

                return Paging.Page(r, items.Select(i => (JsonNode)i).ToList(), options.PageSize);
            }

            if (r.Matches("servicePrincipals") && r.Method == "POST")
            {
                var appId = (string?)r.Body?["appId"];
                if (string.IsNullOrWhiteSpace(appId))
                {
                    return GraphResponse.Error(400, "Request_BadRequest", "appId is required.");
                }

                if (state.ServicePrincipals.Any(sp => string.Equals((string?)sp["appId"], appId, StringComparison.OrdinalIgnoreCase)))
                {
                    return GraphResponse.Error(409, "Request_MultipleObjectsWithSameKeyValue",
                        "Another object with the same value for property servicePrincipalNames already exists.");
                }

                var name = KnownApps.TryGetValue(appId, out var known) ? known : appId;
                var enabled = (bool?)r.Body?["accountEnabled"] ?? true;
                var id = state.NewId();
                state.ServicePrincipals.Add(new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.servicePrincipal",
                    ["id"] = id,
                    ["appId"] = appId,
                    ["displayName"] = name,
                    ["appDisplayName"] = name,
                    ["accountEnabled"] = enabled,
                    ["servicePrincipalType"] = "Application",
                });
                return GraphResponse.Created(state.ServicePrincipals[^1].DeepClone());
            }

            if (r.Matches("servicePrincipals", "*"))
            {
                var sp = state.ServicePrincipals.FirstOrDefault(s => string.Equals((string?)s["id"], r.Segments[1], StringComparison.OrdinalIgnoreCase));
                if (sp is null)
                {
                    return GraphResponse.NotFound($"servicePrincipals('{r.Segments[1]}')");
                }

                switch (r.Method)
                {
                    case "GET":
                        return GraphResponse.Ok(sp.DeepClone());
                    case "PATCH":
                        if (r.Body is not JsonObject patch)
                        {
                            return GraphResponse.Error(400, "Request_BadRequest", "A request body is required.");
                        }

                        foreach (var (key, value) in patch)
                        {
                            if (key is "id" or "appId" or "@odata.type")
                            {
                                continue;
                            }

                            sp[key] = value?.DeepClone();
                        }

                        return GraphResponse.NoContent();
                }
            }

            return null;
        }
    }
}
