using System.Globalization;

namespace AovpnRemediations.Catalogue.KnowledgeBase;

/// <summary>
/// A connection error code as RasClient event 20227 reports it: a decimal RAS/IKE code (809, 13801) or a
/// negative HRESULT (-2146762495 = 0x800B0101 CERT_E_EXPIRED), with what it means for Always On VPN.
/// </summary>
public sealed record ConnectionErrorCode(
    int Code,
    string Symbol,
    string Meaning,
    string LikelyCause,
    string WhatToCheck,
    IReadOnlyList<Uri> Sources)
{
    /// <summary>The code as an HRESULT-style hex number, 0x%08X.</summary>
    public string Hex => "0x" + unchecked((uint)Code).ToString("X8", CultureInfo.InvariantCulture);
}

/// <summary>The knowledge base of AOVPN connection error codes, used by the fleet report and the rule docs.</summary>
public static class ConnectionErrorCodes
{
    // Sources, as the facts file names them.
    private const string RasErrors = "https://msdn.microsoft.com/library/windows/desktop/bb530704.aspx";
    private const string IkeErrors = "https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--12000-15999-";
    private const string TroubleshootAovpn = "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/troubleshoot-always-on-vpn";
    private const string AdvancedOptions = "https://learn.microsoft.com/en-us/windows-server/remote/remote-access/vpn/always-on-vpn/deploy/always-on-vpn-adv-options";
    private const string EapTlsRequirements = "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/certificate-requirements-eap-tls-peap";
    private const string NpsExtension = "https://learn.microsoft.com/en-us/entra/identity/authentication/howto-mfa-nps-extension";
    private const string NpsExtensionErrors = "https://learn.microsoft.com/en-us/entra/identity/authentication/howto-mfa-nps-extension-errors";
    private const string HicksEstsToken = "https://directaccess.richardhicks.com/2019/04/29/always-on-vpn-and-azure-mfa-ests-token-error/";
    private const string HicksTls10 = "https://directaccess.richardhicks.com/2018/02/";
    private const string Hicks809 = "https://directaccess.richardhicks.com/2019/02/14/troubleshooting-always-on-vpn-error-code-809/";
    private const string HicksNtAuth = "https://directaccess.richardhicks.com/tag/extensible-authentication-protocol/";
    private const string HicksWindows11 = "https://directaccess.richardhicks.com/tag/certificate/";
    private const string Hicks864 = "https://directaccess.richardhicks.com/tag/ikev2/page/9";
    private const string Hicks13801 = "https://directaccess.richardhicks.com/2021/12/13/always-on-vpn-error-13801/";
    private const string HicksIntermittent13801 = "https://directaccess.richardhicks.com/tag/ike-authentication-credentials-are-unacceptable/";
    private const string Hicks13806 = "https://directaccess.richardhicks.com/2021/12/20/always-on-vpn-error-13806";
    private const string Hicks13868 = "https://directaccess.richardhicks.com/2019/09/02/always-on-vpn-ikev2-policy-mismatch-error/";
    private const string HicksEvent20227 = "https://directaccess.richardhicks.com/tag/event-id-20227/";
    private const string HicksIkev2Certificates = "https://directaccess.richardhicks.com/2018/04/30/always-on-vpn-certificate-requirements-for-ikev2/";

    /// <summary>Every entry, ordered as RAS codes, IKE codes, then HRESULTs.</summary>
    public static IReadOnlyList<ConnectionErrorCode> All { get; } =
    [
        Entry(
            0,
            "ERROR_SUCCESS",
            "No error code: the connection failed without an error the client could name.",
            "When the NPS server logs Security event 6274 (request discarded) at the same time: the NPS extension for Azure MFA could not get a token (ESTS_TOKEN_ERROR, AuthZAdminCh event 3), usually because its certificate expired or is not associated with the tenant; the extension discards the request and the client sees error 0.",
            "On the NPS servers: Security events 6274 and Microsoft-AzureMfa-AuthZ/AuthZAdminCh event 3 (aovpn-nps-mfa), the NPS extension certificate (CN=<tenant id>) and its expiry, and that the server reaches https://login.microsoftonline.com.",
            HicksEstsToken,
            NpsExtension,
            NpsExtensionErrors),
        Entry(
            691,
            "ERROR_AUTHENTICATION_FAILURE",
            "The user name or password was not recognised, or the authentication protocol is not permitted on the remote access server.",
            "Wrong credentials, or the client and the VPN server do not share an authentication protocol; with SSTP and EAP on Windows Server 2012 R2, TLS 1.0 disabled on the RRAS server.",
            "The authentication methods of the VPN profile against the RRAS server and NPS network policy; the TLS versions enabled on the RRAS server.",
            RasErrors,
            HicksTls10),
        Entry(
            703,
            "ERROR_INTERACTIVE_MODE",
            "The connection needs information from the user, but the application does not allow user interaction.",
            "UNCONFIRMED for AOVPN: most likely the profile needs a prompt (for example choosing among several certificates) while it dials without a user interface.",
            "The EAP configuration's certificate selection (a filter on the issuing CA or the Client Authentication EKU) and how many matching user certificates the device holds (aovpn-user-tunnel-cert).",
            RasErrors),
        Entry(
            720,
            "ERROR_PPP_NO_PROTOCOLS_CONFIGURED",
            "A connection could not be established: the client and the server share no network protocol configuration.",
            "UNCONFIRMED for AOVPN: commonly the RRAS server cannot hand out an IP address (static pool exhausted or DHCP unreachable).",
            "The RRAS server's IPv4 address assignment (static pool size, or DHCP relay and scope) and its event log.",
            RasErrors),
        Entry(
            768,
            "ERROR_FAILED_TO_ENCRYPT",
            "The connection failed because the data could not be encrypted.",
            "UNCONFIRMED for AOVPN: no documented common cause; an encryption setting the client and the server do not share is the first suspect.",
            "The encryption level and IPsec settings of the VPN profile against the RRAS server's.",
            RasErrors),
        Entry(
            798,
            "ERROR_NO_EAPTLS_CERTIFICATE",
            "A certificate could not be found that can be used with this Extensible Authentication Protocol.",
            "The user (or device) has no certificate that the profile's EAP certificate filter accepts: none enrolled, expired, or missing the Client Authentication EKU.",
            "The user's certificate in CurrentUser\\My (aovpn-user-tunnel-cert: AOVPN1001) and the EAP configuration's certificate filter.",
            RasErrors,
            EapTlsRequirements),
        Entry(
            800,
            "ERROR_AUTOMATIC_VPN_FAILED",
            "The remote connection was not made because the attempted VPN tunnels failed; the VPN server might be unreachable.",
            "The profile's tunnel type is Automatic and every tunnel type it tried failed: usually the same causes as 809 for each of them.",
            "UDP 500/4500 (IKEv2) and TCP 443 (SSTP) to the public FQDN, and the IKEv2 certificates; set the tunnel type explicitly to see the real error.",
            RasErrors,
            TroubleshootAovpn),
        Entry(
            809,
            "ERROR_VPN_TIMEOUT",
            "The remote server is not responding: the connection could not be established.",
            "IKEv2 (UDP 500/4500) or SSTP (TCP 443) blocked by a firewall or NAT, the public name resolving to the wrong address, or IKE fragments dropped on the path.",
            "Test UDP 500/4500 to the public FQDN from an affected network; check the load balancer and firewall, and IKEv2 fragmentation on the VPN server.",
            Hicks809,
            TroubleshootAovpn),
        Entry(
            812,
            "ERROR_SERVER_POLICY",
            "The connection was prevented by a policy on the RAS/VPN server: the authentication method the client used does not match the server's.",
            "The NPS network policy requires an authentication method the client does not offer (for example PEAP with certificates against EAP-MSCHAPv2); with SSTP on Windows Server 2012 R2, TLS 1.0 disabled.",
            "The NPS network policy's conditions and authentication methods against the profile's EAP configuration; RasClient event 20276 on the client.",
            RasErrors,
            TroubleshootAovpn,
            HicksTls10),
        Entry(
            813,
            "ERROR_BROADBAND_ACTIVE",
            "A second broadband connection was attempted on the same device.",
            "Rarely AOVPN's concern: another connection on the device holds the same dial-up resources.",
            "Other VPN or broadband connections on the device at the time of the failure.",
            RasErrors),
        Entry(
            827,
            "ERROR_IPSEC_SERVICE_STOPPED",
            "The IKE and AuthIP IPsec Keying Modules service, or the Base Filtering Engine, is not running.",
            "IKEEXT or BFE disabled or stopped on the client (by hardening, a third-party firewall or a broken update), so no IKEv2 tunnel can start.",
            "Get-Service IKEEXT, BFE on the client: both should run (Manual/Automatic start), and the firewall product's documentation.",
            RasErrors),
        Entry(
            834,
            "ERROR_RASMAN_SERVICE_STOPPED",
            "The Remote Access Connection Manager service (RasMan) is not running.",
            "RasMan disabled or crashed on the client; Always On VPN depends on it to dial.",
            "Get-Service RasMan on the client and its System log entries.",
            RasErrors),
        Entry(
            853,
            "ERROR_EAP_USER_CERT_INVALID",
            "The client authentication certificate is not valid.",
            "The NPS server does not accept the user certificate: its issuing CA is missing from the NTAuth store; on Windows 11, the NPS server name in the PEAP configuration does not match the certificate's case exactly.",
            "certutil -enterprise -viewstore NTAuth on the NPS server for the issuing CA; the server names in the profile's EAP configuration; the user certificate (aovpn-user-tunnel-cert).",
            RasErrors,
            HicksNtAuth,
            HicksWindows11),
        Entry(
            858,
            "ERROR_EAP_SERVER_CERT_EXPIRED",
            "The certificate the client uses to authenticate the server (NPS) has expired.",
            "The NPS server's Server Authentication certificate ran out.",
            "Renew the NPS server certificate (NPS Server Authentication template, autoenrolled) and select it in the network policy.",
            RasErrors),
        Entry(
            859,
            "ERROR_EAP_SERVER_CERT_REVOKED",
            "The certificate the client uses to authenticate the server (NPS) has been revoked.",
            "The NPS server's certificate was revoked, or the client reads a CRL that lists it.",
            "Enroll a new NPS server certificate and select it in the network policy; the CRL the client reaches.",
            RasErrors),
        Entry(
            862,
            "ERROR_EAP_USER_ROOT_CERT_INVALID",
            "The trusted root certificate that validates the user's certificate is not valid.",
            "The root (or issuing) CA of the user certificate is missing, expired or not trusted on the NPS server.",
            "The organisation's root and intermediate CAs in the NPS server's machine stores, and the user certificate's chain.",
            RasErrors),
        Entry(
            864,
            "ERROR_EAP_SERVER_ROOT_CERT_NOT_FOUND",
            "The root certificate that validates the server's certificate is not in the client's Trusted Root store.",
            "The NPS certificate does not fit the profile's EAP configuration: wrong or missing Server Authentication EKU, a subject that differs from the server name in the EAP configuration, no certificate selected in the network policy, or its root missing on the client.",
            "The NPS server certificate (subject, EKU) against the EAP configuration's server names and trusted roots; the roots on the client (aovpn-trusted-cas).",
            RasErrors,
            Hicks864),
        Entry(
            868,
            "ERROR_DNSNAME_NOT_RESOLVABLE",
            "The remote connection was not made because the name of the remote access server did not resolve.",
            "The VPN server's public FQDN does not resolve on the network the client is on (public DNS record missing, or a split-brain zone answering inside).",
            "Resolve-DnsName <public FQDN> from an affected network; the public DNS record.",
            RasErrors),
        Entry(
            13801,
            "ERROR_IPSEC_IKE_AUTH_FAIL",
            "IKE authentication credentials are unacceptable.",
            "The client does not trust the VPN server's certificate chain, the server certificate lacks Server Authentication or is expired, or the VPN name differs from the certificate subject; intermittent 13801 means several Client Authentication certificates in the machine store; a revoked device certificate with CRL checking enforced.",
            "Check the root and intermediate CAs on the client (aovpn-trusted-cas), the RRAS IKEv2 certificate (aovpn-vpn-server-cert), and the device certificate's IP security IKE intermediate EKU (aovpn-device-tunnel-cert: AOVPN1007).",
            Hicks13801,
            HicksIntermittent13801,
            TroubleshootAovpn),
        Entry(
            13806,
            "ERROR_IPSEC_IKE_NO_CERT",
            "IKE failed to find a valid machine certificate.",
            "Device tunnel: the device certificate is missing, expired, untrusted or revoked, lacks Client Authentication, or its subject is not the device FQDN; or its chain is missing on the client; less often the server certificate or configuration.",
            "The device certificate in LocalMachine\\My (aovpn-device-tunnel-cert: AOVPN1004) and the CAs in the machine stores (aovpn-trusted-cas).",
            Hicks13806,
            IkeErrors,
            TroubleshootAovpn),
        Entry(
            13809,
            "ERROR_IPSEC_IKE_MM_ACQUIRE_DROP",
            "Negotiation request sat in queue too long.",
            "UNCONFIRMED for AOVPN: no documented common cause; IKE main mode did not complete in time, so the path to the server (UDP 500/4500, fragmentation) is the first suspect.",
            "The same network checks as 809; the VPN server's IKE load.",
            IkeErrors),
        Entry(
            13832,
            "ERROR_IPSEC_IKE_PROCESS_ERR_TRANS",
            "Error processing Transform payload.",
            "UNCONFIRMED for AOVPN: likely an IPsec proposal (cipher, integrity, DH group) the peers do not share.",
            "The profile's IPsec custom policy against Get-VpnServerIPsecConfiguration on the RRAS server.",
            IkeErrors),
        Entry(
            13843,
            "ERROR_IPSEC_IKE_INVALID_PAYLOAD",
            "Invalid payload received.",
            "UNCONFIRMED for AOVPN: no documented common cause; a device on the path rewriting or truncating IKE packets is a suspect.",
            "Firewalls and load balancers between client and server; IKE fragmentation.",
            IkeErrors),
        Entry(
            13847,
            "ERROR_IPSEC_IKE_NO_PEER_CERT",
            "The peer did not send a valid certificate.",
            "The VPN server offered no certificate the client accepts: its IKEv2 certificate or the chain to it is missing.",
            "The RRAS server's IKEv2 certificate and chain (aovpn-vpn-server-cert) and the roots on the client (aovpn-trusted-cas).",
            IkeErrors),
        Entry(
            13848,
            "ERROR_IPSEC_IKE_PEER_CRL_FAILED",
            "The peer's certificate revocation check failed.",
            "The CRL of the peer's certificate cannot be reached or has expired (CRL distribution point unreachable from where the check runs).",
            "The CRL distribution points of the certificates involved and whether they are reachable and current (certutil -verify -urlfetch on the certificate).",
            IkeErrors,
            AdvancedOptions),
        Entry(
            13868,
            "ERROR_IPSEC_IKE_POLICY_MATCH",
            "Policy match error.",
            "The IKEv2 security policy of the client and the server do not match (ciphers, integrity, DH group, PFS).",
            "Compare Get-VpnServerIPsecConfiguration on the RRAS server with (Get-VpnConnection -Name <connection> [-AllUserConnection]).IPsecCustomPolicy on the client.",
            Hicks13868,
            IkeErrors),
        Entry(
            unchecked((int)0x80070040),
            "HRESULT_FROM_WIN32(ERROR_NETNAME_DELETED)",
            "The specified network name is no longer available.",
            "The VPN server's certificate lacks the Server Authentication usage, so the server drops the connection.",
            "The RRAS server's IKEv2/SSTP certificate EKUs: Server Authentication and IP security IKE intermediate (aovpn-vpn-server-cert).",
            TroubleshootAovpn,
            HicksIkev2Certificates),
        Entry(
            unchecked((int)0x80092010),
            "CRYPT_E_REVOKED",
            "The certificate is revoked.",
            "The device (or user) certificate was revoked and the VPN server enforces revocation (IKEv2 CertAuthFlags=4): the device is blocked on purpose, or was revoked by mistake.",
            "Whether the revocation was intended (deny list); if not, enroll a new certificate (certutil -pulse); CAPI2 Operational event 41 on the server shows the check.",
            AdvancedOptions),
        Entry(
            unchecked((int)0x800B0101),
            "CERT_E_EXPIRED",
            "A required certificate is not within its validity period.",
            "The VPN server's TLS (SSTP) or IKEv2 certificate has expired; RasClient logs it as -2146762495.",
            "The RRAS server's certificate expiry (aovpn-vpn-server-cert) and renew it; a certificate for the public FQDN cannot be autoenrolled.",
            HicksEvent20227,
            TroubleshootAovpn),
        Entry(
            unchecked((int)0x800B0109),
            "CERT_E_UNTRUSTEDROOT",
            "A certificate chain terminated in a root certificate which is not trusted.",
            "The root CA of the VPN server's (or NPS server's) certificate is missing from the client's Trusted Root store.",
            "Install the root CA in LocalMachine\\Root on the client (aovpn-trusted-cas remediates it).",
            TroubleshootAovpn),
    ];

    /// <summary>
    /// The entry for a code as found in an event: decimal, negative HRESULT, or the same HRESULT written
    /// unsigned (2148204809 for 0x800B0109). Null when the code is not in the knowledge base.
    /// </summary>
    public static ConnectionErrorCode? Find(long code)
    {
        if (code > int.MaxValue && code <= uint.MaxValue)
        {
            code = unchecked((int)(uint)code);
        }

        return code is < int.MinValue or > int.MaxValue ? null : All.FirstOrDefault(e => e.Code == (int)code);
    }

    private static ConnectionErrorCode Entry(int code, string symbol, string meaning, string cause, string check, params string[] sources) =>
        new(code, symbol, meaning, cause, check, [.. sources.Select(s => new Uri(s, UriKind.Absolute))]);
}
