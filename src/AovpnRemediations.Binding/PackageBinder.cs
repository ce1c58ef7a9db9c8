using System.Globalization;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Profile.Model;

namespace AovpnRemediations.Binding;

/// <summary>
/// Resolves the catalogue against a loaded profile. Problems the schema cannot see (unknown package ids,
/// settings for the wrong target, duplicate assignments) are reported like schema errors, with a fix.
/// </summary>
public static class PackageBinder
{
    /// <summary>The ownership marker publish looks for in a script's description.</summary>
    public static string MarkerFor(string packageId) => Contracts.OwnershipMarker.ForPackage(packageId);

    public static IReadOnlyList<BoundPackage> Bind(LoadedProfile loaded, IReadOnlyList<Package> catalogue)
    {
        var errors = new List<ProfileError>();
        var profile = loaded.Profile;
        foreach (var id in profile.Packages.Keys.Where(id => !catalogue.Any(p => p.Id == id)))
        {
            errors.Add(loaded.ErrorAt(
                JsonLocator.Pointer("packages", id),
                $"'{id}' is not a package of the catalogue.",
                $"use one of: {string.Join(", ", catalogue.Select(p => p.Id))}."));
        }

        var bound = new List<BoundPackage>();
        foreach (var package in catalogue)
        {
            var settings = profile.Packages.GetValueOrDefault(package.Id) ?? new PackageSettings();
            if (!settings.Enabled)
            {
                continue;
            }

            if (NeedsNps(package) && profile.Nps is null)
            {
                // An organisation without the Azure MFA NPS extension has no nps section: the package is left
                // out, unless the profile asks for it by name, which without a tenant ID is a mistake.
                if (profile.Packages.ContainsKey(package.Id))
                {
                    errors.Add(loaded.ErrorAt(
                        JsonLocator.Pointer("packages", package.Id),
                        $"package '{package.Id}' checks the Azure MFA NPS extension certificate, which needs the tenant ID from the \"nps\" section, and the profile has none.",
                        "add \"nps\": { \"tenantId\": \"<your Entra tenant ID>\" } to the profile, or set \"enabled\": false for the package."));
                }

                continue;
            }

            // A rule that needs a setting the profile leaves out (a tunnel, the TPM requirement) is not built;
            // a package left with no rule is not built either.
            var applicable = package.Rules.Where(rule => ProfileRequirementCheck.IsMet(profile, rule.Descriptor.Requires)).ToList();
            if (applicable.Count == 0)
            {
                if (settings.Assignments.Count > 0)
                {
                    errors.Add(loaded.ErrorAt(
                        JsonLocator.Pointer("packages", package.Id, "assignments"),
                        $"package '{package.Id}' has assignments, but none of its rules applies to this profile: they need {string.Join("; or ", package.Rules.Select(r => r.Descriptor.Requires.Describe()).Distinct())}.",
                        "configure what the package checks, or set \"enabled\": false on the package."));
                }

                continue;
            }

            var targets = settings.Targets?.Select(ToTarget).Distinct().Order().ToList() ?? [.. package.DefaultTargets];
            var rules = applicable.Select(rule => BindRule(loaded, rule)).ToList();
            var assignments = BindAssignments(loaded, package, rules.Any(r => r.Remediates), settings, targets, errors);
            bound.Add(new BoundPackage(package, rules, targets, Deployment(profile, package, assignments), profile.Thresholds)
            {
                Pki = new BoundPki(loaded.RootCas, loaded.IntermediateCas),
            });
        }

        if (errors.Count > 0)
        {
            throw new ProfileException(errors);
        }

        return bound;
    }

    private static BoundRule BindRule(LoadedProfile loaded, Rule rule) =>
        new(
            rule,
            BindParameters(loaded, rule.Check.Parameters),
            rule.Remedy is { } remedy && ProfileRequirementCheck.IsMet(loaded.Profile, remedy.Requires) ? BindParameters(loaded, remedy.Parameters) : null);

    private static List<BoundParameter> BindParameters(LoadedProfile loaded, IReadOnlyList<KindParameter> parameters) =>
        [.. parameters.Select(p => new BoundParameter(p.Name, BindValue(loaded, p.Value)))];

    private static BoundValue BindValue(LoadedProfile loaded, KindValue value) => value switch
    {
        KindValue.Identifier v => new BoundValue.Identifier(v.Value),
        KindValue.Text v => new BoundValue.Text(v.Value),
        KindValue.Texts v => new BoundValue.TextList(v.Values),
        KindValue.Number v => new BoundValue.Number(v.Value),
        KindValue.Flag v => new BoundValue.Flag(v.Value),
        KindValue.Members v => new BoundValue.Members(BindParameters(loaded, v.Parameters)),
        KindValue.Absent => BoundValue.Absent.Value,
        KindValue.Profile v => Resolve(loaded, v.Setting),
        _ => throw new InvalidOperationException($"Binding does not know parameter value {value.GetType().Name}."),
    };

    /// <summary>The one place a profile setting becomes a template value. Rules that need a setting the profile leaves out are not built, so a missing one here is a catalogue bug.</summary>
    private static BoundValue Resolve(LoadedProfile loaded, ProfileSetting setting)
    {
        var profile = loaded.Profile;
        return setting switch
        {
            ProfileSetting.RootCertificates => new BoundValue.Certificates(loaded.RootCas),
            ProfileSetting.IntermediateCertificates => new BoundValue.Certificates(loaded.IntermediateCas),
            ProfileSetting.BlockedDeviceCertificates => new BoundValue.Certificates(loaded.BlockedDeviceCertificates),
            ProfileSetting.TunnelConnectionNames => new BoundValue.TextList(
                [.. new[] { profile.Vpn.UserTunnel, profile.Vpn.DeviceTunnel }.OfType<TunnelSettings>().Select(t => t.ConnectionName).Distinct(StringComparer.OrdinalIgnoreCase)]),
            ProfileSetting.UserTunnelConnectionName => new BoundValue.Text(profile.Vpn.UserTunnel?.ConnectionName ?? throw NotConfigured(setting, "vpn.userTunnel")),
            ProfileSetting.DeviceTunnelConnectionName => new BoundValue.Text(profile.Vpn.DeviceTunnel?.ConnectionName ?? throw NotConfigured(setting, "vpn.deviceTunnel")),
            ProfileSetting.VpnPublicFqdn => new BoundValue.Text(profile.Vpn.PublicFqdn),
            ProfileSetting.ClientCertificateExpiryWarningDays => new BoundValue.Number(profile.Thresholds.ClientCertificateExpiryWarningDays),
            ProfileSetting.ServerCertificateExpiryWarningDays => new BoundValue.Number(profile.Thresholds.ServerCertificateExpiryWarningDays),
            ProfileSetting.NpsCertificateExpiryWarningDays => new BoundValue.Number(profile.Thresholds.NpsCertificateExpiryWarningDays),
            ProfileSetting.ConnectionEventWindowHours => new BoundValue.Number(profile.Thresholds.ConnectionEventWindowHours),
            ProfileSetting.NpsEventWindowHours => new BoundValue.Number(profile.Thresholds.NpsEventWindowHours),
            ProfileSetting.AutoenrollmentWaitSeconds => new BoundValue.Number(profile.Thresholds.AutoenrollmentWaitSeconds),
            ProfileSetting.NpsTenantId => new BoundValue.Text(profile.Nps?.TenantId ?? throw NotConfigured(setting, "nps.tenantId")),
            ProfileSetting.NpsAllowServiceRestart => new BoundValue.Flag(profile.Nps?.AllowServiceRestart ?? false),
            ProfileSetting.DenyListUsers => new BoundValue.TextList(profile.DenyList.Users),
            ProfileSetting.DenyListDeviceNames => new BoundValue.TextList([.. profile.DenyList.Devices.Select(d => d.Name)]),
            ProfileSetting.DenyListAllowRemoteAccessRestart => new BoundValue.Flag(profile.DenyList.AllowRemoteAccessRestart),
            ProfileSetting.DenyListReconnectWaitSeconds => new BoundValue.Number(profile.DenyList.ReconnectWaitSeconds),
            _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, "Binding does not know this profile setting; add a case to PackageBinder.Resolve."),
        };
    }

    private static InvalidOperationException NotConfigured(ProfileSetting setting, string path) =>
        new($"A rule binds {setting}, but the profile has no {path} and the rule does not require it; add the requirement to the rule.");

    private static bool NeedsNps(Package package) => package.Rules.Any(r => r.Descriptor.Requires.HasFlag(ProfileRequirements.Nps));

    private static IntuneDeployment Deployment(OrgProfile profile, Package package, IReadOnlyList<BoundAssignment> assignments)
    {
        var marker = MarkerFor(package.Id);
        return new IntuneDeployment(
            profile.Intune.DisplayNamePrefix + package.Title,
            $"{package.Description} Generated by aovpn-remediations for {profile.Organisation}; change the profile and re-publish rather than editing here. {marker}",
            marker,
            profile.Publisher,
            package.RunAs,
            profile.Intune.EnforceSignatureCheck,
            profile.Intune.ScopeTags,
            assignments);
    }

    private static List<BoundAssignment> BindAssignments(LoadedProfile loaded, Package package, bool remediates, PackageSettings settings, IReadOnlyList<DeploymentTarget> targets, List<ProfileError> errors)
    {
        var result = new List<BoundAssignment>();
        if (settings.Assignments.Count > 0 && !targets.Contains(DeploymentTarget.Intune))
        {
            errors.Add(loaded.ErrorAt(
                JsonLocator.Pointer("packages", package.Id, "assignments"),
                $"assignments are Intune settings, but package '{package.Id}' does not go to Intune.",
                "add \"intune\" to its targets, or remove the assignments."));
            return result;
        }

        var packageSchedule = settings.Schedule is null
            ? BindSchedule(loaded, JsonLocator.Pointer("intune", "defaultSchedule"), loaded.Profile.Intune.DefaultSchedule, errors)
            : BindSchedule(loaded, JsonLocator.Pointer("packages", package.Id, "schedule"), settings.Schedule, errors);
        var seen = new Dictionary<(AssignmentTarget, string?), int>();
        for (var i = 0; i < settings.Assignments.Count; i++)
        {
            var assignment = settings.Assignments[i];
            var (target, group) = assignment switch
            {
                { Group: { } g } => (AssignmentTarget.Group, g.Trim()),
                { ExcludeGroup: { } g } => (AssignmentTarget.ExclusionGroup, g.Trim()),
                { AllDevices: true } => (AssignmentTarget.AllDevices, (string?)null),
                _ => (AssignmentTarget.AllLicensedUsers, (string?)null),
            };
            var pointer = JsonLocator.Pointer("packages", package.Id, "assignments", i);
            var key = (target == AssignmentTarget.ExclusionGroup ? AssignmentTarget.Group : target, group?.ToUpperInvariant());
            if (seen.TryGetValue(key, out var first))
            {
                errors.Add(loaded.ErrorAt(pointer, $"this assignment targets the same {(group is null ? target.ToString() : $"group '{group}'")} as assignment {first}.", "keep one assignment per group (Intune would silently drop the duplicate)."));
                continue;
            }

            seen[key] = i;
            if (target == AssignmentTarget.ExclusionGroup && (assignment.Filter is not null || assignment.Schedule is not null))
            {
                errors.Add(loaded.ErrorAt(pointer, "an exclusion takes no filter or schedule.", "remove \"filter\" and \"schedule\" from the excludeGroup assignment."));
                continue;
            }

            result.Add(target == AssignmentTarget.ExclusionGroup
                ? new BoundAssignment(target, group, null, null, false, null)
                : new BoundAssignment(
                    target,
                    group,
                    assignment.Filter?.Trim(),
                    assignment.Filter is null ? null : assignment.FilterMode,
                    remediates,
                    assignment.Schedule is null ? packageSchedule : BindSchedule(loaded, pointer + "/schedule", assignment.Schedule, errors)));
        }

        return result;
    }

    private static BoundSchedule BindSchedule(LoadedProfile loaded, string pointer, Schedule schedule, List<ProfileError> errors)
    {
        DateOnly? date = null;
        if (schedule.Date is not null)
        {
            if (DateOnly.TryParseExact(schedule.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                date = parsed;
            }
            else
            {
                errors.Add(loaded.ErrorAt(pointer + "/date", $"'{schedule.Date}' is not a calendar date.", "use a real date as yyyy-MM-dd, e.g. 2026-12-01."));
            }
        }

        // The schema already checked HH:mm with a valid hour and minute.
        TimeOnly? time = schedule.Time is null ? null : TimeOnly.ParseExact(schedule.Time, "HH:mm", CultureInfo.InvariantCulture);
        return new BoundSchedule(schedule.Type, schedule.Interval, time, date, schedule.UseUtc);
    }

    private static DeploymentTarget ToTarget(DeploymentTargetName name) => name switch
    {
        DeploymentTargetName.Intune => DeploymentTarget.Intune,
        DeploymentTargetName.ConfigMgr => DeploymentTarget.ConfigMgr,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown deployment target."),
    };
}
