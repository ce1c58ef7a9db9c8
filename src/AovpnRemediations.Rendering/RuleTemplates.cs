using AovpnRemediations.Binding;
using AovpnRemediations.Catalogue.Checks;
using AovpnRemediations.Rendering.Escaping;
using AovpnRemediations.Rendering.Models;

namespace AovpnRemediations.Rendering;

/// <summary>
/// Which template renders each kind of check and remedy, and the model it gets. A closed switch: a new
/// check kind fails loudly here until it has a template.
/// </summary>
public static class RuleTemplates
{
    public static IReadOnlyList<string> CheckKinds { get; } =
    [
        "certificates-in-store",
        "client-certificate-usable",
        "client-certificate-expiry",
        "client-certificate-tpm-key",
        "ike-intermediate-eku",
        "connection-failures",
        "vpn-profile-present",
        "ikev2-server-certificate",
        "nps-service-running",
        "nps-events",
        "nps-extension-certificate",
        "blocked-sessions",
        "cert-auth-flags",
    ];

    public static IReadOnlyList<string> RemedyKinds { get; } =
    [
        "add-certificates-to-store",
        "pulse-autoenrollment",
        "disallow-certificates",
        "start-nps-service",
        "restart-nps-after-token-errors",
        "disconnect-blocked-sessions",
        "enforce-cert-auth-flags",
    ];

    public static (string Kind, object Model) ForCheck(BoundCheck check) => check switch
    {
        BoundCertificatesInStore c => ("certificates-in-store", CertificatesInStore(c)),
        BoundClientCertificate c => ClientCertificateTemplates.ForCheck(c),
        BoundConnectionFailureEvents c => ("connection-failures", ClientCertificateTemplates.ConnectionFailures(c)),
        BoundVpnProfilePresent c => ("vpn-profile-present", ClientCertificateTemplates.VpnProfilePresent(c)),
        BoundIkeServerCertificate c => ("ikev2-server-certificate", ServerModelFactory.IkeServerCertificate(c)),
        BoundNpsServiceRunning c => ("nps-service-running", ServerModelFactory.NpsServiceRunning(c)),
        BoundNpsEvents c => ("nps-events", ServerModelFactory.NpsEvents(c)),
        BoundNpsExtensionCertificate c => ("nps-extension-certificate", ServerModelFactory.NpsExtensionCertificate(c)),
        BoundBlockedSessions c => ("blocked-sessions", ServerModelFactory.BlockedSessions(c)),
        BoundCertAuthFlags c => ("cert-auth-flags", ServerModelFactory.CertAuthFlags(c)),
        _ => throw new InvalidOperationException($"No template for check kind {check.GetType().Name}; add it to RuleTemplates."),
    };

    public static (string Kind, object Model) ForRemedy(Remedy remedy, BoundCheck check) => (remedy, check) switch
    {
        (AddCertificatesToStoreRemedy, BoundCertificatesInStore c) => ("add-certificates-to-store", CertificatesInStore(c)),
        (PulseAutoenrollmentRemedy r, BoundClientCertificate c) => ("pulse-autoenrollment", ClientCertificateTemplates.PulseAutoenrollment(r, c)),
        (DisallowCertificatesRemedy, BoundCertificatesInStore c) => ("disallow-certificates", CertificatesInStore(c)),
        (StartNpsServiceRemedy, BoundNpsServiceRunning c) => ("start-nps-service", ServerModelFactory.NpsServiceRunning(c)),
        (RestartNpsAfterTokenErrorsRemedy, BoundNpsEvents c) => ("restart-nps-after-token-errors", ServerModelFactory.NpsEvents(c)),
        (DisconnectBlockedSessionsRemedy, BoundBlockedSessions c) => ("disconnect-blocked-sessions", ServerModelFactory.BlockedSessions(c)),
        (EnforceCertAuthFlagsRemedy, BoundCertAuthFlags c) => ("enforce-cert-auth-flags", ServerModelFactory.CertAuthFlags(c)),
        _ => throw new InvalidOperationException($"No template for remedy {remedy.GetType().Name} on check {check.GetType().Name}; add it to RuleTemplates."),
    };

    private static CertificatesInStoreModel CertificatesInStore(BoundCertificatesInStore check) => new()
    {
        Location = Identifier.Require(check.Store.Location.ToString()),
        Store = Identifier.Require(check.Store.Name.ToString()),
        MissingCode = Identifier.Require(check.Missing.Name),
        Certificates =
        [
            .. check.Certificates.Select(CertificateModel.Of),
        ],
    };
}
