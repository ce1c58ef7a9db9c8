using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Checks;

/// <summary>
/// Every certificate of a profile set is in a store, matched by thumbprint. One finding per missing
/// certificate, carrying its thumbprint and subject.
/// </summary>
public sealed record CertificatesInStoreCheck(
    CertificateStore Store,
    ProfileCertificateSet Certificates,
    FindingCode Missing) : Check;

/// <summary>Adds the profile's public certificate for each one the check found missing. Never a private key.</summary>
public sealed record AddCertificatesToStoreRemedy : Remedy
{
    public override string Summary => "Imports the profile's public certificate (embedded in the script; never a private key) for each one found missing, then checks again. It only adds: certificates it did not add are left alone.";
}
