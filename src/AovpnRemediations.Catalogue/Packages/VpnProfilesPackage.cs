using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Packages;

/// <summary>
/// aovpn-vpn-profiles: the user tunnel's VPN connection exists in the signed-in user's phone book. Runs as
/// the user, because SYSTEM does not see a user's connections; the device tunnel's connection is checked
/// as SYSTEM by <see cref="DeviceTunnelProfilePackage"/> (an Intune package has one run-as account).
/// </summary>
public static class VpnProfilesPackage
{
    public const string Id = "aovpn-vpn-profiles";

    private static readonly FindingCode Missing = new(
        "UserTunnelProfileMissing",
        "Neither the user's phone book nor the all-user one has a VPN connection named as the profile's user tunnel (profile).",
        FindingField.Profile);

    public static Rule UserTunnelProfile { get; } = RuleFactory.Create(
        id: "AOVPN3002",
        category: RuleCategory.ConnectionHealth,
        title: "The user tunnel VPN connection exists for the signed-in user",
        why: "Intune deploys the user tunnel as a VPN profile in the user's phone book; when it is missing (profile not applied, removed by the user, a failed ProfileXML) nothing connects and no RasClient event is ever logged, so this is the one check that notices.",
        manualFix: "Check the VPN configuration profile's deployment status for the user in Intune and sync the device; Get-VpnConnection -Name '<connection>' in the user's PowerShell shows whether it arrived.",
        severity: Severity.Critical,
        scope: RuleScope.UserClient,
        runAs: RunAsAccount.User,
        sources:
        [
            "https://learn.microsoft.com/powershell/module/vpnclient/get-vpnconnection",
            "https://learn.microsoft.com/en-us/azure/vpn-gateway/vpn-gateway-howto-always-on-user-tunnel",
        ],
        check: new VpnProfilePresentCheck(VpnTunnel.User, Missing),
        requires: ProfileRequirements.UserTunnel,
        details: "Asks for the profile's vpn.userTunnel.connectionName with Get-VpnConnection -Name in the user's context, in the user's phone book and then, with -AllUserConnection, in the all-user one: a user tunnel deployed as an all-user connection serves the user as well. The package log says which phone book held it. Detection only: the connection is Intune's VPN profile to deploy; a script that recreated it would fight that profile.");

    public static Package Package { get; } = new(
        Id,
        "User tunnel VPN profile",
        "Checks that the user tunnel VPN connection exists for the signed-in user. Detection only.",
        RunAsAccount.User,
        PackageAudience.Client,
        [UserTunnelProfile]);
}
