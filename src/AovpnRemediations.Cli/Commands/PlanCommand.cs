using System.CommandLine;
using AovpnRemediations.Graph.Permissions;
using AovpnRemediations.Publish;
using AovpnRemediations.Publish.Output;
using AovpnRemediations.Publish.Planning;
using AovpnRemediations.Publish.Rendering;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>plan</c>: compare output/ with the tenant and show creates, updates (with script diffs), assignment changes and deletions.</summary>
internal static class PlanCommand
{
    public static Command Create(CliSession session)
    {
        var profile = CommonOptions.Profile();
        profile.Description = "The org profile build used (optional: package.json files carry everything publish needs).";
        var output = CommonOptions.Output();
        output.Description = "The output folder build wrote (verified against its manifest.json); a tenant file's \"output\" replaces it for that tenant.";
        var baseUrl = GraphOptions.BaseUrl();
        var verbose = GraphOptions.Verbose();
        var tenant = GraphOptions.Tenant();
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON." };
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 0 when there is nothing to do, 2 when changes are pending, 1 on error." };
        var prune = new Option<bool>("--prune") { Description = "Plan deleting managed scripts whose package is no longer in output/." };
        var adopt = new Option<bool>("--adopt") { Description = "Take over unmanaged scripts that have a package's display name." };
        var command = new Command("plan", "Show what apply would change in Intune.") { profile, output, baseUrl, verbose, tenant, json, detailed, prune, adopt };
        command.SetAction(async (parse, cancellationToken) =>
        {
            session.Command = "plan";
            session.DetailedExitCode = parse.GetValue(detailed);
            session.CancelAdvice = GraphOptions.PublishCancelAdvice;
            var tenants = parse.GetValue(tenant) ?? [];
            return await TenantRuns.RunAsync(session, tenants, async target =>
            {
                var packages = Publisher.ReadOutput(target.Output(parse.GetValue(output)!), parse.GetValue(profile));
                using var graph = await TenantRuns.ConnectAsync(session, target, parse.GetValue(baseUrl)!, parse.GetValue(verbose), Conditions(packages), cancellationToken);
                var plan = await Publisher.PlanAsync(graph, packages, new PlanOptions(parse.GetValue(prune), parse.GetValue(adopt)), cancellationToken);
                session.Console.Out.Write(parse.GetValue(json) ? PlanJson.Render(plan, graph.Root) + Environment.NewLine : PlanText.Render(plan, graph.Root));
                var code = (int)(session.DetailedExitCode && plan.HasChanges ? ExitCode.ChangesPending : ExitCode.Success);
                return new TenantOutcome(code, Summary(plan));
            });
        });
        return command;
    }

    /// <summary>The permissions publish needs for these packages: group and filter names only when the packages use them.</summary>
    internal static IEnumerable<PermissionCondition> Conditions(IReadOnlyList<PackageDefinition> packages)
    {
        if (packages.Any(p => p.Assignments.Any(a => a.GroupName is not null)))
        {
            yield return GraphPermissions.When.Groups;
        }

        if (packages.Any(p => p.Assignments.Any(a => a.FilterName is not null)))
        {
            yield return GraphPermissions.When.Filters;
        }
    }

    internal static string Summary(Plan plan)
    {
        var held = plan.Approvals.Packages.Count(a => !a.Request.IsApproved || !a.ContentMatches);
        return (plan.HasChanges
            ? $"{plan.Creates} to create, {plan.Updates} to update, {plan.Reassignments} to reassign, {plan.Deletions.Count} to delete ({plan.ExpectedWrites} write(s))"
            : "no changes")
            + (held > 0 ? $"; {held} waiting for approval" : "");
    }
}
