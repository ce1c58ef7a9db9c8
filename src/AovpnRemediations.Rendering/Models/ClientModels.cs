using AovpnRemediations.Rendering.Escaping;

namespace AovpnRemediations.Rendering.Models;

// View-models of the client certificate, connection event and VPN profile checks. Finding codes and store
// names are catalogue identifiers; connection names come from the profile and are PsLiterals.

/// <summary>Which certificates a client certificate check selects: <c>Location\My</c>, named for the device or not.</summary>
public abstract class ClientCertificateModel
{
    public required string Location { get; init; }

    /// <summary>Device tunnel: the subject CN or a SAN DNS name must be the device FQDN.</summary>
    public required bool MatchDeviceFqdn { get; init; }
}

/// <summary>Model of <c>checks/client-certificate-usable</c>.</summary>
public sealed class UsableClientCertificateModel : ClientCertificateModel
{
    public required string NoneCode { get; init; }

    public required string NotChainedCode { get; init; }

    /// <summary>Null for the user tunnel, which does not match a name.</summary>
    public string? NameMismatchCode { get; init; }

    public required string NoPrivateKeyCode { get; init; }

    public required string NotYetValidCode { get; init; }

    public required string ExpiredCode { get; init; }
}

/// <summary>Model of <c>checks/client-certificate-expiry</c>.</summary>
public sealed class ClientCertificateExpiryModel : ClientCertificateModel
{
    public required string ExpiringCode { get; init; }

    public required int WarningDays { get; init; }
}

/// <summary>Model of <c>checks/client-certificate-tpm-key</c>.</summary>
public sealed class ClientCertificateTpmKeyModel : ClientCertificateModel
{
    public required string KeyNotInTpmCode { get; init; }
}

/// <summary>Model of <c>checks/ike-intermediate-eku</c>.</summary>
public sealed class IkeIntermediateEkuModel : ClientCertificateModel
{
    public required string SeveralWithoutIkeEkuCode { get; init; }
}

/// <summary>Model of <c>remedies/pulse-autoenrollment</c>.</summary>
public sealed class PulseAutoenrollmentModel
{
    /// <summary><c>certutil -user -pulse</c> rather than <c>certutil -pulse</c>.</summary>
    public required bool UserContext { get; init; }

    /// <summary>At most this many seconds of waiting for the check to pass after the pulse.</summary>
    public required int WaitSeconds { get; init; }
}

/// <summary>Model of <c>checks/connection-failures</c>.</summary>
public sealed class ConnectionFailuresModel
{
    public required IReadOnlyList<PsLiteral> ConnectionNames { get; init; }

    public required int WindowHours { get; init; }

    public required string LogName { get; init; }

    public required string ProviderName { get; init; }

    public required int EventId { get; init; }

    public required string FailedCode { get; init; }

    public required string UnparsableCode { get; init; }
}

/// <summary>Model of <c>checks/vpn-profile-present</c>.</summary>
public sealed class VpnProfilePresentModel
{
    public required PsLiteral ConnectionName { get; init; }

    /// <summary>The device tunnel is in the all-user phone book.</summary>
    public required bool AllUserConnection { get; init; }

    public required string MissingCode { get; init; }
}

/// <summary>What a shared function template sees: the profile's CAs (public certificates).</summary>
public sealed class SharedModel
{
    public required IReadOnlyList<CertificateModel> RootCas { get; init; }

    public required IReadOnlyList<CertificateModel> IntermediateCas { get; init; }
}
