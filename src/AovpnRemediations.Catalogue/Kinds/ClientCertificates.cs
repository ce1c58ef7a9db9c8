using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Kinds;

/// <summary>
/// Which certificates a tunnel authenticates with: those in <c>Location\My</c> with the Client
/// Authentication EKU (1.3.6.1.5.5.7.3.2) listed explicitly; for the device tunnel also a subject CN or SAN
/// DNS name equal to the device FQDN. A certificate counts as usable when it chains to a profile root
/// (built against the profile's CAs only), has its private key and is time-valid.
/// </summary>
public sealed record ClientCertificateSelection(CertificateStoreLocation Location, bool MatchDeviceFqdn)
{
    /// <summary>The user tunnel's certificates: CurrentUser\My.</summary>
    public static ClientCertificateSelection UserTunnel { get; } = new(CertificateStoreLocation.CurrentUser, MatchDeviceFqdn: false);

    /// <summary>The device tunnel's certificates: LocalMachine\My, named for the device.</summary>
    public static ClientCertificateSelection DeviceTunnel { get; } = new(CertificateStoreLocation.LocalMachine, MatchDeviceFqdn: true);

    /// <summary>The parameters every client certificate kind's template sees first.</summary>
    internal IReadOnlyList<KindParameter> Parameters =>
    [
        new("location", KindValue.Name(Location)),
        new("match_device_fqdn", KindValue.Of(MatchDeviceFqdn)),
    ];
}

/// <summary>
/// At least one usable client certificate. With none, one finding per Client-Auth certificate says why it
/// is not usable (the first reason in the order: chain, device name, private key, not yet valid, expired, a key
/// that cannot sign); with no Client-Auth certificate at all, <see cref="None"/>.
/// </summary>
public sealed record UsableClientCertificateCheck(
    ClientCertificateSelection Selection,
    FindingCode None,
    FindingCode NotChained,
    FindingCode? NameMismatch,
    FindingCode NoPrivateKey,
    FindingCode NotYetValid,
    FindingCode Expired,
    FindingCode KeyUnusable) : Check
{
    public override string Kind => "client-certificate-usable";

    public override IReadOnlyList<FindingCode> Codes =>
        [None, NotChained, .. NameMismatch is null ? Array.Empty<FindingCode>() : [NameMismatch], NoPrivateKey, NotYetValid, Expired, KeyUnusable];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        .. Selection.Parameters,
        new("none_code", KindValue.Code(None)),
        new("not_chained_code", KindValue.Code(NotChained)),
        new("name_mismatch_code", KindValue.Code(NameMismatch)),
        new("no_private_key_code", KindValue.Code(NoPrivateKey)),
        new("not_yet_valid_code", KindValue.Code(NotYetValid)),
        new("expired_code", KindValue.Code(Expired)),
        new("key_unusable_code", KindValue.Code(KeyUnusable)),
    ];
}

/// <summary>The best usable certificate (the one that expires last) expires within the profile's warning days.</summary>
public sealed record ClientCertificateExpiryCheck(ClientCertificateSelection Selection, FindingCode Expiring) : Check
{
    public override string Kind => "client-certificate-expiry";

    public override IReadOnlyList<FindingCode> Codes => [Expiring];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        .. Selection.Parameters,
        new("expiring_code", KindValue.Code(Expiring)),
        new("warning_days", KindValue.From(ProfileSetting.ClientCertificateExpiryWarningDays)),
    ];
}

/// <summary>Every usable certificate keeps its key in the TPM (Microsoft Platform Crypto Provider).</summary>
public sealed record ClientCertificateTpmKeyCheck(ClientCertificateSelection Selection, FindingCode KeyNotInTpm) : Check
{
    public override string Kind => "client-certificate-tpm-key";

    public override IReadOnlyList<FindingCode> Codes => [KeyNotInTpm];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        .. Selection.Parameters,
        new("key_not_in_tpm_code", KindValue.Code(KeyNotInTpm)),
    ];
}

/// <summary>
/// With several Client-Auth certificates in the store, a usable tunnel certificate carries the IP security
/// IKE intermediate EKU (1.3.6.1.5.5.8.2.2), so that IKE picks it rather than another one.
/// </summary>
public sealed record IkeIntermediateEkuCheck(ClientCertificateSelection Selection, FindingCode SeveralWithoutIkeEku) : Check
{
    public override string Kind => "ike-intermediate-eku";

    public override IReadOnlyList<FindingCode> Codes => [SeveralWithoutIkeEku];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        .. Selection.Parameters,
        new("several_without_ike_eku_code", KindValue.Code(SeveralWithoutIkeEku)),
    ];
}

/// <summary>
/// Triggers certificate autoenrollment (<c>certutil -pulse</c>, with <c>-user</c> in the user context) and
/// waits up to the profile's <c>thresholds.autoenrollmentWaitSeconds</c> for the rule's check to pass.
/// </summary>
public sealed record PulseAutoenrollmentRemedy(CertificateStoreLocation Context) : Remedy
{
    public override string Summary => (Context == CertificateStoreLocation.CurrentUser
        ? "Runs certutil -user -pulse as the signed-in user to trigger user certificate autoenrollment, then checks again every 5 seconds for up to thresholds.autoenrollmentWaitSeconds. "
        : "Runs certutil -pulse as SYSTEM to trigger machine certificate autoenrollment, then checks again every 5 seconds for up to thresholds.autoenrollmentWaitSeconds. ")
        + "The CA issues the certificate; the script adds and removes nothing itself. On a device that is not domain-joined (Win32_ComputerSystem.PartOfDomain), where AD CS autoenrollment cannot work, it fails at once instead of waiting. Built only with pki.clientCertificateIssuance autoenrollment (the default): certutil -pulse does not ask Intune for a SCEP or PKCS certificate, so with intune the rule is detection only, and the fix is the certificate profile's deployment status in Intune.";

    public override ProfileRequirements Requires => ProfileRequirements.Autoenrollment;

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        new("user_context", KindValue.Of(Context == CertificateStoreLocation.CurrentUser)),
        new("wait_seconds", KindValue.From(ProfileSetting.AutoenrollmentWaitSeconds)),
    ];

    public override bool Repairs(Check check) => check is UsableClientCertificateCheck or ClientCertificateExpiryCheck;
}
