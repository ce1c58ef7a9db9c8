using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Packages;

/// <summary>
/// aovpn-trusted-cas: the profile's root CAs in LocalMachine\Root and intermediates in LocalMachine\CA.
/// Without them neither the device certificate nor the VPN server's IKEv2 certificate chains, and the
/// client fails with 13801, 13806 or CERT_E_UNTRUSTEDROOT.
/// </summary>
public static class TrustedCasPackage
{
    public const string Id = "aovpn-trusted-cas";

    private static readonly FindingCode RootCaMissing = new(
        "RootCaMissing",
        "A root CA certificate of the profile is not in LocalMachine\\Root.",
        FindingField.Thumbprint,
        FindingField.Subject);

    private static readonly FindingCode IntermediateCaMissing = new(
        "IntermediateCaMissing",
        "An intermediate (issuing) CA certificate of the profile is not in LocalMachine\\CA.",
        FindingField.Thumbprint,
        FindingField.Subject);

    public static Rule RootCasTrusted { get; } = RuleFactory.Create(
        id: "AOVPN2001",
        category: RuleCategory.TrustedCas,
        title: "Every root CA of the profile is in the machine's Trusted Root store",
        why: "IKEv2 and EAP-TLS chain both the client and the VPN server certificate to a trusted root; a missing root fails the tunnel with 13801 or CERT_E_UNTRUSTEDROOT (0x800B0109).",
        manualFix: "Import the root CA certificate (.cer, public only) into Local Computer > Trusted Root Certification Authorities, or deploy it with an Intune trusted certificate profile.",
        severity: Severity.Critical,
        scope: RuleScope.DeviceClient,
        runAs: RunAsAccount.System,
        sources:
        [
            "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/troubleshoot-always-on-vpn",
            "https://directaccess.richardhicks.com/2021/12/13/always-on-vpn-error-13801/",
        ],
        check: new CertificatesInStoreCheck(
            new CertificateStore(CertificateStoreLocation.LocalMachine, CertificateStoreName.Root),
            ProfileSetting.RootCertificates,
            RootCaMissing),
        remedy: new AddCertificatesToStoreRemedy(Blocks: false));

    public static Rule IntermediateCasPresent { get; } = RuleFactory.Create(
        id: "AOVPN2002",
        category: RuleCategory.TrustedCas,
        title: "Every intermediate CA of the profile is in the machine's Intermediate CA store",
        why: "Without the issuing CA in LocalMachine\\CA Windows cannot build the chain of the device or user certificate offline, and IKE fails with 13806 (no valid machine certificate) or 13801.",
        manualFix: "Import the issuing CA certificate (.cer, public only) into Local Computer > Intermediate Certification Authorities, or deploy it with an Intune trusted certificate profile.",
        severity: Severity.Critical,
        scope: RuleScope.DeviceClient,
        runAs: RunAsAccount.System,
        sources:
        [
            "https://directaccess.richardhicks.com/2021/12/20/always-on-vpn-error-13806",
            "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/troubleshoot-always-on-vpn",
        ],
        check: new CertificatesInStoreCheck(
            new CertificateStore(CertificateStoreLocation.LocalMachine, CertificateStoreName.CA),
            ProfileSetting.IntermediateCertificates,
            IntermediateCaMissing),
        remedy: new AddCertificatesToStoreRemedy(Blocks: false));

    public static Package Package { get; } = new(
        Id,
        "Trusted root and intermediate CAs",
        "Checks that every root CA of the AOVPN PKI is in LocalMachine\\Root and every intermediate in LocalMachine\\CA; remediation imports the missing public certificates.",
        RunAsAccount.System,
        PackageAudience.Client,
        [RootCasTrusted, IntermediateCasPresent]);
}
