using System.CommandLine;
using System.Globalization;
using AovpnRemediations.Emit;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>build</c>: profile + catalogue -> verified packages in the output folder.</summary>
internal static class BuildCommand
{
    public static Command Create(CliConsole console, TimeProvider clock)
    {
        var profile = CommonOptions.Profile();
        var output = CommonOptions.Output();
        var templates = CommonOptions.Templates();
        var command = new Command("build", "Compile the rule catalogue with the profile into verified packages (output/).")
        {
            profile,
            output,
            templates,
        };
        command.SetAction(parse =>
        {
            var source = CommonOptions.ProfileSource(parse.GetValue(profile));
            var outputFolder = parse.GetValue(output)!;
            var pipeline = new BuildPipeline(clock, CommonOptions.TemplateSet(parse.GetValue(templates)), BuildPipeline.ToolVersion);
            var started = clock.GetTimestamp();
            var result = pipeline.Build(source, outputFolder);
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
            console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Built {result.Packages.Count} package(s) from {source.DisplayName} into {outputFolder}: {scripts} script(s) verified, {result.Tree.Files.Count() + 1} file(s) written in {elapsed.TotalMilliseconds:F0} ms."));
            return (int)ExitCode.Success;
        });
        return command;
    }
}
