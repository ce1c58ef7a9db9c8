using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Checks;

/// <summary>
/// Adds each blocked device certificate the check found missing to LocalMachine\Disallowed (public only),
/// then flushes the CRL and chain caches so the block takes effect before cached results expire.
/// </summary>
public sealed record DisallowCertificatesRemedy : Remedy;

/// <summary>
/// No live RRAS session of a user in <c>denyList.users</c> (DOMAIN\user, any case) or of a device in
/// <c>denyList.devices</c> (its name against the session's client host name). Empty lists check nothing.
/// </summary>
public sealed record BlockedSessionsCheck(FindingCode UserConnected, FindingCode DeviceConnected) : Check;

/// <summary>Disconnects every blocked session the check found, by user name.</summary>
public sealed record DisconnectBlockedSessionsRemedy : Remedy;

/// <summary>IKEv2 <c>CertAuthFlags</c> is 4, so RRAS checks revocation of device (machine) certificates.</summary>
public sealed record CertAuthFlagsCheck(FindingCode NotEnforced) : Check
{
    public const string KeyPath = @"HKLM:\SYSTEM\CurrentControlSet\Services\RemoteAccess\Parameters\Ikev2";

    public const string ValueName = "CertAuthFlags";

    /// <summary>The value that turns on revocation checking; 2 or absent means none.</summary>
    public const int Enforced = 4;

    /// <summary>The RRAS service, which reads the value when it starts.</summary>
    public const string ServiceName = "RemoteAccess";
}

/// <summary>
/// Sets CertAuthFlags=4 and restarts a running RemoteAccess service, only when
/// <c>denyList.allowRemoteAccessRestart</c> is true; otherwise it changes nothing.
/// </summary>
public sealed record EnforceCertAuthFlagsRemedy : Remedy;
