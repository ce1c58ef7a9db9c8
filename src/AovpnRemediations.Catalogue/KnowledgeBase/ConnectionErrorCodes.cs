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
    public static IReadOnlyList<ConnectionErrorCode> All { get; } =
    [
        Entry(
            809,
            "ERROR_VPN_TIMEOUT",
            "The remote server is not responding: the connection could not be established.",
            "IKEv2 (UDP 500/4500) or SSTP (TCP 443) blocked by a firewall or NAT, the public name resolving to the wrong address, or IKE fragments dropped on the path.",
            "Test UDP 500/4500 to the public FQDN from an affected network; check the load balancer and firewall, and IKEv2 fragmentation on the VPN server.",
            "https://directaccess.richardhicks.com/2019/02/14/troubleshooting-always-on-vpn-error-code-809/",
            "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/troubleshoot-always-on-vpn"),
        Entry(
            13801,
            "ERROR_IPSEC_IKE_AUTH_FAIL",
            "IKE authentication credentials are unacceptable.",
            "The client does not trust the VPN server's certificate chain, the server certificate lacks Server Authentication or is expired, or the VPN name differs from the certificate subject; intermittent 13801 means several Client Authentication certificates in the machine store.",
            "Check the root and intermediate CAs on the client (aovpn-trusted-cas), the RRAS IKEv2 certificate (aovpn-vpn-server-cert), and the device certificate's IP security IKE intermediate EKU.",
            "https://directaccess.richardhicks.com/2021/12/13/always-on-vpn-error-13801/",
            "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/troubleshoot-always-on-vpn"),
        Entry(
            unchecked((int)0x800B0109),
            "CERT_E_UNTRUSTEDROOT",
            "A certificate chain terminated in a root certificate which is not trusted.",
            "The root CA of the VPN server's (or NPS server's) certificate is missing from the client's Trusted Root store.",
            "Install the root CA in LocalMachine\\Root on the client (aovpn-trusted-cas remediates it).",
            "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/troubleshoot-always-on-vpn"),
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
