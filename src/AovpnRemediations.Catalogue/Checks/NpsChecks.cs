using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Checks;

/// <summary>Names the NPS checks and remedies share: the service, and the marker of the last (re)start a remedy did.</summary>
public static class NpsService
{
    /// <summary>The Network Policy Server service.</summary>
    public const string Name = "IAS";

    /// <summary>
    /// Where remedies record when they last started or restarted IAS (UTC, yyyy-MM-ddTHH:mm:ssZ). The NPS event
    /// checks count events from that moment on: older token errors and discards are what the (re)start fixed.
    /// </summary>
    public const string RestartMarkerPath = @"HKLM:\SOFTWARE\AovpnRemediations\aovpn-nps-mfa";

    public const string RestartMarkerName = "IasRestartedUtc";
}

/// <summary>The IAS (Network Policy Server) service exists and is running.</summary>
public sealed record NpsServiceRunningCheck(FindingCode Missing, FindingCode NotRunning) : Check;

/// <summary>Starts IAS when it is not running (never restarts a running one) and records the start.</summary>
public sealed record StartNpsServiceRemedy : Remedy;

/// <summary>
/// Events of one id in one log over <c>thresholds.npsEventWindowHours</c> (and since the last IAS (re)start a
/// remedy recorded), read with Get-WinEvent -FilterHashtable. No events is healthy; a log that does not exist
/// reports <paramref name="LogMissing"/> when the rule has one (the extension is not installed), else fails the check.
/// </summary>
public sealed record NpsEventsCheck(
    string LogName,
    string? ProviderName,
    int EventId,
    FindingCode Found,
    FindingCode? LogMissing) : Check
{
    public IReadOnlyList<FindingCode> Codes => LogMissing is null ? [Found] : [Found, LogMissing];
}

/// <summary>
/// Restarts a running IAS after Azure MFA token errors, only when <c>nps.allowServiceRestart</c> is true
/// (the source article's first step); otherwise it changes nothing and the finding stays for a person.
/// </summary>
public sealed record RestartNpsAfterTokenErrorsRemedy : Remedy;

/// <summary>
/// The Azure MFA NPS extension certificate in LocalMachine\My (subject CN=&lt;nps.tenantId&gt;,
/// OU=Microsoft NPS Extension): present, time-valid, and the newest valid one not expiring within
/// <c>thresholds.npsCertificateExpiryWarningDays</c>. Needs the profile's <c>nps</c> section.
/// </summary>
public sealed record NpsExtensionCertificateCheck(
    FindingCode Missing,
    FindingCode NotYetValid,
    FindingCode Expired,
    FindingCode Expiring) : Check
{
    public const string OrganisationalUnit = "Microsoft NPS Extension";

    public IReadOnlyList<FindingCode> Codes => [Missing, NotYetValid, Expired, Expiring];
}
