using System.Text;

namespace AovpnRemediations.Graph.Permissions;

/// <summary>
/// A Microsoft Graph permission. Application and delegated permissions share the name; <see cref="AlsoSatisfiedBy"/>
/// are the more privileged ones Graph's pages list for the same call, which a token may carry instead.
/// </summary>
/// <param name="Source">The page the choice rests on; what the page does not settle is said in <paramref name="Note"/>.</param>
public sealed record GraphPermission(string Name, string Grants, IReadOnlyList<string> AlsoSatisfiedBy, string Source, string? Note = null)
{
    public bool IsSatisfiedBy(IEnumerable<string> granted) =>
        granted.Any(g => string.Equals(g, Name, StringComparison.OrdinalIgnoreCase)
            || AlsoSatisfiedBy.Contains(g, StringComparer.OrdinalIgnoreCase));
}

/// <summary>When a permission is needed only for some uses of a command (a name in a profile, an option).</summary>
public sealed record PermissionCondition(string Key, string Text)
{
    public override string ToString() => Text;
}

/// <summary>A route a permission covers: method ("*" for any) and path after the version, "*" one segment, "**" any rest.</summary>
public sealed record GraphRoute(string Method, string Pattern)
{
    public bool Matches(string method, string path)
    {
        if (Method != "*" && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var want = Pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var have = Normalize(path);
        for (var i = 0; i < want.Length; i++)
        {
            if (want[i] == "**")
            {
                return true;
            }

            if (i >= have.Length || (want[i] != "*" && !string.Equals(want[i], have[i], StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return want.Length == have.Length;
    }

    /// <summary>Segments after the version, without the query: "beta/deviceManagement/x?$top=1" and "/deviceManagement/x" (a $batch item) alike.</summary>
    internal static string[] Normalize(string path)
    {
        var text = path;
        var query = text.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            text = text[..query];
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            text = absolute.AbsolutePath;
        }

        var segments = text.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length > 0 && segments[0] is "beta" or "v1.0" ? segments[1..] : segments;
    }
}

/// <summary>One permission a command needs: why, when (null: always) and the routes it covers, so a 403 on one of them names it.</summary>
public sealed record PermissionNeed(GraphPermission Permission, string Why, PermissionCondition? When, IReadOnlyList<GraphRoute> Routes);

/// <summary>What one command needs from Graph; an empty list for commands that make no Graph call.</summary>
public sealed record CommandPermissions(string Command, IReadOnlyList<PermissionNeed> Needs)
{
    /// <summary>The needs that apply to this run: the unconditional ones and those whose condition holds.</summary>
    public IReadOnlyList<PermissionNeed> For(IEnumerable<PermissionCondition> conditions)
    {
        var active = conditions.ToHashSet();
        return [.. Needs.Where(n => n.When is null || active.Contains(n.When))];
    }
}

/// <summary>
/// The one definition of the Graph permissions each command needs: <c>permissions</c> prints it, every command checks its
/// token against it before its first request, a 403 names the permission of the failing route from it, and the README's
/// table is generated from it (a test compares them). Names are the current ones: Intune moved deviceHealthScripts from
/// DeviceManagementConfiguration.* to DeviceManagementScripts.* in July 2025 (Intune what's new, week of July 28, 2025:
/// https://learn.microsoft.com/en-us/intune/intune-service/fundamentals/whats-new), and the old names no longer work for
/// remediations (https://github.com/Micke-K/IntuneManagement/issues/362).
/// </summary>
public static class GraphPermissions
{
    public static readonly GraphPermission ScriptsRead = new(
        "DeviceManagementScripts.Read.All",
        "read Intune scripts and remediations (deviceHealthScripts), their run states and summaries",
        ["DeviceManagementScripts.ReadWrite.All"],
        "https://learn.microsoft.com/graph/api/intune-devices-devicehealthscript-list?view=graph-rest-beta");

    public static readonly GraphPermission ScriptsReadWrite = new(
        "DeviceManagementScripts.ReadWrite.All",
        "create, update, assign and delete Intune scripts and remediations",
        [],
        "https://learn.microsoft.com/graph/api/intune-devices-devicehealthscript-create?view=graph-rest-beta");

    // List groups and group transitiveMembers both name GroupMember.Read.All as least privileged; Group.Read.All works too.
    public static readonly GraphPermission GroupMemberRead = new(
        "GroupMember.Read.All",
        "read groups and their members",
        ["Group.Read.All", "Directory.Read.All", "GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"],
        "https://learn.microsoft.com/graph/api/group-list?view=graph-rest-1.0");

    // transitiveMembers returns member types the app cannot read "with limited information": a device member without
    // Device.Read.All comes back without deviceId, the key to its Intune record (inferred from the page's limited-info note).
    public static readonly GraphPermission DeviceRead = new(
        "Device.Read.All",
        "read Entra device objects (the deviceId of a group's device members)",
        ["Directory.Read.All", "Device.ReadWrite.All", "Directory.ReadWrite.All"],
        "https://learn.microsoft.com/graph/api/group-list-transitivemembers?view=graph-rest-1.0",
        "That a device member lacks deviceId without it is inferred from the page's limited-information note, not seen on a tenant.");

    public static readonly GraphPermission ConfigurationRead = new(
        "DeviceManagementConfiguration.Read.All",
        "read Intune device configuration, here assignment filters",
        ["DeviceManagementConfiguration.ReadWrite.All"],
        "https://learn.microsoft.com/graph/api/intune-policyset-deviceandappmanagementassignmentfilter-list?view=graph-rest-beta");

    public static readonly GraphPermission RbacRead = new(
        "DeviceManagementRBAC.Read.All",
        "read Intune RBAC settings: scope tags and Multi Admin Approval requests",
        ["DeviceManagementRBAC.ReadWrite.All"],
        "https://learn.microsoft.com/graph/api/intune-rbac-operationapprovalrequest-list?view=graph-rest-beta");

    public static readonly GraphPermission ManagedDevicesRead = new(
        "DeviceManagementManagedDevices.Read.All",
        "read Intune managed devices (names, Entra device ids, device action results)",
        ["DeviceManagementManagedDevices.ReadWrite.All"],
        "https://learn.microsoft.com/graph/api/intune-devices-manageddevice-list?view=graph-rest-beta");

    public static readonly GraphPermission ManagedDevicesPrivileged = new(
        "DeviceManagementManagedDevices.PrivilegedOperations.All",
        "perform remote actions on Intune devices (here: run a remediation on demand)",
        [],
        "https://learn.microsoft.com/graph/permissions-reference#devicemanagementmanageddevicesprivilegedoperationsall",
        "The action's own page lists only read permissions for this write; tools that call it use PrivilegedOperations.All. Which one Intune enforces is unconfirmed.");

    // Export jobs: the create page lists any of three ReadWrite permissions; Configuration is the one publish's users
    // already know from assignment filters, so it is the one named.
    public static readonly GraphPermission ExportJobsCreate = new(
        "DeviceManagementConfiguration.ReadWrite.All",
        "create Intune report export jobs",
        ["DeviceManagementApps.ReadWrite.All", "DeviceManagementManagedDevices.ReadWrite.All"],
        "https://learn.microsoft.com/graph/api/intune-reporting-devicemanagementexportjob-create?view=graph-rest-beta");

    public static readonly GraphPermission ApplicationRead = new(
        "Application.Read.All",
        "read service principals",
        ["Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
        "https://learn.microsoft.com/graph/api/serviceprincipal-list?view=graph-rest-1.0");

    public static readonly GraphPermission ApplicationReadWrite = new(
        "Application.ReadWrite.All",
        "create and enable service principals",
        ["Directory.ReadWrite.All"],
        "https://learn.microsoft.com/graph/api/serviceprincipal-post-serviceprincipals?view=graph-rest-1.0");

    public static class When
    {
        public static readonly PermissionCondition Groups = new("groups", "the profile assigns to groups");
        public static readonly PermissionCondition Filters = new("filters", "assignments use filters");
        public static readonly PermissionCondition Export = new("export", "--source export, or auto above 5,000 devices");
        public static readonly PermissionCondition Fix = new("fix", "--fix");
        public static readonly PermissionCondition Trigger = new("trigger", "not --dry-run");
        public static readonly PermissionCondition Group = new("group", "--group");
        public static readonly PermissionCondition Finding = new("finding", "--finding with --source export, or auto above 5,000 devices");
    }

    private static readonly GraphRoute[] ScriptReads = [new("GET", "deviceManagement/deviceHealthScripts/**")];
    private static readonly GraphRoute[] GroupReads = [new("GET", "groups/**")];
    private static readonly GraphRoute[] ExportRoutes = [new("*", "deviceManagement/reports/**")];

    private static readonly PermissionNeed[] PublishReads =
    [
        new(GroupMemberRead, "resolve the profile's group names", When.Groups, GroupReads),
        new(ConfigurationRead, "resolve assignment filter names", When.Filters, [new("GET", "deviceManagement/assignmentFilters/**")]),
        new(RbacRead, "resolve scope tag names; show pending Multi Admin Approval requests",
            null, [new("GET", "deviceManagement/roleScopeTags/**"), new("GET", "deviceManagement/operationApprovalRequests/**")]),
    ];

    /// <summary>Every command, in the README's order. Commands that make no Graph call have no needs.</summary>
    public static IReadOnlyList<CommandPermissions> Commands { get; } =
    [
        new("build", []),
        new("validate", []),
        new("init", []),
        new("rules", []),
        new("docs", []),
        new("permissions", []),
        new("plan",
        [
            new(ScriptsRead, "read the managed scripts, their content and assignments", null, ScriptReads),
            .. PublishReads,
        ]),
        new("apply",
        [
            new(ScriptsReadWrite, "create, update, assign and delete the managed scripts", null, [new("*", "deviceManagement/deviceHealthScripts/**")]),
            .. PublishReads,
        ]),
        new("report",
        [
            new(ScriptsRead, "read the managed scripts, run summaries, device run states and history", null, ScriptReads),
            new(ManagedDevicesRead, "device names and users in the run states ($expand=managedDevice)", null, []),
            new(ExportJobsCreate, "the DeviceRunStatesByProactiveRemediation export job", When.Export, ExportRoutes),
        ]),
        new("run",
        [
            new(ScriptsRead, "find the package's script; read run states for --finding and --wait", null, ScriptReads),
            new(ManagedDevicesRead, "find devices by name, id or Entra device id; read device action results",
                null, [new("GET", "deviceManagement/managedDevices/**"), new("GET", "users/*/managedDevices/**")]),
            new(ManagedDevicesPrivileged, "trigger the on-demand run (initiateOnDemandProactiveRemediation)",
                When.Trigger, [new("POST", "deviceManagement/managedDevices/*/initiateOnDemandProactiveRemediation")]),
            new(GroupMemberRead, "resolve the group and list its members", When.Group, GroupReads),
            new(DeviceRead, "read the Entra device id of the group's device members", When.Group, []),
            new(ExportJobsCreate, "read findings through the export job on large fleets", When.Finding, ExportRoutes),
        ]),
        new("tenant check",
        [
            new(ApplicationRead, "find the Azure MFA service principals", null, [new("GET", "servicePrincipals/**")]),
            new(ApplicationReadWrite, "create or enable them", When.Fix, [new("*", "servicePrincipals/**")]),
        ]),
    ];

    public static CommandPermissions For(string command) =>
        Commands.FirstOrDefault(c => c.Command == command)
        ?? throw new ArgumentException($"No permission entry for command '{command}'.", nameof(command));

    /// <summary>
    /// The need that covers a failed request: first among the running command's needs (the one whose route matches),
    /// then among every command's, since a route may be reached from more than one command.
    /// </summary>
    public static PermissionNeed? ForRoute(string? command, string method, string path)
    {
        var own = command is null ? [] : For(command).Needs;
        return own.Concat(Commands.SelectMany(c => c.Needs))
            .FirstOrDefault(n => n.Routes.Any(r => r.Matches(method, path)));
    }

    /// <summary>How to grant application permissions (or consent to delegated ones): the same words everywhere they are shown.</summary>
    public static string HowToGrant(bool delegated) => delegated
        ? "Consent to them for the client app (Entra admin center > Enterprise applications > the app > Permissions > Grant admin consent), "
          + "and give the signed-in account an Intune role that allows the action."
        : "Grant them in the Entra admin center: App registrations > the app > API permissions > Add a permission > Microsoft Graph > "
          + "Application permissions, tick each one, then 'Grant admin consent for <tenant>'. A token issued after consent carries them.";

    /// <summary>One line per need: permission, why, and when (always or the condition).</summary>
    public static string Describe(PermissionNeed need) =>
        $"{need.Permission.Name}: {need.Why}{(need.When is null ? "" : $" (when {need.When.Text})")}";

    /// <summary>The README's table, generated: one row per command and permission.</summary>
    public static string MarkdownTable()
    {
        var o = new StringBuilder();
        o.Append("| command | permission | why | when |\n|---|---|---|---|\n");
        var none = Commands.Where(c => c.Needs.Count == 0).Select(c => $"`{c.Command}`").ToList();
        o.Append("| ").Append(string.Join(", ", none)).Append(" | none | no Graph calls | |\n");
        foreach (var command in Commands.Where(c => c.Needs.Count > 0))
        {
            foreach (var need in command.Needs)
            {
                o.Append("| `").Append(command.Command).Append("` | `").Append(need.Permission.Name).Append("` | ")
                    .Append(need.Why.Replace("|", "\\|", StringComparison.Ordinal)).Append(" | ")
                    .Append(need.When?.Text ?? "always").Append(" |\n");
            }
        }

        return o.ToString();
    }
}
