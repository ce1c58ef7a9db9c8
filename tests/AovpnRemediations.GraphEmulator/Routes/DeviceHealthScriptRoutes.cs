using System.Globalization;
using System.Text.Json.Nodes;

namespace AovpnRemediations.GraphEmulator.Routes;

/// <summary>
/// <c>/beta/deviceManagement/deviceHealthScripts</c>: list/get/create/patch/delete, <c>/assign</c> and <c>/assignments</c>,
/// with the quirks of intune-graph.md §5: the list omits script content, GET of assignments returns
/// <c>runRemediationScript:false</c> and <c>time</c> as <c>hh:mm:ss.fffffff</c>, POST on <c>/assignments</c> has no route,
/// empty detection content is refused, global scripts are read-only, duplicate targets in /assign are silently dropped.
/// </summary>
internal sealed class DeviceHealthScriptRoutes(EmulatorOptions options) : IGraphRoutes
{
    private static readonly string[] ReadOnlyProperties = ["id", "createdDateTime", "lastModifiedDateTime", "@odata.type", "@odata.context"];

    public GraphResponse? TryHandle(GraphRequest r, EmulatorState state)
    {
        if (r.Version != "beta" || r.Segments.Count < 2
            || !r.Segments[0].Equals("deviceManagement", StringComparison.OrdinalIgnoreCase)
            || !r.Segments[1].Equals("deviceHealthScripts", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        lock (state.Gate)
        {
            return r.Segments.Count switch
            {
                2 => Collection(r, state),
                3 => Item(r, state, r.Segments[2]),
                4 when r.Segments[3].Equals("assign", StringComparison.OrdinalIgnoreCase) => Assign(r, state, r.Segments[2]),
                4 when r.Segments[3].Equals("assignments", StringComparison.OrdinalIgnoreCase) => Assignments(r, state, r.Segments[2]),
                _ => null,
            };
        }
    }

    private GraphResponse Collection(GraphRequest r, EmulatorState state)
    {
        switch (r.Method)
        {
            case "GET":
                // The list is "lazy": content is left out, as Intune does.
                var items = state.Scripts.Select(s =>
                {
                    var copy = (JsonObject)s.Body.DeepClone();
                    copy["detectionScriptContent"] = null;
                    copy["remediationScriptContent"] = null;
                    return (JsonNode)copy;
                }).ToList();
                return Paging.Page(r, items, options.PageSize);
            case "POST":
                return Create(r, state);
            default:
                return GraphResponse.NoRoute("~/singleton/navigation", r.Method, "/DeviceHealthScriptsService/deviceManagement/deviceHealthScripts");
        }
    }

    private static GraphResponse Create(GraphRequest r, EmulatorState state)
    {
        if (r.Body is not JsonObject body)
        {
            return GraphResponse.Error(400, "BadRequest", "A request body is required.");
        }

        if (ContentError(body, requireDetection: true) is { } error)
        {
            return error;
        }

        if ((bool?)body["isGlobalScript"] == true)
        {
            return GraphResponse.Error(400, "UnknownError", "Creating a Microsoft proprietary script is not allowed.");
        }

        if (string.IsNullOrWhiteSpace((string?)body["displayName"]))
        {
            return GraphResponse.Error(400, "BadRequest", "DisplayName must not be null or empty");
        }

        var id = state.NewId();
        var stored = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.deviceHealthScript",
            ["id"] = id,
            ["publisher"] = null,
            ["version"] = null,
            ["displayName"] = null,
            ["description"] = null,
            ["detectionScriptContent"] = null,
            ["remediationScriptContent"] = null,
            ["createdDateTime"] = state.Now.ToString("O", CultureInfo.InvariantCulture),
            ["lastModifiedDateTime"] = state.Now.ToString("O", CultureInfo.InvariantCulture),
            ["runAsAccount"] = "system",
            ["enforceSignatureCheck"] = false,
            ["runAs32Bit"] = true,
            ["roleScopeTagIds"] = new JsonArray("0"),
            ["isGlobalScript"] = false,
            ["highestAvailableVersion"] = null,
            ["deviceHealthScriptType"] = "deviceHealthScript",
            ["detectionScriptParameters"] = new JsonArray(),
            ["remediationScriptParameters"] = new JsonArray(),
        };
        Merge(stored, body);
        state.Scripts.Add(new ScriptRecord(id, stored));
        return GraphResponse.Created(stored.DeepClone());
    }

    private static GraphResponse Item(GraphRequest r, EmulatorState state, string id)
    {
        var script = state.FindScript(id);
        if (script is null)
        {
            return GraphResponse.NotFound($"deviceHealthScripts('{id}')");
        }

        switch (r.Method)
        {
            case "GET":
                return GraphResponse.Ok(script.Body.DeepClone());
            case "PATCH":
                if (script.IsGlobalScript)
                {
                    return GraphResponse.Error(400, "BadRequest", "Microsoft proprietary scripts are read-only.");
                }

                if (r.Body is not JsonObject patch)
                {
                    return GraphResponse.Error(400, "BadRequest", "A request body is required.");
                }

                if (ContentError(patch, requireDetection: false) is { } error)
                {
                    return error;
                }

                if ((bool?)patch["isGlobalScript"] == true)
                {
                    return GraphResponse.Error(400, "UnknownError", "isGlobalScript cannot be set.");
                }

                Merge(script.Body, patch);
                script.Body["lastModifiedDateTime"] = state.Now.ToString("O", CultureInfo.InvariantCulture);
                return GraphResponse.Ok(script.Body.DeepClone());
            case "DELETE":
                if (script.IsGlobalScript)
                {
                    return GraphResponse.Error(400, "BadRequest", "Microsoft proprietary scripts cannot be deleted.");
                }

                state.Scripts.Remove(script);
                return GraphResponse.NoContent();
            default:
                return GraphResponse.NoRoute("~/singleton/navigation/key", r.Method, $"/deviceManagement/deviceHealthScripts('{id}')");
        }
    }

    private static GraphResponse Assign(GraphRequest r, EmulatorState state, string id)
    {
        if (r.Method != "POST")
        {
            return GraphResponse.NoRoute("~/singleton/navigation/key/action", r.Method, $"/deviceManagement/deviceHealthScripts('{id}')/assign");
        }

        var script = state.FindScript(id);
        if (script is null)
        {
            return GraphResponse.NotFound($"deviceHealthScripts('{id}')");
        }

        if (r.Body?["deviceHealthScriptAssignments"] is not JsonArray posted)
        {
            return GraphResponse.Error(400, "BadRequest", "deviceHealthScriptAssignments is required.");
        }

        var accepted = new List<JsonObject>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in posted)
        {
            if (node?["target"] is not JsonObject target || (string?)target["@odata.type"] is not { } targetType)
            {
                return GraphResponse.Error(400, "BadRequest", "An assignment has no target.");
            }

            var groupId = (string?)target["groupId"];
            if (targetType.Contains("group", StringComparison.OrdinalIgnoreCase))
            {
                if (string.IsNullOrEmpty(groupId))
                {
                    return GraphResponse.Error(400, "BadRequest", "A group assignment target has no groupId.");
                }

                if (state.Groups.All(g => !g.Id.Equals(groupId, StringComparison.OrdinalIgnoreCase)))
                {
                    return GraphResponse.Error(400, "BadRequest", $"Group '{groupId}' does not exist.");
                }
            }

            if ((string?)target["deviceAndAppManagementAssignmentFilterId"] is { Length: > 0 } filterId
                && state.AssignmentFilters.All(f => !f.Id.Equals(filterId, StringComparison.OrdinalIgnoreCase)))
            {
                return GraphResponse.Error(400, "BadRequest", $"Assignment filter '{filterId}' does not exist.");
            }

            // Intune keeps one assignment per target and silently ignores the rest (intune-graph.md §5).
            if (!seen.Add($"{targetType}|{groupId}"))
            {
                continue;
            }

            var stored = (JsonObject)node.DeepClone();
            stored["id"] = $"{id}:{groupId ?? targetType.Replace("#microsoft.graph.", "", StringComparison.Ordinal)}";
            accepted.Add(stored);
        }

        script.Assignments.Clear();
        script.Assignments.AddRange(accepted);
        return GraphResponse.NoContent();
    }

    private static GraphResponse Assignments(GraphRequest r, EmulatorState state, string id)
    {
        if (r.Method != "GET")
        {
            // The documented POST/PATCH on the navigation property do not work in the real service.
            return GraphResponse.NoRoute("~/singleton/navigation/key/navigation", r.Method,
                $"/DeviceHealthScriptsService/deviceManagement/deviceHealthScripts('{id}')/assignments");
        }

        var script = state.FindScript(id);
        if (script is null)
        {
            return GraphResponse.NotFound($"deviceHealthScripts('{id}')");
        }

        var value = new JsonArray(script.Assignments.Select(a => (JsonNode)AsReturned(a)).ToArray());
        return GraphResponse.Ok(new JsonObject
        {
            ["@odata.context"] = $"{r.BaseUrl}/beta/$metadata#deviceManagement/deviceHealthScripts('{id}')/assignments",
            ["value"] = value,
        });
    }

    /// <summary>What Intune gives back: runRemediationScript false whatever was sent, time with seven fraction digits.</summary>
    private static JsonObject AsReturned(JsonObject stored)
    {
        var copy = (JsonObject)stored.DeepClone();
        copy["@odata.type"] = "#microsoft.graph.deviceHealthScriptAssignment";
        copy["runRemediationScript"] = false;
        if (copy["runSchedule"] is JsonObject schedule && (string?)schedule["time"] is { } time
            && TimeSpan.TryParse(time, CultureInfo.InvariantCulture, out var t))
        {
            schedule["time"] = t.ToString(@"hh\:mm\:ss\.fffffff", CultureInfo.InvariantCulture);
        }

        if (copy["runSchedule"] is null)
        {
            copy["runSchedule"] = null;
        }

        return copy;
    }

    private static GraphResponse? ContentError(JsonObject body, bool requireDetection)
    {
        foreach (var name in new[] { "detectionScriptContent", "remediationScriptContent" })
        {
            if (!body.ContainsKey(name))
            {
                if (name == "detectionScriptContent" && requireDetection)
                {
                    return GraphResponse.Error(400, "UnknownError", "DetectionScriptContent must not be null or empty");
                }

                continue;
            }

            var value = (string?)body[name];
            if (name == "detectionScriptContent" && string.IsNullOrEmpty(value))
            {
                return GraphResponse.Error(400, "UnknownError", "DetectionScriptContent must not be null or empty");
            }

            if (value is not null)
            {
                try
                {
                    Convert.FromBase64String(value);
                }
                catch (FormatException)
                {
                    return GraphResponse.Error(400, "BadRequest", $"Cannot convert the literal to Edm.Binary for '{name}'.");
                }
            }
        }

        return null;
    }

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (ReadOnlyProperties.Contains(key))
            {
                continue;
            }

            target[key] = value?.DeepClone();
        }
    }
}
