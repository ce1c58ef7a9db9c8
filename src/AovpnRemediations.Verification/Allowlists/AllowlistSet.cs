namespace AovpnRemediations.Verification.Allowlists;

/// <summary>The three embedded allow-lists, parsed once per process.</summary>
internal sealed record AllowlistSet(CommandAllowlist PackageCommands, CommandAllowlist ConfigMgrCommands, TypeAllowlist Types)
{
    public const string CommandsFile = "Allowlists/commands.txt";
    public const string ConfigMgrCommandsFile = "Allowlists/configmgr-commands.txt";
    public const string TypesFile = "Allowlists/types.txt";

    public static AllowlistSet Embedded { get; } = new(
        CommandAllowlist.Parse(AllowlistFile.ReadEmbedded(CommandsFile), CommandsFile),
        CommandAllowlist.Parse(AllowlistFile.ReadEmbedded(ConfigMgrCommandsFile), ConfigMgrCommandsFile),
        TypeAllowlist.Parse(AllowlistFile.ReadEmbedded(TypesFile), TypesFile));
}
