namespace AovpnRemediations.Verification.Allowlists;

/// <summary>Command names a script may call; matching ignores case, as PowerShell does.</summary>
internal sealed class CommandAllowlist
{
    private readonly HashSet<string> names;

    private CommandAllowlist(HashSet<string> names) => this.names = names;

    public static CommandAllowlist Parse(string text, string fileName)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in AllowlistFile.ReadNames(text, fileName))
        {
            if (ForbiddenCommands.TryGetReason(name, out var reason))
            {
                throw new FormatException($"{fileName} lists {name}, which is never allowed: {reason}.");
            }

            names.Add(name);
        }

        return new CommandAllowlist(names);
    }

    public bool Contains(string name) => names.Contains(name);

    public IEnumerable<string> Names => names;
}
