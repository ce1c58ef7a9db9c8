using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Kinds;

/// <summary>The VPN tunnels of an AOVPN deployment.</summary>
public enum VpnTunnel
{
    /// <summary>The per-user tunnel, in the user's phone book.</summary>
    User,

    /// <summary>The device tunnel, in the all-user phone book (<c>-AllUserConnection</c>).</summary>
    Device,
}

/// <summary>
/// The tunnel's VPN connection (the profile's connection name) exists on the endpoint: the device tunnel in the
/// all-user phone book, the user tunnel in the user's or the all-user one (Intune can deploy it as either).
/// </summary>
public sealed record VpnProfilePresentCheck(VpnTunnel Tunnel, FindingCode Missing) : Check
{
    public override string Kind => "vpn-profile-present";

    public override IReadOnlyList<FindingCode> Codes => [Missing];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        new("connection_name", KindValue.From(Tunnel == VpnTunnel.User ? ProfileSetting.UserTunnelConnectionName : ProfileSetting.DeviceTunnelConnectionName)),
        new("user_phone_book", KindValue.Of(Tunnel == VpnTunnel.User)),
        new("missing_code", KindValue.Code(Missing)),
    ];
}
