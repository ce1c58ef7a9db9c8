using System.CommandLine;
using AovpnRemediations.Publish;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>plan</c>: compare output/ with the tenant and show creates, updates (with script diffs), assignment changes and deletions.</summary>
internal static class PlanCommand
{
    public static Command Create(CliConsole console)
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
        command.SetAction((parse, cancellationToken) => PublishCommands.PlanAsync(
            new PlanSettings(
                parse.GetValue(output)!,
                parse.GetValue(profile),
                new GraphSettings(parse.GetValue(baseUrl)!, parse.GetValue(verbose)),
                parse.GetValue(json),
                parse.GetValue(detailed),
                parse.GetValue(prune),
                parse.GetValue(adopt)),
            GraphOptions.Console(console),
            cancellationToken));
        return command;
    }
}
