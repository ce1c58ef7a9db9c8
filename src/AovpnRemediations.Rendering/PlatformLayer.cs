using System.Text.RegularExpressions;

namespace AovpnRemediations.Rendering;

/// <summary>
/// The platform layer: the only script functions that touch Windows. Behaviour tests (and an engineer on
/// a pilot device) redefine exactly these after dot-sourcing a script. A script carries only those its
/// code calls; each is rendered from <c>templates/platform/&lt;Name&gt;.scriban</c>.
/// </summary>
public static partial class PlatformLayer
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

    /// <summary>The platform functions some code calls, including those the platform functions themselves call.</summary>
    public static IReadOnlyList<string> NeededBy(string code, Func<string, string> renderFunction)
    {
        var needed = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([code]);
        while (pending.TryDequeue(out var text))
        {
            foreach (var name in Functions.Where(f => !needed.Contains(f) && Calls(text, f)))
            {
                needed.Add(name);
                pending.Enqueue(renderFunction(name));
            }
        }

        return [.. Functions.Where(needed.Contains)];
    }

    private static bool Calls(string code, string function) =>
        Regex.IsMatch(code, @"(?<![\w-])" + Regex.Escape(function) + @"(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
