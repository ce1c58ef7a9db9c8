using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Packages;

/// <summary>
/// aovpn-nps-mfa: the NPS servers that run the Azure MFA NPS extension. When the extension cannot get a
/// token (ESTS_TOKEN_ERROR) NPS discards the request (6274) and the client fails with error 0; when IAS is
/// stopped nobody connects. Built only when the profile has an <c>nps</c> section (the tenant ID).
/// </summary>
public static class NpsMfaPackage
{
    public const string Id = "aovpn-nps-mfa";

    /// <summary>The extension's admin channel; its event 3 is ESTS_TOKEN_ERROR.</summary>
    public const string AuthZAdminLog = "Microsoft-AzureMfa-AuthZ/AuthZAdminCh";

    private static readonly FindingCode NpsServiceMissing = new(
        "NpsServiceMissing",
        "There is no IAS (Network Policy Server) service: the NPS role is not installed on this server.",
        FindingField.Service);

    private static readonly FindingCode NpsServiceNotRunning = new(
        "NpsServiceNotRunning",
        "The IAS (Network Policy Server) service is not running (status), so no RADIUS request is answered.",
        FindingField.Service,
        FindingField.Status);

    private static readonly FindingCode EstsTokenErrors = new(
        "EstsTokenErrors",
        "The Azure MFA NPS extension logged ESTS_TOKEN_ERROR (AuthZAdminCh event 3) count times in the window: it cannot get a token from Entra ID with its certificate.",
        FindingField.Count);

    private static readonly FindingCode MfaExtensionLogMissing = new(
        "MfaExtensionLogMissing",
        "The Azure MFA NPS extension's event log (name) does not exist: the extension is not installed on this NPS server.",
        FindingField.Name);

    private static readonly FindingCode RequestsDiscarded = new(
        "RequestsDiscarded",
        "NPS discarded count RADIUS requests (Security event 6274) in the window; with error 0 on clients this is the MFA token problem.",
        FindingField.Count);

    private static readonly FindingCode NpsCertificateMissing = new(
        "NpsCertificateMissing",
        "LocalMachine\\My has no NPS extension certificate for the tenant (subject is the one expected).",
        FindingField.Subject);

    private static readonly FindingCode NpsCertificateNotYetValid = new(
        "NpsCertificateNotYetValid",
        "The only NPS extension certificates for the tenant are not valid yet; the newest one is named.",
        FindingField.Thumbprint,
        FindingField.Subject);

    private static readonly FindingCode NpsCertificateExpired = new(
        "NpsCertificateExpired",
        "Every NPS extension certificate for the tenant has expired; the newest one is named.",
        FindingField.Thumbprint,
        FindingField.Subject);

    private static readonly FindingCode NpsCertificateExpiring = new(
        "NpsCertificateExpiring",
        "The newest valid NPS extension certificate expires within the warning threshold (days left in days); it still works today.",
        FindingField.Thumbprint,
        FindingField.Subject,
        FindingField.Days);

    private static readonly string[] ExtensionSources =
    [
        "https://learn.microsoft.com/en-us/entra/identity/authentication/howto-mfa-nps-extension",
        "https://learn.microsoft.com/en-us/entra/identity/authentication/howto-mfa-nps-extension-errors",
        "https://directaccess.richardhicks.com/2019/04/29/always-on-vpn-and-azure-mfa-ests-token-error/",
    ];

    public static Rule ServiceRunning { get; } = RuleFactory.Create(
        id: "AOVPN5001",
        category: RuleCategory.Nps,
        title: "The Network Policy Server (IAS) service is running",
        why: "RRAS sends every user tunnel authentication to NPS over RADIUS; with the IAS service stopped no request is answered and every user tunnel connection fails.",
        manualFix: "Start the Network Policy Server service (Start-Service IAS) and find out from the System event log why it stopped; if the service does not exist, install the NPS role (Install-WindowsFeature NPAS).",
        severity: Severity.Critical,
        scope: RuleScope.NpsServer,
        runAs: RunAsAccount.System,
        sources:
        [
            "https://learn.microsoft.com/en-us/entra/identity/authentication/howto-mfa-nps-extension",
            "https://github.com/Azure-Samples/azure-mfa-nps-extension-health-check",
        ],
        check: new NpsServiceRunningCheck(NpsServiceMissing, NpsServiceNotRunning),
        remedy: new StartNpsServiceRemedy(),
        // The package is left out of a profile without the nps section; the docs say so from this.
        requires: ProfileRequirements.Nps);

    public static Rule NoTokenErrors { get; } = RuleFactory.Create(
        id: "AOVPN5002",
        category: RuleCategory.Nps,
        title: "The Azure MFA NPS extension logged no ESTS token errors in the event window",
        why: "ESTS_TOKEN_ERROR means the extension cannot authenticate to Entra ID with its certificate, so it rejects or drops every MFA request; clients see error 0 and NPS logs 6274.",
        manualFix: "Check that the NPS extension certificate is valid and associated with the tenant (Get-MgServicePrincipal for app 981f26a1-7f43-403b-a875-f8b09b8cd720, KeyCredentials), that the server reaches login.microsoftonline.com over TLS 1.2, re-run AzureMfaNpsExtnConfigSetup.ps1 if needed, then restart the IAS service.",
        severity: Severity.Critical,
        scope: RuleScope.NpsServer,
        runAs: RunAsAccount.System,
        sources: ExtensionSources,
        check: new NpsEventsCheck(AuthZAdminLog, null, 3, EstsTokenErrors, MfaExtensionLogMissing),
        remedy: new RestartNpsAfterTokenErrorsRemedy(),
        requires: ProfileRequirements.Nps);

    public static Rule NoDiscardedRequests { get; } = RuleFactory.Create(
        id: "AOVPN5003",
        category: RuleCategory.Nps,
        title: "NPS discarded no RADIUS requests in the event window",
        why: "Security event 6274 means NPS dropped a request without an answer; beside ESTS token errors it is the server side of the client's error 0, and a steady count points at the MFA extension or RADIUS timeouts.",
        manualFix: "Read the 6274 events' reason codes in the Security log (auditpol /get /subcategory:\"Network Policy Server\" must be on), fix the MFA extension if AOVPN5002 also reports, and set the RADIUS timeout on RRAS to at least 60 seconds.",
        severity: Severity.Warning,
        scope: RuleScope.NpsServer,
        runAs: RunAsAccount.System,
        sources:
        [
            "https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/dd316098(v=ws.10)",
            "https://directaccess.richardhicks.com/2019/04/29/always-on-vpn-and-azure-mfa-ests-token-error/",
            "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/troubleshoot-network-policy-server",
        ],
        check: new NpsEventsCheck("Security", "Microsoft-Windows-Security-Auditing", 6274, RequestsDiscarded, null),
        requires: ProfileRequirements.Nps);

    public static Rule ExtensionCertificate { get; } = RuleFactory.Create(
        id: "AOVPN5004",
        category: RuleCategory.Nps,
        title: "The Azure MFA NPS extension certificate is present, valid and not about to expire",
        why: "The extension signs in to Entra ID with a self-signed certificate (CN=<tenant ID>, OU=Microsoft NPS Extension) valid for two years; when the last one expires every MFA request fails with ESTS_TOKEN_ERROR.",
        manualFix: "Re-run C:\\Program Files\\Microsoft\\AzureMfa\\Config\\AzureMfaNpsExtnConfigSetup.ps1 with the same tenant ID on each NPS server before the certificate expires; it creates a new certificate, associates it with the tenant and restarts NPS. Delete expired extension certificates afterwards.",
        severity: Severity.Critical,
        scope: RuleScope.NpsServer,
        runAs: RunAsAccount.System,
        sources: ExtensionSources,
        check: new NpsExtensionCertificateCheck(NpsCertificateMissing, NpsCertificateNotYetValid, NpsCertificateExpired, NpsCertificateExpiring),
        requires: ProfileRequirements.Nps);

    public static Package Package { get; } = new(
        Id,
        "NPS and Azure MFA extension health",
        "Checks on each NPS server that IAS runs, the Azure MFA extension logs no token errors, NPS discards no requests and the extension certificate is valid; remediation starts a stopped IAS (and restarts a running one after token errors only when the profile allows).",
        RunAsAccount.System,
        PackageAudience.Server,
        [ServiceRunning, NoTokenErrors, NoDiscardedRequests, ExtensionCertificate])
    {
        // Checked only where the role is installed: a server of the other role reports "not applicable".
        Feature = ServerFeatures.Nps,
    };
}
