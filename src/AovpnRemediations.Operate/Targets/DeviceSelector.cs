using System.Text.Json;
using System.Text.Json.Serialization;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Beta;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Graph.V1;
using AovpnRemediations.Report.Findings;

namespace AovpnRemediations.Operate.Targets;

/// <summary>
/// Turns names, ids, groups and findings into Intune managed devices, each read with its device action results. Every
/// name that does not resolve is an error naming it (never a silently smaller run). The Graph calls:
/// <list type="bullet">
/// <item>device id: <c>GET beta/deviceManagement/managedDevices/{id}?$select=…</c>;</item>
/// <item>device name: <c>GET beta/deviceManagement/managedDevices?$filter=deviceName eq '…'</c> (quotes doubled); names are not
/// unique in Intune, so two matches are an error listing both ids;</item>
/// <item>group: <c>GET v1.0/groups?$filter=displayName eq '…'</c>, then <c>GET v1.0/groups/{id}/transitiveMembers</c> (nested groups
/// flattened). A device member's <c>deviceId</c> is its Entra device id, which Intune keeps as <c>managedDevice.azureADDeviceId</c>:
/// <c>GET beta/deviceManagement/managedDevices?$filter=azureADDeviceId eq '…'</c>. A user member brings the devices Intune lists for
/// them: <c>GET beta/users/{id}/managedDevices</c>;</item>
/// <item>finding: the device ids the finding source returns, read by id as above.</item>
/// </list>
/// Device reads go through <c>$batch</c>, 20 per request.
/// </summary>
public sealed class DeviceSelector(GraphConnection graph)
{
    private static readonly string SelectQuery = "$select=" + Uri.EscapeDataString(ManagedDevice.Select);

    public async Task<(List<RunTarget> Targets, List<SkippedTarget> Skipped, List<string> Notes)> SelectAsync(
        ManagedScript script, RunRequest request, IDeviceFindingSource? findings, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var skipped = new List<SkippedTarget>();
        var notes = new List<string>();
        var chosen = new List<(ManagedDevice Device, string Via)>();

        // Names and ids on the command line.
        var byId = request.Devices.Where(d => Guid.TryParse(d, out _)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var byName = request.Devices.Where(d => !Guid.TryParse(d, out _)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var (id, device) in await ReadByIdAsync(byId, cancellationToken).ConfigureAwait(false))
        {
            if (device is null)
            {
                problems.Add($"no Intune managed device has id {id}");
            }
            else
            {
                chosen.Add((device, $"--device {id}"));
            }
        }

        var nameQueries = byName.Select(n => Filtered("deviceName eq " + DirectoryObjects.Literal(n))).ToList();
        var nameResults = nameQueries.Count == 0 ? [] : await graph.Http.BatchAsync("beta", nameQueries, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < byName.Count; i++)
        {
            var matches = Page(nameResults[i], nameQueries[i]);
            switch (matches.Count)
            {
                case 0:
                    problems.Add($"no Intune managed device is named '{byName[i]}'");
                    break;
                case > 1:
                    problems.Add($"{matches.Count} Intune managed devices are named '{byName[i]}' (ids {string.Join(", ", matches.Select(m => m.Id))}); pass the id instead");
                    break;
                default:
                    chosen.Add((matches[0], $"--device {byName[i]}"));
                    break;
            }
        }

        foreach (var group in request.Groups.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var (devices, groupSkipped, problem) = await GroupAsync(group, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                problems.Add(problem);
                continue;
            }

            chosen.AddRange(devices.Select(d => (d, $"--group {group}")));
            skipped.AddRange(groupSkipped);
        }

        if (problems.Count > 0)
        {
            throw new TenantStateException("Cannot run: devices or groups do not resolve in the tenant, so nothing was triggered:"
                + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
        }

        if (request.Findings.Count > 0)
        {
            var found = await findings!.FindAsync(script, request.Findings, cancellationToken).ConfigureAwait(false);
            notes.Add($"{found.Devices.Count} device(s) report {string.Join(" or ", request.Findings)} in {found.Source}: {found.DevicesRead:N0} device state(s) read, {found.Stale:N0} stale left out.");
            var read = await ReadByIdAsync([.. found.Devices.Select(d => d.DeviceId).Distinct(StringComparer.OrdinalIgnoreCase)], cancellationToken).ConfigureAwait(false);
            foreach (var (id, device) in read)
            {
                if (device is null)
                {
                    skipped.Add(new SkippedTarget(found.Devices.First(d => d.DeviceId.Equals(id, StringComparison.OrdinalIgnoreCase)).DeviceName is { Length: > 0 } n ? n : id,
                        "reports the finding but is no longer an Intune managed device"));
                    continue;
                }

                var finding = found.Devices.First(d => d.DeviceId.Equals(id, StringComparison.OrdinalIgnoreCase));
                chosen.Add((device, "--finding " + string.Join(",", finding.Findings)));
            }
        }

        // One trigger per device, whichever way it was chosen (Intune lets a second run overwrite the first).
        var targets = new List<RunTarget>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (device, via) in chosen)
        {
            if (!seen.Add(device.Id!))
            {
                continue;
            }

            var name = device.DeviceName ?? device.Id!;
            if (device.OnDemand is { InFlight: true } inFlight && !request.ReplacePending)
            {
                skipped.Add(new SkippedTarget(name, $"an on-demand run is already {inFlight.ActionState} since {inFlight.StartDateTime:u}; a second would overwrite it (--replace-pending sends one anyway)"));
                continue;
            }

            targets.Add(new RunTarget(device.Id!, name, device.UserPrincipalName, via, device.OnDemand));
        }

        return (targets, skipped, notes);
    }

    /// <summary>Reads devices by id; null for an id Intune does not know (404).</summary>
    public async Task<List<(string Id, ManagedDevice? Device)>> ReadByIdAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var items = ids.Select(id => BatchItem.Get($"/deviceManagement/managedDevices/{Uri.EscapeDataString(id)}?{SelectQuery}")).ToList();
        var results = items.Count == 0 ? [] : await graph.Http.BatchAsync("beta", items, cancellationToken).ConfigureAwait(false);
        var devices = new List<(string, ManagedDevice?)>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (results[i].Status == 404)
            {
                devices.Add((ids[i], null));
                continue;
            }

            Require(results[i], items[i]);
            devices.Add((ids[i], results[i].Body!.Deserialize<ManagedDevice>(GraphHttpClient.Json)));
        }

        return devices;
    }

    private async Task<(List<ManagedDevice> Devices, List<SkippedTarget> Skipped, string? Problem)> GroupAsync(string name, CancellationToken cancellationToken)
    {
        var found = await graph.Http.GetAsync<GraphPage<Group>>(
            DirectoryObjects.Query(DirectoryObjects.Groups, "displayName eq " + DirectoryObjects.Literal(name), "id,displayName", top: 2), cancellationToken).ConfigureAwait(false);
        if (found.Value.Count == 0)
        {
            return ([], [], $"group '{name}' does not exist in the tenant");
        }

        if (found.Value.Count > 1)
        {
            return ([], [], $"group name '{name}' is ambiguous: {found.Value.Count} groups have it");
        }

        var members = await graph.Http.ListAsync<Member>(
            $"{DirectoryObjects.Groups}/{Uri.EscapeDataString(found.Value[0].Id!)}/transitiveMembers?$select=id,deviceId,displayName,userPrincipalName", cancellationToken).ConfigureAwait(false);
        var devices = members.Where(m => m.Type == "#microsoft.graph.device").ToList();
        var users = members.Where(m => m.Type == "#microsoft.graph.user").ToList();
        if (devices.Count == 0 && users.Count == 0)
        {
            return ([], [], $"group '{name}' has no user or device members");
        }

        if (devices.Any(d => string.IsNullOrEmpty(d.DeviceId)))
        {
            return ([], [], $"group '{name}': its device members came back without their Entra device id, which an app gets only with Device.Read.All (Graph returns other types with limited information)");
        }

        var skipped = new List<SkippedTarget>();
        var chosen = new List<ManagedDevice>();
        var deviceQueries = devices.Select(d => Filtered("azureADDeviceId eq " + DirectoryObjects.Literal(d.DeviceId!))).ToList();
        var userQueries = users.Select(u => BatchItem.Get($"/users/{Uri.EscapeDataString(u.Id!)}/managedDevices?{SelectQuery}")).ToList();
        var all = deviceQueries.Concat(userQueries).ToList();
        var results = all.Count == 0 ? [] : await graph.Http.BatchAsync("beta", all, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < devices.Count; i++)
        {
            var managed = Page(results[i], all[i]);
            if (managed.Count == 0)
            {
                skipped.Add(new SkippedTarget(devices[i].DisplayName ?? devices[i].DeviceId!, $"in group '{name}' but not an Intune managed device"));
            }

            chosen.AddRange(managed);
        }

        for (var i = 0; i < users.Count; i++)
        {
            var managed = Page(results[devices.Count + i], all[devices.Count + i]);
            if (managed.Count == 0)
            {
                skipped.Add(new SkippedTarget(users[i].UserPrincipalName ?? users[i].Id!, $"user in group '{name}' with no Intune managed device"));
            }

            chosen.AddRange(managed);
        }

        if (chosen.Count == 0)
        {
            return ([], [], $"group '{name}' has {devices.Count} device and {users.Count} user member(s), none with an Intune managed device");
        }

        return (chosen, skipped, null);
    }

    private static BatchItem Filtered(string filter) =>
        BatchItem.Get($"/deviceManagement/managedDevices?$filter={Uri.EscapeDataString(filter)}&{SelectQuery}");

    private List<ManagedDevice> Page(GraphResult result, BatchItem item)
    {
        Require(result, item);
        var page = result.Body!.Deserialize<GraphPage<ManagedDevice>>(GraphHttpClient.Json)!;
        if (page.NextLink is not null)
        {
            // A filter on one device or one user's devices fits a page; more than a page is not a set run should guess at.
            throw new TenantStateException($"{item.Url} answered more than one page; narrow the selection.");
        }

        return page.Value;
    }

    private void Require(GraphResult result, BatchItem item)
    {
        if (!result.IsSuccess || result.Body is null)
        {
            throw graph.Http.Failure("GET", "beta" + item.Url, result.Status, result.Body, null);
        }
    }

    /// <summary>A transitiveMembers entry: a user, a device or a group.</summary>
    private sealed record Member
    {
        [JsonPropertyName("@odata.type")]
        public string? Type { get; init; }

        public string? Id { get; init; }

        public string? DeviceId { get; init; }

        public string? DisplayName { get; init; }

        public string? UserPrincipalName { get; init; }
    }
}
