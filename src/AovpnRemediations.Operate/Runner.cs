using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Operate.Targets;
using AovpnRemediations.Operate.Trigger;
using AovpnRemediations.Operate.Wait;
using AovpnRemediations.Report.Findings;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Operate;

/// <summary>
/// The run stage as its host calls it, in this order: <see cref="SelectAsync"/> (reads only: the script, the devices),
/// then, after the host has shown the selection and asked, <see cref="TriggerAsync"/>, and with --wait
/// <see cref="RunWaiter"/>. Failures are typed: <see cref="RunInputException"/>, <see cref="TenantStateException"/>,
/// <see cref="GraphRequestException"/>.
/// </summary>
public sealed class Runner(GraphConnection graph, TriggerOptions? triggerOptions = null, WaitOptions? waitOptions = null)
{
    /// <summary>The warning shown before any write, and on a dry run.</summary>
    public const string FiltersWarning =
        "warning: an on-demand run ignores the package's assignments, assignment filters and exclusions: every selected device runs it, "
        + "assigned or not, and excluded devices too. The device must be online and reachable through WNS.";

    private readonly DeviceSelector _selector = new(graph);

    public DeviceSelector Selector => _selector;

    public RunWaiter Waiter => new(graph, _selector, waitOptions ?? new WaitOptions());

    /// <summary>Finds the package's managed script and the devices to run it on. Reads only.</summary>
    public async Task<RunSelection> SelectAsync(RunRequest request, IDeviceFindingSource? findings, CancellationToken cancellationToken)
    {
        RunRequest.Validate(request);
        var package = request.Package;
        var scripts = (await ManagedScripts.ListAsync(graph, cancellationToken).ConfigureAwait(false)).Where(s => s.PackageId == package).ToList();
        var script = scripts.Count switch
        {
            0 => throw new TenantStateException($"Package {package} is not published to this tenant (no script carries its ownership marker); run `apply` first."),
            > 1 => throw new TenantStateException($"Package {package} has {scripts.Count} managed scripts ({string.Join(", ", scripts.Select(s => s.Id))}); run `apply` to remove the duplicates first."),
            _ => scripts[0],
        };

        if (request.Findings.Count > 0 && findings is null)
        {
            throw new ArgumentException("--finding needs a finding source.", nameof(findings));
        }

        var (targets, skipped, notes) = await _selector.SelectAsync(script, request, findings, cancellationToken).ConfigureAwait(false);
        return new RunSelection(script, targets, skipped, notes, request.MaxDevices);
    }

    /// <summary>Triggers every selected device once. Refuses a selection over its limit; never called for a dry run.</summary>
    public Task<RunResult> TriggerAsync(RunSelection selection, Action<TriggerResult> progress, CancellationToken cancellationToken)
    {
        if (selection.OverLimit)
        {
            throw new RunInputException(OverLimitMessage(selection));
        }

        return new OnDemandTrigger(graph, _selector, triggerOptions ?? new TriggerOptions()).TriggerAsync(selection.Script, selection.Targets, progress, cancellationToken);
    }

    /// <summary>Each target's run state now (before the trigger), for --wait's before/after lines.</summary>
    public Task<Dictionary<string, DeviceRow>> ReadStatesAsync(RunSelection selection, CancellationToken cancellationToken) =>
        Waiter.ReadStatesAsync(selection.Script, [.. selection.Targets.Select(t => t.Id)], cancellationToken);

    public static string OverLimitMessage(RunSelection selection) =>
        $"{selection.Targets.Count} devices are selected, more than --max-devices {selection.MaxDevices}. An on-demand run on many devices is a fleet-wide change: "
        + $"check the list with --dry-run, then pass --max-devices {selection.Targets.Count} to run on all of them.";
}
