using System.CommandLine;
using AovpnRemediations.Graph;
using AovpnRemediations.Publish;
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
        output.Description = "The output folder build wrote (verified against its manifest.json).";
        var baseUrl = GraphOptions.BaseUrl();
        var verbose = GraphOptions.Verbose();
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON." };
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 0 when there is nothing to do, 2 when changes are pending, 1 on error." };
        var prune = new Option<bool>("--prune") { Description = "Plan deleting managed scripts whose package is no longer in output/." };
        var adopt = new Option<bool>("--adopt") { Description = "Take over unmanaged scripts that have a package's display name." };
        var command = new Command("plan", "Show what apply would change in Intune.") { profile, output, baseUrl, verbose, json, detailed, prune, adopt };
        command.SetAction(async (parse, cancellationToken) =>
        {
            session.DetailedExitCode = parse.GetValue(detailed);
            session.CancelAdvice = GraphOptions.PublishCancelAdvice;
            var packages = Publisher.ReadOutput(parse.GetValue(output)!, parse.GetValue(profile));
            using var graph = session.Connect(new GraphSettings(parse.GetValue(baseUrl)!, parse.GetValue(verbose)));
            var plan = await Publisher.PlanAsync(graph, packages, new PlanOptions(parse.GetValue(prune), parse.GetValue(adopt)), cancellationToken);
            session.Console.Out.Write(parse.GetValue(json) ? PlanJson.Render(plan, graph.Root) + Environment.NewLine : PlanText.Render(plan, graph.Root));
            return (int)(session.DetailedExitCode && plan.HasChanges ? ExitCode.ChangesPending : ExitCode.Success);
        });
        return command;
    }
}
