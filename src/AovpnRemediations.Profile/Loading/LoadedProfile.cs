using AovpnRemediations.Profile.Model;

namespace AovpnRemediations.Profile.Loading;

/// <summary>A profile that parsed, matched its schema, and whose certificate files were read and checked.</summary>
public sealed record LoadedProfile(
    ProfileSource Source,
    OrgProfile Profile,
    string Sha256,
    JsonLocator Locator,
    IReadOnlyList<ProfileCertificate> RootCas,
    IReadOnlyList<ProfileCertificate> IntermediateCas,
    IReadOnlyList<ProfileCertificate> BlockedDeviceCertificates)
{
    /// <summary>An error pointing at a value of this profile, for later stages (binding) that find problems.</summary>
    public ProfileError ErrorAt(string pointer, string message, string fix)
    {
        var location = Locator.Locate(pointer);
        return new ProfileError(Source.DisplayName, location.Path, location.Line, location.Column, message, fix);
    }
}
