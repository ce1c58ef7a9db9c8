using System.Text.RegularExpressions;

namespace AovpnRemediations.Rendering;

/// <summary>
/// Functions several rules of a package call, rendered once per script from
/// <c>templates/shared/&lt;Name&gt;.scriban</c> when some code calls them (like the platform layer, but they
/// run for real in the behaviour tests: they hold logic, not Windows calls). They see the profile's CAs.
/// </summary>
public static class SharedFunctions
{
    public static IReadOnlyList<string> Functions { get; } =
    [
        "Get-AovpnProfileCaCertificates",
        "Get-AovpnClientCertificateState",
        "Get-AovpnCertificateEku",
        "Test-AovpnProfileChain",
        "Test-AovpnCertificateName",
        "Get-AovpnCertificateDnsName",
        "Get-AovpnDerLength",
    ];

    /// <summary>The shared functions some code calls, including those the shared functions call, in list order.</summary>
    public static IReadOnlyList<string> NeededBy(string code, Func<string, string> renderFunction)
    {
        var needed = new HashSet<string>(StringComparer.Ordinal);
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
