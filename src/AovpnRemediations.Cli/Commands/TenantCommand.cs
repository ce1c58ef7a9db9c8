using System.CommandLine;
using AovpnRemediations.Publish;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>tenant check [--fix]</c>: the Azure MFA service principals the NPS extension needs exist and are enabled.</summary>
internal static class TenantCommand
{
    public static Command Create(CliConsole console)
    {
        var baseUrl = GraphOptions.BaseUrl();
        var verbose = GraphOptions.Verbose();
        var fix = new Option<bool>("--fix") { Description = "Create missing and enable disabled service principals (asks first unless --yes)." };
        var yes = GraphOptions.Yes();
        var check = new Command("check", "Check the Azure MFA service principals (Azure Multi-Factor Auth Client and Connector).") { baseUrl, verbose, fix, yes };
        check.SetAction((parse, cancellationToken) => PublishCommands.TenantCheckAsync(
            new TenantCheckSettings(new GraphSettings(parse.GetValue(baseUrl)!, parse.GetValue(verbose)), parse.GetValue(fix), parse.GetValue(yes)),
            GraphOptions.Console(console),
            cancellationToken));
        return new Command("tenant", "Tenant-side checks through Microsoft Graph.") { check };
    }
}
