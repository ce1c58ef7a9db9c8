namespace AovpnRemediations.Catalogue.Model;

/// <summary>
/// The Windows Server role service a server package needs, by the name <c>Get-WindowsFeature</c> (ServerManager
/// module) knows it. A package that declares one checks nothing on a server where it is not installed and says
/// "not applicable" instead, so a VPN server is never noncompliant for the NPS package and the reverse.
/// </summary>
/// <param name="Name">The feature's command ID, e.g. <c>NPAS</c>: a plain identifier (it is written into scripts as it is).</param>
/// <param name="DisplayName">What Server Manager calls it, for docs.</param>
/// <param name="Sources">Where Microsoft names the feature for this role.</param>
public sealed record WindowsFeature(string Name, string DisplayName, IReadOnlyList<Uri> Sources);

/// <summary>The features of the server roles the catalogue checks.</summary>
public static class ServerFeatures
{
    /// <summary>
    /// Remote Access > DirectAccess and VPN (RAS): Microsoft's Always On VPN deployment installs the RRAS VPN server
    /// with <c>Install-WindowsFeature DirectAccess-VPN -IncludeManagementTools</c> and nothing else. The LAN routing
    /// role service (<c>Routing</c>), which some community guides add, is not the one Microsoft's step names, so a
    /// server is a VPN server by <c>DirectAccess-VPN</c> alone.
    /// </summary>
    public static WindowsFeature VpnServer { get; } = new(
        "DirectAccess-VPN",
        "Remote Access > DirectAccess and VPN (RAS)",
        [
            new Uri("https://github.com/MicrosoftDocs/windowsserverdocs/blob/main/WindowsServerDocs/remote/remote-access/always-on-vpn/vpn-deploy-ras.md"),
            new Uri("https://learn.microsoft.com/powershell/module/servermanager/get-windowsfeature"),
        ]);

    /// <summary>Network Policy and Access Services: Microsoft installs NPS with <c>Install-WindowsFeature NPAS -IncludeManagementTools</c>.</summary>
    public static WindowsFeature Nps { get; } = new(
        "NPAS",
        "Network Policy and Access Services",
        [
            new Uri("https://github.com/MicrosoftDocs/windowsserverdocs/blob/main/WindowsServerDocs/remote/remote-access/always-on-vpn/vpn-deploy-nps.md"),
            new Uri("https://learn.microsoft.com/powershell/module/servermanager/get-windowsfeature"),
        ]);
}
