using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Kinds;

/// <summary>
/// No live RRAS session of a user in <c>denyList.users</c> (DOMAIN\user, any case) or of a device in
/// <c>denyList.devices</c> (its name against the session's client host name). Empty lists check nothing.
/// </summary>
public sealed record BlockedSessionsCheck(FindingCode UserConnected, FindingCode DeviceConnected) : Check
{
    public override string Kind => "blocked-sessions";

    public override IReadOnlyList<FindingCode> Codes => [UserConnected, DeviceConnected];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        new("users", KindValue.From(ProfileSetting.DenyListUsers)),
        new("devices", KindValue.From(ProfileSetting.DenyListDeviceNames)),
        new("user_connected_code", KindValue.Code(UserConnected)),
        new("device_connected_code", KindValue.Code(DeviceConnected)),
    ];
}

/// <summary>Disconnects every blocked session the check found, by user name.</summary>
public sealed record DisconnectBlockedSessionsRemedy : Remedy
{
    public override string Summary => "Disconnects every blocked session found (Disconnect-VpnUser, by user name) and checks again.";

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
