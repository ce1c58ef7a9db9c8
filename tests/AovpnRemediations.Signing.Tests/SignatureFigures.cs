using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using AovpnRemediations.Signing.Providers;
using AovpnRemediations.Signing.Tests.Support;
using AovpnRemediations.Signing.Timestamping;
using AovpnRemediations.Signing.Verification;
using Xunit.Abstractions;

namespace AovpnRemediations.Signing.Tests;

/// <summary>
/// Figures, not a timed test: bytes the signature block adds and time to sign every output/ script, per signer
/// shape. Run with --logger "console;verbosity=detailed" to see them. The only assertions are sanity bounds.
/// </summary>
[Trait("Category", "Figures")]
public sealed class SignatureFigures(ITestOutputHelper output)
{
    [Fact]
    public async Task Signature_block_size_and_signing_time_for_every_output_script()
    {
        var scripts = TestSigning.OutputScripts().Select(p => (Path: p, Bytes: File.ReadAllBytes(p))).ToList();
        using var selfSigned = SigningPki.SelfSignedSigner();
        using var ecdsa = SigningPki.SelfSignedSigner(ecdsa: true);
        using var root = SigningPki.Root();
        using var intermediate = SigningPki.Intermediate(root);
        using var leaf = SigningPki.Leaf(intermediate);
        using var tsaRoot = SigningPki.Root("CN=AOVPN Test TSA Root");
        await using var tsa = await LoopbackTsa.StartAsync(tsaRoot);
        await using var vault = await KeyVaultEmulator.StartAsync();
        vault.Add("aovpn-signing", selfSigned);
        var stamp = new ScriptSigningOptions { Timestamper = new Rfc3161Timestamper(tsa.Url) };
        var keyVault = new KeyVaultProvider(new KeyVaultSignerOptions { VaultUri = vault.VaultUri, CertificateName = "aovpn-signing" }, new FixedTokenCredential(KeyVaultEmulator.Token));

        output.WriteLine($"{scripts.Count} scripts under output/, {scripts.Sum(s => s.Bytes.Length)} bytes unsigned in all");
        // A throwaway round first, so JIT and first-use costs do not land on whichever signer is measured first.
        await Measure("(warm-up, ignore)", new InMemoryProvider(selfSigned), stamp, selfSigned);
        output.WriteLine("signer | bytes added per script (min-max) | ms to sign all scripts: first pass, best of 3 more | load average");
        await Measure("self-signed RSA-2048 leaf", new InMemoryProvider(selfSigned), null, selfSigned);
        await Measure("self-signed ECDSA P-256 leaf", new InMemoryProvider(ecdsa), null, ecdsa);
        await Measure("RSA-2048 leaf + intermediate", new InMemoryProvider(leaf, intermediate), null, root);
        await Measure("self-signed RSA-2048 + RFC 3161 timestamp", new InMemoryProvider(selfSigned), stamp, selfSigned);
        await Measure("leaf + intermediate + RFC 3161 timestamp", new InMemoryProvider(leaf, intermediate), stamp, root);
        await Measure("Key Vault RSA-2048 (loopback emulator)", keyVault, null, selfSigned);

        async Task Measure(string name, ICodeSigningProvider provider, ScriptSigningOptions? options, X509Certificate2 anchor)
        {
            using var signer = await ScriptSigner.OpenAsync(provider, options);
            var passes = new List<double>();
            var added = new List<int>();
            for (var pass = 0; pass < 4; pass++)
            {
                added.Clear();
                var watch = Stopwatch.StartNew();
                foreach (var (path, bytes) in scripts)
                {
                    var signed = await signer.SignAsync(bytes, path);
                    added.Add(signed.SignatureBytes);
                }

                passes.Add(watch.Elapsed.TotalMilliseconds);
            }

            var check = await signer.SignAsync(scripts[0].Bytes, scripts[0].Path);
            var verification = ScriptSignatureVerifier.Verify(check.SignedBytes, check.FileName, new SignatureVerificationOptions { TrustAnchors = SigningPki.Anchors(anchor), TimestampTrustAnchors = SigningPki.Anchors(tsaRoot) });
            Assert.True(verification.IsValid, verification.ToString());
            Assert.InRange(added.Max(), 1_000, 16_000);
            static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} | {added.Min()}-{added.Max()} | {passes[0]:F0}, {passes.Skip(1).Min():F0} ({passes.Skip(1).Min() / scripts.Count:F1} ms per script) | {LoadAverage()}"));
        }
    }
}
