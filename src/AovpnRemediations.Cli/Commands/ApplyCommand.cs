using System.CommandLine;
using AovpnRemediations.Graph;
using AovpnRemediations.Publish;
using AovpnRemediations.Publish.Apply;
using AovpnRemediations.Publish.Planning;
using AovpnRemediations.Publish.Rendering;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>apply</c>: carry out the plan (create/update scripts, post assignments, delete with --prune).</summary>
internal static class ApplyCommand
{
    public static Command Create(CliSession session)
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
        command.SetAction(async (parse, cancellationToken) =>
        {
            session.CancelAdvice = GraphOptions.PublishCancelAdvice;
            var console = session.Console;
            var packages = Publisher.ReadOutput(parse.GetValue(output)!, parse.GetValue(profile));
            using var graph = session.Connect(new GraphSettings(parse.GetValue(baseUrl)!, parse.GetValue(verbose)));
            var plan = await Publisher.PlanAsync(graph, packages, new PlanOptions(parse.GetValue(prune), parse.GetValue(adopt)), cancellationToken);
            console.Out.Write(PlanText.Render(plan, graph.Root));
            if (!plan.HasChanges)
            {
                return (int)ExitCode.Success;
            }

            if (!parse.GetValue(yes))
            {
                if (!console.CanAsk)
                {
                    throw new UsageException("apply would change the tenant but cannot ask for confirmation here (no terminal). Review `plan`, then run apply with --yes.");
                }

                if (!console.Confirm!($"Apply {plan.ExpectedWrites} write(s) to {graph.Root}?"))
                {
                    console.Error.WriteLine("Nothing applied.");
                    return (int)ExitCode.Failure;
                }
            }

            IApplyProgress progress = console.Terminal is { } terminal ? new SpectreProgress(terminal) : new PlainProgress(console.Out);
            var result = await Publisher.ApplyAsync(graph, plan, progress, cancellationToken);
            console.Out.WriteLine(ApplyText.Summary(result));
            return (int)ExitCode.Success;
        });
        return command;
    }
}
