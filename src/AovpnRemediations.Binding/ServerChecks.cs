using AovpnRemediations.Catalogue.Checks;
using AovpnRemediations.Profile.Loading;

namespace AovpnRemediations.Binding;

// Bound forms of the server packages' checks (aovpn-vpn-server-cert, aovpn-nps-mfa, aovpn-deny-list): the
// catalogue check with the profile values its template and its remedy's template need.

/// <summary>Bound form of <see cref="IkeServerCertificateCheck"/>.</summary>
public sealed record BoundIkeServerCertificate(
    IkeServerCertificateCheck Check,
    string PublicFqdn,
    IReadOnlyList<ProfileCertificate> RootCas,
    IReadOnlyList<ProfileCertificate> IntermediateCas,
    int ExpiryWarningDays) : BoundCheck;

/// <summary>Bound form of <see cref="NpsServiceRunningCheck"/>.</summary>
public sealed record BoundNpsServiceRunning(NpsServiceRunningCheck Check) : BoundCheck;

/// <summary>Bound form of <see cref="NpsEventsCheck"/>; the restart permission is for the token-error remedy.</summary>
public sealed record BoundNpsEvents(NpsEventsCheck Check, int WindowHours, bool AllowServiceRestart) : BoundCheck;

/// <summary>Bound form of <see cref="NpsExtensionCertificateCheck"/>.</summary>
public sealed record BoundNpsExtensionCertificate(NpsExtensionCertificateCheck Check, string TenantId, int ExpiryWarningDays) : BoundCheck;

/// <summary>Bound form of <see cref="BlockedSessionsCheck"/>: user names (DOMAIN\user) and device names.</summary>
public sealed record BoundBlockedSessions(BlockedSessionsCheck Check, IReadOnlyList<string> Users, IReadOnlyList<string> Devices) : BoundCheck;

/// <summary>Bound form of <see cref="CertAuthFlagsCheck"/>.</summary>
public sealed record BoundCertAuthFlags(CertAuthFlagsCheck Check, bool AllowRemoteAccessRestart) : BoundCheck;
