namespace AovpnRemediations.Rendering.Templates;

/// <summary>Names of the templates the renderer uses; a templates folder must hold all of them.</summary>
public static class TemplateNames
{
    public const string IntuneDetect = "intune/detect.ps1";
    public const string IntuneRemediate = "intune/remediate.ps1";
    public const string ConfigMgrDiscovery = "configmgr/discovery.ps1";
    public const string ConfigMgrRemediation = "configmgr/remediation.ps1";
    public const string ConfigMgrImport = "configmgr/Import-AovpnBaseline.ps1";
    public const string Header = "common/header";
    public const string Entry = "common/entry";
    public const string Library = "common/library";

    /// <summary>
    /// The frames, every kind template the catalogue renders, and every library function the product ships
    /// (a folder that drops one would leave a script calling a function it does not define).
    /// </summary>
    public static IReadOnlyList<string> Required { get; } =
    [
        IntuneDetect,
        IntuneRemediate,
        ConfigMgrDiscovery,
        ConfigMgrRemediation,
        ConfigMgrImport,
        Header,
        Entry,
        Library,
        .. Kinds.KindTemplates.Required,
        .. TemplateSet.EmbeddedNames.Where(name => FunctionLibrary.Groups.Any(group => name.StartsWith(group + "/", StringComparison.Ordinal))),
    ];
}
