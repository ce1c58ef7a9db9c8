using System.Globalization;
using System.Text.Json.Nodes;

namespace AovpnRemediations.GraphEmulator.Devices;

/// <summary>An Intune managed device and its <c>deviceActionResults</c> (one entry per action name, the latest).</summary>
public sealed class ManagedDeviceRecord(string id, string deviceName, string? azureAdDeviceId, string? userId, string? userPrincipalName)
{
    public string Id { get; } = id;

    public string DeviceName { get; } = deviceName;

    public string? AzureAdDeviceId { get; } = azureAdDeviceId;

    public string? UserId { get; } = userId;

    public string? UserPrincipalName { get; } = userPrincipalName;

    public List<JsonObject> ActionResults { get; } = [];

    /// <summary>Reads of the device since its last on-demand action (the action completes after a few).</summary>
    public int ReadsSinceAction { get; set; }

    public JsonObject ToJson()
    {
        return new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.managedDevice",
            ["id"] = Id,
            ["deviceName"] = DeviceName,
            ["azureADDeviceId"] = AzureAdDeviceId,
            ["userId"] = UserId,
            ["userPrincipalName"] = UserPrincipalName,
            ["operatingSystem"] = "Windows",
            ["osVersion"] = "10.0.22631.4460",
            ["managementAgent"] = "mdm",
            ["deviceActionResults"] = new JsonArray([.. ActionResults.Select(a => (JsonNode)a.DeepClone())]),
        };
    }
}

public sealed record EntraDevice(string ObjectId, string DeviceId, string DisplayName);

public sealed record DirectoryUser(string Id, string UserPrincipalName);

public sealed record OnDemandRun(string DeviceId, string ScriptId, DateTimeOffset Started);

internal static class Times
{
    public static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
