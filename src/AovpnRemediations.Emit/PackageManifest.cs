using System.Globalization;
using System.Text.Json.Nodes;
using AovpnRemediations.Binding;
using AovpnRemediations.Profile.Model;
using AovpnRemediations.Rendering;

namespace AovpnRemediations.Emit;

/// <summary>
/// <c>intune/&lt;package&gt;/package.json</c>: everything publish needs except the script bytes. The format
/// is a contract with the publish stage (schema 1).
/// </summary>
public static class PackageManifest
{
    public static JsonObject For(RenderedPackage rendered)
    {
        var package = rendered.Package;
        var intune = package.Intune;
        return new JsonObject
        {
            ["schema"] = 1,
            ["id"] = package.Id,
            ["version"] = rendered.Version,
            ["displayName"] = intune.DisplayName,
            ["description"] = intune.Description,
            ["marker"] = intune.Marker,
            ["publisher"] = intune.Publisher,
            ["runAsAccount"] = intune.RunAs == Catalogue.Model.RunAsAccount.User ? "user" : "system",
            ["runAs32Bit"] = false,
            ["enforceSignatureCheck"] = intune.EnforceSignatureCheck,
            ["detectionScript"] = "detect.ps1",
            ["remediationScript"] = package.Package.Remediates ? "remediate.ps1" : null,
            ["roleScopeTags"] = new JsonArray([.. intune.ScopeTags.Select(t => (JsonNode)JsonValue.Create(t))]),
            ["assignments"] = new JsonArray([.. intune.Assignments.Select(Assignment)]),
        };
    }

    private static JsonNode Assignment(BoundAssignment assignment) => new JsonObject
    {
        ["target"] = assignment.Target switch
        {
            AssignmentTarget.Group => "group",
            AssignmentTarget.ExclusionGroup => "exclusionGroup",
            AssignmentTarget.AllDevices => "allDevices",
            AssignmentTarget.AllLicensedUsers => "allLicensedUsers",
            _ => throw new ArgumentOutOfRangeException(nameof(assignment), assignment.Target, "Unknown assignment target."),
        },
        ["groupName"] = assignment.GroupName,
        ["filterName"] = assignment.FilterName,
        ["filterMode"] = assignment.FilterMode switch
        {
            null => "none",
            FilterMode.Include => "include",
            FilterMode.Exclude => "exclude",
            _ => throw new ArgumentOutOfRangeException(nameof(assignment), assignment.FilterMode, "Unknown filter mode."),
        },
        ["runRemediationScript"] = assignment.RunRemediationScript,
        ["schedule"] = assignment.Schedule is { } schedule ? Schedule(schedule) : null,
    };

    private static JsonObject Schedule(BoundSchedule schedule) => new()
    {
        ["type"] = schedule.Type switch
        {
            ScheduleType.Once => "once",
            ScheduleType.Hourly => "hourly",
            ScheduleType.Daily => "daily",
            _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule.Type, "Unknown schedule type."),
        },
        ["interval"] = schedule.Interval,
        ["time"] = schedule.Time?.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        ["date"] = schedule.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["useUtc"] = schedule.UseUtc,
    };
}
