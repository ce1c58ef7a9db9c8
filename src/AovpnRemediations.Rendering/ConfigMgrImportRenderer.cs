using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AovpnRemediations.Binding;
using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Rendering.Escaping;
using AovpnRemediations.Rendering.Models;
using AovpnRemediations.Rendering.Templates;

namespace AovpnRemediations.Rendering;

/// <summary>
/// Renders <c>configmgr/Import-AovpnBaseline.ps1</c>: the script an admin runs on a site server to create or update
/// the configuration items, one baseline per role and their deployments, and retires the single baseline of earlier
/// versions. The ConfigMgr scripts of every package are embedded as base64 of their exact bytes, so no quoting in them
/// can break the importer. Signing changes the rendered text through <see cref="ConfigMgrImportEmbedding"/>, which
/// knows this format too.
/// </summary>
public sealed class ConfigMgrImportRenderer(TemplateSet templates, string toolVersion)
{
    public const string FileName = "Import-AovpnBaseline.ps1";

    public RenderedScript Render(BoundConfigMgr configMgr, IReadOnlyList<RenderedPackage> packages)
    {
        var names = string.Join(", ", configMgr.Baselines.Select(b => b.Name));
        var model = new ImportScriptModel
        {
            ToolVersion = Identifier.Require(toolVersion),
            Items = [.. configMgr.Items.Select(item => Item(item, packages.Single(p => p.Package.Id == item.Package.Id)))],
            Baselines = [.. configMgr.Baselines.Select(Baseline)],
            LegacyMarker = PsLiteral.Of(ConfigMgrBinder.LegacyBaselineMarker),
            RetiredDescription = PsLiteral.Of(
                $"Retired by aovpn-remediations: its configuration items are now in one baseline per role ({names}), so a server evaluates only its own role's items. It holds none of them any more; delete it and its deployments by hand. {ConfigMgrBinder.LegacyBaselineMarker}"),
        };
        var text = TemplateContextFactory.Render(templates, TemplateNames.ConfigMgrImport, "plan", model);
        return new RenderedScript(FileName, ScriptMode.ConfigMgrImport, ScriptText.Finish(text, $"{templates.Origin}/{TemplateNames.ConfigMgrImport}"));
    }

    private static ImportBaselineModel Baseline(BoundBaseline baseline) => new()
    {
        Role = Identifier.Require(baseline.Role.JsonName()),
        Name = PsLiteral.Of(baseline.Name),
        Description = PsLiteral.Of(baseline.Description),
        Marker = PsLiteral.Of(baseline.Marker),
        PackageIds = [.. baseline.Items.Select(i => Identifier.Require(i.Package.Id))],
        Deployments =
        [
            .. baseline.Deployments.Select(d => new ImportDeploymentModel
            {
                Collection = PsLiteral.Of(d.Collection),
                EveryDays = d.EveryDays.ToString(CultureInfo.InvariantCulture),
            }),
        ],
    };

    private static ImportItemModel Item(BoundConfigurationItem item, RenderedPackage rendered)
    {
        var scripts = rendered.ScriptsFor(DeploymentTarget.ConfigMgr);
        var discovery = scripts.Single(s => s.Mode == ScriptMode.Detect).Text;
        var remediation = scripts.SingleOrDefault(s => s.Mode == ScriptMode.Remediate)?.Text;
        var package = item.Package.Package;
        var settingDescription = "Prints Compliant when every rule of the package passes, else the package's JSON result line (status issue: findings; status error: rules that could not be checked).";
        var ruleDescription = "Noncompliant values are the JSON result line of the discovery script: rule and code of each finding. Remediation runs the package's remedies and checks again.";
        var severity = Severity(item.Severity);

        // Everything the item is made of; the import script rewrites an item only when this differs.
        var content = string.Join("\n", item.Name, item.Description, item.SettingName, settingDescription, item.RuleName, ruleDescription, severity, item.PerUser, discovery, remediation ?? "");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..12];
        return new ImportItemModel
        {
            PackageId = Identifier.Require(package.Id),
            Role = Identifier.Require(package.Role.JsonName()),
            Title = package.Title,
            RunAs = package.RunAs == RunAsAccount.User ? "user" : "system",
            Rules = [.. package.Rules.Select(r => new RuleInfo { Id = Identifier.Require(r.Id), Title = r.Descriptor.Title, TestFunction = Identifier.Require("Test-" + r.Id) })],
            Name = PsLiteral.Of(item.Name),
            // Signing adds a signer token after it (ConfigMgrImportEmbedding.SetSigner); the hash stays that of the unsigned scripts.
            Description = PsLiteral.Of($"{item.Description} {ConfigMgrImportEmbedding.ContentToken(hash)}"),
            PendingDescription = PsLiteral.Of(item.Description),
            Marker = PsLiteral.Of(item.Marker),
            SettingName = PsLiteral.Of(item.SettingName),
            SettingDescription = PsLiteral.Of(settingDescription),
            RuleName = PsLiteral.Of(item.RuleName),
            RuleDescription = PsLiteral.Of(ruleDescription),
            Severity = severity,
            PerUser = item.PerUser,
            DiscoveryBase64 = Base64Lines(discovery),
            RemediationBase64 = remediation is null ? [] : Base64Lines(remediation),
        };
    }

    /// <summary>ConfigMgr's <c>NoncomplianceSeverity</c> for a catalogue severity.</summary>
    private static string Severity(Severity severity) => severity switch
    {
        Catalogue.Model.Severity.Information => "Informational",
        Catalogue.Model.Severity.Warning => "Warning",
        Catalogue.Model.Severity.Critical => "Critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "No ConfigMgr severity for this catalogue severity."),
    };

    private static List<PsLiteral> Base64Lines(string scriptText) => ConfigMgrImportEmbedding.Base64Lines(Encoding.ASCII.GetBytes(scriptText));
}
