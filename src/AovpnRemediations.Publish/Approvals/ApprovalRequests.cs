using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Beta;

namespace AovpnRemediations.Publish.Approvals;

/// <summary>
/// The tag apply adds to the justification it sends, so a later plan or apply knows which package, which write and which
/// exact content a Multi Admin Approval request stands for (the documented operationApprovalRequest carries no payload
/// link: https://learn.microsoft.com/graph/api/resources/intune-rbac-operationapprovalrequest?view=graph-rest-beta).
/// The approver sees it after the person's own words; it is short and says what it is.
/// </summary>
public sealed partial record ApprovalTag(string PackageId, string Operation, string Hash)
{
    public const int MaxJustificationLength = 1024;

    public override string ToString() => $"[aovpn-remediations package:{PackageId} op:{Operation} sha256:{Hash}]";

    public static ApprovalTag? In(string? justification)
    {
        var match = justification is null ? null : Pattern().Match(justification);
        return match is { Success: true } ? new ApprovalTag(match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value) : null;
    }

    /// <summary>The first 16 hex digits of SHA-256 over the exact body sent (the approved write must be replayed byte for byte).</summary>
    public static string HashOf(string body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..16];

    /// <summary>The longest justification a person may give: the service takes 1024 characters, the tag needs the rest.</summary>
    public static int MaxUserText => MaxJustificationLength - new ApprovalTag("aovpn-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "create", new string('0', 16)).ToString().Length - 1;

    [GeneratedRegex(@"\[aovpn-remediations package:([a-z0-9-]+) op:(create|update|assign|delete) sha256:([0-9a-f]{16})\]")]
    private static partial Regex Pattern();
}

/// <summary>An operationApprovalRequest as plan and apply use it.</summary>
/// <param name="Requestor">Who asked (user, else application), as the portal names them.</param>
/// <param name="PayloadId">The object the request is about; not in Graph's documented resource but sent by Intune (seen by tools that complete requests).</param>
public sealed record ApprovalRequest(
    string Id,
    string Status,
    DateTimeOffset? Requested,
    DateTimeOffset? Expires,
    string Requestor,
    string? Approver,
    string Justification,
    ApprovalTag? Tag,
    string? PayloadId,
    string? PayloadOperation)
{
    /// <summary>One request per object may be active; only these two still lead anywhere.</summary>
    public bool IsActive => Status is "needsApproval" or "approved";

    public bool IsApproved => Status == "approved";

    public string Describe()
    {
        static string At(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "(unknown)";
        return IsApproved
            ? $"approval request {Id} approved by {Approver ?? "(unknown)"}, requested by {Requestor} at {At(Requested)}, expires {At(Expires)}"
            : $"approval request {Id} pending since {At(Requested)}, requested by {Requestor}, expires {At(Expires)}";
    }
}

/// <summary>A package's write that an active approval request stands for.</summary>
/// <param name="Operation">create, update, assign or delete.</param>
/// <param name="ContentMatches">The request was made by this tool for exactly the content apply would send now.</param>
public sealed record PackageApproval(string PackageId, string Operation, ApprovalRequest Request, bool ContentMatches);

/// <summary>What plan learned about approvals: the active requests for its packages, and a note when they could not be read.</summary>
public sealed record ApprovalState(IReadOnlyList<PackageApproval> Packages, string? Note)
{
    public static ApprovalState None { get; } = new([], null);

    public PackageApproval? For(string packageId, string operation) =>
        Packages.FirstOrDefault(a => a.PackageId == packageId && a.Operation == operation);

    /// <summary>Any active request on the package's script: while one is, Intune takes no other (one pending request per object).</summary>
    public PackageApproval? AnyFor(string packageId) => Packages.FirstOrDefault(a => a.PackageId == packageId);
}

/// <summary>
/// Reads the tenant's active Multi Admin Approval requests (<c>GET beta/deviceManagement/operationApprovalRequests</c>,
/// DeviceManagementRBAC.Read.All: https://learn.microsoft.com/graph/api/intune-rbac-operationapprovalrequest-list?view=graph-rest-beta).
/// A tenant without Multi Admin Approval answers an empty list. When the list cannot be read, plan goes on without it and says so.
/// </summary>
public static class ApprovalRequests
{
    public const string Collection = "beta/deviceManagement/operationApprovalRequests";
    public const string JustificationHeader = "x-msft-approval-justification";
    public const string CodeHeader = "x-msft-approval-code";

    public static async Task<(IReadOnlyList<ApprovalRequest> Active, string? Note)> ReadActiveAsync(GraphConnection graph, CancellationToken cancellationToken)
    {
        var active = new List<ApprovalRequest>();
        // Two filtered reads: the history of completed requests can be long, the active ones are few. Whether the service
        // filters on status is not documented (tools do it), so a refused filter falls back to one unfiltered read.
        foreach (var status in new[] { "needsApproval", "approved" })
        {
            var (ok, statusCode) = await ReadAsync(graph, $"{Collection}?$filter={Uri.EscapeDataString($"status eq '{status}'")}", active, cancellationToken).ConfigureAwait(false);
            if (!ok && statusCode == 400)
            {
                active.Clear();
                (ok, statusCode) = await ReadAsync(graph, Collection, active, cancellationToken).ConfigureAwait(false);
                return ok ? (active, null) : ([], Unreadable(statusCode));
            }

            if (!ok)
            {
                return ([], Unreadable(statusCode));
            }
        }

        return (active, null);
    }

    private static string Unreadable(int status) =>
        $"Multi Admin Approval requests could not be read ({status}); pending approvals are not shown.";

    private static async Task<(bool Ok, int Status)> ReadAsync(GraphConnection graph, string path, List<ApprovalRequest> active, CancellationToken cancellationToken)
    {
        string? next = path;
        while (next is not null)
        {
            var result = await graph.Http.SendAsync(HttpMethod.Get, next, null, idempotent: true, readOnly: true, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                return (false, result.Status);
            }

            foreach (var item in result.Body?["value"]?.AsArray() ?? [])
            {
                if (item is JsonObject o && Read(o) is { IsActive: true } request && active.All(a => a.Id != request.Id))
                {
                    active.Add(request);
                }
            }

            next = (string?)result.Body?["@odata.nextLink"];
        }

        return (true, 200);
    }

    /// <summary>Matches active requests to a plan's writes: by this tool's tag, else by the script id Intune reports.</summary>
    public static IReadOnlyList<PackageApproval> Match(IReadOnlyList<ApprovalRequest> active, Planning.Plan plan)
    {
        var matched = new List<PackageApproval>();
        foreach (var request in active)
        {
            if (request.Tag is { Operation: "delete" } deleteTag)
            {
                var deletion = plan.Deletions.FirstOrDefault(d => d.PackageId == deleteTag.PackageId);
                if (deletion is not null)
                {
                    matched.Add(new PackageApproval(deleteTag.PackageId, "delete", request, PlannedWrites.Delete(deletion).Hash == deleteTag.Hash));
                }
            }
            else if (request.Tag is { } tag && plan.Packages.FirstOrDefault(p => p.Package.Id == tag.PackageId) is { } package)
            {
                var current = PlannedWrites.Of(package).FirstOrDefault(w => w.Operation == tag.Operation);
                matched.Add(new PackageApproval(package.Package.Id, tag.Operation, request, current is not null && current.Hash == tag.Hash));
            }
            else if (request.Tag is null && request.PayloadId is { Length: > 0 } id)
            {
                // Someone asked in the portal or through another tool: it blocks the object, and its content is not ours to replay.
                if (plan.Packages.FirstOrDefault(p => string.Equals(p.ScriptId, id, StringComparison.OrdinalIgnoreCase)) is { } other)
                {
                    matched.Add(new PackageApproval(other.Package.Id, Operation(request.PayloadOperation), request, ContentMatches: false));
                }
                else if (plan.Deletions.FirstOrDefault(d => string.Equals(d.ScriptId, id, StringComparison.OrdinalIgnoreCase)) is { } deletion)
                {
                    matched.Add(new PackageApproval(deletion.PackageId, Operation(request.PayloadOperation), request, ContentMatches: false));
                }
            }
        }

        return matched;
    }

    private static string Operation(string? payloadOperation) => payloadOperation?.ToLowerInvariant() switch
    {
        "create" => "create",
        "assign" => "assign",
        "delete" => "delete",
        _ => "update",
    };

    internal static ApprovalRequest? Read(JsonObject o)
    {
        var id = (string?)o["id"];
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        static string? Name(JsonNode? identity) =>
            (string?)identity?["user"]?["displayName"] ?? (string?)identity?["user"]?["id"]
            ?? (string?)identity?["application"]?["displayName"] ?? (string?)identity?["application"]?["id"];

        var justification = (string?)o["requestJustification"] ?? "";
        return new ApprovalRequest(
            id,
            (string?)o["status"] ?? "unknown",
            Time(o["requestDateTime"]),
            Time(o["expirationDateTime"]),
            Name(o["requestor"]) ?? "(unknown)",
            Name(o["approver"]),
            justification,
            ApprovalTag.In(justification),
            (string?)o["payloadId"],
            (string?)o["payloadOperation"]);
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        DateTimeOffset.TryParse((string?)node, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
}

/// <summary>One write apply makes for a package, as sent: what an approval request must match.</summary>
public sealed record PlannedWrite(string Operation, HttpMethod Method, string Path, object? Body, string Hash);

/// <summary>The writes of a package plan, built one way for apply and for matching approvals.</summary>
public static class PlannedWrites
{
    /// <summary>
    /// The script write (create or PATCH) and the /assign post, as far as they are known now: a create's /assign needs the
    /// id the create returns, so it is built after it (<see cref="Assign"/>).
    /// </summary>
    public static IReadOnlyList<PlannedWrite> Of(Planning.PackagePlan p)
    {
        var writes = new List<PlannedWrite>();
        if (p.Action == Planning.PackageAction.Create)
        {
            writes.Add(Make("create", HttpMethod.Post, Graph.Tenant.ManagedScripts.Collection, p.Body));
            return writes;
        }

        if (p.NeedsWrite && !string.IsNullOrWhiteSpace(p.ScriptId))
        {
            // Version is left as created and isGlobalScript is never sent on an update.
            writes.Add(Make("update", HttpMethod.Patch, $"{Graph.Tenant.ManagedScripts.Collection}/{p.ScriptId}", p.Body with { Version = null, IsGlobalScript = null }));
        }

        if (p.NeedsAssign && !string.IsNullOrWhiteSpace(p.ScriptId))
        {
            writes.Add(Assign(p, p.ScriptId));
        }

        return writes;
    }

    public static PlannedWrite Assign(Planning.PackagePlan p, string scriptId) =>
        Make("assign", HttpMethod.Post, $"{Graph.Tenant.ManagedScripts.Collection}/{scriptId}/assign", new AssignRequest(p.DesiredAssignments));

    public static PlannedWrite Delete(Planning.Deletion d) =>
        new("delete", HttpMethod.Delete, $"{Graph.Tenant.ManagedScripts.Collection}/{d.ScriptId}", null, ApprovalTag.HashOf("DELETE " + d.ScriptId));

    private static PlannedWrite Make(string operation, HttpMethod method, string path, object body) =>
        new(operation, method, path, body, ApprovalTag.HashOf(GraphHttpClient.Serialize(body)));
}
