using System.Management.Automation.Language;
using System.Text;
using AovpnRemediations.Emit;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering.Templates;
using AovpnRemediations.Verification;

namespace AovpnRemediations.Benchmarks;

/// <summary>Warm wall time of <c>build</c> on the sample profile, and of the verification stage alone.</summary>
internal static class BuildBenchmark
{
    public static int Run(int iterations)
    {
        var pipeline = new BuildPipeline(TimeProvider.System, TemplateSet.Embedded, BuildPipeline.ToolVersion);
        var output = Path.Combine(Path.GetTempPath(), "aovpn-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var result = pipeline.Compile(SampleProfileSource.Instance);
            var scripts = result.Tree.Files.Where(f => f.Path.EndsWith(".ps1", StringComparison.Ordinal)).ToList();
            Console.WriteLine($"sample profile: {result.Packages.Count} package(s), {scripts.Count} script(s), {scripts.Sum(s => s.Content.Length):N0} script bytes");

            var build = Measure.Milliseconds(iterations, () => pipeline.Build(SampleProfileSource.Instance, output));
            Console.WriteLine($"build (load, bind, render, verify, write output/), warm: median {Measure.Format(build.Median)} ms, fastest {Measure.Format(build.Fastest)} ms over {iterations} runs");

            var stages = pipeline.Compile(SampleProfileSource.Instance).Timings;
            Console.WriteLine("  one warm build by stage: " + string.Join(", ", stages.Select(s => $"{s.Stage} {Measure.Format(s.Elapsed.TotalMilliseconds)} ms")));

            var verifier = new ScriptVerifier();
            var verify = Measure.Milliseconds(iterations, () =>
            {
                foreach (var script in scripts)
                {
                    verifier.Verify(script.Path, script.Content, ScriptRole.PackageScript);
                }
            });
            Console.WriteLine($"verification stage alone ({scripts.Count} scripts), warm: median {Measure.Format(verify.Median)} ms, fastest {Measure.Format(verify.Fastest)} ms");

            // The parser is the floor: compare verifying a 100 KB script with only parsing it.
            var big = string.Concat(Enumerable.Repeat(Encoding.ASCII.GetString(scripts[0].Content), (102_400 / scripts[0].Content.Length) + 1))[..102_400];
            var bigBytes = Encoding.ASCII.GetBytes(big);
            var parse = Measure.Milliseconds(iterations, () => Parser.ParseInput(big, out _, out _));
            var verifyBig = Measure.Milliseconds(iterations, () => verifier.Verify("big.ps1", bigBytes, ScriptRole.PackageScript));
            Console.WriteLine($"100 KB script: parse only median {Measure.Format(parse.Median)} ms, full verification median {Measure.Format(verifyBig.Median)} ms");
            return 0;
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
