using System.Globalization;
using AovpnRemediations.Binding;
using AovpnRemediations.Contracts;
using AovpnRemediations.Profile.Model;
using AovpnRemediations.Rendering;

namespace AovpnRemediations.Emit;

/// <summary>The <see cref="PackageJson"/> of a rendered package: everything publish needs except the script bytes.</summary>
public static class PackageManifest
{
    public static PackageJson For(RenderedPackage rendered)
    {
        var package = rendered.Package;
        var intune = package.Intune;
        return new PackageJson
        {
            Id = package.Id,
            Version = rendered.Version,
            DisplayName = intune.DisplayName,
            Description = intune.Description,
            Marker = intune.Marker,
            Publisher = intune.Publisher,
            RunAsAccount = intune.RunAs == Catalogue.Model.RunAsAccount.User ? PackageJson.Accounts.User : PackageJson.Accounts.System,
            RunAs32Bit = false,
            EnforceSignatureCheck = intune.EnforceSignatureCheck,
            DetectionScript = PackageJson.DetectionFileName,
            RemediationScript = package.Remediates ? PackageJson.RemediationFileName : null,
            RoleScopeTags = [.. intune.ScopeTags],
            Assignments = [.. intune.Assignments.Select(Assignment)],
        };
    }

    private static PackageJsonAssignment Assignment(BoundAssignment assignment) => new()
    {
        Target = assignment.Target switch
        {
            AssignmentTarget.Group => PackageJsonAssignment.Targets.Group,
            AssignmentTarget.ExclusionGroup => PackageJsonAssignment.Targets.ExclusionGroup,
            AssignmentTarget.AllDevices => PackageJsonAssignment.Targets.AllDevices,
            AssignmentTarget.AllLicensedUsers => PackageJsonAssignment.Targets.AllLicensedUsers,
            _ => throw new ArgumentOutOfRangeException(nameof(assignment), assignment.Target, "Unknown assignment target."),
        },
        GroupName = assignment.GroupName,
        FilterName = assignment.FilterName,
        FilterMode = assignment.FilterMode switch
        {
            null => PackageJsonAssignment.FilterModes.None,
            FilterMode.Include => PackageJsonAssignment.FilterModes.Include,
            FilterMode.Exclude => PackageJsonAssignment.FilterModes.Exclude,
            _ => throw new ArgumentOutOfRangeException(nameof(assignment), assignment.FilterMode, "Unknown filter mode."),
        },
        RunRemediationScript = assignment.RunRemediationScript,
        Schedule = assignment.Schedule is { } schedule ? Schedule(schedule) : null,
    };

    private static PackageJsonSchedule Schedule(BoundSchedule schedule) => new()
    {
        Type = schedule.Type switch
        {
            ScheduleType.Once => PackageJsonSchedule.Types.Once,
            ScheduleType.Hourly => PackageJsonSchedule.Types.Hourly,
            ScheduleType.Daily => PackageJsonSchedule.Types.Daily,
            _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule.Type, "Unknown schedule type."),
        },
        Interval = schedule.Interval,
        Time = schedule.Time?.ToString(PackageJsonSchedule.TimeFormat, CultureInfo.InvariantCulture),
        Date = schedule.Date?.ToString(PackageJsonSchedule.DateFormat, CultureInfo.InvariantCulture),
        UseUtc = schedule.UseUtc,
    };
}
