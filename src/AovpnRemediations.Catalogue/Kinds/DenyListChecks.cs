using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Kinds;

/// <summary>
/// No live RRAS session of a user in <c>denyList.users</c> (DOMAIN\user, any case) or of a device in
/// <c>denyList.devices</c> (its name against the session's client host name, or against the user name of a device
/// tunnel session in each plausible form). A blocked user or device whose session this package already disconnected
/// (a marker under <see cref="MarkerPath"/>) and that is back is reported as reconnected: the disconnect did not block
/// it. Empty lists check nothing.
/// </summary>
public sealed record BlockedSessionsCheck(FindingCode UserConnected, FindingCode UserReconnected, FindingCode DeviceConnected, FindingCode DeviceReconnected) : Check
{
    /// <summary>
    /// Where the remedy records each disconnect: one QWORD per user (<c>user:domain\name</c>) or device
    /// (<c>device:name</c>), lower case, holding the UTC instant as a FILETIME, whose meaning no time zone or culture
    /// can change.
    /// </summary>
    public const string MarkerPath = @"HKLM:\SOFTWARE\AovpnRemediations\aovpn-deny-list\DisconnectedSessions";

    public override string Kind => "blocked-sessions";

    public override IReadOnlyList<FindingCode> Codes => [UserConnected, UserReconnected, DeviceConnected, DeviceReconnected];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        new("users", KindValue.From(ProfileSetting.DenyListUsers)),
        new("devices", KindValue.From(ProfileSetting.DenyListDeviceNames)),
        new("marker_path", KindValue.Quoted(MarkerPath)),
        new("user_connected_code", KindValue.Code(UserConnected)),
        new("user_reconnected_code", KindValue.Code(UserReconnected)),
        new("device_connected_code", KindValue.Code(DeviceConnected)),
        new("device_reconnected_code", KindValue.Code(DeviceReconnected)),
    ];
}

/// <summary>
/// Disconnects every blocked session the check found (a user's by user name, a device tunnel's by user name or tunnel
/// address), records each disconnect, then watches for the session to come back for
/// <c>denyList.reconnectWaitSeconds</c>. A disconnect only ends the current session; what blocks is an NPS network
/// policy that denies the user, a disabled account or a revoked (or disallowed) certificate.
/// </summary>
public sealed record DisconnectBlockedSessionsRemedy : Remedy
{
    public override string Summary => "Disconnects every blocked session found (Disconnect-VpnUser, by user name, or by tunnel address for a device session without one), records the time of each disconnect under HKLM\\SOFTWARE\\AovpnRemediations\\aovpn-deny-list, then watches up to denyList.reconnectWaitSeconds for the session to come back and checks again. A disconnect only ends the current session: Always On VPN dials again at once, and what blocks a user is an NPS network policy that denies them, a disabled account or a revoked certificate (a device: its certificate in Untrusted Certificates, AOVPN6001, or revoked with CertAuthFlags=4, AOVPN6003). A blocked user or device that comes back is reported as reconnected and the remediation as failed, never as remediated.";

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        new("wait_seconds", KindValue.From(ProfileSetting.DenyListReconnectWaitSeconds)),
    ];

    public override bool Repairs(Check check) => check is BlockedSessionsCheck;
}

/// <summary>IKEv2 <c>CertAuthFlags</c> is 4, so RRAS checks revocation of device (machine) certificates.</summary>
public sealed record CertAuthFlagsCheck(FindingCode NotEnforced) : Check
{
    public const string KeyPath = @"HKLM:\SYSTEM\CurrentControlSet\Services\RemoteAccess\Parameters\Ikev2";

    public const string ValueName = "CertAuthFlags";

    /// <summary>The value that turns on revocation checking; 2 or absent means none.</summary>
    public const int Enforced = 4;

    /// <summary>The RRAS service, which reads the value when it starts.</summary>
    public const string ServiceName = "RemoteAccess";

    public override string Kind => "cert-auth-flags";

    public override IReadOnlyList<FindingCode> Codes => [NotEnforced];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        new("key_path", KindValue.Quoted(KeyPath)),
        new("value_name", KindValue.Name(ValueName)),
        new("enforced", KindValue.Of(Enforced)),
        new("service_name", KindValue.Name(ServiceName)),
        new("not_enforced_code", KindValue.Code(NotEnforced)),
    ];
}

/// <summary>
/// Sets CertAuthFlags=4 and restarts a running RemoteAccess service, only when
/// <c>denyList.allowRemoteAccessRestart</c> is true; otherwise it changes nothing.
/// </summary>
public sealed record EnforceCertAuthFlagsRemedy : Remedy
{
    public override string Summary => "With denyList.allowRemoteAccessRestart true: sets CertAuthFlags to 4 and restarts a running RemoteAccess service (which drops every VPN session on the server). Otherwise it changes nothing and the finding stays for a maintenance window.";

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        new("allow_remote_access_restart", KindValue.From(ProfileSetting.DenyListAllowRemoteAccessRestart)),
    ];

    public override bool Repairs(Check check) => check is CertAuthFlagsCheck;
}
