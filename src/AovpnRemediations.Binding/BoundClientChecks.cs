using AovpnRemediations.Catalogue.Checks;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Binding;

/// <summary>
/// Bound form of the client certificate checks (usable, expiry, TPM key, IKE EKU): the catalogue check
/// with the profile's thresholds. The profile's CAs the chain is built against are package-wide
/// (<see cref="BoundPackage.Pki"/>).
/// </summary>
public sealed record BoundClientCertificate(
    Check Check,
    ClientCertificateSelection Selection,
    int ExpiryWarningDays,
    int AutoenrollmentWaitSeconds) : BoundCheck;

/// <summary>Bound form of <see cref="ConnectionFailureEventsCheck"/>: the profile's connection names and window.</summary>
public sealed record BoundConnectionFailureEvents(
    ConnectionFailureEventsCheck Check,
    IReadOnlyList<string> ConnectionNames,
    int WindowHours) : BoundCheck;

/// <summary>Bound form of <see cref="VpnProfilePresentCheck"/>: the tunnel's connection name from the profile.</summary>
public sealed record BoundVpnProfilePresent(VpnProfilePresentCheck Check, string ConnectionName) : BoundCheck;

/// <summary>The profile's public CA certificates, for packages whose rules build chains against them.</summary>
public sealed record BoundPki(
    IReadOnlyList<Profile.Loading.ProfileCertificate> RootCas,
    IReadOnlyList<Profile.Loading.ProfileCertificate> IntermediateCas)
{
    public static BoundPki Empty { get; } = new([], []);
}

/// <summary>Whether a profile meets what a rule <see cref="RuleDescriptor.Requires"/>.</summary>
public static class ProfileRequirementCheck
{
    public static bool IsMet(Profile.Model.OrgProfile profile, ProfileRequirements requires)
    {
        var user = profile.Vpn.UserTunnel is not null;
        var device = profile.Vpn.DeviceTunnel is not null;
        return (!requires.HasFlag(ProfileRequirements.UserTunnel) || user)
            && (!requires.HasFlag(ProfileRequirements.DeviceTunnel) || device)
            && (!requires.HasFlag(ProfileRequirements.AnyTunnel) || user || device)
            && (!requires.HasFlag(ProfileRequirements.TpmKey) || profile.Pki.RequireTpmKey)
            && (!requires.HasFlag(ProfileRequirements.Nps) || profile.Nps is not null);
    }
}
