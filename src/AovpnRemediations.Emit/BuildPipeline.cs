using System.Diagnostics;
using System.Text;
using AovpnRemediations.Binding;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Contracts;
using AovpnRemediations.Emit.Signing;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering;
using AovpnRemediations.Rendering.Templates;
using AovpnRemediations.Signing;
using AovpnRemediations.Verification;

namespace AovpnRemediations.Emit;

/// <summary>What a build produced, with the time each stage took.</summary>
public sealed record BuildResult(
    LoadedProfile Profile,
    IReadOnlyList<RenderedPackage> Packages,
    OutputTree Tree,
    OutputFile Manifest,
    IReadOnlyList<(string Stage, TimeSpan Elapsed)> Timings);

/// <summary>
/// The build, as named steps: load the profile, bind it to the catalogue, render, verify, emit. Nothing
/// is written until every step has passed.
/// </summary>
public sealed class BuildPipeline(TimeProvider clock, TemplateSet templates, string toolVersion)
{
    private readonly ScriptVerifier verifier = new();

    public static string ToolVersion { get; } =
        typeof(BuildPipeline).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0";

    /// <summary>Runs every step in memory; throws <see cref="ProfileException"/>, <see cref="TemplateException"/> or <see cref="VerificationException"/>.</summary>
    public BuildResult Compile(ProfileSource source)
    {
        var timings = new List<(string, TimeSpan)>();
        var stopwatch = Stopwatch.StartNew();
        T Step<T>(string name, Func<T> step)
        {
            stopwatch.Restart();
            var result = step();
            timings.Add((name, stopwatch.Elapsed));
            return result;
        }

        var profile = Step("load profile", () => new ProfileLoader(clock).Load(source));
        var bound = Step("bind", () => PackageBinder.Bind(profile, RuleCatalogue.Packages));
        var configMgr = Step("bind configmgr", () => ConfigMgrBinder.Bind(profile, bound));
        var renderer = new PackageRenderer(templates, toolVersion);
        var rendered = Step("render", () => bound.Select(renderer.Render).ToList());
        var import = configMgr is null ? null : Step("render configmgr import", () => new ConfigMgrImportRenderer(templates, toolVersion).Render(configMgr, rendered));
        var tree = Step("emit", () => Emit(rendered, import));
        Step("verify", () => Verify(tree));
        var manifest = new OutputFile(
            BuildManifest.FileName,
            BuildManifest.Create(tree, toolVersion, profile.Sha256, rendered.Select(r => (r.Package.Id, r.Version, r.Package.Targets.Select(TargetName)))));
        return new BuildResult(profile, rendered, tree, manifest, timings);
    }

    /// <summary>Compiles, then replaces the output folder atomically.</summary>
    public BuildResult Build(ProfileSource source, string outputDirectory)
    {
        var result = Compile(source);
        OutputWriter.Write(outputDirectory, result.Tree, [result.Manifest]);
        return result;
    }

    /// <summary>Compiles, signs every script in memory (<see cref="OutputSigning"/>), then replaces the output folder atomically.</summary>
    public async Task<(BuildResult Build, SignedOutput Signed)> BuildSignedAsync(ProfileSource source, string outputDirectory, ScriptSigner signer, CancellationToken cancellationToken = default)
    {
        var result = Compile(source);
        var signed = await OutputSigning.SignAsync(result.Tree, BuildManifestJson.Parse(result.Manifest.Content), signer, verifier, cancellationToken).ConfigureAwait(false);
        OutputWriter.Write(outputDirectory, signed.Tree, [signed.Manifest]);
        return (result, signed);
    }

    private static OutputTree Emit(IReadOnlyList<RenderedPackage> packages, RenderedScript? configMgrImport)
    {
        var tree = new OutputTree();
        foreach (var package in packages.Where(p => p.Package.Targets.Contains(DeploymentTarget.Intune)))
        {
            var folder = $"intune/{package.Package.Id}/";
            foreach (var script in package.IntuneScripts)
            {
                tree.Add(folder + script.FileName, Encoding.ASCII.GetBytes(script.Text));
            }

            tree.Add(folder + Contracts.PackageJson.FileName, AsciiJson.Serialize(PackageManifest.For(package).ToJsonNode()));
        }

        // configmgr/<package>/discovery.ps1 and remediation.ps1, and one importer for all of them; the importer
        // embeds the scripts, so the package folders are there to read, diff and test.
        foreach (var package in packages.Where(p => p.Package.Targets.Contains(DeploymentTarget.ConfigMgr)))
        {
            foreach (var script in package.ScriptsFor(DeploymentTarget.ConfigMgr))
            {
                tree.Add($"configmgr/{package.Package.Id}/{script.FileName}", Encoding.ASCII.GetBytes(script.Text));
            }
        }

        if (configMgrImport is not null)
        {
            tree.Add(ConfigMgrImportPath, Encoding.ASCII.GetBytes(configMgrImport.Text));
        }

        return tree;
    }

    /// <summary>Where the ConfigMgr import script goes in output/.</summary>
    public static string ConfigMgrImportPath { get; } = "configmgr/" + ConfigMgrImportRenderer.FileName;

    private bool Verify(OutputTree tree)
    {
        var findings = tree.Files
            .Where(f => f.Path.EndsWith(".ps1", StringComparison.Ordinal))
            .SelectMany(f => verifier.Verify(f.Path, f.Content, RoleOf(f.Path)))
            .ToList();
        return findings.Count == 0 ? true : throw new VerificationException(findings);
    }

    /// <summary>The importer runs on a site server with the ConfigMgr cmdlets; every other script runs on an endpoint.</summary>
    private static ScriptRole RoleOf(string path) =>
        path == ConfigMgrImportPath ? ScriptRole.ConfigMgrImportScript : ScriptRole.PackageScript;

    private static string TargetName(DeploymentTarget target) => target switch
    {
        DeploymentTarget.Intune => Contracts.DeploymentTargets.Intune,
        DeploymentTarget.ConfigMgr => Contracts.DeploymentTargets.ConfigMgr,
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown target."),
    };
}

/// <summary>Generated scripts broke a verification rule; nothing was written.</summary>
public sealed class VerificationException(IReadOnlyList<VerificationFinding> findings)
    : Exception(string.Join(Environment.NewLine, findings))
{
    public IReadOnlyList<VerificationFinding> Findings { get; } = findings;
}
