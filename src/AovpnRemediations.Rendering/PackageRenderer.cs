using System.Security.Cryptography;
using System.Text;
using AovpnRemediations.Binding;
using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Rendering.Kinds;
using AovpnRemediations.Rendering.Models;
using AovpnRemediations.Rendering.Templates;
using Scriban.Runtime;

namespace AovpnRemediations.Rendering;

/// <summary>One generated script: a file name inside its package folder and its final text (ASCII, CRLF).</summary>
public sealed record RenderedScript(string FileName, ScriptMode Mode, string Text);

/// <summary>A package's scripts for each target it goes to, and the version fingerprint they carry.</summary>
public sealed record RenderedPackage(BoundPackage Package, string Version, IReadOnlyDictionary<DeploymentTarget, IReadOnlyList<RenderedScript>> Scripts)
{
    public IReadOnlyList<RenderedScript> IntuneScripts => ScriptsFor(DeploymentTarget.Intune);

    /// <summary>The scripts of one target; empty when the package does not go there.</summary>
    public IReadOnlyList<RenderedScript> ScriptsFor(DeploymentTarget target) =>
        Scripts.TryGetValue(target, out var scripts) ? scripts : [];
}

public enum ScriptMode
{
    Detect,
    Remediate,

    /// <summary>The ConfigMgr import script, which runs on a site server rather than on an endpoint.</summary>
    ConfigMgrImport,
}

/// <summary>Renders bound packages through the templates into script text.</summary>
public sealed class PackageRenderer(TemplateSet templates, string toolVersion)
{
    // Stands in for the version while the scripts are rendered; random, so no template or profile text can hold it.
    private static readonly string VersionPlaceholder = "v" + Guid.NewGuid().ToString("N");

    public RenderedPackage Render(BoundPackage package)
    {
        var rules = package.Rules.Select(RenderRule).ToList();
        var shared = SharedModel.Of(package);
        var drafts = package.Targets.ToDictionary(
            target => target,
            target => ScriptsOf(target)
                .Where(spec => spec.Mode == ScriptMode.Detect || package.Remediates)
                .Select(spec => RenderScript(package, spec, VersionPlaceholder, rules, shared))
                .ToList());

        // The version is a fingerprint of exactly what the package's scripts hold (apart from the version
        // itself): it changes when they change, and not when a template only other packages use does.
        var fingerprint = new StringBuilder();
        foreach (var script in drafts.OrderBy(d => d.Key).SelectMany(d => d.Value))
        {
            // The placeholder is random per process; the fingerprint must not be.
            fingerprint.Append(script.FileName).Append('\n').Append(script.Text.Replace(VersionPlaceholder, "version", StringComparison.Ordinal));
        }

        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint.ToString())))[..8];
        var scripts = drafts.ToDictionary(
            d => d.Key,
            d => (IReadOnlyList<RenderedScript>)[.. d.Value.Select(s => s with { Text = s.Text.Replace(VersionPlaceholder, version, StringComparison.Ordinal) })]);
        return new RenderedPackage(package, version, scripts);
    }

    /// <summary>
    /// The scripts each target gets, from which templates. Rules, checks, remedies, the runtime and the platform
    /// layer are shared; a target only brings its own frame (entry point, output contract, log folder).
    /// </summary>
    private static IReadOnlyList<ScriptSpec> ScriptsOf(DeploymentTarget target) => target switch
    {
        DeploymentTarget.Intune =>
        [
            new(ScriptMode.Detect, "intune", TemplateNames.IntuneDetect, "detect.ps1", "detect"),
            new(ScriptMode.Remediate, "intune", TemplateNames.IntuneRemediate, "remediate.ps1", "remediate"),
        ],
        DeploymentTarget.ConfigMgr =>
        [
            new(ScriptMode.Detect, "configmgr", TemplateNames.ConfigMgrDiscovery, "discovery.ps1", "ConfigMgr discovery"),
            new(ScriptMode.Remediate, "configmgr", TemplateNames.ConfigMgrRemediation, "remediation.ps1", "ConfigMgr remediation", Includes: TemplateNames.IntuneRemediate),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "No scripts for this target; add it to PackageRenderer.ScriptsOf."),
    };

    private RenderedRule RenderRule(BoundRule bound)
    {
        var rule = bound.Rule;
        var info = new RuleInfo
        {
            Id = Identifier.Require(rule.Id),
            Title = rule.Descriptor.Title,
            TestFunction = Identifier.Require("Test-" + rule.Id),
            RepairFunction = bound.Remediates ? Identifier.Require("Repair-" + rule.Id) : null,
        };
        var kind = rule.Check.Kind;
        var check = KindTemplates.ModelOf(bound.Check);
        var checkCode = TemplateContextFactory.Render(templates, KindTemplates.Check(kind), "ctx", new RuleTemplateContext(info, check, null));
        var remedyCode = bound.Remedy is null
            ? string.Empty
            : TemplateContextFactory.Render(templates, KindTemplates.Remedy(kind), "ctx", new RuleTemplateContext(info, check, KindTemplates.ModelOf(bound.Remedy)));
        return new RenderedRule(info, checkCode.TrimEnd('\n'), remedyCode.TrimEnd('\n'));
    }

    private RenderedScript RenderScript(BoundPackage package, ScriptSpec spec, string version, List<RenderedRule> rules, SharedModel shared)
    {
        var (mode, templateName, fileName) = (spec.Mode, spec.Template, spec.FileName);
        var modeName = mode == ScriptMode.Detect ? "detect" : "remediate";
        var platform = new PlatformModel { PackageId = Identifier.Require(package.Id), Mode = modeName, RunAs = RunAsName(package.Package.RunAs), Target = spec.Target };
        var library = new FunctionLibrary(templates, new Dictionary<string, (string, object)>
        {
            ["runtime"] = ("line", ResultLineModel.Instance),
            ["shared"] = ("shared", shared),
            ["platform"] = ("platform", platform),
        });
        var model = new PackageModel
        {
            Id = Identifier.Require(package.Id),
            Version = Identifier.Require(version),
            Title = package.Package.Title,
            RunAs = RunAsName(package.Package.RunAs),
            Mode = modeName,
            Target = spec.Target,
            FileName = Identifier.Require(fileName),
            Purpose = spec.Purpose,
            ToolVersion = Identifier.Require(toolVersion),
            Feature = package.Package.Feature is { } feature ? Identifier.Require(feature.Name) : null,
            Rules =
            [
                .. rules.Select(r => new RuleModel
                {
                    Id = r.Info.Id,
                    Title = r.Info.Title,
                    TestFunction = r.Info.TestFunction,
                    RepairFunction = r.Info.RepairFunction,
                    CheckCode = r.CheckCode,
                    RemedyCode = mode == ScriptMode.Remediate ? r.RemedyCode : string.Empty,
                }),
            ],
        };

        // First the script without library functions: its rules and entry point decide which ones it carries.
        var skeleton = TemplateContextFactory.Render(templates, templateName, "package", model);
        var needed = library.NeededBy(skeleton);
        model = model with { RuntimeCode = needed["runtime"], SharedCode = needed["shared"], PlatformCode = needed["platform"] };
        var text = TemplateContextFactory.Render(templates, templateName, "package", model);
        return new RenderedScript(fileName, mode, ScriptText.Finish(text, $"{templates.Origin}/{templateName}"));
    }

    private static string RunAsName(RunAsAccount runAs) => runAs == RunAsAccount.User ? "user" : "system";

    private sealed record RenderedRule(RuleInfo Info, string CheckCode, string RemedyCode);

    /// <summary>
    /// One script of a target: its mode, the target name templates see, its frame template, file name and purpose, and
    /// the frame it includes (its platform calls count too).
    /// </summary>
    private sealed record ScriptSpec(ScriptMode Mode, string Target, string Template, string FileName, string Purpose, string? Includes = null);
}

/// <summary>
/// What a kind's templates see: <c>ctx.rule</c>, the check's parameters as <c>ctx.check</c> and, in the remedy
/// template, the remedy's as <c>ctx.remedy</c>.
/// </summary>
public sealed class RuleTemplateContext(RuleInfo rule, ScriptObject check, ScriptObject? remedy)
{
    public RuleInfo Rule { get; } = rule;

    public ScriptObject Check { get; } = check;

    public ScriptObject? Remedy { get; } = remedy;
}

/// <summary>Final form of every generated script: CRLF line ends, one trailing newline, ASCII only.</summary>
public static class ScriptText
{
    public static string Finish(string text, string origin)
    {
        var lf = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n', ' ') + "\n";
        for (var i = 0; i < lf.Length; i++)
        {
            if (lf[i] > 0x7E || (lf[i] < 0x20 && lf[i] != '\n'))
            {
                var line = lf.AsSpan(0, i).Count('\n') + 1;
                throw new TemplateException([$"{origin}: rendered line {line} holds character U+{(int)lf[i]:X4}; templates must be ASCII without tabs, and profile values must reach them as PsLiteral."]);
            }
        }

        return lf.Replace("\n", "\r\n", StringComparison.Ordinal);
    }
}
