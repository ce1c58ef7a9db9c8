using System.CommandLine;
using System.Text;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Docs;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>docs</c>: writes the rule pages (one per rule) and their index from the catalogue.</summary>
internal static class DocsCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "The folder for the pages; rule pages of rules no longer in the catalogue are removed from it.",
            DefaultValueFactory = _ => RuleDocumentation.DefaultFolder,
        };
        var command = new Command("docs", "Write a Markdown page per rule (AOVPNnnnn.md) and an index (README.md) from the rule catalogue.")
        {
            output,
        };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(output)!;
            if (File.Exists(folder))
            {
                throw new UsageException($"{folder} is a file; pass a folder with --output.");
            }

            Directory.CreateDirectory(folder);
            var pages = RuleDocumentation.Generate(RuleCatalogue.Packages);
            var written = 0;
            foreach (var (fileName, text) in pages)
            {
                var path = Path.Combine(folder, fileName);
                var bytes = Encoding.UTF8.GetBytes(text);
                if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
                {
                    File.WriteAllBytes(path, bytes);
                    written++;
                }
            }

            var current = pages.Select(p => p.FileName).ToHashSet(StringComparer.Ordinal);
            var removed = 0;
            foreach (var stale in Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()
                .Where(name => RuleDocumentation.IsGenerated(name) && !current.Contains(name)).Order(StringComparer.Ordinal))
            {
                File.Delete(Path.Combine(folder, stale));
                console.Out.WriteLine($"  removed {stale} (no such rule in the catalogue)");
                removed++;
            }

            console.Out.WriteLine($"{pages.Count} page(s) in {folder}: {written} written, {pages.Count - written} unchanged, {removed} removed.");
            return (int)ExitCode.Success;
        });
        return command;
    }
}
