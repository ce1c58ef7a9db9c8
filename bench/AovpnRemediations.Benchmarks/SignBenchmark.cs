using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using AovpnRemediations.Contracts;
using AovpnRemediations.Emit;
using AovpnRemediations.Emit.Signing;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering.Templates;
using AovpnRemediations.Signing;
using AovpnRemediations.Signing.Providers;
using AovpnRemediations.Signing.Timestamping;
using AovpnRemediations.TestSupport.Signing;
using AovpnRemediations.Verification;

namespace AovpnRemediations.Benchmarks;

/// <summary>
/// Signing the whole sample output as <c>sign</c> does (every script, the importer re-embedded and verified again, the
/// trust files, the manifest), per signer backend and shape: bytes the signature adds per script, and wall time. The
/// PFX is a real file read by CertificateFileProvider; Key Vault and the timestamp authority are the loopback emulators
/// the tests use, so their figures are CPU plus loopback HTTP, not a real service's latency.
/// </summary>
internal static class SignBenchmark
{
    public static async Task<int> RunAsync(int iterations)
    {
        var build = new BuildPipeline(TimeProvider.System, TemplateSet.Embedded, BuildPipeline.ToolVersion).Compile(SampleProfileSource.Instance);
        var manifest = BuildManifestJson.Parse(build.Manifest.Content);
        var scripts = build.Tree.Files.Where(f => OutputSigning.IsScript(f.Path)).ToList();
        var verifier = new ScriptVerifier();
        Console.WriteLine($"sample output: {scripts.Count} script(s) + the signer import script, {scripts.Sum(s => s.Content.Length):N0} bytes unsigned; {iterations} timed run(s) per row after one warm-up");

        var folder = Path.Combine(Path.GetTempPath(), "aovpn-bench-sign-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            using var selfSigned = SigningPki.SelfSignedSigner("CN=AOVPN Bench Signer");
            using var root = SigningPki.Root();
            using var intermediate = SigningPki.Intermediate(root);
            using var leaf = SigningPki.Leaf(intermediate);
            using var tsaRoot = SigningPki.Root("CN=AOVPN Bench TSA Root");
            await using var tsa = await LoopbackTsa.StartAsync(tsaRoot);
            await using var vault = await KeyVaultEmulator.StartAsync();
            vault.Add("aovpn-bench", selfSigned);
            var pfx = Path.Combine(folder, "signer.pfx");
            File.WriteAllBytes(pfx, selfSigned.Export(X509ContentType.Pfx, "bench"));
            var chainPfx = Path.Combine(folder, "chain.pfx");
            File.WriteAllBytes(chainPfx, new X509Certificate2Collection { leaf, X509CertificateLoader.LoadCertificate(intermediate.RawData) }.Export(X509ContentType.Pfx, "bench")!);
            ICodeSigningProvider Pfx(string path) => new CertificateFileProvider(path, passwordEnvironmentVariable: "PW", environment: _ => "bench");
            ICodeSigningProvider KeyVault() => new KeyVaultProvider(new KeyVaultSignerOptions { VaultUri = vault.VaultUri, CertificateName = "aovpn-bench" }, new FixedTokenCredential(KeyVaultEmulator.Token));
            var stamp = new ScriptSigningOptions { Timestamper = new Rfc3161Timestamper(tsa.Url) };

            Console.WriteLine("backend and shape | bytes added per script (min-max) | whole output: median / fastest ms | signatures/s");
            await Row("PFX file, self-signed RSA-2048", () => Pfx(pfx), null);
            await Row("PFX file, RSA-2048 leaf + intermediate", () => Pfx(chainPfx), null);
            await Row("PFX file, self-signed + RFC 3161 timestamp (loopback TSA)", () => Pfx(pfx), stamp);
            await Row("PFX file, leaf + intermediate + timestamp", () => Pfx(chainPfx), stamp);
            await Row("Key Vault RSA-2048 (loopback emulator)", KeyVault, null);
            await Row("Key Vault + timestamp (both loopback)", KeyVault, stamp);
            Console.WriteLine($"Key Vault emulator: {vault.Log.Count(e => e.Method == "POST")} sign requests in all, each with a 32-byte digest and nothing else");

            var importer = build.Tree.Find(BuildPipeline.ConfigMgrImportPath)!;
            var verify = Measure.Milliseconds(iterations, () => verifier.Verify(importer.Path, importer.Content, ScriptRole.ConfigMgrImportScript), warmup: 1);
            Console.WriteLine($"of which verifying the re-embedded importer again: median {Measure.Format(verify.Median)} ms");

            // As the sign command runs: read the folder against its manifest, unsign, sign, write and swap.
            var output = Path.Combine(folder, "output");
            OutputWriter.Write(output, build.Tree, [build.Manifest]);
            using var folderSigner = await ScriptSigner.OpenAsync(Pfx(pfx));
            var whole = new List<double>();
            for (var i = 0; i <= iterations; i++)
            {
                var watch = Stopwatch.StartNew();
                await OutputSigning.SignFolderAsync(output, folderSigner, verifier);
                if (i > 0)
                {
                    whole.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            whole.Sort();
            Console.WriteLine($"sign on an output folder (read + check manifest, unsign, sign, write + swap), PFX: median {Measure.Format(whole[whole.Count / 2])} ms, fastest {Measure.Format(whole[0])} ms");
            Console.WriteLine($"load average: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")} on {Environment.ProcessorCount} core(s)");
            return 0;

            async Task Row(string name, Func<ICodeSigningProvider> provider, ScriptSigningOptions? options)
            {
                using var signer = await ScriptSigner.OpenAsync(provider(), options);
                var samples = new List<double>();
                SignedOutput? last = null;
                for (var i = 0; i <= iterations; i++)
                {
                    var watch = Stopwatch.StartNew();
                    last = await OutputSigning.SignAsync(build.Tree, manifest, signer, verifier);
                    if (i > 0)
                    {
                        samples.Add(watch.Elapsed.TotalMilliseconds);
                    }
                }

                samples.Sort();
                var added = last!.Scripts.Where(s => s.Path != BuildPipeline.ConfigMgrImportPath).Select(s => s.BytesAdded).ToList();
                var importerGrowth = last.Tree.Find(BuildPipeline.ConfigMgrImportPath)!.Content.Length - build.Tree.Find(BuildPipeline.ConfigMgrImportPath)!.Content.Length;
                var perSecond = last.Scripts.Count / (samples[samples.Count / 2] / 1000);
                Console.WriteLine($"{name} | {added.Min():N0}-{added.Max():N0} (importer: +{importerGrowth:N0} in all, its own block and its {scripts.Count(s => s.Path.StartsWith("configmgr/aovpn-", StringComparison.Ordinal))} embedded scripts' in base64) | {Measure.Format(samples[samples.Count / 2])} / {Measure.Format(samples[0])} | {perSecond:F0}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
