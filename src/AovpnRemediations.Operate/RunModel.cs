using System.Text.Json.Serialization;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Report.Findings;

namespace AovpnRemediations.Operate;

/// <summary>What the user asked <c>run</c> for; <see cref="Validate"/> checks it before any request.</summary>
/// <param name="PackageId">The package to run; may be left out with --finding (the finding's rule names it).</param>
/// <param name="Devices">Device names or Intune managed device ids.</param>
/// <param name="Groups">Entra group names (users' and devices' managed devices).</param>
public sealed record RunRequest(
    string? PackageId,
    IReadOnlyList<string> Devices,
    IReadOnlyList<string> Groups,
    IReadOnlyList<FindingRef> Findings,
    int MaxDevices = RunRequest.DefaultMaxDevices,
    bool DryRun = false,
    bool ReplacePending = false)
{
    /// <summary>A run on more devices than this must be asked for on purpose (--max-devices).</summary>
    public const int DefaultMaxDevices = 50;

    public const int HighestMaxDevices = 100_000;

    /// <summary>The package the run is for: the one named, or the one the findings' rules belong to.</summary>
    public string Package => PackageId ?? Findings[0].PackageId;

    public static void Validate(RunRequest request)
    {
        if (request.Devices.Count == 0 && request.Groups.Count == 0 && request.Findings.Count == 0)
        {
            throw new RunInputException("run needs devices: --device NAME|ID, --group NAME or --finding RULE:CODE (each repeatable).");
        }

        if (request.MaxDevices is < 1 or > HighestMaxDevices)
        {
            throw new RunInputException($"--max-devices {request.MaxDevices} is out of range: use 1-{HighestMaxDevices:N0}.");
        }

        if (request.PackageId is null && request.Findings.Count == 0)
        {
            throw new RunInputException("run needs --package ID (or --finding, whose rule names the package). `aovpn-remediations rules` lists the packages.");
        }

        if (request.PackageId is { } id && Catalogue.RuleCatalogue.FindPackage(id) is null)
        {
            throw new RunInputException($"--package {id}: no such package. Packages: {string.Join(", ", Catalogue.RuleCatalogue.Packages.Select(p => p.Id))}.");
        }

        var packages = request.Findings.Select(f => f.PackageId).Distinct(StringComparer.Ordinal).ToList();
        if (packages.Count > 1 || (packages.Count == 1 && request.PackageId is { } named && named != packages[0]))
        {
            var byPackage = string.Join("; ", request.Findings.GroupBy(f => f.PackageId).Select(g => $"{string.Join(", ", g)} in {g.Key}"));
            throw new RunInputException($"--finding: one run runs one package, and these findings come from {(request.PackageId is null ? "several" : "another")}: {byPackage}{(request.PackageId is null ? "" : $" (--package {request.PackageId})")}. Run once per package.");
        }
    }
}

/// <summary>Bad run options; nothing was sent. The message says what to pass instead.</summary>
public sealed class RunInputException(string message) : Exception(message);

/// <summary>The last state of one Intune device action (<c>deviceActionResult</c>).</summary>
public sealed record DeviceActionResult(string? ActionName, string? ActionState, DateTimeOffset? StartDateTime, DateTimeOffset? LastUpdatedDateTime)
{
    /// <summary>Still in flight: a new trigger would overwrite it (Intune keeps one run-remediation action per device).</summary>
    [JsonIgnore]
    public bool InFlight => ActionState is "pending" or "active";

    [JsonIgnore]
    public bool Finished => ActionState is "done" or "failed" or "canceled" or "notSupported";
}

/// <summary>The managed device fields run reads (beta <c>managedDevice</c>).</summary>
public sealed record ManagedDevice
{
    public string? Id { get; init; }

    public string? DeviceName { get; init; }

    [JsonPropertyName("azureADDeviceId")]
    public string? AzureAdDeviceId { get; init; }

    public string? UserPrincipalName { get; init; }

    public string? OperatingSystem { get; init; }

    public List<DeviceActionResult>? DeviceActionResults { get; init; }

    public const string Select = "id,deviceName,azureADDeviceId,userPrincipalName,operatingSystem,deviceActionResults";

    /// <summary>
    /// The device's on-demand remediation action: <c>deviceActionResults</c> entry <c>initiateOnDemandProactiveRemediation</c>
    /// (the name community scripts read; operations.md, not in Graph's pages).
    /// </summary>
    [JsonIgnore]
    public DeviceActionResult? OnDemand =>
        DeviceActionResults?.Where(a => string.Equals(a.ActionName, OnDemandAction, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(a => a.StartDateTime).FirstOrDefault();

    public const string OnDemandAction = "initiateOnDemandProactiveRemediation";
}

/// <summary>A device the run will trigger, how it was chosen, and its on-demand action before the run (to tell a new one from it).</summary>
public sealed record RunTarget(string Id, string Name, string? User, string Via, DeviceActionResult? Before);

/// <summary>A device that was chosen but is not triggered, and why.</summary>
public sealed record SkippedTarget(string Device, string Reason);

/// <summary>What a run would do: the script, the devices, the ones left out and anything worth saying.</summary>
public sealed record RunSelection(ManagedScript Script, IReadOnlyList<RunTarget> Targets, IReadOnlyList<SkippedTarget> Skipped, IReadOnlyList<string> Notes, int MaxDevices)
{
    public bool OverLimit => Targets.Count > MaxDevices;
}

public enum TriggerOutcome
{
    /// <summary>Intune answered 204.</summary>
    Accepted,

    /// <summary>The answer was lost (dropped connection, 5xx) but deviceActionResults shows the trigger landed: not sent again.</summary>
    Landed,

    Failed,
}

/// <summary>One device's trigger: outcome, how many times it was sent, and the reason when it failed.</summary>
public sealed record TriggerResult(RunTarget Target, TriggerOutcome Outcome, int Sends, string? Reason = null);

public sealed record RunResult(IReadOnlyList<TriggerResult> Devices)
{
    public int Triggered => Devices.Count(d => d.Outcome != TriggerOutcome.Failed);

    public int Landed => Devices.Count(d => d.Outcome == TriggerOutcome.Landed);

    public int Failed => Devices.Count(d => d.Outcome == TriggerOutcome.Failed);

    public int Sends => Devices.Sum(d => d.Sends);
}

/// <summary>A device's result before and after the on-demand run (null lines: nothing reported).</summary>
public sealed record WaitResult(RunTarget Target, string? ActionState, Report.Sources.DeviceRow? Before, Report.Sources.DeviceRow? After);
