using System.Text.Json.Nodes;
using AovpnRemediations.GraphEmulator.Routes;

namespace AovpnRemediations.GraphEmulator.Devices;

/// <summary>How on-demand runs play out in the emulator.</summary>
public sealed class OnDemandOptions
{
    /// <summary>Reads of a device (GET managedDevices/{id}) after a trigger before its action reports <c>done</c> and its run state is new.</summary>
    public int ReadsUntilDone { get; set; } = 2;

    /// <summary>Answer the first trigger of each device with 404 NotFound once (operations.md: it "sometimes answers NotFound transiently").</summary>
    public bool TransientNotFound { get; set; }
}

/// <summary>
/// The devices <c>run</c> works on:
/// <list type="bullet">
/// <item><c>GET beta/deviceManagement/managedDevices</c> with <c>$filter=deviceName eq '…'</c> or <c>azureADDeviceId eq '…'</c>, and <c>$select</c>;</item>
/// <item><c>GET …/managedDevices/{id}</c> with <c>deviceActionResults</c>;</item>
/// <item><c>POST …/managedDevices/{id}/initiateOnDemandProactiveRemediation</c> <c>{"scriptPolicyId"}</c> → 204, recorded as a
/// <c>deviceActionResult</c> named <c>initiateOnDemandProactiveRemediation</c> (pending, then done after a few reads), replacing an
/// earlier one: Intune lets a second run overwrite the first (https://learn.microsoft.com/en-us/intune/intune-service/fundamentals/remediations);</item>
/// <item><c>GET users/{id}/managedDevices</c> and <c>GET groups/{id}/transitiveMembers</c> (users, devices, nested groups flattened;
/// a device member without <c>Device.Read.All</c> in the token comes back with limited information: no deviceId).</item>
/// </list>
/// </summary>
internal sealed class DeviceRoutes(EmulatorOptions options, Action<string, string, DateTimeOffset> completed) : IGraphRoutes
{
    public const string OnDemandAction = "initiateOnDemandProactiveRemediation";

    public GraphResponse? TryHandle(GraphRequest r, EmulatorState state)
    {
        lock (state.Gate)
        {
            if (r.Version == "beta" && r.Segments.Count >= 2 && r.Segments[0].Equals("deviceManagement", StringComparison.OrdinalIgnoreCase)
                && r.Segments[1].Equals("managedDevices", StringComparison.OrdinalIgnoreCase))
            {
                return r.Segments.Count switch
                {
                    2 when r.IsGet => List(r, state),
                    3 when r.IsGet => Get(r, state, r.Segments[2]),
                    4 when r.Method == "POST" && r.Segments[3].Equals(OnDemandAction, StringComparison.OrdinalIgnoreCase) => Trigger(r, state, r.Segments[2]),
                    _ => null,
                };
            }

            if (r.Matches("users", "*", "managedDevices") && r.IsGet)
            {
                var user = state.Users.FirstOrDefault(u => u.Id.Equals(r.Segments[1], StringComparison.OrdinalIgnoreCase));
                if (user is null)
                {
                    return GraphResponse.NotFound($"users('{r.Segments[1]}')");
                }

                var devices = state.ManagedDevices.Where(d => string.Equals(d.UserId, user.Id, StringComparison.OrdinalIgnoreCase));
                return Paging.Page(r, [.. devices.Select(d => (JsonNode)Select(d.ToJson(), r.QueryValue("$select")))], options.PageSize);
            }

            if (r.Matches("groups", "*", "transitiveMembers") && r.IsGet)
            {
                if (state.Groups.All(g => !g.Id.Equals(r.Segments[1], StringComparison.OrdinalIgnoreCase)))
                {
                    return GraphResponse.Error(404, "Request_ResourceNotFound", $"Resource '{r.Segments[1]}' does not exist or one of its queried reference-property objects are not present.");
                }

                var full = PermissionGate.Grants(r, options, "Device.Read.All", "Directory.Read.All", "Device.ReadWrite.All", "Directory.ReadWrite.All");
                var members = Transitive(state, r.Segments[1]).Select(id => Member(state, id, full)).OfType<JsonObject>().Select(m => (JsonNode)m).ToList();
                return Paging.Page(r, members, options.PageSize);
            }

            return null;
        }
    }

    private GraphResponse List(GraphRequest r, EmulatorState state)
    {
        var devices = state.ManagedDevices.AsEnumerable();
        if (r.QueryValue("$filter") is { } filter)
        {
            if (!Paging.TryParseEqFilter(filter, out var property, out var value))
            {
                return GraphResponse.Error(400, "BadRequest", $"Invalid filter clause: {filter}");
            }

            Func<ManagedDeviceRecord, string?>? key = property.ToLowerInvariant() switch
            {
                "devicename" => d => d.DeviceName,
                "azureaddeviceid" => d => d.AzureAdDeviceId,
                "id" => d => d.Id,
                _ => null,
            };
            if (key is null)
            {
                return GraphResponse.Error(400, "BadRequest", $"The emulator filters managedDevices on deviceName, azureADDeviceId or id, not '{property}'.");
            }

            devices = devices.Where(d => string.Equals(key(d), value, StringComparison.OrdinalIgnoreCase));
        }

        return Paging.Page(r, [.. devices.Select(d => (JsonNode)Select(d.ToJson(), r.QueryValue("$select")))], options.PageSize);
    }

    private GraphResponse Get(GraphRequest r, EmulatorState state, string id)
    {
        var device = state.FindManagedDevice(id);
        if (device is null)
        {
            return GraphResponse.NotFound($"managedDevices('{id}')");
        }

        // An action moves on as the device checks in; here, as it is read.
        var action = device.ActionResults.FirstOrDefault(a => (string?)a["actionName"] == OnDemandAction);
        if (action is not null && (string?)action["actionState"] == "pending" && ++device.ReadsSinceAction >= options.OnDemand.ReadsUntilDone)
        {
            var started = DateTimeOffset.Parse((string)action["startDateTime"]!, System.Globalization.CultureInfo.InvariantCulture);
            action["actionState"] = "done";
            action["lastUpdatedDateTime"] = Times.Format(started.AddMinutes(1));
            completed(device.Id, (string?)action["scriptPolicyId"] ?? "", started);
        }

        return GraphResponse.Ok(Select(device.ToJson(), r.QueryValue("$select")));
    }

    private GraphResponse Trigger(GraphRequest r, EmulatorState state, string id)
    {
        var device = state.FindManagedDevice(id);
        if (device is null)
        {
            return GraphResponse.NotFound($"managedDevices('{id}')");
        }

        var scriptId = (string?)r.Body?["scriptPolicyId"];
        if (string.IsNullOrWhiteSpace(scriptId))
        {
            return GraphResponse.Error(400, "BadRequest", "scriptPolicyId is required.");
        }

        if (state.FindScript(scriptId) is null)
        {
            return GraphResponse.NotFound($"deviceHealthScripts('{scriptId}')");
        }

        if (options.OnDemand.TransientNotFound && state.OnDemandRuns.All(x => x.DeviceId != device.Id) && _notFoundOnce.Add(device.Id))
        {
            return GraphResponse.NotFound($"managedDevices('{id}')") with { Fault = "transient-404" };
        }

        var started = state.NextActionTime();
        device.ActionResults.RemoveAll(a => (string?)a["actionName"] == OnDemandAction);
        device.ActionResults.Add(new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.deviceActionResult",
            ["actionName"] = OnDemandAction,
            ["actionState"] = "pending",
            ["startDateTime"] = Times.Format(started),
            ["lastUpdatedDateTime"] = Times.Format(started),
            // Not part of Graph's deviceActionResult: kept so the emulator knows which script the action runs.
            ["scriptPolicyId"] = scriptId,
        });
        device.ReadsSinceAction = 0;
        state.OnDemandRuns.Add(new OnDemandRun(device.Id, scriptId, started));
        return GraphResponse.NoContent();
    }

    private readonly HashSet<string> _notFoundOnce = new(StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> Transitive(EmulatorState state, string groupId)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>([groupId]);
        while (pending.Count > 0)
        {
            foreach (var member in state.GroupMembers.GetValueOrDefault(pending.Pop()) ?? [])
            {
                if (!seen.Add(member))
                {
                    continue;
                }

                if (state.Groups.Any(g => g.Id.Equals(member, StringComparison.OrdinalIgnoreCase)))
                {
                    pending.Push(member);
                }

                yield return member;
            }
        }
    }

    private static JsonObject? Member(EmulatorState state, string id, bool deviceDetails)
    {
        if (state.Users.FirstOrDefault(u => u.Id.Equals(id, StringComparison.OrdinalIgnoreCase)) is { } user)
        {
            return new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = user.Id, ["userPrincipalName"] = user.UserPrincipalName, ["displayName"] = user.UserPrincipalName };
        }

        if (state.EntraDevices.FirstOrDefault(d => d.ObjectId.Equals(id, StringComparison.OrdinalIgnoreCase)) is { } device)
        {
            return deviceDetails
                ? new JsonObject { ["@odata.type"] = "#microsoft.graph.device", ["id"] = device.ObjectId, ["deviceId"] = device.DeviceId, ["displayName"] = device.DisplayName }
                : new JsonObject { ["@odata.type"] = "#microsoft.graph.device", ["id"] = device.ObjectId };
        }

        if (state.Groups.FirstOrDefault(g => g.Id.Equals(id, StringComparison.OrdinalIgnoreCase)) is { } group)
        {
            return new JsonObject { ["@odata.type"] = "#microsoft.graph.group", ["id"] = group.Id, ["displayName"] = group.DisplayName };
        }

        return null;
    }

    /// <summary>$select as Graph applies it: the named properties (and id, @odata.type); everything when absent.</summary>
    internal static JsonObject Select(JsonObject item, string? select)
    {
        if (string.IsNullOrWhiteSpace(select))
        {
            return item;
        }

        var names = select.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Append("id").Append("@odata.type")
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var result = new JsonObject();
        foreach (var (key, value) in item)
        {
            if (names.Contains(key))
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }
}
