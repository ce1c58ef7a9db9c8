using System.CommandLine;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering.Templates;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>init</c>: writes a starter profile (the example.net sample), its schema and sample certificates.</summary>
internal static class InitCommand
{
    public static Command Create(CliConsole console)
    {
        var directory = new Option<string>("--directory", "-d")
        {
            Description = "Where to write the starter files.",
            DefaultValueFactory = _ => ".",
        };
        var withTemplates = new Option<bool>("--templates")
        {
            Description = "Also write the built-in templates to templates/, to customise them and build with --templates.",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Overwrite files that already exist.",
        };
        var command = new Command("init", "Write a starter aovpn.json (the example.net sample), aovpn.schema.json and sample public certificates.")
        {
            directory,
            withTemplates,
            force,
        };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(directory)!;
            var files = SampleProfileSource.Files
                .Select(name => (Path: name, Content: SampleProfileSource.Instance.ReadRelative(name)))
                .Append((Path: "aovpn.schema.json", Content: System.Text.Encoding.UTF8.GetBytes(ProfileSchema.Embedded.Text)))
                .ToList();
            if (parse.GetValue(withTemplates))
            {
                files.AddRange(TemplateSet.Embedded.Sources.Select(t => (Path: $"templates/{t.Name}.scriban", Content: System.Text.Encoding.UTF8.GetBytes(t.Text))));
            }

            var existing = files.Where(f => File.Exists(Path.Combine(root, f.Path))).Select(f => f.Path).ToList();
            if (existing.Count > 0 && !parse.GetValue(force))
            {
                throw new UsageException($"{string.Join(", ", existing)} already exist{(existing.Count == 1 ? "s" : string.Empty)} in {Path.GetFullPath(root)}; nothing was written. Use --force to overwrite, or --directory to write elsewhere.");
            }

            foreach (var (path, content) in files)
            {
                var target = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
                File.WriteAllBytes(target, content);
                console.Out.WriteLine($"  wrote {target}");
            }

            console.Out.WriteLine("Next: replace the sample certificates in pki/ with your CA's public certificates, edit aovpn.json, then run `aovpn-remediations validate --profile aovpn.json`.");
            return (int)ExitCode.Success;
        });
        return command;
    }
}
