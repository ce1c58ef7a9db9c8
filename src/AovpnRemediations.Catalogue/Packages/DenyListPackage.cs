using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Packages;

/// <summary>
/// aovpn-deny-list: keeps lost or stolen devices and blocked users off the VPN. The device certificate goes
/// to Untrusted Certificates (LocalMachine\Disallowed) on every RRAS server, live sessions are cut, and IKEv2
/// revocation checking (CertAuthFlags=4) is on so revoked device certificates fail too.
/// </summary>
public static class DenyListPackage
{
    public const string Id = "aovpn-deny-list";

    private static readonly FindingCode BlockedCertificateNotDisallowed = new(
        "BlockedCertificateNotDisallowed",
        "A blocked device's certificate from the profile is not in LocalMachine\\Disallowed (Untrusted Certificates).",
        FindingField.Thumbprint,
        FindingField.Subject);

    private static readonly FindingCode BlockedUserConnected = new(
        "BlockedUserConnected",
        "A user on the deny list has a live VPN session on this server.",
        FindingField.User);

    private static readonly FindingCode BlockedDeviceConnected = new(
        "BlockedDeviceConnected",
        "A device on the deny list (device) has a live VPN session on this server, as user.",
        FindingField.Device,
        FindingField.User);

    private static readonly FindingCode RevocationNotEnforced = new(
        "RevocationNotEnforced",
        "IKEv2 CertAuthFlags is not 4 (value is what is set; null when absent), so RRAS does not check device certificate revocation.",
        FindingField.Value);

    public static Rule BlockedCertificatesDisallowed { get; } = RuleFactory.Create(
        id: "AOVPN6001",
        category: RuleCategory.DenyList,
        title: "Every blocked device certificate is in the RRAS server's Untrusted Certificates store",
        why: "A device tunnel authenticates with the device certificate alone; putting a lost device's certificate in LocalMachine\\Disallowed on each VPN server blocks it at once, without waiting for the CRL to be published and caches to expire.",
        manualFix: "Export the device certificate (public .cer) from the CA, import it into Local Computer > Untrusted Certificates on every RRAS server, then run certutil -urlcache * delete and certutil -setreg chain\\ChainCacheResyncFiletime @now.",
        severity: Severity.Critical,
        scope: RuleScope.VpnServer,
        runAs: RunAsAccount.System,
        sources:
        [
            "https://directaccess.richardhicks.com/tag/pki/",
            "https://learn.microsoft.com/en-us/windows-server/remote/remote-access/vpn/always-on-vpn/deploy/always-on-vpn-adv-options",
            "https://learn.microsoft.com/dotnet/api/system.security.cryptography.x509certificates.storename",
        ],
        check: new CertificatesInStoreCheck(
            new CertificateStore(CertificateStoreLocation.LocalMachine, CertificateStoreName.Disallowed),
            ProfileSetting.BlockedDeviceCertificates,
            BlockedCertificateNotDisallowed),
        remedy: new AddCertificatesToStoreRemedy(Blocks: true));

    public static Rule NoBlockedSessions { get; } = RuleFactory.Create(
        id: "AOVPN6002",
        category: RuleCategory.DenyList,
        title: "No blocked user or device has a live VPN session",
        why: "Blocking a certificate or account stops new connections only; a session that is already up keeps running until it is disconnected on the server where it terminates.",
        manualFix: "On each RRAS server run Get-RemoteAccessConnectionStatistics, then Disconnect-VpnUser -UserName DOMAIN\\user for every blocked user or device session.",
        severity: Severity.Critical,
        scope: RuleScope.VpnServer,
        runAs: RunAsAccount.System,
        sources:
        [
            "https://learn.microsoft.com/powershell/module/remoteaccess/get-remoteaccessconnectionstatistics",
            "https://learn.microsoft.com/powershell/module/remoteaccess/disconnect-vpnuser",
            "https://learn.microsoft.com/en-us/previous-versions/windows/desktop/ramgmtpsprov/remoteaccessmonitoringconnection",
        ],
        check: new BlockedSessionsCheck(BlockedUserConnected, BlockedDeviceConnected),
        remedy: new DisconnectBlockedSessionsRemedy());

    public static Rule RevocationEnforced { get; } = RuleFactory.Create(
        id: "AOVPN6003",
        category: RuleCategory.DenyList,
        title: "RRAS checks revocation of IKEv2 device certificates (CertAuthFlags = 4)",
        why: "Without CertAuthFlags=4 RRAS does not check the CRL for IKEv2 machine certificates, so revoking a lost device's certificate at the CA does not stop its device tunnel.",
        manualFix: "Set RootCertificateNameToAccept (Set-VpnAuthProtocol), run reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\RemoteAccess\\Parameters\\Ikev2 /v CertAuthFlags /t REG_DWORD /d 4 /f and restart the RemoteAccess service in a maintenance window (it drops every session).",
        severity: Severity.Warning,
        scope: RuleScope.VpnServer,
        runAs: RunAsAccount.System,
        sources:
        [
            "https://learn.microsoft.com/en-us/windows-server/remote/remote-access/vpn/always-on-vpn/deploy/always-on-vpn-adv-options",
        ],
        check: new CertAuthFlagsCheck(RevocationNotEnforced),
        remedy: new EnforceCertAuthFlagsRemedy());

    public static Package Package { get; } = new(
        Id,
        "VPN deny list",
        "Checks on each RRAS server that blocked device certificates are in Untrusted Certificates, no blocked user or device is connected and IKEv2 revocation checking is on; remediation blocks, disconnects and flushes caches (and sets CertAuthFlags only when the profile allows the RemoteAccess restart).",
        RunAsAccount.System,
        PackageAudience.Server,
        [BlockedCertificatesDisallowed, NoBlockedSessions, RevocationEnforced])
    {
        // Checked only where the role is installed: a server of the other role reports "not applicable".
        Feature = ServerFeatures.VpnServer,
    };
}
