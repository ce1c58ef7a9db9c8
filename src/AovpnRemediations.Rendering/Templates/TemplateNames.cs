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
    public const string Runtime = "common/runtime";
    public const string Entry = "common/entry";

    public static string Platform(string function) => "platform/" + function;

    public static string Shared(string function) => "shared/" + function;

    public static IReadOnlyList<string> Required { get; } =
    [
        IntuneDetect,
        IntuneRemediate,
        ConfigMgrDiscovery,
        ConfigMgrRemediation,
        ConfigMgrImport,
        Header,
        Runtime,
        Entry,
        .. PlatformLayer.Functions.Select(Platform),
        .. Kinds.KindTemplates.Required,
        .. SharedFunctions.Functions.Select(Shared),
    ];
}
