using AovpnRemediations.Rendering.Escaping;

namespace AovpnRemediations.Rendering.Models;

// View-models of the server packages' check and remedy templates. Finding codes, service and value names
// are catalogue identifiers; everything from the profile (and catalogue text with spaces or backslashes)
// is a PsLiteral.

/// <summary>Model of <c>checks/ikev2-server-certificate</c>.</summary>
public sealed class IkeServerCertificateModel
{
    public required PsLiteral PublicFqdn { get; init; }

    public required int ExpiryWarningDays { get; init; }

    public required IReadOnlyList<CertificateModel> RootCas { get; init; }

    public required IReadOnlyList<CertificateModel> IntermediateCas { get; init; }

    public required string ServerAuthenticationEku { get; init; }

    public required string IkeIntermediateEku { get; init; }

    public required string NoCertificateCode { get; init; }

    public required string IkeEkuMissingCode { get; init; }

    public required string NameMismatchCode { get; init; }

    public required string NotYetValidCode { get; init; }

    public required string ExpiredCode { get; init; }

    public required string UntrustedCode { get; init; }

    public required string ExpiringCode { get; init; }
}

/// <summary>What the NPS templates share: the IAS service and the marker of the last (re)start a remedy did.</summary>
public sealed class NpsServiceModel
{
    public required string ServiceName { get; init; }

    public required PsLiteral MarkerPath { get; init; }

    public required string MarkerName { get; init; }
}

/// <summary>Model of <c>checks/nps-service-running</c> and <c>remedies/start-nps-service</c>.</summary>
public sealed class NpsServiceRunningModel
{
    public required NpsServiceModel Nps { get; init; }

    public required string MissingCode { get; init; }

    public required string NotRunningCode { get; init; }
}

/// <summary>Model of <c>checks/nps-events</c> and <c>remedies/restart-nps-after-token-errors</c>.</summary>
public sealed class NpsEventsModel
{
    public required NpsServiceModel Nps { get; init; }

    public required PsLiteral LogName { get; init; }

    /// <summary>Null when the log is filtered by event id alone.</summary>
    public required PsLiteral? ProviderName { get; init; }

    public required int EventId { get; init; }

    public required int WindowHours { get; init; }

    public required string FoundCode { get; init; }

    /// <summary>Null when a missing log is an error rather than a finding.</summary>
    public required string? LogMissingCode { get; init; }

    public required bool AllowServiceRestart { get; init; }
}

/// <summary>Model of <c>checks/nps-extension-certificate</c>.</summary>
public sealed class NpsExtensionCertificateModel
{
    public required PsLiteral TenantId { get; init; }

    /// <summary>The subject's OU part as it appears in the subject, <c>OU=Microsoft NPS Extension</c>.</summary>
    public required PsLiteral OrganisationalUnit { get; init; }

    public required int ExpiryWarningDays { get; init; }

    public required string MissingCode { get; init; }

    public required string NotYetValidCode { get; init; }

    public required string ExpiredCode { get; init; }

    public required string ExpiringCode { get; init; }
}

/// <summary>Model of <c>checks/blocked-sessions</c> and <c>remedies/disconnect-blocked-sessions</c>.</summary>
public sealed class BlockedSessionsModel
{
    /// <summary>An array literal of DOMAIN\user names.</summary>
    public required PsLiteral Users { get; init; }

    /// <summary>An array literal of device names.</summary>
    public required PsLiteral Devices { get; init; }

    public required string UserConnectedCode { get; init; }

    public required string DeviceConnectedCode { get; init; }
}

/// <summary>Model of <c>checks/cert-auth-flags</c> and <c>remedies/enforce-cert-auth-flags</c>.</summary>
public sealed class CertAuthFlagsModel
{
    public required PsLiteral KeyPath { get; init; }

    public required string ValueName { get; init; }

    public required int Enforced { get; init; }

    public required string ServiceName { get; init; }

    public required bool AllowRemoteAccessRestart { get; init; }

    public required string NotEnforcedCode { get; init; }
}
