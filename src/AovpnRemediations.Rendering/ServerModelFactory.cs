using AovpnRemediations.Binding;
using AovpnRemediations.Catalogue.Checks;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering.Escaping;
using AovpnRemediations.Rendering.Models;

namespace AovpnRemediations.Rendering;

/// <summary>The view-models of the server packages' checks and remedies, built from their bound checks.</summary>
internal static class ServerModelFactory
{
    public static IkeServerCertificateModel IkeServerCertificate(BoundIkeServerCertificate bound) => new()
    {
        PublicFqdn = PsLiteral.Of(bound.PublicFqdn),
        ExpiryWarningDays = bound.ExpiryWarningDays,
        RootCas = [.. bound.RootCas.Select(CertificateModel.Of)],
        IntermediateCas = [.. bound.IntermediateCas.Select(CertificateModel.Of)],
        ServerAuthenticationEku = Identifier.Require(IkeServerCertificateCheck.ServerAuthenticationEku),
        IkeIntermediateEku = Identifier.Require(IkeServerCertificateCheck.IkeIntermediateEku),
        NoCertificateCode = Code(bound.Check.NoCertificate.Name),
        IkeEkuMissingCode = Code(bound.Check.IkeEkuMissing.Name),
        NameMismatchCode = Code(bound.Check.NameMismatch.Name),
        NotYetValidCode = Code(bound.Check.NotYetValid.Name),
        ExpiredCode = Code(bound.Check.Expired.Name),
        UntrustedCode = Code(bound.Check.Untrusted.Name),
        ExpiringCode = Code(bound.Check.Expiring.Name),
    };

    public static NpsServiceRunningModel NpsServiceRunning(BoundNpsServiceRunning bound) => new()
    {
        Nps = Nps(),
        MissingCode = Code(bound.Check.Missing.Name),
        NotRunningCode = Code(bound.Check.NotRunning.Name),
    };

    public static NpsEventsModel NpsEvents(BoundNpsEvents bound) => new()
    {
        Nps = Nps(),
        LogName = PsLiteral.Of(bound.Check.LogName),
        ProviderName = bound.Check.ProviderName is null ? null : PsLiteral.Of(bound.Check.ProviderName),
        EventId = bound.Check.EventId,
        WindowHours = bound.WindowHours,
        FoundCode = Code(bound.Check.Found.Name),
        LogMissingCode = bound.Check.LogMissing is null ? null : Code(bound.Check.LogMissing.Name),
        AllowServiceRestart = bound.AllowServiceRestart,
    };

    public static NpsExtensionCertificateModel NpsExtensionCertificate(BoundNpsExtensionCertificate bound) => new()
    {
        TenantId = PsLiteral.Of(bound.TenantId),
        OrganisationalUnit = PsLiteral.Of("OU=" + NpsExtensionCertificateCheck.OrganisationalUnit),
        ExpiryWarningDays = bound.ExpiryWarningDays,
        MissingCode = Code(bound.Check.Missing.Name),
        NotYetValidCode = Code(bound.Check.NotYetValid.Name),
        ExpiredCode = Code(bound.Check.Expired.Name),
        ExpiringCode = Code(bound.Check.Expiring.Name),
    };

    public static BlockedSessionsModel BlockedSessions(BoundBlockedSessions bound) => new()
    {
        Users = PsLiteral.ArrayOf(bound.Users),
        Devices = PsLiteral.ArrayOf(bound.Devices),
        UserConnectedCode = Code(bound.Check.UserConnected.Name),
        DeviceConnectedCode = Code(bound.Check.DeviceConnected.Name),
    };

    public static CertAuthFlagsModel CertAuthFlags(BoundCertAuthFlags bound) => new()
    {
        KeyPath = PsLiteral.Of(CertAuthFlagsCheck.KeyPath),
        ValueName = Identifier.Require(CertAuthFlagsCheck.ValueName),
        Enforced = CertAuthFlagsCheck.Enforced,
        ServiceName = Identifier.Require(CertAuthFlagsCheck.ServiceName),
        AllowRemoteAccessRestart = bound.AllowRemoteAccessRestart,
        NotEnforcedCode = Code(bound.Check.NotEnforced.Name),
    };

    private static NpsServiceModel Nps() => new()
    {
        ServiceName = Identifier.Require(NpsService.Name),
        MarkerPath = PsLiteral.Of(NpsService.RestartMarkerPath),
        MarkerName = Identifier.Require(NpsService.RestartMarkerName),
    };

    private static string Code(string name) => Identifier.Require(name);
}
