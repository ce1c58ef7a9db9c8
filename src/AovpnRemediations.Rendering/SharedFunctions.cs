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

    /// <summary>The functions some code calls, including those these functions themselves call.</summary>
    public static IReadOnlyList<string> NeededBy(string code, Func<string, string> renderFunction) =>
        FunctionCalls.NeededBy(Functions, code, renderFunction);
}
