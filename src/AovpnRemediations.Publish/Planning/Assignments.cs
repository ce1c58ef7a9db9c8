using System.Globalization;
using AovpnRemediations.Graph.Beta;
using AovpnRemediations.Publish.Output;
using AovpnRemediations.Publish.Tenant;

namespace AovpnRemediations.Publish.Planning;

/// <summary>
/// An assignment reduced to what decides whether the tenant matches: target kind, group, filter, and the schedule
/// with its time parsed (so "02:00:00" and "02:00:00.0000000" are the same). <c>runRemediationScript</c> is left out
/// of the comparison on purpose: Intune returns false whatever was posted (intune-graph.md §5), so comparing it would
/// report drift on every run. It is still always sent.
/// </summary>
public sealed record AssignmentKey(string TargetType, string? GroupId, string? FilterId, string FilterType, ScheduleKey? Schedule)
{
    /// <summary>The identity of the target; Intune keeps one assignment per target.</summary>
    public string Target => $"{TargetType}|{GroupId?.ToLowerInvariant()}";
}

public sealed record ScheduleKey(string Type, int Interval, TimeSpan? Time, DateOnly? Date, bool UseUtc);

/// <summary>A desired assignment with its ids resolved: the key to compare and the object to post.</summary>
public sealed record DesiredAssignment(AssignmentKey Key, DeviceHealthScriptAssignment Graph, PackageAssignment Source);

public static class Assignments
{
    public static IReadOnlyList<DesiredAssignment> Desired(PackageDefinition package, Resolution resolution)
    {
        var result = new List<DesiredAssignment>();
        foreach (var a in package.Assignments)
        {
            var type = a.Target switch
            {
                "group" => AssignmentTarget.Group,
                "exclusionGroup" => AssignmentTarget.ExclusionGroup,
                "allDevices" => AssignmentTarget.AllDevices,
                "allLicensedUsers" => AssignmentTarget.AllLicensedUsers,
                _ => throw new OutputMismatchException($"intune/{package.Id}/package.json: unknown target '{a.Target}'."),
            };
            var groupId = a.GroupName is null ? null : resolution.Groups[a.GroupName];
            var filterId = a.FilterName is null ? null : resolution.Filters[a.FilterName];
            var schedule = a.Schedule is null ? null : new ScheduleKey(a.Schedule.Type, a.Schedule.Interval, a.Schedule.Time, a.Schedule.Date, a.Schedule.UseUtc);
            var key = new AssignmentKey(type, groupId, filterId, a.FilterMode, schedule);

            var graph = new DeviceHealthScriptAssignment
            {
                Target = new AssignmentTarget { ODataType = type, GroupId = groupId, FilterId = filterId, FilterType = a.FilterMode },
                // A detection-only package has nothing to run; exclusions never run anything.
                RunRemediationScript = a.RunRemediationScript && package.Remediation is not null && a.Target != "exclusionGroup",
                RunSchedule = ToGraph(schedule),
            };

            var duplicate = result.FirstOrDefault(r => r.Key.Target == key.Target);
            if (duplicate is not null)
            {
                if (duplicate.Key == key && duplicate.Graph.RunRemediationScript == graph.RunRemediationScript)
                {
                    continue; // the same target twice: post it once (Intune would silently drop the second)
                }

                throw new OutputMismatchException(
                    $"intune/{package.Id}/package.json assigns {Describe(key, resolution)} twice with different settings; Intune keeps one assignment per target. Fix the profile and build again.");
            }

            result.Add(new DesiredAssignment(key, graph, a));
        }

        return result;
    }

    public static AssignmentKey FromTenant(DeviceHealthScriptAssignment a)
    {
        var target = a.Target ?? new AssignmentTarget();
        var filterType = string.IsNullOrEmpty(target.FilterType) ? "none" : target.FilterType;
        var filterId = filterType == "none" || string.IsNullOrEmpty(target.FilterId) ? null : target.FilterId.ToLowerInvariant();
        return new AssignmentKey(target.ODataType ?? "", string.IsNullOrEmpty(target.GroupId) ? null : target.GroupId, filterId,
            filterId is null ? "none" : filterType, FromTenant(target.ODataType, a.RunSchedule));
    }

    private static ScheduleKey? FromTenant(string? targetType, RunSchedule? s)
    {
        if (s is null || targetType == AssignmentTarget.ExclusionGroup)
        {
            return null;
        }

        var type = s.ODataType switch
        {
            RunSchedule.Once => "once",
            RunSchedule.Hourly => "hourly",
            RunSchedule.Daily => "daily",
            _ => s.ODataType ?? "unknown",
        };
        TimeSpan? time = type != "hourly" && TimeSpan.TryParse(s.Time, CultureInfo.InvariantCulture, out var t) ? t : null;
        DateOnly? date = type == "once" && DateOnly.TryParse(s.Date, CultureInfo.InvariantCulture, out var d) ? d : null;
        return new ScheduleKey(type, s.Interval ?? 1, time, date, type != "hourly" && s.UseUtc == true);
    }

    public static AssignmentKey Normalize(AssignmentKey key) => key with
    {
        GroupId = key.GroupId?.ToLowerInvariant(),
        FilterId = key.FilterId?.ToLowerInvariant(),
        Schedule = key.Schedule is { Type: "hourly" } h ? h with { Time = null, Date = null, UseUtc = false } : key.Schedule,
    };

    private static RunSchedule? ToGraph(ScheduleKey? s) => s?.Type switch
    {
        null => null,
        "hourly" => new RunSchedule { ODataType = RunSchedule.Hourly, Interval = s.Interval },
        "daily" => new RunSchedule { ODataType = RunSchedule.Daily, Interval = s.Interval, UseUtc = s.UseUtc, Time = Format(s.Time) },
        "once" => new RunSchedule
        {
            ODataType = RunSchedule.Once,
            Interval = s.Interval,
            UseUtc = s.UseUtc,
            Time = Format(s.Time),
            Date = s.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        },
        _ => throw new InvalidOperationException($"schedule type {s.Type}"),
    };

    private static string? Format(TimeSpan? time) => time?.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);

    /// <summary>Human wording, with names where the resolution knows them.</summary>
    public static string Describe(AssignmentKey key, Resolution resolution)
    {
        var target = key.TargetType switch
        {
            AssignmentTarget.Group => $"group \"{resolution.GroupName(key.GroupId)}\"",
            AssignmentTarget.ExclusionGroup => $"exclude group \"{resolution.GroupName(key.GroupId)}\"",
            AssignmentTarget.AllDevices => "all devices",
            AssignmentTarget.AllLicensedUsers => "all licensed users",
            _ => key.TargetType,
        };
        var filter = key.FilterType == "none" ? "" : $", filter {key.FilterType} \"{resolution.FilterName(key.FilterId)}\"";
        var schedule = key.Schedule switch
        {
            null => "",
            { Type: "hourly" } s => $", every {s.Interval} h",
            { Type: "daily" } s => $", every {s.Interval} day(s) at {Format(s.Time)} {(s.UseUtc ? "UTC" : "local")}",
            { Type: "once" } s => $", once on {s.Date:yyyy-MM-dd} at {Format(s.Time)} {(s.UseUtc ? "UTC" : "local")}",
            { } s => $", schedule {s.Type}",
        };
        return target + filter + schedule;
    }
}
