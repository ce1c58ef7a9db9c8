using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Packages;

/// <summary>aovpn-device-tunnel-profile: the device tunnel's VPN connection exists in the all-user phone book (SYSTEM).</summary>
public static class DeviceTunnelProfilePackage
{
    public const string Id = "aovpn-device-tunnel-profile";

    private static readonly FindingCode Missing = new(
        "DeviceTunnelProfileMissing",
        "The all-user phone book has no VPN connection named as the profile's device tunnel (profile).",
        FindingField.Profile);

    public static Rule DeviceTunnelProfile { get; } = RuleFactory.Create(
        id: "AOVPN3003",
        category: RuleCategory.ConnectionHealth,
        title: "The device tunnel VPN connection exists for all users",
        why: "The device tunnel is an all-user VPN profile deployed to the device; when it is missing the device cannot reach domain controllers before sign-in, and nothing in the event log says so.",
        manualFix: "Check the device tunnel VPN profile's deployment status in Intune (it needs Windows Enterprise or Education, domain join, and a device-context assignment) and sync the device; Get-VpnConnection -Name '<connection>' -AllUserConnection as an administrator shows whether it arrived.",
        severity: Severity.Critical,
        scope: RuleScope.DeviceClient,
        runAs: RunAsAccount.System,
        sources:
        [
            "https://learn.microsoft.com/powershell/module/vpnclient/get-vpnconnection",
            "https://learn.microsoft.com/en-us/windows-server/remote/remote-access/vpn/vpn-device-tunnel-config",
        ],
        check: new VpnProfilePresentCheck(VpnTunnel.Device, Missing),
        requires: ProfileRequirements.DeviceTunnel,
        details: "Asks for the profile's vpn.deviceTunnel.connectionName with Get-VpnConnection -Name -AllUserConnection as SYSTEM. Detection only, like AOVPN3002.");

    public static Package Package { get; } = new(
        Id,
        "Device tunnel VPN profile",
        "Checks that the device tunnel VPN connection exists in the all-user phone book. Detection only.",
        RunAsAccount.System,
        PackageAudience.Client,
        [DeviceTunnelProfile]);
}
