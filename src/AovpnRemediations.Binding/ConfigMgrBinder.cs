using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Profile.Model;

namespace AovpnRemediations.Binding;

/// <summary>
/// The ConfigMgr side of a build: one configuration item per package that goes to ConfigMgr, and one baseline per
/// role (clients, VPN servers, NPS servers) holding only that role's items, each deployed to its own collections.
/// A server then evaluates only its own role's items: an RRAS-only server never sees the NPS item.
/// </summary>
/// <param name="Baselines">The role baselines that have items, in role order.</param>
/// <param name="Items">Every configuration item, in catalogue order.</param>
public sealed record BoundConfigMgr(IReadOnlyList<BoundBaseline> Baselines, IReadOnlyList<BoundConfigurationItem> Items);

/// <param name="Role">The role whose items the baseline holds.</param>
/// <param name="Name">The baseline's name (<c>configMgr.baselines.&lt;role&gt;.name</c>).</param>
/// <param name="Marker">Ownership marker in the baseline's description; the import script changes only a baseline that carries it.</param>
/// <param name="Items">The items of the role, in catalogue order.</param>
public sealed record BoundBaseline(
    PackageRole Role,
    string Name,
    string Description,
    string Marker,
    IReadOnlyList<BoundConfigurationItem> Items,
    IReadOnlyList<BoundBaselineDeployment> Deployments);

/// <summary>One package as a ConfigMgr configuration item with one script setting and one value rule.</summary>
/// <param name="Name">The item's name: <c>configMgr.namePrefix</c> + the package title.</param>
/// <param name="Description">The item's description, ending with the ownership <paramref name="Marker"/>.</param>
/// <param name="SettingName">The script setting's name; stable, so an update finds the setting again.</param>
/// <param name="RuleName">The value rule's name, shown in compliance reports.</param>
/// <param name="Severity">The highest severity of the package's rules, reported for noncompliance.</param>
/// <param name="PerUser">The scripts run with the logged-on user's credentials (a user-context package).</param>
public sealed record BoundConfigurationItem(
    BoundPackage Package,
    string Name,
    string Description,
    string Marker,
    string SettingName,
    string RuleName,
    Severity Severity,
    bool PerUser);

/// <summary>A deployment of a baseline to a collection, evaluated every <paramref name="EveryDays"/> days with remediation.</summary>
public sealed record BoundBaselineDeployment(string Collection, int EveryDays);

/// <summary>Binds the profile's <c>configMgr</c> settings to the packages that go to ConfigMgr.</summary>
public static class ConfigMgrBinder
{
    /// <summary>
    /// The marker of the single baseline earlier versions made for every server item. The import script retires a
    /// baseline that carries it (see the README's ConfigMgr section); it never writes it again.
    /// </summary>
    public const string LegacyBaselineMarker = Contracts.OwnershipMarker.LegacyBaseline;

    /// <summary>The ownership marker in the description of the baseline of a role.</summary>
    public static string BaselineMarkerFor(PackageRole role) => Contracts.OwnershipMarker.ForBaseline(role.JsonName());

    /// <summary>Null when no package goes to ConfigMgr: then there is nothing to import.</summary>
    public static BoundConfigMgr? Bind(LoadedProfile loaded, IReadOnlyList<BoundPackage> packages)
    {
        var profile = loaded.Profile;
        var settings = profile.ConfigMgr;
        var items = packages.Where(p => p.Targets.Contains(DeploymentTarget.ConfigMgr)).Select(p => Item(profile.Organisation, settings.NamePrefix, p)).ToList();
        if (items.Count == 0)
        {
            return null;
        }

        var duplicate = items.GroupBy(i => i.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Packages {string.Join(", ", duplicate.Select(i => i.Package.Id))} share the title '{duplicate.Key}'; configuration items need distinct names.");
        }

        var errors = new List<ProfileError>();
        var baselines = new List<BoundBaseline>();
        var names = new Dictionary<string, PackageRole>(StringComparer.OrdinalIgnoreCase);
        foreach (var role in Enum.GetValues<PackageRole>())
        {
            var configured = SettingsOf(settings.Baselines, role);
            var roleItems = items.Where(i => i.Package.Package.Role == role).ToList();
            var pointer = JsonLocator.Pointer("configMgr", "baselines", role.JsonName());
            if (configured is not null)
            {
                // Checked whether or not the role has packages this build: a name clash is a mistake either way.
                var name = configured.Name.Trim();
                if (names.TryGetValue(name, out var other))
                {
                    errors.Add(loaded.ErrorAt(
                        pointer + "/name",
                        $"'{name}' is already the name of the {other.JsonName()} baseline.",
                        "give each role's baseline its own name: one baseline holding two roles' items is what leaves servers noncompliant for a role they do not have."));
                }
                else
                {
                    names[name] = role;
                }
            }

            if (roleItems.Count == 0)
            {
                continue;
            }

            var packageList = string.Join(", ", roleItems.Select(i => i.Package.Id));
            if (configured is null)
            {
                errors.Add(loaded.ErrorAt(
                    pointer,
                    $"{packageList} {(roleItems.Count == 1 ? "goes" : "go")} to ConfigMgr for {role.Describe()}, but there is no baseline for that role.",
                    $"add \"{role.JsonName()}\": {{ \"name\": \"<baseline name>\", \"deployments\": [{{ \"collection\": \"<collection of your {role.Describe()}>\" }}] }} under configMgr.baselines, or leave \"configmgr\" out of packages.<id>.targets."));
                continue;
            }

            var deployments = Deployments(loaded, configured, pointer, errors);
            if (configured.Deployments.Count == 0)
            {
                errors.Add(loaded.ErrorAt(
                    pointer,
                    $"the {role.JsonName()} baseline holds {packageList} but has no deployments, so no server would evaluate it.",
                    $"add \"deployments\": [{{ \"collection\": \"<collection of your {role.Describe()}>\", \"everyDays\": 1 }}]."));
                continue;
            }

            var marker = BaselineMarkerFor(role);
            baselines.Add(new BoundBaseline(
                role,
                configured.Name.Trim(),
                $"AOVPN health checks of {profile.Organisation} for {role.Describe()}, generated by aovpn-remediations; change the profile, build and run Import-AovpnBaseline.ps1 again rather than editing here. {marker}",
                marker,
                roleItems,
                deployments));
        }

        if (errors.Count > 0)
        {
            throw new ProfileException(errors);
        }

        return new BoundConfigMgr(baselines, items);
    }

    private static ConfigMgrBaseline? SettingsOf(ConfigMgrBaselines baselines, PackageRole role) => role switch
    {
        PackageRole.Clients => baselines.Clients,
        PackageRole.VpnServers => baselines.VpnServers,
        PackageRole.NpsServers => baselines.NpsServers,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "No baseline setting for this role; add it to ConfigMgrBaselines."),
    };

    private static List<BoundBaselineDeployment> Deployments(LoadedProfile loaded, ConfigMgrBaseline baseline, string pointer, List<ProfileError> errors)
    {
        var deployments = new List<BoundBaselineDeployment>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < baseline.Deployments.Count; i++)
        {
            var collection = baseline.Deployments[i].Collection.Trim();
            if (seen.TryGetValue(collection, out var first))
            {
                errors.Add(loaded.ErrorAt(
                    $"{pointer}/deployments/{i}",
                    $"collection '{collection}' is already deployed to by deployment {first}.",
                    "keep one deployment per collection (a collection gets the baseline once)."));
                continue;
            }

            seen[collection] = i;
            deployments.Add(new BoundBaselineDeployment(collection, baseline.Deployments[i].EveryDays));
        }

        return deployments;
    }

    private static BoundConfigurationItem Item(string organisation, string namePrefix, BoundPackage package)
    {
        var marker = PackageBinder.MarkerFor(package.Id);
        return new BoundConfigurationItem(
            package,
            namePrefix + package.Package.Title,
            $"{package.Package.Description} Generated by aovpn-remediations for {organisation}; change the profile, build and run Import-AovpnBaseline.ps1 again rather than editing here. {marker}",
            marker,
            package.Id,
            $"{package.Id} is Compliant",
            package.Package.Rules.Max(r => r.Descriptor.Severity),
            package.Package.RunAs == RunAsAccount.User);
    }
}
