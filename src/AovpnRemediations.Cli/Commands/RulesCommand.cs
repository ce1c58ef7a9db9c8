using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using AovpnRemediations.Catalogue;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>rules</c>: the catalogue as a table, or as JSON for other tools.</summary>
internal static class RulesCommand
{
    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json")
        {
            Description = "Print the catalogue as JSON.",
        };
        var command = new Command("rules", "List the rule catalogue: id, title, package, scope, severity, whether it remediates.")
        {
            json,
        };
        command.SetAction(parse =>
        {
            var rows = RuleCatalogue.Packages
                .SelectMany(p => p.Rules.Select(r => (Package: p, Rule: r)))
                .OrderBy(x => x.Rule.Id, StringComparer.Ordinal)
                .ToList();
            if (parse.GetValue(json))
            {
                var array = new JsonArray([.. rows.Select(x => (JsonNode)new JsonObject
                {
                    ["id"] = x.Rule.Id,
                    ["title"] = x.Rule.Descriptor.Title,
                    ["package"] = x.Package.Id,
                    ["scope"] = x.Rule.Descriptor.Scope.ToString(),
                    ["severity"] = x.Rule.Descriptor.Severity.ToString(),
                    ["runAs"] = x.Rule.Descriptor.RunAs.ToString(),
                    ["remediates"] = x.Rule.Remediates,
                    ["findingCodes"] = new JsonArray([.. x.Rule.FindingCodes.Select(c => (JsonNode)JsonValue.Create(c.Name))]),
                })]);
                console.Out.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return (int)ExitCode.Success;
            }

            console.Out.WriteLine($"{"ID",-10} {"PACKAGE",-28} {"SCOPE",-13} {"SEVERITY",-11} {"FIX",-4} TITLE");
            foreach (var (package, rule) in rows)
            {
                var d = rule.Descriptor;
                console.Out.WriteLine($"{rule.Id,-10} {package.Id,-28} {d.Scope,-13} {d.Severity,-11} {(rule.Remediates ? "yes" : "no"),-4} {d.Title}");
            }

            console.Out.WriteLine($"{rows.Count} rule(s) in {RuleCatalogue.Packages.Count} package(s).");
            return (int)ExitCode.Success;
        });
        return command;
    }
}
