using System.CommandLine;
using AovpnRemediations.Emit;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>validate</c>: everything <c>build</c> checks (profile, certificates, templates, verification), writing nothing.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console, TimeProvider clock)
    {
        var profile = CommonOptions.Profile();
        var templates = CommonOptions.Templates();
        var command = new Command("validate", "Check a profile (and templates) as build would, without writing anything.")
        {
            profile,
            templates,
        };
        command.SetAction(parse =>
        {
            var source = CommonOptions.ProfileSource(parse.GetValue(profile));
            var result = new BuildPipeline(clock, CommonOptions.TemplateSet(parse.GetValue(templates)), BuildPipeline.ToolVersion).Compile(source);
            console.Out.WriteLine($"{source.DisplayName} is valid: {result.Packages.Count} package(s) ({string.Join(", ", result.Packages.Select(p => p.Package.Id))}), {result.Profile.RootCas.Count} root and {result.Profile.IntermediateCas.Count} intermediate CA certificate(s).");
            return (int)ExitCode.Success;
        });
        return command;
    }
}
