using System.CommandLine;
using AovpnRemediations.Graph.Permissions;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>permissions [COMMAND]</c>: the Microsoft Graph permissions each command needs, from the one table the commands check their token against.</summary>
internal static class PermissionsCommand
{
    public static Command Create(CliConsole console)
    {
        var name = new Argument<string[]>("command")
        {
            Description = "A command (plan, apply, report, run, tenant check); without it, every command.",
            Arity = new ArgumentArity(0, 2),
        };
        var markdown = new Option<bool>("--markdown") { Description = "Print the table as the README holds it (to update the README after a change)." };
        var command = new Command("permissions", "List the Microsoft Graph permissions each command needs, and how to grant them.") { name, markdown };
        command.SetAction(parse =>
        {
            if (parse.GetValue(markdown))
            {
                console.Out.Write(GraphPermissions.MarkdownTable());
                return (int)ExitCode.Success;
            }

            var asked = string.Join(' ', parse.GetValue(name) ?? []).Trim();
            if (asked == "tenant")
            {
                asked = "tenant check";
            }

            var commands = asked.Length == 0
                ? GraphPermissions.Commands
                : [GraphPermissions.Commands.FirstOrDefault(c => c.Command == asked)
                    ?? throw new UsageException($"permissions: no command '{asked}'. Commands: {string.Join(", ", GraphPermissions.Commands.Select(c => c.Command))}.")];
            foreach (var line in Lines(commands))
            {
                console.Out.WriteLine(line);
            }

            return (int)ExitCode.Success;
        });
        return command;
    }

    /// <summary>The text, one permission per line under each command (a test compares it with the table and the README).</summary>
    internal static IEnumerable<string> Lines(IReadOnlyList<CommandPermissions> commands)
    {
        yield return "Microsoft Graph application permissions (a delegated sign-in needs the same names as scopes):";
        var none = commands.Where(c => c.Needs.Count == 0).Select(c => c.Command).ToList();
        var width = commands.SelectMany(c => c.Needs).Select(n => n.Permission.Name.Length).DefaultIfEmpty(0).Max();
        foreach (var command in commands.Where(c => c.Needs.Count > 0))
        {
            yield return "";
            yield return command.Command;
            foreach (var need in command.Needs)
            {
                yield return $"  {need.Permission.Name.PadRight(width)}  {need.Why} ({(need.When is null ? "always" : "when " + need.When.Text)})";
            }
        }

        if (none.Count > 0)
        {
            yield return "";
            yield return $"{string.Join(", ", none)}: none (no Graph calls).";
        }

        yield return "";
        yield return "A more privileged permission of the same kind also does (DeviceManagementScripts.ReadWrite.All for DeviceManagementScripts.Read.All, Group.Read.All for GroupMember.Read.All).";
        yield return GraphPermissions.HowToGrant(delegated: false);
    }
}
