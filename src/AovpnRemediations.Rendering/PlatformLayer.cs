namespace AovpnRemediations.Rendering;

/// <summary>
/// The platform layer: the only script functions that touch Windows. Behaviour tests (and an engineer on
/// a pilot device) redefine exactly these after dot-sourcing a script. A script carries only those its
/// code calls; each is rendered from <c>templates/platform/&lt;Name&gt;.scriban</c>.
/// </summary>
public static class PlatformLayer
{
    public static IReadOnlyList<string> Functions { get; } =
    [
        "Get-AovpnNow",
        "Get-AovpnStoreCertificate",
        "Add-AovpnStoreCertificate",
        "Write-AovpnLog",
        "Get-AovpnEvent",
        "Get-AovpnService",
        "Start-AovpnService",
        "Restart-AovpnService",
        "Invoke-AovpnCertutil",
        "Get-AovpnRegistryValue",
        "Set-AovpnRegistryValue",
        "Get-AovpnVpnSession",
        "Disconnect-AovpnVpnSession",
        "Get-AovpnVpnProfile",
        "Get-AovpnComputerFqdn",
        "Get-AovpnCertificateKeyProvider",
    ];

    /// <summary>The functions some code calls, including those these functions themselves call.</summary>
    public static IReadOnlyList<string> NeededBy(string code, Func<string, string> renderFunction) =>
        FunctionCalls.NeededBy(Functions, code, renderFunction);
}
