using AovpnRemediations.Rendering.Escaping;

namespace AovpnRemediations.Rendering.Models;

// View-models of templates/configmgr/Import-AovpnBaseline.ps1 (seen there as `plan`; `import` is a Scriban keyword). Profile text is PsLiteral; plain strings are
// catalogue identifiers (Identifier.Require), catalogue titles for comments, or numbers.

/// <summary>What the import script template sees.</summary>
public sealed class ImportScriptModel
{
    public required string ToolVersion { get; init; }

    public required IReadOnlyList<ImportItemModel> Items { get; init; }

    /// <summary>One baseline per role that has items, in role order.</summary>
    public required IReadOnlyList<ImportBaselineModel> Baselines { get; init; }

    /// <summary>The marker of the single baseline of earlier versions, which the script retires.</summary>
    public required PsLiteral LegacyMarker { get; init; }

    /// <summary>The description a retired baseline of earlier versions gets (it still carries the legacy marker).</summary>
    public required PsLiteral RetiredDescription { get; init; }
}

/// <summary>The baseline of one role: its names, the ids of the packages whose items it holds, its deployments.</summary>
public sealed class ImportBaselineModel
{
    /// <summary>The role's profile name (<c>vpnServers</c>), for comments and keys.</summary>
    public required string Role { get; init; }

    public required PsLiteral Name { get; init; }

    public required PsLiteral Description { get; init; }

    public required PsLiteral Marker { get; init; }

    public required IReadOnlyList<string> PackageIds { get; init; }

    public required IReadOnlyList<ImportDeploymentModel> Deployments { get; init; }
}

/// <summary>One configuration item: its names, its rule, and its scripts as base64 lines.</summary>
public sealed class ImportItemModel
{
    public required string PackageId { get; init; }

    /// <summary>The role's profile name (<c>vpnServers</c>): which baseline holds the item.</summary>
    public required string Role { get; init; }

    /// <summary>Catalogue title (printable ASCII, used in comments).</summary>
    public required string Title { get; init; }

    /// <summary><c>system</c> or <c>user</c>, for comments.</summary>
    public required string RunAs { get; init; }

    public required IReadOnlyList<RuleInfo> Rules { get; init; }

    public required PsLiteral Name { get; init; }

    /// <summary>The description once the item is complete: the profile's text, the marker and a content hash.</summary>
    public required PsLiteral Description { get; init; }

    /// <summary>The description a new item gets until its setting is written (no content hash).</summary>
    public required PsLiteral PendingDescription { get; init; }

    public required PsLiteral Marker { get; init; }

    public required PsLiteral SettingName { get; init; }

    public required PsLiteral SettingDescription { get; init; }

    public required PsLiteral RuleName { get; init; }

    public required PsLiteral RuleDescription { get; init; }

    /// <summary>A <c>NoncomplianceSeverity</c> value: <c>Informational</c>, <c>Warning</c> or <c>Critical</c>.</summary>
    public required string Severity { get; init; }

    public required bool PerUser { get; init; }

    /// <summary>Base64 of the discovery script's exact bytes, in lines of at most 100 characters.</summary>
    public required IReadOnlyList<PsLiteral> DiscoveryBase64 { get; init; }

    /// <summary>Empty when the package has no remediation.</summary>
    public required IReadOnlyList<PsLiteral> RemediationBase64 { get; init; }
}

/// <summary>One deployment of a baseline.</summary>
public sealed class ImportDeploymentModel
{
    public required PsLiteral Collection { get; init; }

    /// <summary>Days between evaluations, as invariant digits.</summary>
    public required string EveryDays { get; init; }
}
