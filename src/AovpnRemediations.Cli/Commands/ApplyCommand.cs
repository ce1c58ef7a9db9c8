using System.CommandLine;
using AovpnRemediations.Publish;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>apply</c>: carry out the plan (create/update scripts, post assignments, delete with --prune).</summary>
internal static class ApplyCommand
{
    public static Command Create(CliConsole console)
    {
        var profile = CommonOptions.Profile();
        profile.Description = "The org profile build used (optional: package.json files carry everything publish needs).";
        var output = CommonOptions.Output();
        output.Description = "The output folder build wrote (verified against its manifest.json).";
        var baseUrl = GraphOptions.BaseUrl();
        var verbose = GraphOptions.Verbose();
        var prune = new Option<bool>("--prune") { Description = "Delete managed scripts whose package is no longer in output/." };
        var adopt = new Option<bool>("--adopt") { Description = "Take over unmanaged scripts that have a package's display name." };
        var yes = GraphOptions.Yes();
        var command = new Command("apply", "Publish output/ to Intune Remediations.") { profile, output, baseUrl, verbose, prune, adopt, yes };
        command.SetAction((parse, cancellationToken) => PublishCommands.ApplyAsync(
            new ApplySettings(
                parse.GetValue(output)!,
                parse.GetValue(profile),
                new GraphSettings(parse.GetValue(baseUrl)!, parse.GetValue(verbose)),
                parse.GetValue(prune),
                parse.GetValue(adopt),
                parse.GetValue(yes)),
            GraphOptions.Console(console),
            cancellationToken));
        return command;
    }
}
