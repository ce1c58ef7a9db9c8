using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AovpnRemediations.GraphEmulator.Routes;

namespace AovpnRemediations.GraphEmulator.Approvals;

/// <summary>Multi Admin Approval in the emulator. Off by default.</summary>
public sealed class ApprovalOptions
{
    /// <summary>An access policy protects scripts: create, edit, delete and assign of deviceHealthScripts need a second admin.</summary>
    public bool Enabled { get; set; }
}

/// <summary>One operationApprovalRequest and the write it stands for.</summary>
public sealed class ApprovalRecord
{
    public required string Id { get; init; }

    public required string Status { get; set; }

    public required DateTimeOffset Requested { get; init; }

    public required DateTimeOffset Expires { get; init; }

    public DateTimeOffset LastModified { get; set; }

    public required JsonObject Requestor { get; init; }

    public JsonObject? Approver { get; set; }

    public required string Justification { get; init; }

    public string? ApprovalJustification { get; set; }

    public required string PayloadType { get; init; }

    public string? PayloadId { get; init; }

    public required string PayloadName { get; init; }

    public required string PayloadOperation { get; init; }

    /// <summary>The write as submitted: method, path and a hash of the body. Completing it must repeat exactly this.</summary>
    public required string Method { get; init; }

    public required string Path { get; init; }

    public required string BodyHash { get; init; }

    public bool IsActive => Status is "needsApproval" or "approved";

    public JsonObject ToJson() => new()
    {
        ["@odata.type"] = "#microsoft.graph.operationApprovalRequest",
        ["id"] = Id,
        ["requestDateTime"] = Format(Requested),
        ["expirationDateTime"] = Format(Expires),
        ["lastModifiedDateTime"] = Format(LastModified),
        ["requestor"] = Requestor.DeepClone(),
        ["approver"] = Approver?.DeepClone(),
        ["status"] = Status,
        ["requestJustification"] = Justification,
        ["approvalJustification"] = ApprovalJustification,
        // The value for the Scripts policy type is a guess; Graph's enum page does not say which member scripts are.
        ["requiredOperationApprovalPolicyTypes"] = new JsonArray("script"),
        // Not in Graph's documented resource; seen in tools that complete requests (payloadId, payloadName, payloadOperation).
        ["payloadId"] = PayloadId,
        ["payloadName"] = PayloadName,
        ["payloadType"] = PayloadType,
        ["payloadOperation"] = PayloadOperation,
    };

    private static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}

/// <summary>
/// The approval flow as documented and observed, for the writes an access policy protects:
/// <list type="number">
/// <item>without approval headers: 400 "Header 'x-msft-approval-justification' is required to request approval"
/// (Microsoft365DSC #7236; Microsoft's Graph article says the answer "indicates that the operation requires Multi Admin
/// Approval": https://learn.microsoft.com/en-us/intune/fundamentals/role-based-access-control/multi-admin-approval-graph-api);</item>
/// <item>with <c>x-msft-approval-justification</c> (base64 of UTF-8 text, at most 1024 characters decoded): the write is not
/// made; an operationApprovalRequest is created (expires after 3 days) and the answer is 412 with its id in
/// <c>x-msft-approval-code</c>; 409 "An active Approval Request already exists" when the object has one (one per object);</item>
/// <item>after a second admin approves: the same method, URL and body with <c>x-msft-approval-code</c> carries the write out
/// and the request becomes <c>completed</c>.</item>
/// </list>
/// Steps 2-3 (412, the code header, the replay) come from third-party write-ups of Microsoft's article and tools that
/// implement it; they are not confirmed on a tenant here.
/// </summary>
internal sealed class ApprovalGate(EmulatorOptions options) : IGraphGate
{
    public const string JustificationHeader = "x-msft-approval-justification";
    public const string CodeHeader = "x-msft-approval-code";
    public const string RequiredMessage = "Header 'x-msft-approval-justification' is required to request approval";

    public GraphResponse? Before(GraphRequest request, EmulatorState state)
    {
        lock (state.Gate)
        {
            if (!options.Approvals.Enabled || Classify(request, state) is not { } operation)
            {
                return null;
            }

            if (request.Header(CodeHeader) is { Length: > 0 } code)
            {
                var record = state.ApprovalRequests.FirstOrDefault(a => a.Id.Equals(code, StringComparison.OrdinalIgnoreCase));
                if (record is null)
                {
                    return Refuse(400, "BadRequest", $"No approval request '{code}' exists.");
                }

                if (record.Status != "approved")
                {
                    return Refuse(400, "BadRequest", $"The approval request '{code}' is {record.Status}, not approved; the operation cannot be completed.");
                }

                if (record.Method != request.Method || !record.Path.Equals(request.Path, StringComparison.OrdinalIgnoreCase) || record.BodyHash != Hash(request))
                {
                    return Refuse(400, "BadRequest", $"The request does not match the operation approved in '{code}': send the same method, URL and body.");
                }

                return null; // carried out; After marks it completed
            }

            if (request.Header(JustificationHeader) is not { Length: > 0 } encoded)
            {
                return Refuse(400, "BadRequest", RequiredMessage);
            }

            string justification;
            try
            {
                justification = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                return Refuse(400, "BadRequest", $"The '{JustificationHeader}' header must be base64 of the UTF-8 justification.");
            }

            if (justification.Length > 1024)
            {
                return Refuse(400, "BadRequest", $"Decoded content of '{JustificationHeader}' header must be no greater than 1024 characters");
            }

            var active = state.ApprovalRequests.FirstOrDefault(a => a.IsActive && a.PayloadType == operation.Type
                && (operation.Id is null ? a.PayloadId is null && a.PayloadName.Equals(operation.Name, StringComparison.OrdinalIgnoreCase) : operation.Id.Equals(a.PayloadId, StringComparison.OrdinalIgnoreCase)));
            if (active is not null)
            {
                return Refuse(409, "Conflict", $"An active Approval Request already exists ({active.Id}).");
            }

            var created = new ApprovalRecord
            {
                Id = state.NewId(),
                Status = "needsApproval",
                Requested = state.Now,
                Expires = state.Now.AddDays(3),
                LastModified = state.Now,
                Requestor = Requestor(request),
                Justification = justification,
                PayloadType = operation.Type,
                PayloadId = operation.Id,
                PayloadName = operation.Name,
                PayloadOperation = operation.Kind,
                Method = request.Method,
                Path = request.Path,
                BodyHash = Hash(request),
            };
            state.ApprovalRequests.Add(created);
            return GraphResponse.Error(412, "BadRequest", $"The operation requires approval; approval request {created.Id} was created.") with
            {
                Headers = new Dictionary<string, string> { [CodeHeader] = created.Id },
                Fault = "approval",
            };
        }
    }

    public void After(GraphRequest request, GraphResponse response, EmulatorState state)
    {
        if (!options.Approvals.Enabled || response.Status is < 200 or >= 300 || request.Header(CodeHeader) is not { Length: > 0 } code)
        {
            return;
        }

        lock (state.Gate)
        {
            if (state.ApprovalRequests.FirstOrDefault(a => a.Id.Equals(code, StringComparison.OrdinalIgnoreCase)) is { Status: "approved" } record)
            {
                record.Status = "completed";
                record.LastModified = state.Now;
            }
        }
    }

    private sealed record Operation(string Type, string? Id, string Name, string Kind);

    /// <summary>The protected writes: deviceHealthScripts create, edit, delete and assign.</summary>
    private static Operation? Classify(GraphRequest r, EmulatorState state)
    {
        if (r.Version != "beta" || !r.IsWrite || r.Segments.Count < 2
            || !r.Segments[0].Equals("deviceManagement", StringComparison.OrdinalIgnoreCase)
            || !r.Segments[1].Equals("deviceHealthScripts", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (r.Segments.Count == 2 && r.Method == "POST")
        {
            return new Operation("DeviceHealthScript", null, (string?)r.Body?["displayName"] ?? "", "Create");
        }

        var script = r.Segments.Count >= 3 ? state.FindScript(r.Segments[2]) : null;
        if (script is null)
        {
            return null; // the route answers 404
        }

        return (r.Segments.Count, r.Method) switch
        {
            (3, "PATCH") => new Operation("DeviceHealthScript", script.Id, script.DisplayName, "Edit"),
            (3, "DELETE") => new Operation("DeviceHealthScript", script.Id, script.DisplayName, "Delete"),
            (4, "POST") when r.Segments[3].Equals("assign", StringComparison.OrdinalIgnoreCase) => new Operation("DeviceHealthScript", script.Id, script.DisplayName, "Assign"),
            _ => null,
        };
    }

    private static JsonObject Requestor(GraphRequest request)
    {
        var token = request.Authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true ? request.Authorization[7..].Trim() : null;
        var claims = PermissionGate.Claims(token);
        string? Claim(string name) => claims is { } c && c.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;
        var identity = new JsonObject
        {
            ["application"] = new JsonObject
            {
                ["id"] = Claim("appid") ?? EmulatorTokens.AppId,
                ["displayName"] = Claim("app_displayname") ?? "AOVPN automation",
            },
            ["device"] = null,
            ["user"] = Claim("upn") is { } upn ? new JsonObject { ["id"] = "00000000-0000-0000-0000-0000000000aa", ["displayName"] = upn } : null,
        };
        return identity;
    }

    private static string Hash(GraphRequest request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body?.ToJsonString() ?? "")));

    private static GraphResponse Refuse(int status, string code, string message) => GraphResponse.Error(status, code, message) with { Fault = "approval" };
}

/// <summary><c>GET beta/deviceManagement/operationApprovalRequests[/{id}]</c> (with <c>$filter=status eq '…'</c>) and <c>cancelMyRequest</c>.</summary>
internal sealed class ApprovalRoutes(EmulatorOptions options) : IGraphRoutes
{
    public GraphResponse? TryHandle(GraphRequest r, EmulatorState state)
    {
        if (r.Version != "beta" || r.Segments.Count < 2 || !r.Segments[0].Equals("deviceManagement", StringComparison.OrdinalIgnoreCase)
            || !r.Segments[1].Equals("operationApprovalRequests", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        lock (state.Gate)
        {
            if (r.Segments.Count == 2 && r.IsGet)
            {
                var items = state.ApprovalRequests.AsEnumerable();
                if (r.QueryValue("$filter") is { } filter)
                {
                    if (!Paging.TryParseEqFilter(filter, out var property, out var value) || !property.Equals("status", StringComparison.OrdinalIgnoreCase))
                    {
                        return GraphResponse.Error(400, "BadRequest", $"Unsupported filter: {filter}");
                    }

                    items = items.Where(a => a.Status.Equals(value, StringComparison.OrdinalIgnoreCase));
                }

                return Paging.Page(r, [.. items.Select(a => (JsonNode)a.ToJson())], options.PageSize);
            }

            if (r.Segments.Count == 3 && r.Segments[2].Equals("cancelMyRequest", StringComparison.OrdinalIgnoreCase) && r.Method == "POST")
            {
                var id = (string?)r.Body?["id"];
                var record = state.ApprovalRequests.FirstOrDefault(a => a.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
                if (record is null)
                {
                    return GraphResponse.NotFound($"operationApprovalRequests('{id}')");
                }

                record.Status = "cancelled";
                record.LastModified = state.Now;
                return GraphResponse.NoContent();
            }

            if (r.Segments.Count == 3 && r.IsGet)
            {
                var record = state.ApprovalRequests.FirstOrDefault(a => a.Id.Equals(r.Segments[2], StringComparison.OrdinalIgnoreCase));
                return record is null ? GraphResponse.NotFound($"operationApprovalRequests('{r.Segments[2]}')") : GraphResponse.Ok(record.ToJson());
            }

            return null;
        }
    }
}

/// <summary>What a second admin does in the portal, for tests: approve, reject, or let a request expire.</summary>
public sealed class ApprovalDesk(EmulatorState state)
{
    public IReadOnlyList<ApprovalRecord> Requests
    {
        get
        {
            lock (state.Gate)
            {
                return [.. state.ApprovalRequests];
            }
        }
    }

    public void Approve(string id, string approver = "second.admin@example.net", string justification = "Reviewed the diff.") =>
        Decide(id, "approved", approver, justification);

    public void Reject(string id, string approver = "second.admin@example.net", string justification = "Not now.") =>
        Decide(id, "rejected", approver, justification);

    public void Expire(string id) => Decide(id, "expired", null, null);

    private void Decide(string id, string status, string? approver, string? justification)
    {
        lock (state.Gate)
        {
            var record = state.ApprovalRequests.Single(a => a.Id == id);
            if (record.Status != "needsApproval" && status != "expired")
            {
                throw new InvalidOperationException($"Approval request {id} is {record.Status}.");
            }

            record.Status = status;
            record.LastModified = state.Now;
            if (approver is not null)
            {
                record.Approver = new JsonObject { ["user"] = new JsonObject { ["id"] = "00000000-0000-0000-0000-0000000000bb", ["displayName"] = approver } };
                record.ApprovalJustification = justification;
            }
        }
    }
}
