using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Kinds;

/// <summary>
/// The RRAS server's IKEv2 certificate in LocalMachine\My: Server Authentication and IP security IKE
/// intermediate EKUs, subject CN or a SAN DNS name equal to <c>vpn.publicFqdn</c>, time-valid, chained to a
/// profile root (built from the profile's CAs only), and not expiring within
/// <c>thresholds.serverCertificateExpiryWarningDays</c>.
/// </summary>
/// <remarks>
/// The certificates are narrowed stage by stage (Server Authentication and the name, then the IKE EKU, then
/// time, then chain); when a stage keeps none, its failures are the findings, so the report names the
/// closest candidates and why each fails. Once one certificate passes every stage, older or broken ones
/// beside it are not reported, and the expiry warning looks at the usable certificate that expires last.
/// A certificate without an EKU extension does not count: RRAS needs both EKUs named explicitly.
/// </remarks>
public sealed record IkeServerCertificateCheck(
    FindingCode NoCertificate,
    FindingCode IkeEkuMissing,
    FindingCode NameMismatch,
    FindingCode NotYetValid,
    FindingCode Expired,
    FindingCode Untrusted,
    FindingCode Expiring) : Check
{
    /// <summary>Server Authentication.</summary>
    public const string ServerAuthenticationEku = "1.3.6.1.5.5.7.3.1";

    /// <summary>IP security IKE intermediate.</summary>
    public const string IkeIntermediateEku = "1.3.6.1.5.5.8.2.2";

    public override string Kind => "ikev2-server-certificate";

    public override IReadOnlyList<FindingCode> Codes => [NoCertificate, IkeEkuMissing, NameMismatch, NotYetValid, Expired, Untrusted, Expiring];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        new("public_fqdn", KindValue.From(ProfileSetting.VpnPublicFqdn)),
        new("expiry_warning_days", KindValue.From(ProfileSetting.ServerCertificateExpiryWarningDays)),
        new("server_authentication_eku", KindValue.Name(ServerAuthenticationEku)),
        new("ike_intermediate_eku", KindValue.Name(IkeIntermediateEku)),
        new("no_certificate_code", KindValue.Code(NoCertificate)),
        new("ike_eku_missing_code", KindValue.Code(IkeEkuMissing)),
        new("name_mismatch_code", KindValue.Code(NameMismatch)),
        new("not_yet_valid_code", KindValue.Code(NotYetValid)),
        new("expired_code", KindValue.Code(Expired)),
        new("untrusted_code", KindValue.Code(Untrusted)),
        new("expiring_code", KindValue.Code(Expiring)),
    ];
}
