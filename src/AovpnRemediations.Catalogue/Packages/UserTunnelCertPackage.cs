using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Packages;

/// <summary>
/// aovpn-user-tunnel-cert: the user tunnel authenticates with EAP-TLS/PEAP-TLS and a Client Authentication
/// certificate in the user's store. Runs as the signed-in user, because CurrentUser\My is the user's own.
/// </summary>
public static class UserTunnelCertPackage
{
    public const string Id = "aovpn-user-tunnel-cert";

    private const string CertificateRequirements = "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/certificate-requirements-eap-tls-peap";
    private const string AuthCertificates = "https://github.com/MicrosoftDocs/windowsserverdocs/blob/main/WindowsServerDocs/remote/remote-access/always-on-vpn/vpn-deploy-auth-certs.md";
    private const string UserTunnel = "https://learn.microsoft.com/en-us/azure/vpn-gateway/vpn-gateway-howto-always-on-user-tunnel";
    private const string Certutil = "https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/certutil";

    private static readonly UsableClientCertificateCheck Usable = new(
        ClientCertificateSelection.UserTunnel,
        ClientCertificateCodes.None("CurrentUser\\My"),
        ClientCertificateCodes.NotChained(),
        NameMismatch: null,
        ClientCertificateCodes.NoPrivateKey(),
        ClientCertificateCodes.NotYetValid(),
        ClientCertificateCodes.Expired(),
        ClientCertificateCodes.KeyUnusable());

    private static readonly FindingCode Expiring = ClientCertificateCodes.Expiring();

    private static readonly FindingCode KeyNotInTpm = ClientCertificateCodes.KeyNotInTpm();

    public static Rule UsableCertificate { get; } = RuleFactory.Create(
        id: "AOVPN1001",
        category: RuleCategory.ClientCertificates,
        title: "The user has a usable Client Authentication certificate that chains to a profile root",
        why: "The user tunnel authenticates with EAP-TLS using a Client Authentication certificate from CurrentUser\\My; without one that has its private key, is time-valid and chains to the organisation's root, the tunnel fails (798, 853, 13801).",
        manualFix: "Check that the user is in the group the VPN User Authentication template autoenrolls, run certutil -user -pulse as the user, and look in certmgr.msc > Personal > Certificates for a certificate with Client Authentication, a private key and the organisation's CA in its path. For CertificatePrivateKeyUnusable: delete that certificate (its key is gone, e.g. after a TPM clear), then run certutil -user -pulse so the template enrolls a new one.",
        severity: Severity.Critical,
        scope: RuleScope.UserClient,
        runAs: RunAsAccount.User,
        sources: [CertificateRequirements, AuthCertificates, UserTunnel],
        check: Usable,
        remedy: new PulseAutoenrollmentRemedy(CertificateStoreLocation.CurrentUser),
        requires: ProfileRequirements.UserTunnel,
        details: "Looks at every certificate in CurrentUser\\My whose Enhanced Key Usage extension lists Client Authentication (1.3.6.1.5.5.7.3.2). A certificate with no EKU extension at all is valid for every purpose to Windows, but it is not counted: Microsoft's EAP-TLS requirements and the AOVPN certificate templates call for the Client Authentication EKU explicitly, and counting an all-purpose certificate would report ok for a certificate the VPN server or NPS may refuse. The chain is built with X509Chain against the profile's root and intermediate CAs (embedded in the script) and passes only when it ends at a profile root, so a machine that trusts other roots changes nothing. One usable certificate is enough: an expired certificate beside a valid one is fine. With no usable certificate, each Client Authentication certificate is reported with the first reason it fails, in this order: chain, private key, not yet valid, expired, a key that cannot sign. HasPrivateKey is not taken on trust: it stays true after a TPM clear or when the key container is deleted, so the last test opens the key (CNG or CryptoAPI, TPM or software) and signs a 32-byte digest with it, as IKE and EAP-TLS will; it runs only for a certificate that passed every other test, so it costs one signature per candidate. A key that needs a person's consent (strong key protection, a virtual smart card PIN) cannot sign in a script and is reported as unusable too: such keys are not what the AOVPN templates issue. UNCONFIRMED on a device: the exact HRESULT Windows returns after a TPM clear (0x80090016 NTE_BAD_KEYSET or a TPM_E_ code), and whether autoenrollment re-enrolls a certificate whose key is gone (the remedy pulses; the manual fix removes the certificate first).");

    public static Rule ExpiryWarning { get; } = RuleFactory.Create(
        id: "AOVPN1002",
        category: RuleCategory.ClientCertificates,
        title: "The user's tunnel certificate does not expire within the warning days",
        why: "Autoenrollment renews certificates ahead of expiry only while the user signs in on the corporate network or the tunnel is up; a certificate that runs out takes the user tunnel down with it, so a warning days ahead leaves time to renew.",
        manualFix: "Run certutil -user -pulse as the user while the device reaches the CA (or the tunnel is up), then check the new certificate's expiry in certmgr.msc; if it does not renew, check the template's renewal period and the user's enrollment permission.",
        severity: Severity.Warning,
        scope: RuleScope.UserClient,
        runAs: RunAsAccount.User,
        sources: [AuthCertificates, Certutil],
        check: new ClientCertificateExpiryCheck(ClientCertificateSelection.UserTunnel, Expiring),
        remedy: new PulseAutoenrollmentRemedy(CertificateStoreLocation.CurrentUser),
        requires: ProfileRequirements.UserTunnel,
        details: "Takes the usable certificates of AOVPN1001 and looks at the one that expires last (a renewed certificate beside an old one is fine); reports it when it expires within thresholds.clientCertificateExpiryWarningDays days. Reports nothing when there is no usable certificate: AOVPN1001 does.");

    public static Rule TpmKey { get; } = RuleFactory.Create(
        id: "AOVPN1003",
        category: RuleCategory.ClientCertificates,
        title: "The user's tunnel certificates keep their private key in the TPM",
        why: "Microsoft's VPN User Authentication template puts the key in the Microsoft Platform Crypto Provider so that it cannot be exported from the device; a software key can be copied with the user's profile and used elsewhere.",
        manualFix: "Set the template's cryptography provider to Microsoft Platform Crypto Provider (Key Storage Provider), supersede the old template, and have the user re-enroll (certutil -user -pulse); a key cannot be moved into the TPM afterwards.",
        severity: Severity.Warning,
        scope: RuleScope.UserClient,
        runAs: RunAsAccount.User,
        sources: [AuthCertificates],
        check: new ClientCertificateTpmKeyCheck(ClientCertificateSelection.UserTunnel, KeyNotInTpm),
        requires: ProfileRequirements.UserTunnel | ProfileRequirements.TpmKey,
        details: "Built only when the profile sets pki.requireTpmKey. Reports every usable certificate (as AOVPN1001 counts them) whose key storage provider is not the Microsoft Platform Crypto Provider, with the provider's name. There is no automatic remedy: a key cannot be moved into the TPM, the certificate has to be enrolled again from a TPM template.");

    public static Package Package { get; } = new(
        Id,
        "User tunnel certificate",
        "Checks that the signed-in user has a usable Client Authentication certificate chained to the organisation's CAs, not about to expire (and, when required, with its key in the TPM); remediation triggers user autoenrollment.",
        RunAsAccount.User,
        PackageAudience.Client,
        [UsableCertificate, ExpiryWarning, TpmKey]);
}
