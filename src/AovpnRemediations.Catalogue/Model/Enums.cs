namespace AovpnRemediations.Catalogue.Model;

/// <summary>How bad a finding of a rule is for the user or the service.</summary>
public enum Severity
{
    Information,
    Warning,
    Critical,
}

/// <summary>Where a rule runs and what it looks at.</summary>
public enum RuleScope
{
    UserClient,
    DeviceClient,
    VpnServer,
    NpsServer,
    Tenant,
}

/// <summary>The account a package's scripts run as (Intune <c>runAsAccount</c>).</summary>
public enum RunAsAccount
{
    System,
    User,
}

/// <summary>Which machines a package is written for; decides its default deployment target.</summary>
public enum PackageAudience
{
    Client,
    Server,
}

/// <summary>
/// The machines a package is for, decided from its rules' <see cref="RuleScope"/>: ConfigMgr deploys each role's
/// packages in a baseline of their own, so a server of one role never evaluates another role's items.
/// </summary>
public enum PackageRole
{
    /// <summary>Windows clients (user or device scope); in ConfigMgr, also the servers that need the same CAs.</summary>
    Clients,

    /// <summary>RRAS VPN servers.</summary>
    VpnServers,

    /// <summary>NPS servers.</summary>
    NpsServers,
}

public static class PackageRoleExtensions
{
    /// <summary>The role's name in the profile (<c>configMgr.baselines.&lt;name&gt;</c>) and in the import script.</summary>
    public static string JsonName(this PackageRole role) => role switch
    {
        PackageRole.Clients => "clients",
        PackageRole.VpnServers => "vpnServers",
        PackageRole.NpsServers => "npsServers",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown package role."),
    };

    /// <summary>The role in words, for docs and messages.</summary>
    public static string Describe(this PackageRole role) => role switch
    {
        PackageRole.Clients => "clients",
        PackageRole.VpnServers => "VPN (RRAS) servers",
        PackageRole.NpsServers => "NPS servers",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown package role."),
    };

    /// <summary>The role whose machines a rule of this scope runs on; tenant rules run in the CLI, on no machine.</summary>
    public static PackageRole? RoleOf(RuleScope scope) => scope switch
    {
        RuleScope.UserClient or RuleScope.DeviceClient => PackageRole.Clients,
        RuleScope.VpnServer => PackageRole.VpnServers,
        RuleScope.NpsServer => PackageRole.NpsServers,
        RuleScope.Tenant => null,
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Unknown rule scope."),
    };
}

/// <summary>A management system a package is compiled for.</summary>
public enum DeploymentTarget
{
    Intune,
    ConfigMgr,
}

/// <summary>The catalogue categories; each owns one ID range in <c>RuleIdRanges.txt</c>.</summary>
public enum RuleCategory
{
    ClientCertificates,
    TrustedCas,
    ConnectionHealth,
    VpnServer,
    Nps,
    DenyList,
    Tenant,
}

/// <summary>
/// Profile settings a rule needs. Every flag set must hold for the rule to be built; a rule that needs a
/// VPN connection name is left out rather than run against an empty one.
/// </summary>
[Flags]
public enum ProfileRequirements
{
    None = 0,

    /// <summary><c>vpn.userTunnel</c> is set.</summary>
    UserTunnel = 1,

    /// <summary><c>vpn.deviceTunnel</c> is set.</summary>
    DeviceTunnel = 2,

    /// <summary><c>vpn.userTunnel</c> or <c>vpn.deviceTunnel</c> is set.</summary>
    AnyTunnel = 4,

    /// <summary><c>pki.requireTpmKey</c> is true.</summary>
    TpmKey = 8,

    /// <summary>The <c>nps</c> section (the Entra tenant ID of the NPS extension) is set.</summary>
    Nps = 16,

    /// <summary><c>pki.clientCertificateIssuance</c> is <c>autoenrollment</c> (the default): AD CS issues client certificates.</summary>
    Autoenrollment = 32,
}

public static class ProfileRequirementsExtensions
{
    /// <summary>The profile settings a rule needs, in words ("vpn.userTunnel is set and pki.requireTpmKey is true"); empty for none.</summary>
    public static string Describe(this ProfileRequirements requires)
    {
        var parts = new List<string>();
        if (requires.HasFlag(ProfileRequirements.UserTunnel))
        {
            parts.Add("vpn.userTunnel is set");
        }

        if (requires.HasFlag(ProfileRequirements.DeviceTunnel))
        {
            parts.Add("vpn.deviceTunnel is set");
        }

        if (requires.HasFlag(ProfileRequirements.AnyTunnel))
        {
            parts.Add("vpn.userTunnel or vpn.deviceTunnel is set");
        }

        if (requires.HasFlag(ProfileRequirements.TpmKey))
        {
            parts.Add("pki.requireTpmKey is true");
        }

        if (requires.HasFlag(ProfileRequirements.Nps))
        {
            parts.Add("nps.tenantId is set");
        }

        if (requires.HasFlag(ProfileRequirements.Autoenrollment))
        {
            parts.Add("pki.clientCertificateIssuance is autoenrollment");
        }

        return string.Join(" and ", parts);
    }
}
