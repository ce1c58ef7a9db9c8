using System.Diagnostics;
using System.Text;
using AovpnRemediations.Binding;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering;
using AovpnRemediations.Rendering.Templates;
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
        var renderer = new PackageRenderer(templates, toolVersion);
        var rendered = Step("render", () => bound.Select(renderer.Render).ToList());
        var tree = Step("emit", () => Emit(rendered));
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

    private static OutputTree Emit(IReadOnlyList<RenderedPackage> packages)
    {
        var tree = new OutputTree();
        foreach (var package in packages.Where(p => p.Package.Targets.Contains(DeploymentTarget.Intune)))
        {
            var folder = $"intune/{package.Package.Id}/";
            foreach (var script in package.IntuneScripts)
            {
                tree.Add(folder + script.FileName, Encoding.ASCII.GetBytes(script.Text));
            }

            tree.Add(folder + "package.json", AsciiJson.Serialize(PackageManifest.For(package)));
        }

        return tree;
    }

    private bool Verify(OutputTree tree)
    {
        var findings = tree.Files
            .Where(f => f.Path.EndsWith(".ps1", StringComparison.Ordinal))
            .SelectMany(f => verifier.Verify(f.Path, f.Content, ScriptRole.PackageScript))
            .ToList();
        return findings.Count == 0 ? true : throw new VerificationException(findings);
    }

    private static string TargetName(DeploymentTarget target) => target switch
    {
        DeploymentTarget.Intune => "intune",
        DeploymentTarget.ConfigMgr => "configmgr",
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown target."),
    };
}

/// <summary>Generated scripts broke a verification rule; nothing was written.</summary>
public sealed class VerificationException(IReadOnlyList<VerificationFinding> findings)
    : Exception(string.Join(Environment.NewLine, findings))
{
    public IReadOnlyList<VerificationFinding> Findings { get; } = findings;
}
