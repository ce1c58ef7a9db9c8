using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Packages;

/// <summary>
/// aovpn-connection-health: what the client's own event log says about failed AOVPN connections. Detection
/// only; the error codes point the engineer (and the fleet report) at the cause through the knowledge base.
/// </summary>
public static class ConnectionHealthPackage
{
    public const string Id = "aovpn-connection-health";

    private static readonly FindingCode Failed = new(
        "ConnectionFailed",
        "RasClient logged count failures (event 20227) of the profile's connection (profile) with this error code (error, decimal as logged; hex, the same as 0x%08X) in the window.",
        FindingField.Profile,
        FindingField.Error,
        FindingField.Hex,
        FindingField.Count);

    private static readonly FindingCode UnparsableCode = new(
        "ConnectionFailedUnknownCode",
        "RasClient logged count failures of the profile's connection (profile) whose error code is not a number (rawCode, the first 40 characters as logged).",
        FindingField.Profile,
        FindingField.RawCode,
        FindingField.Count);

    private static readonly FindingCode Unreadable = new(
        "ConnectionEventUnreadable",
        "RasClient logged count failure events (20227) with fewer insertion strings than the connection name and error code need; recordIds are the first ten record ids, to find them in Event Viewer.",
        FindingField.Count,
        FindingField.RecordIds);

    public static Rule ConnectionFailures { get; } = RuleFactory.Create(
        id: "AOVPN3001",
        category: RuleCategory.ConnectionHealth,
        title: "No failed AOVPN connections in the RasClient event log",
        why: "Windows logs every failed dial as RasClient event 20227 with the error code that says which stage failed (809 firewall, 13801 certificates, 812 policy, 0 with NPS 6274 the MFA extension); counted per connection and code across the fleet, they show a broken server or certificate before users call.",
        manualFix: "Look up the error code on this rule's page (the knowledge base below) and follow its checks; on the device, Event Viewer > Windows Logs > Application, source RasClient, event 20227 shows each failure with its connection and code.",
        severity: Severity.Warning,
        scope: RuleScope.DeviceClient,
        runAs: RunAsAccount.System,
        sources:
        [
            "https://learn.microsoft.com/en-us/azure/architecture/reference-architectures/hybrid-networking/troubleshoot-vpn",
            "https://directaccess.richardhicks.com/tag/event-id-20227/",
            "https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/troubleshoot-always-on-vpn",
            "https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.diagnostics/get-winevent?view=powershell-5.1",
            "https://github.com/PowerShell/PowerShell/blob/master/src/Microsoft.PowerShell.Commands.Diagnostics/GetEventCommand.cs",
        ],
        check: new ConnectionFailureEventsCheck(Failed, UnparsableCode, Unreadable),
        requires: ProfileRequirements.AnyTunnel,
        details: "Reads RasClient event 20227 from the Application log with Get-WinEvent -FilterXPath, the event log service filtering by provider, event ID and TimeCreated/@SystemTime at or after now minus thresholds.connectionEventWindowHours, written in UTC (-FilterHashtable's StartTime is re-read as local time by Get-WinEvent, which shifted the window by the device's UTC offset); no matching events means no failures, not an error. Keeps the events whose connection name (the third insertion string) is the profile's user or device tunnel name, case-insensitively, and counts them per connection and error code (the fourth insertion string). The code is decimal and may be a negative HRESULT (-2146762495 is 0x800B0101, CERT_E_EXPIRED): findings carry both forms. A code that is not a number is counted apart, and so is a record with fewer than four insertion strings (reported with its record ids, never dropped). Findings are ordered by count, most frequent first, so that a long list cut to fit Intune's 2,048 characters keeps the codes that matter most. Detection only: there is nothing a script can repair from an event.");

    public static Package Package { get; } = new(
        Id,
        "Connection health",
        "Counts failed AOVPN connections (RasClient event 20227) by connection and error code over the last hours. Detection only.",
        RunAsAccount.System,
        PackageAudience.Client,
        [ConnectionFailures]);
}
