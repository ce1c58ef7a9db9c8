using System.Globalization;
using System.Text;
using AovpnRemediations.Publish.Planning;

namespace AovpnRemediations.Publish.Rendering;

/// <summary>The plan for people: what will be created, changed (with the script diff) and deleted, then a count.</summary>
public static class PlanText
{
    public static string Render(Plan plan, string target)
    {
        var o = new StringBuilder();
        o.Append(CultureInfo.InvariantCulture,
            $"Plan for {plan.Packages.Count} package(s) against {target} ({plan.TenantScriptCount} script(s) in the tenant).\n");

        foreach (var p in plan.Packages.Where(p => p.HasChanges))
        {
            o.Append('\n');
            var pkg = p.Package;
            if (p.Action == PackageAction.Create)
            {
                o.Append(CultureInfo.InvariantCulture, $"+ create \"{pkg.DisplayName}\" ({pkg.Id} {pkg.Version})\n");
                AppendApprovals(o, plan, pkg.Id);
                o.Append(CultureInfo.InvariantCulture,
                    $"    detect.ps1 {pkg.Detection.Length} bytes{(pkg.Remediation is null ? ", detection only" : $", remediate.ps1 {pkg.Remediation.Length} bytes")}, run as {pkg.RunAsAccount}{(pkg.RunAs32Bit ? " (32-bit)" : " (64-bit)")}\n");
                AppendAssignments(o, p.Assignments, created: true);
                continue;
            }

            o.Append(CultureInfo.InvariantCulture,
                $"~ {(p.Adopt ? "adopt and update" : "update")} \"{pkg.DisplayName}\" ({pkg.Id} {pkg.Version}) id {p.ScriptId}\n");
            AppendApprovals(o, plan, pkg.Id);
            if (p.Adopt)
            {
                o.Append("    takes over a script this tool did not create: the ownership marker is added to its description\n");
            }

            foreach (var change in p.Properties)
            {
                o.Append(CultureInfo.InvariantCulture, $"    {change.Name}: {Quote(change.From)} -> {Quote(change.To)}\n");
            }

            foreach (var script in p.Scripts)
            {
                if (script.Signer is { } signer)
                {
                    var textUnchanged = script.Note is null && script.Diff.Length == 0 ? " (text unchanged)" : "";
                    o.Append(CultureInfo.InvariantCulture, $"    {script.File}: signer {Signer(signer.From)} -> {Signer(signer.To)}{textUnchanged}\n");
                }

                if (script.Note is not null)
                {
                    o.Append(CultureInfo.InvariantCulture, $"    {script.File}: {script.Note}\n");
                    continue;
                }

                if (script.Diff.Length == 0)
                {
                    continue;
                }

                foreach (var line in script.Diff.TrimEnd('\n').Split('\n'))
                {
                    o.Append("    ").Append(line).Append('\n');
                }
            }

            if (p.Assignments.Changed)
            {
                AppendAssignments(o, p.Assignments, created: false);
            }
        }

        foreach (var d in plan.Deletions)
        {
            o.Append('\n');
            var why = d.Reason == "duplicate" ? "a duplicate of the package's script" : "its package is no longer in output/";
            o.Append(CultureInfo.InvariantCulture, $"- delete \"{d.DisplayName}\" ({d.PackageId}) id {d.ScriptId}: {why}\n");
            AppendApprovals(o, plan, d.PackageId, "delete");
        }

        if (plan.Orphans.Count > 0)
        {
            o.Append('\n');
            foreach (var orphan in plan.Orphans)
            {
                o.Append(CultureInfo.InvariantCulture,
                    $"  keep \"{orphan.DisplayName}\" ({orphan.PackageId}) id {orphan.ScriptId}: no longer in output/; --prune would delete it\n");
            }
        }

        if (plan.Approvals.Note is { } note)
        {
            o.Append('\n').Append("note: ").Append(note).Append('\n');
        }

        var held = plan.Approvals.Packages.Count(a => !a.Request.IsApproved || !a.ContentMatches);
        if (held > 0)
        {
            o.Append('\n').Append(CultureInfo.InvariantCulture,
                $"{held} change(s) wait for Multi Admin Approval: a second admin approves them in Intune (Tenant administration > Multi Admin Approval > Received requests); apply sends nothing for them until then.\n");
        }

        o.Append('\n');
        if (!plan.HasChanges)
        {
            o.Append(CultureInfo.InvariantCulture, $"No changes: the tenant matches output/ ({plan.Packages.Count} package(s)).\n");
        }
        else
        {
            o.Append(CultureInfo.InvariantCulture,
                $"Plan: {plan.Creates} to create, {plan.Updates} to update, {plan.Reassignments} to reassign, {plan.Deletions.Count} to delete, {plan.Unchanged} unchanged ({plan.ExpectedWrites} write(s)).\n");
        }

        return o.ToString();
    }

    private static void AppendAssignments(StringBuilder o, AssignmentChanges changes, bool created)
    {
        if (created)
        {
            if (changes.Added.Count == 0)
            {
                o.Append("    not assigned (the package has no assignments)\n");
            }

            foreach (var line in changes.Added)
            {
                o.Append("    assign ").Append(line).Append('\n');
            }

            return;
        }

        o.Append(CultureInfo.InvariantCulture, $"    assignments (all {changes.DesiredCount} posted to /assign, which replaces the set):\n");
        foreach (var line in changes.Removed)
        {
            o.Append("      - ").Append(line).Append('\n');
        }

        foreach (var line in changes.Added)
        {
            o.Append("      + ").Append(line).Append('\n');
        }
    }

    /// <summary>The approval requests that stand for the package's writes (Multi Admin Approval): who asked, when it expires, what apply will do.</summary>
    private static void AppendApprovals(StringBuilder o, Plan plan, string packageId, string? operation = null)
    {
        foreach (var approval in plan.Approvals.Packages.Where(a => a.PackageId == packageId && (operation is null ? a.Operation != "delete" : a.Operation == operation)))
        {
            var next = !approval.ContentMatches
                ? "made for other content than output/ holds now (or by someone else): apply sends nothing for this object while it is active; cancel it in Intune and apply again"
                : approval.Request.IsApproved
                    ? "apply completes it (sends exactly the approved change)"
                    : "pending approval: apply sends nothing for this package until a second admin approves it";
            o.Append(CultureInfo.InvariantCulture, $"    {approval.Operation}: {approval.Request.Describe()}; {next}\n");
        }
    }

    private static string Quote(string? value) => value is null ? "(none)" : $"\"{value}\"";

    private static string Signer(string? thumbprint) => thumbprint ?? "(unsigned)";
}
