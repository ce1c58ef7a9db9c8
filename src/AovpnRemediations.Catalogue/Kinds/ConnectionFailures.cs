using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Kinds;

/// <summary>
/// RasClient event 20227 (connection failed) in the Application log over the profile's
/// <c>thresholds.connectionEventWindowHours</c>, for the profile's VPN connection names only. One finding
/// per connection and error code with the count; an error code that is not a number gets its own code, and a
/// record too short to name its connection and code is counted apart with its record ids.
/// </summary>
public sealed record ConnectionFailureEventsCheck(FindingCode Failed, FindingCode UnparsableCode, FindingCode Unreadable) : Check
{
    /// <summary>The event log, provider and event ID read (facts: RasClient ROUTERLOG_RASCONNECTION_FAILED).</summary>
    public const string LogName = "Application";

    public const string ProviderName = "RasClient";

    public const int EventId = 20227;

    public override string Kind => "connection-failures";

    public override IReadOnlyList<FindingCode> Codes => [Failed, UnparsableCode, Unreadable];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        new("connection_names", KindValue.From(ProfileSetting.TunnelConnectionNames)),
        new("window_hours", KindValue.From(ProfileSetting.ConnectionEventWindowHours)),
        new("log_name", KindValue.Name(LogName)),
        new("provider_name", KindValue.Name(ProviderName)),
        new("event_id", KindValue.Of(EventId)),
        new("failed_code", KindValue.Code(Failed)),
        new("unparsable_code", KindValue.Code(UnparsableCode)),
        new("unreadable_code", KindValue.Code(Unreadable)),
    ];
}
