using System.Text.RegularExpressions;

namespace AovpnRemediations.Contracts;

/// <summary>
/// The text in a description that says "this tool made it and may change it". Binding writes it into every Intune
/// script's and ConfigMgr item's description, publish and report find their scripts by it, the ConfigMgr importer
/// changes only a baseline that carries <see cref="Baseline"/>. Nothing without it is ever touched.
/// </summary>
public static partial class OwnershipMarker
{
    public const string Tool = "aovpn-remediations";

    /// <summary>
    /// The marker of the single ConfigMgr baseline earlier versions made for every server item; the import script
    /// now only retires a baseline that carries it.
    /// </summary>
    public const string LegacyBaseline = "[managed-by:" + Tool + " baseline]";

    private const string PackagePrefix = "[managed-by:" + Tool + " package:";

    /// <summary>The marker of the ConfigMgr baseline of one server role, e.g. <c>[managed-by:aovpn-remediations baseline:vpnServers]</c>.</summary>
    public static string ForBaseline(string role) => "[managed-by:" + Tool + " baseline:" + role + "]";

    /// <summary>The marker of one package, e.g. <c>[managed-by:aovpn-remediations package:aovpn-trusted-cas]</c>.</summary>
    public static string ForPackage(string packageId) =>
        PackageId.Problem(packageId) is { } problem ? throw new ArgumentException(problem, nameof(packageId)) : PackagePrefix + packageId + "]";

    /// <summary>
    /// The package id of the first package marker in <paramref name="description"/>, or null when it has none. Only a
    /// valid package id counts: a marker-like text naming something the catalogue could never have built is not ours.
    /// </summary>
    public static string? PackageIdIn(string? description)
    {
        if (string.IsNullOrEmpty(description))
        {
            return null;
        }

        foreach (Match match in PackageMarker().Matches(description))
        {
            if (PackageId.IsValid(match.Groups[1].Value))
            {
                return match.Groups[1].Value;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\[managed-by:" + Tool + " package:(" + PackageId.Pattern + @")\]", RegexOptions.CultureInvariant)]
    private static partial Regex PackageMarker();
}
