using AovpnRemediations.Binding;
using AovpnRemediations.Catalogue.Checks;
using AovpnRemediations.Rendering.Escaping;
using AovpnRemediations.Rendering.Models;

namespace AovpnRemediations.Rendering;

/// <summary>Models of the client-side checks (certificates, connection events, VPN profiles); <see cref="RuleTemplates"/> dispatches here.</summary>
internal static class ClientCertificateTemplates
{
    public static (string Kind, object Model) ForCheck(BoundClientCertificate bound)
    {
        var location = Identifier.Require(bound.Selection.Location.ToString());
        var byFqdn = bound.Selection.MatchDeviceFqdn;
        return bound.Check switch
        {
            UsableClientCertificateCheck c => ("client-certificate-usable", new UsableClientCertificateModel
            {
                Location = location,
                MatchDeviceFqdn = byFqdn,
                NoneCode = Code(c.None.Name),
                NotChainedCode = Code(c.NotChained.Name),
                NameMismatchCode = c.NameMismatch is null ? null : Code(c.NameMismatch.Name),
                NoPrivateKeyCode = Code(c.NoPrivateKey.Name),
                NotYetValidCode = Code(c.NotYetValid.Name),
                ExpiredCode = Code(c.Expired.Name),
            }),
            ClientCertificateExpiryCheck c => ("client-certificate-expiry", new ClientCertificateExpiryModel
            {
                Location = location,
                MatchDeviceFqdn = byFqdn,
                ExpiringCode = Code(c.Expiring.Name),
                WarningDays = bound.ExpiryWarningDays,
            }),
            ClientCertificateTpmKeyCheck c => ("client-certificate-tpm-key", new ClientCertificateTpmKeyModel
            {
                Location = location,
                MatchDeviceFqdn = byFqdn,
                KeyNotInTpmCode = Code(c.KeyNotInTpm.Name),
            }),
            IkeIntermediateEkuCheck c => ("ike-intermediate-eku", new IkeIntermediateEkuModel
            {
                Location = location,
                MatchDeviceFqdn = byFqdn,
                SeveralWithoutIkeEkuCode = Code(c.SeveralWithoutIkeEku.Name),
            }),
            _ => throw new InvalidOperationException($"No template for client certificate check {bound.Check.GetType().Name}; add it to ClientCertificateTemplates."),
        };
    }

    public static PulseAutoenrollmentModel PulseAutoenrollment(PulseAutoenrollmentRemedy remedy, BoundClientCertificate bound) => new()
    {
        UserContext = remedy.Context == CertificateStoreLocation.CurrentUser,
        WaitSeconds = bound.AutoenrollmentWaitSeconds,
    };

    public static ConnectionFailuresModel ConnectionFailures(BoundConnectionFailureEvents bound) => new()
    {
        ConnectionNames = [.. bound.ConnectionNames.Select(PsLiteral.Of)],
        WindowHours = bound.WindowHours,
        LogName = Identifier.Require(ConnectionFailureEventsCheck.LogName),
        ProviderName = Identifier.Require(ConnectionFailureEventsCheck.ProviderName),
        EventId = ConnectionFailureEventsCheck.EventId,
        FailedCode = Code(bound.Check.Failed.Name),
        UnparsableCode = Code(bound.Check.UnparsableCode.Name),
    };

    public static VpnProfilePresentModel VpnProfilePresent(BoundVpnProfilePresent bound) => new()
    {
        ConnectionName = PsLiteral.Of(bound.ConnectionName),
        AllUserConnection = bound.Check.Tunnel == VpnTunnel.Device,
        MissingCode = Code(bound.Check.Missing.Name),
    };

    /// <summary>The model every shared function template gets: the profile's CAs.</summary>
    public static SharedModel Shared(BoundPackage package) => new()
    {
        RootCas = [.. package.Pki.RootCas.Select(CertificateModel.Of)],
        IntermediateCas = [.. package.Pki.IntermediateCas.Select(CertificateModel.Of)],
    };

    private static string Code(string name) => Identifier.Require(name);
}
