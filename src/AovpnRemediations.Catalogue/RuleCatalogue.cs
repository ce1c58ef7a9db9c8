using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Catalogue.Packages;

namespace AovpnRemediations.Catalogue;

/// <summary>Every package of the product, in the order they are built, documented and listed.</summary>
public static class RuleCatalogue
{
    public static IReadOnlyList<Package> Packages { get; } =
    [
        TrustedCasPackage.Package,
        UserTunnelCertPackage.Package,
        DeviceTunnelCertPackage.Package,
        ConnectionHealthPackage.Package,
        VpnProfilesPackage.Package,
        DeviceTunnelProfilePackage.Package,
        VpnServerCertPackage.Package,
        NpsMfaPackage.Package,
        DenyListPackage.Package,
    ];

    public static IEnumerable<Rule> Rules => Packages.SelectMany(p => p.Rules);

    public static Package? FindPackage(string id) => Packages.FirstOrDefault(p => p.Id == id);

    public static Package PackageOf(Rule rule) => Packages.First(p => p.Rules.Contains(rule));
}
