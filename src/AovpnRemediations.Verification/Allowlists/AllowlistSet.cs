namespace AovpnRemediations.Verification.Allowlists;

/// <summary>The embedded allow-lists, parsed once per process.</summary>
internal sealed record AllowlistSet(CommandAllowlist PackageCommands, CommandAllowlist ConfigMgrCommands, CmdletParameterList Parameters)
{
    public const string CommandsFile = "Allowlists/commands.txt";
    public const string ConfigMgrCommandsFile = "Allowlists/configmgr-commands.txt";
    public const string ParametersFile = "Allowlists/cmdlet-parameters.txt";

    public static AllowlistSet Embedded { get; } = new(
        CommandAllowlist.Parse(AllowlistFile.ReadEmbedded(CommandsFile), CommandsFile),
        CommandAllowlist.Parse(AllowlistFile.ReadEmbedded(ConfigMgrCommandsFile), ConfigMgrCommandsFile),
        CmdletParameterList.Parse(AllowlistFile.ReadEmbedded(ParametersFile), ParametersFile));
}
