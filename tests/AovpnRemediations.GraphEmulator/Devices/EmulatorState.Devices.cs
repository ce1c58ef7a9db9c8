using AovpnRemediations.GraphEmulator.Devices;

namespace AovpnRemediations.GraphEmulator;

/// <summary>
/// The device side of the tenant: Intune managed devices (with their device action results), Entra device objects and
/// users, and group membership, which is what <c>run</c> selects devices from. Same <see cref="Gate"/> as the rest.
/// </summary>
public sealed partial class EmulatorState
{
    private long _actionTicks;

    public List<ManagedDeviceRecord> ManagedDevices { get; } = [];

    /// <summary>Entra device objects: object id (what group membership lists) and deviceId (managedDevice.azureADDeviceId).</summary>
    public List<EntraDevice> EntraDevices { get; } = [];

    public List<DirectoryUser> Users { get; } = [];

    /// <summary>Direct members of each group by group id: user, device or group object ids (nested groups make transitiveMembers transitive).</summary>
    public Dictionary<string, List<string>> GroupMembers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every on-demand run the service accepted, in order (what tests count: one per device).</summary>
    public List<OnDemandRun> OnDemandRuns { get; } = [];

    /// <summary>
    /// The service's clock for device actions: <see cref="Now"/> plus one second per action, so two actions on a device never
    /// share a start time (a client tells a new action from an old one by it).
    /// </summary>
    public DateTimeOffset NextActionTime() => Now.AddSeconds(Interlocked.Increment(ref _actionTicks));

    /// <summary>Adds an Intune managed device and, unless <paramref name="azureAdDeviceId"/> is "", its Entra device object.</summary>
    public ManagedDeviceRecord AddManagedDevice(string deviceName, string? id = null, string? azureAdDeviceId = null, DirectoryUser? user = null)
    {
        lock (Gate)
        {
            id ??= NewId();
            azureAdDeviceId ??= NewId();
            var record = new ManagedDeviceRecord(id, deviceName, azureAdDeviceId.Length == 0 ? null : azureAdDeviceId, user?.Id, user?.UserPrincipalName);
            ManagedDevices.Add(record);
            if (record.AzureAdDeviceId is { } deviceId)
            {
                EntraDevices.Add(new EntraDevice(NewId(), deviceId, deviceName));
            }

            return record;
        }
    }

    /// <summary>
    /// Makes a synthetic fleet's devices Intune managed devices with the same ids (a fleet's run states name them), so
    /// <c>run</c> can select them by name, group or finding. Fleets share device ids by index, so one call covers every
    /// fleet of that size.
    /// </summary>
    public IReadOnlyList<ManagedDeviceRecord> AddFleetDevices(Fleet.SyntheticFleet fleet) =>
        [.. fleet.Devices().Select(d => AddManagedDevice(d.DeviceName, d.DeviceId))];

    /// <summary>An Entra device that Intune does not manage (in a group, but not a target of run).</summary>
    public EntraDevice AddUnmanagedEntraDevice(string displayName)
    {
        lock (Gate)
        {
            var device = new EntraDevice(NewId(), NewId(), displayName);
            EntraDevices.Add(device);
            return device;
        }
    }

    public DirectoryUser AddUser(string userPrincipalName)
    {
        lock (Gate)
        {
            var user = new DirectoryUser(NewId(), userPrincipalName);
            Users.Add(user);
            return user;
        }
    }

    /// <summary>Adds a member (a user, Entra device or group object id) to a group.</summary>
    public void AddGroupMember(string groupId, string memberObjectId)
    {
        lock (Gate)
        {
            if (!GroupMembers.TryGetValue(groupId, out var members))
            {
                GroupMembers[groupId] = members = [];
            }

            members.Add(memberObjectId);
        }
    }

    /// <summary>The Entra device object of a managed device (to put it in a group).</summary>
    public EntraDevice EntraDeviceOf(ManagedDeviceRecord device)
    {
        lock (Gate)
        {
            return EntraDevices.First(d => string.Equals(d.DeviceId, device.AzureAdDeviceId, StringComparison.OrdinalIgnoreCase));
        }
    }

    public ManagedDeviceRecord? FindManagedDevice(string id) =>
        ManagedDevices.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));
}
