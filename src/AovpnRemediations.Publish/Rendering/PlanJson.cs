using System.Text.Json;
using System.Text.Json.Nodes;
using AovpnRemediations.Publish.Planning;

namespace AovpnRemediations.Publish.Rendering;

/// <summary>
/// The plan for machines (<c>plan --json</c>). Schema 1; script diffs are unified diff text (of the unsigned text, for
/// signed scripts); <c>signer</c> is <c>{"from","to"}</c> when a script's signer changes (null thumbprint: unsigned).
/// </summary>
public static class PlanJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Render(Plan plan, string target)
    {
        var packages = new JsonArray();
        foreach (var p in plan.Packages)
        {
            packages.Add(new JsonObject
            {
                ["id"] = p.Package.Id,
                ["version"] = p.Package.Version,
                ["displayName"] = p.Package.DisplayName,
                ["action"] = !p.HasChanges ? "none" : p.Action == PackageAction.Create ? "create" : p.Adopt ? "adopt" : "update",
                ["scriptId"] = p.ScriptId,
                ["properties"] = new JsonArray(p.Properties.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Name,
                    ["from"] = c.From,
                    ["to"] = c.To,
                }).ToArray()),
                ["scripts"] = new JsonArray(p.Scripts.Select(s => (JsonNode)new JsonObject
                {
                    ["file"] = s.File,
                    ["diff"] = s.Diff,
                    ["note"] = s.Note,
                    ["signer"] = s.Signer is null ? null : new JsonObject { ["from"] = s.Signer.From, ["to"] = s.Signer.To },
                }).ToArray()),
                ["approvals"] = Approvals(plan, p.Package.Id),
                ["assignments"] = new JsonObject
                {
                    ["changed"] = p.NeedsAssign,
                    ["add"] = new JsonArray(p.Assignments.Added.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()),
                    ["remove"] = new JsonArray(p.Assignments.Removed.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()),
                },
            });
        }

        var document = new JsonObject
        {
            ["schema"] = 1,
            ["target"] = target,
            ["changes"] = plan.HasChanges,
            ["summary"] = new JsonObject
            {
                ["create"] = plan.Creates,
                ["update"] = plan.Updates,
                ["reassign"] = plan.Reassignments,
                ["delete"] = plan.Deletions.Count,
                ["unchanged"] = plan.Unchanged,
                ["writes"] = plan.ExpectedWrites,
            },
            ["packages"] = packages,
            ["deletions"] = new JsonArray(plan.Deletions.Select(d => (JsonNode)new JsonObject
            {
                ["scriptId"] = d.ScriptId,
                ["displayName"] = d.DisplayName,
                ["packageId"] = d.PackageId,
                ["reason"] = d.Reason,
            }).ToArray()),
            ["orphans"] = new JsonArray(plan.Orphans.Select(o => (JsonNode)new JsonObject
            {
                ["scriptId"] = o.ScriptId,
                ["displayName"] = o.DisplayName,
                ["packageId"] = o.PackageId,
            }).ToArray()),
        };
        if (plan.Approvals.Note is { } note)
        {
            document["approvalsNote"] = note;
        }

        return document.ToJsonString(Options);
    }

    private static JsonArray Approvals(Plan plan, string packageId) =>
        new(plan.Approvals.Packages.Where(a => a.PackageId == packageId).Select(a => (JsonNode)new JsonObject
        {
            ["operation"] = a.Operation,
            ["requestId"] = a.Request.Id,
            ["status"] = a.Request.Status,
            ["requestedBy"] = a.Request.Requestor,
            ["requested"] = a.Request.Requested?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["expires"] = a.Request.Expires?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["approvedBy"] = a.Request.Approver,
            ["contentMatches"] = a.ContentMatches,
        }).ToArray());
}
