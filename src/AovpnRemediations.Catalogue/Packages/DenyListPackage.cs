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

    private static readonly FindingCode BlockedUserReconnected = new(
        "BlockedUserReconnected",
        "A user on the deny list has a live VPN session again after this package disconnected them (last at disconnectedAt, UTC): a disconnect ends only the current session and Always On VPN dials again, so the user is not blocked. Deny them with an NPS network policy, disable the account or revoke the certificate.",
        FindingField.User,
        FindingField.DisconnectedAt);

    private static readonly FindingCode BlockedDeviceConnected = new(
        "BlockedDeviceConnected",
        "A device on the deny list (device) has a live VPN session on this server, as user, from tunnel address address (empty when RRAS does not report one).",
        FindingField.Device,
        FindingField.User,
        FindingField.Address);

    private static readonly FindingCode BlockedDeviceReconnected = new(
        "BlockedDeviceReconnected",
        "A device on the deny list has a live VPN session again after this package disconnected it (last at disconnectedAt, UTC): the device tunnel dialled again, so its certificate is still accepted. Check AOVPN6001 (Untrusted Certificates) and AOVPN6003 (revocation checking).",
        FindingField.Device,
        FindingField.User,
        FindingField.Address,
        FindingField.DisconnectedAt);

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
        why: "Blocking a certificate or account stops new connections only; a session that is already up keeps running until it is disconnected on the server where it terminates. And a disconnect alone blocks nothing: Always On VPN dials again at once, so a user the NPS policy still lets in is back within seconds.",
        manualFix: "Block first, then disconnect. A user: add them to a group that an NPS network policy (listed before the VPN allow policy) denies access, or disable the account, or revoke their certificate; a device: put its certificate in Untrusted Certificates on every RRAS server (AOVPN6001) or revoke it with CertAuthFlags=4 (AOVPN6003). Then on each RRAS server run Get-RemoteAccessConnectionStatistics and Disconnect-VpnUser -UserName DOMAIN\\user (or -HostIPAddress and the tunnel address for a device session) for every blocked session, and check that it does not come back.",
        severity: Severity.Critical,
        scope: RuleScope.VpnServer,
        runAs: RunAsAccount.System,
        sources:
        [
            "https://learn.microsoft.com/powershell/module/remoteaccess/get-remoteaccessconnectionstatistics",
            "https://learn.microsoft.com/powershell/module/remoteaccess/disconnect-vpnuser",
            "https://learn.microsoft.com/en-us/previous-versions/windows/desktop/ramgmtpsprov/remoteaccessmonitoringconnection",
            "https://directaccess.richardhicks.com/2019/04/22/denying-access-to-always-on-vpn-users-or-computers/",
        ],
        check: new BlockedSessionsCheck(BlockedUserConnected, BlockedUserReconnected, BlockedDeviceConnected, BlockedDeviceReconnected),
        remedy: new DisconnectBlockedSessionsRemedy(),
        details: "Reads the live sessions of this RRAS server (Get-RemoteAccessConnectionStatistics without dates). A session is a blocked user's when its UserName is one of denyList.users (DOMAIN\\user, any case, compared whole). Microsoft's own example of Get-RemoteAccessConnectionStatistics shows a UserName qualified by the DNS domain (corp.contoso.com\\remoteuser1); which form RRAS records for a user tunnel is UNCONFIRMED, so list a user in each form your servers show (CORP\\name and corp.example.net\\name). It is a blocked device's when its client host name (HostName) is the device's name, or its host label when either side is unqualified, or when its UserName names the device in one of the forms a device tunnel (IKEv2 machine certificate, AuthMethod Machine Certificate) may carry: the certificate's name (FQDN or host), DOMAIN\\HOST$ or dns.domain\\HOST$, host/FQDN or CN=FQDN. Which of these forms RRAS really records for a device tunnel is UNCONFIRMED: Microsoft documents the UserName, HostName and ClientIPv4Address properties and the Machine Certificate method, not the value a machine certificate gives UserName, so every plausible form is matched; a DOMAIN\\name without the trailing $ is a user account and never matches a device. A blocked user or device that this package disconnected before (its marker in HKLM\\SOFTWARE\\AovpnRemediations\\aovpn-deny-list\\DisconnectedSessions, a FILETIME in UTC) and that has a session again is reported as reconnected, not as connected: the disconnect did not block it.");

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
        "Checks on each RRAS server that blocked device certificates are in Untrusted Certificates, no blocked user or device is connected (or connected again after a disconnect) and IKEv2 revocation checking is on; remediation disallows the certificates, flushes caches and disconnects sessions (which ends them but does not block the user), and sets CertAuthFlags only when the profile allows the RemoteAccess restart.",
        RunAsAccount.System,
        PackageAudience.Server,
        [BlockedCertificatesDisallowed, NoBlockedSessions, RevocationEnforced])
    {
        // Checked only where the role is installed: a server of the other role reports "not applicable".
        Feature = ServerFeatures.VpnServer,
    };
}
