using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Kinds;

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

    /// <summary>What every NPS template sees as <c>nps</c>.</summary>
    internal static KindParameter Parameter { get; } = new(
        "nps",
        KindValue.Group(
            new("service_name", KindValue.Name(Name)),
            new("marker_path", KindValue.Quoted(RestartMarkerPath)),
            new("marker_name", KindValue.Name(RestartMarkerName))));
}

/// <summary>The IAS (Network Policy Server) service exists and is running.</summary>
public sealed record NpsServiceRunningCheck(FindingCode Missing, FindingCode NotRunning) : Check
{
    public override string Kind => "nps-service-running";

    public override IReadOnlyList<FindingCode> Codes => [Missing, NotRunning];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        NpsService.Parameter,
        new("missing_code", KindValue.Code(Missing)),
        new("not_running_code", KindValue.Code(NotRunning)),
    ];
}

/// <summary>Starts IAS when it is not running (never restarts a running one) and records the start.</summary>
public sealed record StartNpsServiceRemedy : Remedy
{
    public override string Summary => "Starts IAS when it is stopped (a running IAS is never restarted by this rule) and records the start, so that NPS events from before it no longer count. A missing service (the NPS role is not installed) is left alone.";

    public override bool Repairs(Check check) => check is NpsServiceRunningCheck;
}

/// <summary>
/// Events of one id in one log over <c>thresholds.npsEventWindowHours</c> (and since the last IAS (re)start a
/// remedy recorded), filtered by the event log service. No events is healthy; a log that does not exist
/// reports <paramref name="LogMissing"/> when the rule has one (the extension is not installed), else fails the check.
/// </summary>
public sealed record NpsEventsCheck(
    string LogName,
    string? ProviderName,
    int EventId,
    FindingCode Found,
    FindingCode? LogMissing) : Check
{
    public override string Kind => "nps-events";

    public override IReadOnlyList<FindingCode> Codes => LogMissing is null ? [Found] : [Found, LogMissing];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        NpsService.Parameter,
        new("log_name", KindValue.Quoted(LogName)),
        new("provider_name", KindValue.QuotedOrAbsent(ProviderName)),
        new("event_id", KindValue.Of(EventId)),
        new("window_hours", KindValue.From(ProfileSetting.NpsEventWindowHours)),
        new("found_code", KindValue.Code(Found)),
        new("log_missing_code", KindValue.Code(LogMissing)),
    ];
}

/// <summary>
/// Restarts a running IAS after Azure MFA token errors, only when <c>nps.allowServiceRestart</c> is true
/// (the source article's first step); otherwise it changes nothing and the finding stays for a person.
/// </summary>
public sealed record RestartNpsAfterTokenErrorsRemedy : Remedy
{
    public override string Summary => "With nps.allowServiceRestart true: restarts a running IAS once after token errors and records the restart, so that only errors logged after it count again. Otherwise it changes nothing and the finding stays for an engineer.";

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        new("allow_service_restart", KindValue.From(ProfileSetting.NpsAllowServiceRestart)),
    ];

    public override bool Repairs(Check check) => check is NpsEventsCheck;
}

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

    public override string Kind => "nps-extension-certificate";

    public override IReadOnlyList<FindingCode> Codes => [Missing, NotYetValid, Expired, Expiring];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        new("tenant_id", KindValue.From(ProfileSetting.NpsTenantId)),
        new("organisational_unit", KindValue.Quoted("OU=" + OrganisationalUnit)),
        new("expiry_warning_days", KindValue.From(ProfileSetting.NpsCertificateExpiryWarningDays)),
        new("missing_code", KindValue.Code(Missing)),
        new("not_yet_valid_code", KindValue.Code(NotYetValid)),
        new("expired_code", KindValue.Code(Expired)),
        new("expiring_code", KindValue.Code(Expiring)),
    ];
}
