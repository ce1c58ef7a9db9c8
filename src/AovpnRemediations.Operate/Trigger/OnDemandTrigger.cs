using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Operate.Targets;

namespace AovpnRemediations.Operate.Trigger;

/// <summary>How triggers are sent; tests make the waits instant.</summary>
public sealed class TriggerOptions
{
    /// <summary>Triggers in flight at once. Each still passes the connection's write budget; four keep it busy on a real tenant's latency.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>Sends of one device's trigger at most, counting re-sends after an unanswered one that did not land.</summary>
    public int MaxSends { get; set; } = 4;

    /// <summary>Wait before re-sending after a NotFound (the action "sometimes answers NotFound transiently", operations.md).</summary>
    public TimeSpan NotFoundDelay { get; set; } = TimeSpan.FromSeconds(5);

    public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;
}

/// <summary>
/// Sends <c>POST beta/deviceManagement/managedDevices/{id}/initiateOnDemandProactiveRemediation</c> <c>{"scriptPolicyId"}</c>
/// (204; https://learn.microsoft.com/graph/api/intune-devices-manageddevice-initiateondemandproactiveremediation?view=graph-rest-beta)
/// so that each device gets exactly one accepted trigger:
/// <list type="bullet">
/// <item>a 429 or 503 is retried by the connection (honouring Retry-After): the service did not take the request, so sending it
/// again cannot run it twice. Every attempt passes the write budget (under 200 writes per 20 s);</item>
/// <item>an answer that never came (dropped connection, timeout) or a 5xx that may follow the work (500, 502, 504) is not
/// repeated blindly: the device's <c>deviceActionResults</c> are read first, and a newer
/// <c>initiateOnDemandProactiveRemediation</c> entry than the one before the run means it landed;</item>
/// <item>a 404 is re-sent once after a pause, after the same check.</item>
/// </list>
/// </summary>
public sealed class OnDemandTrigger(GraphConnection graph, DeviceSelector selector, TriggerOptions options)
{
    public async Task<RunResult> TriggerAsync(ManagedScript script, IReadOnlyList<RunTarget> targets, Action<TriggerResult> progress, CancellationToken cancellationToken)
    {
        var results = new TriggerResult[targets.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                results[i] = await TriggerOneAsync(script, targets[i], ct).ConfigureAwait(false);
                progress(results[i]);
            }).ConfigureAwait(false);
        return new RunResult(results);
    }

    private async Task<TriggerResult> TriggerOneAsync(ManagedScript script, RunTarget target, CancellationToken cancellationToken)
    {
        var path = $"beta/deviceManagement/managedDevices/{Uri.EscapeDataString(target.Id)}/initiateOnDemandProactiveRemediation";
        var body = new TriggerBody(script.Id);
        string? reason = null;
        for (var sends = 1; ; sends++)
        {
            GraphResult? result = null;
            try
            {
                // Not idempotent: the pipeline must not repeat it after a dropped connection (this class decides that).
                result = await graph.Http.SendAsync(HttpMethod.Post, path, body, idempotent: false, readOnly: false, cancellationToken).ConfigureAwait(false);
            }
            catch (GraphOutcomeUnknownException e)
            {
                reason = e.Message;
            }

            if (result is { IsSuccess: true })
            {
                return new TriggerResult(target, TriggerOutcome.Accepted, sends);
            }

            if (result is { Status: 401 or 403 })
            {
                // Every other device would answer the same: stop and say which permission (the error boundary does).
                throw graph.Http.Failure("POST", path, result.Status, result.Body, null);
            }

            if (result is { Status: 429 or 503 })
            {
                return new TriggerResult(target, TriggerOutcome.Failed, sends, $"still throttled after the connection's retries ({result.Status}); run again for this device later");
            }

            if (result is { Status: not (404 or 500 or 502 or 504) })
            {
                return new TriggerResult(target, TriggerOutcome.Failed, sends, graph.Http.Failure("POST", path, result.Status, result.Body, null).Message);
            }

            reason ??= $"{result!.Status} {(string?)result.Body?["error"]?["message"]}".Trim();
            if (await LandedAsync(target, cancellationToken).ConfigureAwait(false))
            {
                return new TriggerResult(target, TriggerOutcome.Landed, sends);
            }

            if (sends >= options.MaxSends)
            {
                return new TriggerResult(target, TriggerOutcome.Failed, sends, $"no accepted trigger after {sends} send(s): {reason}");
            }

            if (result is { Status: 404 })
            {
                await options.Delay(options.NotFoundDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>True when the device shows an on-demand action newer than the one it had before the run.</summary>
    private async Task<bool> LandedAsync(RunTarget target, CancellationToken cancellationToken)
    {
        var (_, device) = (await selector.ReadByIdAsync([target.Id], cancellationToken).ConfigureAwait(false))[0];
        var now = device?.OnDemand;
        return now is not null && (target.Before is null || now.StartDateTime > target.Before.StartDateTime);
    }

    private sealed record TriggerBody(string ScriptPolicyId);
}
