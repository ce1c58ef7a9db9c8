using System.Text;
using System.Text.Json;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Beta;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Publish.Approvals;
using AovpnRemediations.Publish.Planning;

namespace AovpnRemediations.Publish.Apply;

/// <param name="Justification">
/// Why the change is needed, for Multi Admin Approval: sent with every write (the header is ignored where no approval is
/// required), so a protected write requests approval instead of failing. Null: a protected write is reported as needing it.
/// </param>
public sealed record ApplyOptions(string? Justification = null);

/// <summary>A write that Multi Admin Approval holds: requested by this run, or waiting from an earlier one.</summary>
public sealed record ApprovalWait(string PackageId, string DisplayName, string Operation, string Description);

public sealed record ApplyResult(int Created, int Updated, int Assigned, int Deleted, int Recovered)
{
    /// <summary>Approval requests this run made (the write was not carried out).</summary>
    public IReadOnlyList<ApprovalWait> Requested { get; init; } = [];

    /// <summary>Writes not sent because an approval request for them (or for their object) is still active.</summary>
    public IReadOnlyList<ApprovalWait> Waiting { get; init; } = [];

    /// <summary>Approved requests this run completed by replaying the approved write.</summary>
    public int Completed { get; init; }

    /// <summary>Writes Intune refused for want of a justification (apply ran without --justification).</summary>
    public IReadOnlyList<ApprovalWait> NeedJustification { get; init; } = [];

    public bool WaitsForApproval => Requested.Count > 0 || Waiting.Count > 0;
}

/// <summary>
/// Carries a plan out, one package at a time: create or PATCH the script, then post its full assignment set to
/// <c>/assign</c> (which replaces). A create whose answer was lost is never blindly repeated: the tenant is searched
/// for the package's marker first, so a retry cannot make a second copy.
/// <para>
/// Multi Admin Approval: a write an access policy protects is not made until a second admin approves it. With a
/// justification, the write requests approval (Intune answers 412 with the request id) and the package's later writes
/// wait; while a request is active nothing is sent for that object (Intune keeps one per object); once approved, the
/// next apply replays exactly the approved write with <c>x-msft-approval-code</c>, which completes it. The flow is
/// Microsoft's (https://learn.microsoft.com/en-us/intune/fundamentals/role-based-access-control/multi-admin-approval-graph-api)
/// as third-party tools implement it; the 412 and the replay are not confirmed on a tenant here.
/// </para>
/// </summary>
public static class Applier
{
    private const int MaxCreateAttempts = 5;

    public static Task<ApplyResult> ApplyAsync(GraphConnection graph, Plan plan, IApplyProgress progress, CancellationToken cancellationToken) =>
        ApplyAsync(graph, plan, progress, new ApplyOptions(), cancellationToken);

    public static async Task<ApplyResult> ApplyAsync(GraphConnection graph, Plan plan, IApplyProgress progress, ApplyOptions options, CancellationToken cancellationToken)
    {
        int created = 0, updated = 0, assigned = 0, deleted = 0, recovered = 0, completed = 0;
        var requested = new List<ApprovalWait>();
        var waiting = new List<ApprovalWait>();
        var needJustification = new List<ApprovalWait>();
        var steps = plan.Packages.Count(p => p.HasChanges) + plan.Deletions.Count;

        // What a held write means for the run; false stops the package's remaining writes.
        bool Held(WriteOutcome outcome, string packageId, string name, PlannedWrite write)
        {
            switch (outcome.Kind)
            {
                case OutcomeKind.Done:
                    if (outcome.CompletedApproval)
                    {
                        completed++;
                    }

                    return false;
                case OutcomeKind.Requested:
                    requested.Add(new ApprovalWait(packageId, name, write.Operation, $"approval requested (request {outcome.RequestId ?? "id not returned"})"));
                    progress.Report($"approval \"{name}\" ({packageId}): {write.Operation} needs a second admin; approval requested (request {outcome.RequestId ?? "id not returned"})");
                    return true;
                case OutcomeKind.AlreadyActive:
                    waiting.Add(new ApprovalWait(packageId, name, write.Operation, outcome.Message));
                    progress.Report($"waiting  \"{name}\" ({packageId}): {write.Operation} not sent, {outcome.Message}");
                    return true;
                default:
                    needJustification.Add(new ApprovalWait(packageId, name, write.Operation, outcome.Message));
                    progress.Report($"refused  \"{name}\" ({packageId}): {write.Operation} needs Multi Admin Approval; run apply with --justification to request it");
                    return true;
            }
        }

        await progress.RunAsync(steps, async () =>
        {
            foreach (var p in plan.Packages.Where(p => p.HasChanges))
            {
                var name = p.Package.DisplayName;
                var packageId = p.Package.Id;
                if (Blocked(plan.Approvals, p, out var why) is { } blocker)
                {
                    waiting.Add(new ApprovalWait(packageId, name, blocker.Operation, why));
                    progress.Report($"waiting  \"{name}\" ({packageId}): nothing sent, {why}");
                    progress.Advance(name);
                    continue;
                }

                string id;
                if (p.Action == PackageAction.Create)
                {
                    var write = PlannedWrites.Of(p)[0];
                    var (outcome, wasRecovered) = await CreateAsync(graph, p, write, plan.Approvals, options, progress, cancellationToken).ConfigureAwait(false);
                    if (Held(outcome, packageId, name, write))
                    {
                        progress.Advance(name);
                        continue;
                    }

                    id = outcome.CreatedId!;
                    recovered += wasRecovered ? 1 : 0;
                    created++;
                    progress.Report($"created  \"{name}\" ({packageId}) id {id}");
                }
                else
                {
                    id = RequireId(p.ScriptId);
                    if (p.NeedsWrite)
                    {
                        var write = PlannedWrites.Of(p).Single(w => w.Operation == "update");
                        if (Held(await WriteAsync(graph, write, plan.Approvals.For(packageId, write.Operation), options, packageId, idempotent: true, cancellationToken).ConfigureAwait(false), packageId, name, write))
                        {
                            progress.Advance(name);
                            continue;
                        }

                        updated++;
                        progress.Report($"{(p.Adopt ? "adopted " : "updated ")} \"{name}\" ({packageId}) id {id}: {Describe(p)}");
                    }
                }

                if (p.NeedsAssign)
                {
                    var write = PlannedWrites.Assign(p, id);
                    if (Held(await WriteAsync(graph, write, plan.Approvals.For(packageId, write.Operation), options, packageId, idempotent: true, cancellationToken).ConfigureAwait(false), packageId, name, write))
                    {
                        progress.Advance(name);
                        continue;
                    }

                    assigned++;
                    progress.Report($"assigned \"{name}\": {p.DesiredAssignments.Count} assignment(s)");
                }

                progress.Advance(name);
            }

            foreach (var d in plan.Deletions)
            {
                var id = RequireId(d.ScriptId);
                var write = PlannedWrites.Delete(d);
                var approval = plan.Approvals.For(d.PackageId, "delete");
                if (approval is { } held && (!held.Request.IsApproved || !held.ContentMatches))
                {
                    waiting.Add(new ApprovalWait(d.PackageId, d.DisplayName, "delete", approval.Request.Describe()));
                    progress.Report($"waiting  \"{d.DisplayName}\" ({d.PackageId}): delete not sent, {approval.Request.Describe()}");
                    progress.Advance(d.DisplayName);
                    continue;
                }

                if (Held(await WriteAsync(graph, write, approval, options, d.PackageId, idempotent: true, cancellationToken).ConfigureAwait(false), d.PackageId, d.DisplayName, write))
                {
                    progress.Advance(d.DisplayName);
                    continue;
                }

                deleted++;
                progress.Report($"deleted  \"{d.DisplayName}\" ({d.PackageId}) id {id} ({d.Reason})");
                progress.Advance(d.DisplayName);
            }
        }).ConfigureAwait(false);

        return new ApplyResult(created, updated, assigned, deleted, recovered)
        {
            Requested = requested,
            Waiting = waiting,
            Completed = completed,
            NeedJustification = needJustification,
        };
    }

    /// <summary>
    /// An active request that holds the package: pending (nothing may be sent until it is decided), or approved for other
    /// content than apply would send now, or made by someone else (Intune keeps one active request per object).
    /// </summary>
    private static PackageApproval? Blocked(ApprovalState approvals, PackagePlan p, out string why)
    {
        var own = PlannedWrites.Of(p).Select(w => approvals.For(p.Package.Id, w.Operation)).OfType<PackageApproval>().FirstOrDefault();
        var any = own ?? approvals.AnyFor(p.Package.Id);
        why = any switch
        {
            null => "",
            { Request.IsApproved: false } => any.Request.Describe(),
            { ContentMatches: false } => $"{any.Request.Describe()}, but for other content than output/ holds now; cancel it in Intune (Tenant administration > Multi Admin Approval > My requests) and apply again",
            _ => "",
        };
        return why.Length == 0 ? null : any;
    }

    private enum OutcomeKind
    {
        Done,
        Requested,
        AlreadyActive,
        NeedsJustification,
    }

    private sealed record WriteOutcome(OutcomeKind Kind, GraphResult? Result = null, string? RequestId = null, string Message = "", bool CompletedApproval = false)
    {
        public string? CreatedId { get; init; }
    }

    /// <summary>
    /// Sends one write with the approval header it needs: the approved request's code when completing one, else the
    /// justification (with the tag naming package, write and content) when there is one. Reads the approval answers.
    /// </summary>
    private static async Task<WriteOutcome> WriteAsync(GraphConnection graph, PlannedWrite write, PackageApproval? approval, ApplyOptions options,
        string packageId, bool idempotent, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var completing = approval is { Request.IsApproved: true, ContentMatches: true };
        if (completing)
        {
            headers[ApprovalRequests.CodeHeader] = approval!.Request.Id;
        }
        else if (options.Justification is { } justification)
        {
            var text = $"{justification.Trim()} {new ApprovalTag(packageId, write.Operation, write.Hash)}";
            headers[ApprovalRequests.JustificationHeader] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        }

        var result = await graph.Http.SendAsync(write.Method, write.Path, write.Body, idempotent, readOnly: false, headers, cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess || (write.Method == HttpMethod.Delete && result.Status == 404))
        {
            return new WriteOutcome(OutcomeKind.Done, result, CompletedApproval: completing);
        }

        if (completing && await IsCompletedAsync(graph, approval!.Request.Id, cancellationToken).ConfigureAwait(false))
        {
            // A retried replay whose first attempt landed: the request says so, and the write is done.
            return new WriteOutcome(OutcomeKind.Done, result, CompletedApproval: true);
        }

        var message = (string?)result.Body?["error"]?["message"] ?? "";
        if (result.Status == 412 && result.Header(ApprovalRequests.CodeHeader) is { } code)
        {
            return new WriteOutcome(OutcomeKind.Requested, result, code);
        }

        if (result.Status == 409 && message.Contains("Approval Request", StringComparison.OrdinalIgnoreCase))
        {
            return new WriteOutcome(OutcomeKind.AlreadyActive, result, Message: "an approval request for this object is already active in Intune (" + message + ")");
        }

        if (result.Status is 400 or 403 && message.Contains(ApprovalRequests.JustificationHeader, StringComparison.OrdinalIgnoreCase))
        {
            return new WriteOutcome(OutcomeKind.NeedsJustification, result, Message: message);
        }

        throw graph.Http.Failure(write.Method.Method, write.Path, result.Status, result.Body, null);
    }

    private static async Task<bool> IsCompletedAsync(GraphConnection graph, string requestId, CancellationToken cancellationToken)
    {
        var read = await graph.Http.SendAsync(HttpMethod.Get, $"{ApprovalRequests.Collection}/{Uri.EscapeDataString(requestId)}", null,
            idempotent: true, readOnly: true, cancellationToken).ConfigureAwait(false);
        return read.IsSuccess && (string?)read.Body?["status"] == "completed";
    }

    private static async Task<(WriteOutcome Outcome, bool Recovered)> CreateAsync(GraphConnection graph, PackagePlan p, PlannedWrite write, ApprovalState approvals,
        ApplyOptions options, IApplyProgress progress, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await WriteAsync(graph, write, approvals.For(p.Package.Id, "create"), options, p.Package.Id, idempotent: false, cancellationToken).ConfigureAwait(false);
                if (outcome.Kind != OutcomeKind.Done)
                {
                    return (outcome, false);
                }

                var created = outcome.Result!.Body?.Deserialize<DeviceHealthScript>(GraphHttpClient.Json);
                return (outcome with { CreatedId = RequireId(created?.Id) }, false);
            }
            catch (GraphRequestException ex) when (attempt < MaxCreateAttempts && (ex is GraphOutcomeUnknownException || ex.Status is 0 or 429 or >= 500))
            {
                // The service may have created it before the failure: look for the marker before trying again.
                progress.Report($"create of \"{p.Package.DisplayName}\" did not answer ({ex.Message}); looking for it by its marker");
                var existing = (await ManagedScripts.ListAllAsync(graph, cancellationToken).ConfigureAwait(false))
                    .Where(s => ManagedScripts.PackageIdOf(s) == p.Package.Id)
                    .OrderBy(s => s.CreatedDateTime ?? DateTimeOffset.MaxValue)
                    .FirstOrDefault();
                if (existing?.Id is { Length: > 0 } id)
                {
                    return (new WriteOutcome(OutcomeKind.Done) { CreatedId = id }, true);
                }
            }
        }
    }

    private static string Describe(PackagePlan p)
    {
        var parts = p.Properties.Select(c => c.Name).Concat(p.Scripts.Select(s => s.File)).ToList();
        return parts.Count == 0 ? "no property change" : string.Join(", ", parts);
    }

    /// <summary>A PATCH or DELETE with an empty id would address the collection (msgraph-sdk-dotnet #2922).</summary>
    private static string RequireId(string? id) =>
        string.IsNullOrWhiteSpace(id) ? throw new InvalidOperationException("A script id is empty; refusing to address the whole collection.") : id;
}
