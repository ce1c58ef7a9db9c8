using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Kinds;

/// <summary>
/// Every certificate of a profile set is in a store, matched by thumbprint. One finding per missing
/// certificate, carrying its thumbprint and subject.
/// </summary>
public sealed record CertificatesInStoreCheck(CertificateStore Store, ProfileSetting Certificates, FindingCode Missing) : Check
{
    public override string Kind => "certificates-in-store";

    public override IReadOnlyList<FindingCode> Codes => [Missing];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        new("location", KindValue.Name(Store.Location)),
        new("store", KindValue.Name(Store.Name)),
        new("certificates", KindValue.From(Certificates)),
        new("missing_code", KindValue.Code(Missing)),
    ];
}

/// <summary>
/// Adds the profile's public certificate (never a private key) for each one the check found missing. A deny
/// list also flushes the URL and chain caches, so that a block applies now rather than when they expire.
/// </summary>
public sealed record AddCertificatesToStoreRemedy(bool Blocks) : Remedy
{
    public override string Summary => Blocks
        ? "Adds the public certificate of each blocked device found missing (embedded in the script) to LocalMachine\\Disallowed, then flushes the URL cache (certutil -urlcache * delete) and the chain cache (certutil -setreg chain\\ChainCacheResyncFiletime @now) so that the block applies at once. It only adds."
        : "Imports the profile's public certificate (embedded in the script; never a private key) for each one found missing, then checks again. It only adds: certificates it did not add are left alone.";

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        new("action", KindValue.Name(Blocks ? "DisallowedCertificate" : "ImportedCertificate")),
        new("flush_chain_caches", KindValue.Of(Blocks)),
    ];

    public override bool Repairs(Check check) => check is CertificatesInStoreCheck;
}
