using System.CommandLine;
using AovpnRemediations.Publish;
using AovpnRemediations.Publish.Apply;
using AovpnRemediations.Publish.Planning;
using AovpnRemediations.Publish.Rendering;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>apply</c>: carry out the plan (create/update scripts, post assignments, delete with --prune), asking for Multi Admin Approval where Intune requires it.</summary>
internal static class ApplyCommand
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
        var prune = new Option<bool>("--prune") { Description = "Delete managed scripts whose package is no longer in output/." };
        var adopt = new Option<bool>("--adopt") { Description = "Take over unmanaged scripts that have a package's display name." };
        var justification = new Option<string?>("--justification")
        {
            Description = "Why the change is needed. Where Intune's Multi Admin Approval protects scripts, a write with it requests approval instead of failing; "
                + "once a second admin approves, the next apply completes it. The approver reads it.",
        };
        var yes = GraphOptions.Yes();
        var command = new Command("apply", "Publish output/ to Intune Remediations.") { profile, output, baseUrl, verbose, tenant, prune, adopt, justification, yes };
        command.SetAction(async (parse, cancellationToken) =>
        {
            session.Command = "apply";
            session.CancelAdvice = GraphOptions.PublishCancelAdvice;
            var console = session.Console;
            var why = parse.GetValue(justification);
            Publisher.ValidateJustification(why);
            return await TenantRuns.RunAsync(session, parse.GetValue(tenant) ?? [], async target =>
            {
                var packages = Publisher.ReadOutput(target.Output(parse.GetValue(output)!), parse.GetValue(profile));
                using var graph = await TenantRuns.ConnectAsync(session, target, parse.GetValue(baseUrl)!, parse.GetValue(verbose), PlanCommand.Conditions(packages), cancellationToken);
                var plan = await Publisher.PlanAsync(graph, packages, new PlanOptions(parse.GetValue(prune), parse.GetValue(adopt)), cancellationToken);
                console.Out.Write(PlanText.Render(plan, graph.Root));
                if (!plan.HasChanges)
                {
                    return new TenantOutcome((int)ExitCode.Success, "no changes");
                }

                if (!parse.GetValue(yes))
                {
                    if (!console.CanAsk)
                    {
                        throw new UsageException("apply would change the tenant but cannot ask for confirmation here (no terminal). Review `plan`, then run apply with --yes.");
                    }

                    if (!console.Confirm!($"Apply {plan.ExpectedWrites} write(s) to {graph.Root}{(target.Name is null ? "" : $" (tenant {target.Name})")}?"))
                    {
                        console.Error.WriteLine("Nothing applied.");
                        return new TenantOutcome((int)ExitCode.Failure, "declined; nothing applied");
                    }
                }

                IApplyProgress progress = console.Terminal is { } terminal ? new SpectreProgress(terminal) : new PlainProgress(console.Out);
                var result = await Publisher.ApplyAsync(graph, plan, progress, new ApplyOptions(why), cancellationToken);
                console.Out.WriteLine(ApplyText.Summary(result));
                if (result.NeedJustification.Count > 0)
                {
                    console.Error.WriteLine($"error: Intune requires Multi Admin Approval for {result.NeedJustification.Count} change(s) ({string.Join(", ", result.NeedJustification.Select(n => $"{n.PackageId} {n.Operation}"))}); "
                        + "run apply again with --justification \"why\" to request it.");
                    return new TenantOutcome((int)ExitCode.GraphError, $"{result.NeedJustification.Count} change(s) need Multi Admin Approval (--justification)");
                }

                var summary = $"{result.Created} created, {result.Updated} updated, {result.Assigned} assigned, {result.Deleted} deleted"
                    + (result.Completed > 0 ? $", {result.Completed} approval(s) completed" : "")
                    + (result.WaitsForApproval ? $"; {result.Requested.Count + result.Waiting.Count} waiting for approval" : "");
                return new TenantOutcome((int)(result.WaitsForApproval ? ExitCode.ApprovalPending : ExitCode.Success), summary);
            });
        });
        return command;
    }
}
