using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Packages;

/// <summary>
/// aovpn-device-tunnel-cert: the device tunnel authenticates with IKEv2 and a machine certificate in
/// LocalMachine\My whose subject (or SAN) is the device's FQDN.
/// </summary>
public static class DeviceTunnelCertPackage
{
    public const string Id = "aovpn-device-tunnel-cert";

    private const string Error13806 = "https://directaccess.richardhicks.com/2021/12/20/always-on-vpn-error-13806";
    private const string Intermittent13801 = "https://directaccess.richardhicks.com/tag/ike-authentication-credentials-are-unacceptable/";
    private const string DeviceTunnel = "https://learn.microsoft.com/en-us/windows-server/remote/remote-access/vpn/vpn-device-tunnel-config";
    private const string AuthCertificates = "https://github.com/MicrosoftDocs/windowsserverdocs/blob/main/WindowsServerDocs/remote/remote-access/always-on-vpn/vpn-deploy-auth-certs.md";
    private const string Certutil = "https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/certutil";

    private static readonly FindingCode NameMismatch = new(
        "CertificateSubjectNotDeviceFqdn",
        "A Client Authentication certificate chained to the profile names neither in its subject CN nor in a SAN DNS name the device's FQDN (name).",
        FindingField.Thumbprint,
        FindingField.Subject,
        FindingField.Name);

    private static readonly UsableClientCertificateCheck Usable = new(
        ClientCertificateSelection.DeviceTunnel,
        ClientCertificateCodes.None("LocalMachine\\My"),
        ClientCertificateCodes.NotChained(),
        NameMismatch,
        ClientCertificateCodes.NoPrivateKey(),
        ClientCertificateCodes.NotYetValid(),
        ClientCertificateCodes.Expired(),
        ClientCertificateCodes.KeyUnusable());

    private static readonly FindingCode Expiring = ClientCertificateCodes.Expiring();

    private static readonly FindingCode KeyNotInTpm = ClientCertificateCodes.KeyNotInTpm();

    private static readonly FindingCode SeveralWithoutIkeEku = new(
        "SeveralClientAuthCertificatesWithoutIkeEku",
        "The machine store holds several (count) time-valid Client Authentication certificates with a private key, and no usable device tunnel certificate carries the IP security IKE intermediate EKU; thumbprint and subject name the one that should.",
        FindingField.Count,
        FindingField.Thumbprint,
        FindingField.Subject);

    public static Rule UsableCertificate { get; } = RuleFactory.Create(
        id: "AOVPN1004",
        category: RuleCategory.ClientCertificates,
        title: "The device has a usable machine certificate for its FQDN that chains to a profile root",
        why: "The device tunnel authenticates with IKEv2 using a Client Authentication certificate in LocalMachine\\My whose subject is the device FQDN; when it is missing, expired, untrusted or has no key, IKE fails with 13806 (no valid machine certificate) or 13801.",
        manualFix: "Check that the computer is in the group the device certificate template autoenrolls, run certutil -pulse as an administrator, and look in certlm.msc > Personal > Certificates for a certificate with Client Authentication, a private key, the device's FQDN as subject or DNS name, and the organisation's CA in its path. For CertificatePrivateKeyUnusable: delete that certificate from certlm.msc (its key is gone), then run certutil -pulse.",
        severity: Severity.Critical,
        scope: RuleScope.DeviceClient,
        runAs: RunAsAccount.System,
        sources: [Error13806, DeviceTunnel, AuthCertificates],
        check: Usable,
        remedy: new PulseAutoenrollmentRemedy(CertificateStoreLocation.LocalMachine),
        requires: ProfileRequirements.DeviceTunnel,
        details: "Looks at every certificate in LocalMachine\\My whose Enhanced Key Usage extension lists Client Authentication (1.3.6.1.5.5.7.3.2); a certificate with no EKU extension is not counted (see AOVPN1001 for why). A usable one chains to a profile root (X509Chain against the profile's CAs only, ending at a profile root), names the device's DNS FQDN in its subject CN or in a SAN DNS name (case-insensitive; a SAN-only match is enough), has its private key and is time-valid. One usable certificate is enough. With none, each Client Authentication certificate is reported with the first reason it fails, in this order: chain, device name, private key, not yet valid, expired. A certificate that passed every other test must also sign with its key: HasPrivateKey stays true after a TPM clear or a deleted key container (see AOVPN1001); CertificatePrivateKeyUnusable names it with the HRESULT.");

    public static Rule ExpiryWarning { get; } = RuleFactory.Create(
        id: "AOVPN1005",
        category: RuleCategory.ClientCertificates,
        title: "The device tunnel certificate does not expire within the warning days",
        why: "A device that stays off the corporate network renews its machine certificate only through the tunnel the certificate itself keeps up; once it expires the device tunnel fails with 13806 and the device can no longer reach the CA to renew.",
        manualFix: "Run certutil -pulse as an administrator while the device reaches the CA, then check the new certificate's expiry in certlm.msc; if it does not renew, check the template's renewal period and the computer's enrollment permission.",
        severity: Severity.Warning,
        scope: RuleScope.DeviceClient,
        runAs: RunAsAccount.System,
        sources: [Error13806, Certutil],
        check: new ClientCertificateExpiryCheck(ClientCertificateSelection.DeviceTunnel, Expiring),
        remedy: new PulseAutoenrollmentRemedy(CertificateStoreLocation.LocalMachine),
        requires: ProfileRequirements.DeviceTunnel,
        details: "Takes the usable certificates of AOVPN1004 and looks at the one that expires last; reports it when it expires within thresholds.clientCertificateExpiryWarningDays days. Reports nothing when there is no usable certificate: AOVPN1004 does.");

    public static Rule TpmKey { get; } = RuleFactory.Create(
        id: "AOVPN1006",
        category: RuleCategory.ClientCertificates,
        title: "The device tunnel certificates keep their private key in the TPM",
        why: "A machine key in the Microsoft Platform Crypto Provider cannot be exported, so the device's VPN identity cannot be copied to another machine.",
        manualFix: "Set the device template's cryptography provider to Microsoft Platform Crypto Provider, supersede the old template, and re-enroll the device (certutil -pulse); a key cannot be moved into the TPM afterwards.",
        severity: Severity.Warning,
        scope: RuleScope.DeviceClient,
        runAs: RunAsAccount.System,
        sources: [AuthCertificates],
        check: new ClientCertificateTpmKeyCheck(ClientCertificateSelection.DeviceTunnel, KeyNotInTpm),
        requires: ProfileRequirements.DeviceTunnel | ProfileRequirements.TpmKey,
        details: "Built only when the profile sets pki.requireTpmKey. Reports every usable certificate (as AOVPN1004 counts them) whose key storage provider is not the Microsoft Platform Crypto Provider, with the provider's name. No automatic remedy: the certificate has to be enrolled again from a TPM template.");

    public static Rule IkeIntermediateEku { get; } = RuleFactory.Create(
        id: "AOVPN1007",
        category: RuleCategory.ClientCertificates,
        title: "With several Client Authentication certificates, the device tunnel certificate has the IKE intermediate EKU",
        why: "When LocalMachine\\My holds more than one Client Authentication certificate, IKEv2 may offer the wrong one and the device tunnel fails intermittently with 13801; the IP security IKE intermediate EKU (1.3.6.1.5.5.8.2.2) makes Windows prefer the device tunnel certificate.",
        manualFix: "Add IP security IKE intermediate to the Application Policies of the device certificate template, supersede the old template and re-enroll the devices; or remove the other Client Authentication certificates from the machine store if they are not needed.",
        severity: Severity.Warning,
        scope: RuleScope.DeviceClient,
        runAs: RunAsAccount.System,
        sources: [Intermittent13801, Error13806],
        check: new IkeIntermediateEkuCheck(ClientCertificateSelection.DeviceTunnel, SeveralWithoutIkeEku),
        requires: ProfileRequirements.DeviceTunnel,
        details: "Counts the Client Authentication certificates in LocalMachine\\My that IKE could offer: time-valid, with a private key, whatever their issuer (such as an Intune MDM certificate). With two or more, reports when no usable device tunnel certificate (as AOVPN1004 counts them) carries the IP security IKE intermediate EKU, naming the one that expires last. Reports nothing with a single Client Authentication certificate, or with no usable one (AOVPN1004 reports that).");

    public static Package Package { get; } = new(
        Id,
        "Device tunnel certificate",
        "Checks that the device has a usable machine certificate for its FQDN chained to the organisation's CAs, not about to expire, preferred by IKE (and, when required, with its key in the TPM); remediation triggers machine autoenrollment.",
        RunAsAccount.System,
        PackageAudience.Client,
        [UsableCertificate, ExpiryWarning, TpmKey, IkeIntermediateEku]);
}
