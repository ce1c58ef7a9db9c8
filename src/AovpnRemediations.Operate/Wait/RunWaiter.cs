using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Operate.Targets;
using AovpnRemediations.Report;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Operate.Wait;

/// <summary>How <c>--wait</c> polls; tests pass a clock and a wait that advances it.</summary>
public sealed class WaitOptions
{
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Between polls. Results reach deviceRunStates minutes after a trigger (operations.md), so polling faster buys nothing.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;
}

/// <summary>
/// Waits for each triggered device: first its action (<c>managedDevices/{id}?$select=deviceActionResults</c>, read 20 per
/// <c>$batch</c>) until it is done or failed, then the package's <c>deviceRunStates</c> until the device's
/// <c>lastStateUpdateDateTime</c> passes the action's start. Graph has no GET of one device's run state
/// (microsoft-graph-docs-contrib #9264), so each round lists the package's run states once for every device still waited for.
/// </summary>
public sealed class RunWaiter(GraphConnection graph, DeviceSelector selector, WaitOptions options)
{
    /// <summary>Each device's run state before the trigger (from one listing), to print beside the one after.</summary>
    public async Task<Dictionary<string, DeviceRow>> ReadStatesAsync(ManagedScript script, IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken)
    {
        var wanted = deviceIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rows = new Dictionary<string, DeviceRow>(StringComparer.OrdinalIgnoreCase);
        await new RunStatesSource(graph).ReadAsync(script, row =>
        {
            if (wanted.Contains(row.DeviceId))
            {
                rows[row.DeviceId] = row;
            }
        }, NoProgress.Instance, cancellationToken).ConfigureAwait(false);
        return rows;
    }

    public async Task<IReadOnlyList<WaitResult>> WaitAsync(ManagedScript script, IReadOnlyList<RunTarget> targets, IReadOnlyDictionary<string, DeviceRow> before,
        Action<string> status, CancellationToken cancellationToken)
    {
        var started = options.Time.GetUtcNow();
        var actions = new Dictionary<string, DeviceActionResult?>(StringComparer.OrdinalIgnoreCase);
        var after = new Dictionary<string, DeviceRow>(StringComparer.OrdinalIgnoreCase);
        for (var round = 1; ; round++)
        {
            var pending = targets.Where(t => actions.GetValueOrDefault(t.Id) is not { Finished: true }).ToList();
            foreach (var (id, device) in await selector.ReadByIdAsync([.. pending.Select(t => t.Id)], cancellationToken).ConfigureAwait(false))
            {
                actions[id] = device?.OnDemand;
            }

            var ran = targets.Where(t => actions.GetValueOrDefault(t.Id) is { ActionState: "done" } && !after.ContainsKey(t.Id)).ToList();
            if (ran.Count > 0)
            {
                var ids = ran.ToDictionary(t => t.Id, t => actions[t.Id]!.StartDateTime ?? started, StringComparer.OrdinalIgnoreCase);
                foreach (var (id, row) in await ReadStatesAsync(script, ids.Keys, cancellationToken).ConfigureAwait(false))
                {
                    if (row.LastReport is { } reported && reported > ids[id])
                    {
                        after[id] = row;
                    }
                }
            }

            var open = targets.Count(t => !after.ContainsKey(t.Id) && actions.GetValueOrDefault(t.Id) is not { Finished: true, ActionState: not "done" });
            status($"wait round {round}: {after.Count} of {targets.Count} device(s) reported after the run, {open} still running or not yet reported");
            if (open == 0 || options.Time.GetUtcNow() - started >= options.Timeout)
            {
                break;
            }

            await options.Delay(options.PollInterval, cancellationToken).ConfigureAwait(false);
        }

        return [.. targets.Select(t => new WaitResult(t, actions.GetValueOrDefault(t.Id)?.ActionState, before.GetValueOrDefault(t.Id), after.GetValueOrDefault(t.Id)))];
    }
}
