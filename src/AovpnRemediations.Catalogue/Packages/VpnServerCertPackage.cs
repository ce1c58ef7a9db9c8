using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Packages;

/// <summary>
/// aovpn-vpn-server-cert: the RRAS server's IKEv2 certificate and the services it serves clients with. Clients
/// refuse a server certificate without both EKUs, for another name, expired or from an untrusted CA with 13801
/// ("IKE authentication credentials are unacceptable"); the certificate has no remedy (its subject is supplied in
/// the request, so it cannot be autoenrolled), a stopped RemoteAccess or BFE service does (start it).
/// </summary>
public static class VpnServerCertPackage
{
    public const string Id = "aovpn-vpn-server-cert";

    private static readonly FindingCode NoIkeServerCertificate = new(
        "NoIkeServerCertificate",
        "No certificate in LocalMachine\\My has the Server Authentication EKU and names the VPN public FQDN, and none with both IKEv2 EKUs names another; name carries the FQDN looked for.",
        FindingField.Name);

    private static readonly FindingCode IkeEkuMissing = new(
        "IkeEkuMissing",
        "A Server Authentication certificate for the public FQDN lacks the IP security IKE intermediate EKU (1.3.6.1.5.5.8.2.2), so RRAS does not use it for IKEv2.",
        FindingField.Thumbprint,
        FindingField.Subject);

    private static readonly FindingCode ServerNameMismatch = new(
        "ServerNameMismatch",
        "A certificate with both IKEv2 EKUs names neither in its subject CN nor in a SAN DNS name the public FQDN clients connect to (name).",
        FindingField.Thumbprint,
        FindingField.Subject,
        FindingField.Name);

    private static readonly FindingCode ServerCertificateNotYetValid = new(
        "ServerCertificateNotYetValid",
        "The IKEv2 certificate for the public FQDN is not valid yet (its NotBefore is in the future).",
        FindingField.Thumbprint,
        FindingField.Subject);

    private static readonly FindingCode ServerCertificateExpired = new(
        "ServerCertificateExpired",
        "The IKEv2 certificate for the public FQDN has expired and no valid one replaces it.",
        FindingField.Thumbprint,
        FindingField.Subject);

    private static readonly FindingCode ServerCertificateUntrusted = new(
        "ServerCertificateUntrusted",
        "The valid IKEv2 certificate for the public FQDN does not chain to a root CA of the profile through the profile's CAs, so clients that trust only those roots refuse it.",
        FindingField.Thumbprint,
        FindingField.Subject);

    private static readonly FindingCode ServerCertificateExpiring = new(
        "ServerCertificateExpiring",
        "The usable IKEv2 certificate that expires last does so within the warning threshold; it still works today (days left in days).",
        FindingField.Thumbprint,
        FindingField.Subject,
        FindingField.Days);

    private static readonly FindingCode ServiceMissing = new(
        "VpnServiceMissing",
        "A service the VPN server needs (service) does not exist: the role that brings it is not installed.",
        FindingField.Service);

    private static readonly FindingCode ServiceNotRunning = new(
        "VpnServiceNotRunning",
        "A service the VPN server needs (service) is not running (status), so no client connects.",
        FindingField.Service,
        FindingField.Status);

    public static Rule IkeServerCertificate { get; } = RuleFactory.Create(
        id: "AOVPN4001",
        category: RuleCategory.VpnServer,
        title: "The RRAS server has a valid, trusted IKEv2 certificate for the VPN public FQDN",
        why: "Windows clients accept the VPN server only with a certificate that has the Server Authentication and IP security IKE intermediate EKUs, names the FQDN they dial, is valid and chains to a trusted root; otherwise every IKEv2 connection fails with 13801.",
        manualFix: "Request a certificate from the VPN Server Authentication template (Server Authentication + IP security IKE intermediate EKUs, subject and SAN DNS name = the public FQDN) into Local Computer > Personal on each RRAS server, and renew it before it expires; it cannot be autoenrolled because its subject is supplied in the request.",
        severity: Severity.Critical,
        scope: RuleScope.VpnServer,
        runAs: RunAsAccount.System,
        sources:
        [
            "https://github.com/MicrosoftDocs/windowsserverdocs/blob/main/WindowsServerDocs/remote/remote-access/always-on-vpn/vpn-deploy-auth-certs.md",
            "https://directaccess.richardhicks.com/2018/04/30/always-on-vpn-certificate-requirements-for-ikev2/",
            "https://directaccess.richardhicks.com/2021/12/13/always-on-vpn-error-13801/",
            "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/troubleshoot-always-on-vpn",
        ],
        check: new IkeServerCertificateCheck(
            NoIkeServerCertificate,
            IkeEkuMissing,
            ServerNameMismatch,
            ServerCertificateNotYetValid,
            ServerCertificateExpired,
            ServerCertificateUntrusted,
            ServerCertificateExpiring));

    public static Rule ServicesRunning { get; } = RuleFactory.Create(
        id: "AOVPN4002",
        category: RuleCategory.VpnServer,
        title: "The Routing and Remote Access and Base Filtering Engine services run on the VPN server",
        why: "RRAS (RemoteAccess) accepts the VPN connections and the Base Filtering Engine (BFE) holds the IPsec and firewall policy IKEv2 needs; when either stops, every client fails (809 or 827) although certificates and policies are fine.",
        manualFix: "Start the service (Start-Service RemoteAccess, Start-Service BFE) and look in the System event log (Service Control Manager, event 7024) for why it stopped; a RemoteAccess that stops again at once is often IPv6 disabled through DisabledComponents.",
        severity: Severity.Critical,
        scope: RuleScope.VpnServer,
        runAs: RunAsAccount.System,
        sources:
        [
            "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/troubleshoot-always-on-vpn",
            "https://directaccess.richardhicks.com/category/routing-and-remote-access-service/",
            "https://msdn.microsoft.com/library/windows/desktop/bb530704.aspx",
            "https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/get-service?view=powershell-5.1",
        ],
        check: new ServicesRunningCheck(["BFE", "RemoteAccess"], ServiceMissing, ServiceNotRunning),
        remedy: new StartServicesRemedy(),
        details: "Asks Get-Service for BFE and RemoteAccess, both Automatic on a configured RRAS server; a missing one is reported as missing (the role is not installed), a stopped one with its status. Not checked: IKEEXT, which Windows starts on demand (trigger start), so a stopped IKEEXT is not a fault.");

    public static Package Package { get; } = new(
        Id,
        "VPN server IKEv2 certificate and services",
        "Checks on each RRAS server that the IKEv2 certificate has both EKUs, names the public FQDN, is valid, chains to the profile's root CA and is not about to expire, and that RemoteAccess and BFE run; remediation starts a stopped service.",
        RunAsAccount.System,
        PackageAudience.Server,
        [IkeServerCertificate, ServicesRunning])
    {
        // Checked only where the role is installed: a server of the other role reports "not applicable".
        Feature = ServerFeatures.VpnServer,
    };
}
