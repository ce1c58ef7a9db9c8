using System.CommandLine;
using System.Globalization;
using AovpnRemediations.Emit;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>build</c>: profile + catalogue -> verified packages in the output folder; with <c>--sign</c>, signed before the folder is swapped in.</summary>
internal static class BuildCommand
{
    public static Command Create(CliSession session, TimeProvider clock)
    {
        var console = session.Console;
        var profile = CommonOptions.Profile();
        var output = CommonOptions.Output();
        var templates = CommonOptions.Templates();
        var sign = new Option<bool>("--sign") { Description = "Sign every script before the output folder is replaced (with the signer options, as for `sign`)." };
        var signer = new SignerOptions();
        var command = new Command("build", "Compile the rule catalogue with the profile into verified packages (output/).")
        {
            profile,
            output,
            templates,
            sign,
        };
        signer.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = CommonOptions.ProfileSource(parse.GetValue(profile));
            var outputFolder = parse.GetValue(output)!;
            var signing = parse.GetValue(sign);
            if (!signing && signer.Given(parse) is [var first, ..])
            {
                throw new UsageException($"{first} is a signer option: add --sign to sign the build, or use `sign` on an output folder.");
            }

            var pipeline = new BuildPipeline(clock, CommonOptions.TemplateSet(parse.GetValue(templates)), BuildPipeline.ToolVersion);
            var started = clock.GetTimestamp();
            BuildResult result;
            Emit.Signing.SignedOutput? signed = null;
            if (signing)
            {
                using var opened = await signer.OpenAsync(parse, session, cancellationToken);
                (result, signed) = await pipeline.BuildSignedAsync(source, outputFolder, opened, cancellationToken);
            }
            else
            {
                result = pipeline.Build(source, outputFolder);
            }

            var elapsed = clock.GetElapsedTime(started);
            foreach (var package in result.Packages)
            {
                var files = result.Tree.Files.Where(f => f.Path.Split('/')[1] == package.Package.Id).Select(f => f.Path);
                console.Out.WriteLine($"  {package.Package.Id,-28} {package.Version}  {string.Join(", ", files)}");
            }

            if (result.Tree.Find(BuildPipeline.ConfigMgrImportPath) is not null)
            {
                console.Out.WriteLine($"  {"ConfigMgr importer",-28} {"",-8}  {BuildPipeline.ConfigMgrImportPath}");
            }

            var scripts = result.Tree.Files.Count(f => f.Path.EndsWith(".ps1", StringComparison.Ordinal));
            var written = (signed?.Tree ?? result.Tree).Files.Count() + 1;
            console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Built {result.Packages.Count} package(s) from {source.DisplayName} into {outputFolder}: {scripts} script(s) verified, {written} file(s) written in {elapsed.TotalMilliseconds:F0} ms."));
            if (signed is not null)
            {
                SignCommand.Report(console, signed, outputFolder);
            }
            else if (result.Packages.Any(p => p.Package.Intune.EnforceSignatureCheck && p.Package.Targets.Contains(Catalogue.Model.DeploymentTarget.Intune)))
            {
                console.Error.WriteLine($"note: the profile sets intune.enforceSignatureCheck, and plan/apply refuse unsigned scripts: sign this output (`aovpn-remediations sign --output {outputFolder} ...`) or build with --sign.");
            }

            return (int)ExitCode.Success;
        });
        return command;
    }
}
