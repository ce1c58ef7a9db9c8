using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AovpnRemediations.Contracts;
using AovpnRemediations.Emit.Signing;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering;
using AovpnRemediations.Rendering.Templates;
using AovpnRemediations.Signing;
using AovpnRemediations.Signing.Providers;
using AovpnRemediations.Signing.Trust;
using AovpnRemediations.Signing.Verification;
using AovpnRemediations.TestSupport;
using AovpnRemediations.TestSupport.Signing;
using AovpnRemediations.Verification;

namespace AovpnRemediations.Emit.Tests;

/// <summary>
/// Signing the real build of the sample profile: every script (the importer and the signer import script included)
/// verified by osslsigncode and by our verifier, the unsigned build given back exactly, re-signing stable, refusals
/// before anything is signed, and a failure halfway leaving the folder as it was.
/// </summary>
public sealed partial class SignedOutputTests : IDisposable
{
    private const string PasswordVariable = "AOVPN_TEST_PFX_PASSWORD";
    private static readonly Lazy<BuildResult> Build = new(() => new BuildPipeline(TimeProvider.System, TemplateSet.Embedded, BuildPipeline.ToolVersion).Compile(SampleProfileSource.Instance));
    private static readonly ScriptVerifier Verifier = new();
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    [Trait("Category", "ExternalTool")]
    public async Task Signing_the_sample_output_with_a_pfx_signs_every_script_and_osslsigncode_verifies_each_one()
    {
        using var signer = SigningPki.SelfSignedSigner("CN=AOVPN Output Test Signer");
        var output = WriteUnsignedOutput();
        var ca = SigningPki.WritePem(temp.Path("ca.pem"), signer);

        using (var scriptSigner = await ScriptSigner.OpenAsync(PfxProvider(signer)))
        {
            await OutputSigning.SignFolderAsync(output, scriptSigner, Verifier);
        }

        var scripts = Directory.EnumerateFiles(output, "*.ps1", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Build.Value.Tree.Files.Count(f => f.Path.EndsWith(".ps1", StringComparison.Ordinal)) + 1, scripts.Count);
        Assert.Contains(scripts, s => s.EndsWith(ConfigMgrImportRenderer.FileName, StringComparison.Ordinal));
        Assert.Contains(scripts, s => s.EndsWith(SignerTrustFiles.ImportScriptFileName, StringComparison.Ordinal));
        foreach (var script in scripts)
        {
            var outcome = Osslsigncode.Verify(script, ca);
            Assert.True(outcome.Succeeded, $"{script}: osslsigncode exit {outcome.ExitCode}\n{outcome.Output}");
            var (current, calculated) = outcome.Digests;
            Assert.Equal(current, calculated);
        }

        Assert.All(OutputSignatureCheck.Verify(output, Trusting(signer)), v => Assert.True(v.IsValid, string.Join("; ", v.Problems)));
    }

    [Fact]
    public async Task The_manifest_records_each_scripts_unsigned_sha256_signed_sha256_and_signer_and_package_json_the_same()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var signed = await SignInMemory(new InMemoryProvider(signer));
        var manifest = BuildManifestJson.Parse(signed.Manifest.Content);
        var unsignedManifest = BuildManifestJson.Parse(Build.Value.Manifest.Content);

        Assert.Empty(manifest.Problems());
        Assert.Equal(unsignedManifest.Packages.Select(p => (p.Id, p.Version, string.Join(",", p.Targets))), manifest.Packages.Select(p => (p.Id, p.Version, string.Join(",", p.Targets))));
        foreach (var unsigned in unsignedManifest.Files.Where(f => f.Path.EndsWith(".ps1", StringComparison.Ordinal)))
        {
            var file = manifest.Files.Single(f => f.Path == unsigned.Path);
            if (file.Path == ConfigMgrImportPath)
            {
                // The text the importer's own signature covers embeds the signed ConfigMgr scripts.
                Assert.NotEqual(unsigned.Sha256, file.UnsignedSha256);
            }
            else
            {
                Assert.Equal(unsigned.Sha256, file.UnsignedSha256);
            }

            Assert.Equal(signed.Tree.Find(file.Path)!.Sha256, file.Sha256);
            Assert.NotEqual(file.UnsignedSha256, file.Sha256);
            Assert.Equal(signer.Thumbprint, file.SignerThumbprint);
        }

        Assert.All(manifest.Files.Where(f => !f.Path.EndsWith(".ps1", StringComparison.Ordinal)), f => Assert.False(f.IsSigned));
        var trustedCas = PackageJson.Parse(signed.Tree.Find("intune/aovpn-trusted-cas/package.json")!.Content);
        Assert.Empty(trustedCas.Problems("aovpn-trusted-cas"));
        Assert.Equal(signer.Thumbprint, trustedCas.Signature!.SignerThumbprint);
        Assert.Equal(unsignedManifest.Files.Single(f => f.Path == "intune/aovpn-trusted-cas/detect.ps1").Sha256, trustedCas.Signature.DetectionUnsignedSha256);
        Assert.Equal(unsignedManifest.Files.Single(f => f.Path == "intune/aovpn-trusted-cas/remediate.ps1").Sha256, trustedCas.Signature.RemediationUnsignedSha256);
        var detectionOnly = PackageJson.Parse(signed.Tree.Find("intune/aovpn-connection-health/package.json")!.Content);
        Assert.Null(detectionOnly.Signature!.RemediationUnsignedSha256);
    }

    [Fact]
    public async Task Unsigning_a_signed_output_gives_back_the_unsigned_build_byte_for_byte()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var signed = await SignInMemory(new InMemoryProvider(signer));

        var unsigned = OutputSigning.Unsign(signed.Tree);

        var expected = Build.Value.Tree.Files.ToDictionary(f => f.Path, f => f.Content);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), unsigned.Files.Select(f => f.Path));
        Assert.All(unsigned.Files, f => Assert.True(expected[f.Path].AsSpan().SequenceEqual(f.Content), $"{f.Path} differs from the unsigned build"));
        Assert.All(OutputSigning.Unsign(Build.Value.Tree).Files, f => Assert.True(expected[f.Path].AsSpan().SequenceEqual(f.Content), $"unsigning the unsigned build changed {f.Path}"));
    }

    [Fact]
    public async Task Signing_twice_gives_a_valid_signature_each_time_with_the_same_unsigned_text_and_importer_descriptions()
    {
        // ECDSA signatures are randomised, so the second signing gives other bytes (an RSA key without a timestamp
        // gives the same bytes again: PKCS#1 v1.5 is deterministic and no signing time is written).
        using var signer = SigningPki.SelfSignedSigner(ecdsa: true);
        var output = WriteUnsignedOutput();

        var first = await SignFolder(output, new InMemoryProvider(signer));
        var firstManifest = File.ReadAllBytes(Path.Combine(output, BuildManifestJson.FileName));
        var firstImporter = File.ReadAllText(Path.Combine(output, "configmgr", ConfigMgrImportRenderer.FileName));
        var second = await SignFolder(output, new InMemoryProvider(signer));
        var secondImporter = File.ReadAllText(Path.Combine(output, "configmgr", ConfigMgrImportRenderer.FileName));

        Assert.All(OutputSignatureCheck.Verify(output, Trusting(signer)), v => Assert.True(v.IsValid, string.Join("; ", v.Problems)));
        // Every script's unsigned text is the same; the importer's embeds the newly signed ConfigMgr scripts.
        Assert.Equal(
            first.Scripts.Where(s => s.Path != ConfigMgrImportPath).Select(s => (s.Path, s.UnsignedSha256)),
            second.Scripts.Where(s => s.Path != ConfigMgrImportPath).Select(s => (s.Path, s.UnsignedSha256)));
        Assert.All(first.Scripts.Zip(second.Scripts), pair => Assert.NotEqual(pair.First.SignedSha256, pair.Second.SignedSha256));
        Assert.NotEqual(firstManifest, File.ReadAllBytes(Path.Combine(output, BuildManifestJson.FileName)));

        // The importer rewrites an item only when its description differs: a re-sign with the same signer changes none.
        Assert.Equal(Descriptions(firstImporter), Descriptions(secondImporter));
        Assert.All(Descriptions(secondImporter), d => Assert.EndsWith($"[signer:{signer.Thumbprint[..12]}]", d, StringComparison.Ordinal));
        Assert.Equal(Descriptions(Unsigned(ConfigMgrImportPath)).Select(d => d + $" [signer:{signer.Thumbprint[..12]}]"), Descriptions(secondImporter));
    }

    [Fact]
    public async Task The_importer_embeds_the_signed_configmgr_scripts_and_a_new_signer_changes_only_its_signer_token()
    {
        using var signer = SigningPki.SelfSignedSigner();
        using var other = SigningPki.SelfSignedSigner("CN=AOVPN Other Signer");
        var signed = await SignInMemory(new InMemoryProvider(signer));
        var importer = Encoding.ASCII.GetString(signed.Tree.Find(ConfigMgrImportPath)!.Content);

        var configMgrScripts = signed.Tree.Files.Where(f => f.Path.StartsWith("configmgr/aovpn-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(configMgrScripts);
        foreach (var script in configMgrScripts)
        {
            Assert.True(ConfigMgrImportEmbedding.Embeds(importer, script.Content), $"the importer does not embed the signed {script.Path}");
            Assert.False(ConfigMgrImportEmbedding.Embeds(importer, Build.Value.Tree.Find(script.Path)!.Content), $"the importer still embeds the unsigned {script.Path}");
            var embedded = EmbeddedScripts(importer).Single(e => e.AsSpan().SequenceEqual(script.Content));
            Assert.True(ScriptSignatureVerifier.Verify(embedded, script.Path, Trusting(signer)).IsValid);
        }

        var resigned = await SignInMemory(new InMemoryProvider(other), OutputSigning.Unsign(signed.Tree));
        var otherImporter = Encoding.ASCII.GetString(resigned.Tree.Find(ConfigMgrImportPath)!.Content);
        Assert.Equal(
            Descriptions(importer).Select(d => d.Replace(signer.Thumbprint[..12], other.Thumbprint[..12], StringComparison.Ordinal)),
            Descriptions(otherImporter));
    }

    [Fact]
    public async Task A_non_ascii_or_bom_script_is_refused_before_anything_is_signed_and_the_message_names_each_file()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var provider = new CountingProvider(signer);
        var tree = new OutputTree();
        foreach (var file in Build.Value.Tree.Files)
        {
            var content = file.Path switch
            {
                "intune/aovpn-trusted-cas/detect.ps1" => Encoding.UTF8.GetBytes("# caf\u00e9\r\n").Concat(file.Content).ToArray(),
                "intune/aovpn-vpn-profiles/detect.ps1" => [0xEF, 0xBB, 0xBF, .. file.Content],
                _ => file.Content,
            };
            tree.Add(file.Path, content);
        }

        var refused = await Assert.ThrowsAsync<ScriptSigningException>(() => SignInMemory(provider, tree));

        Assert.Contains("intune/aovpn-trusted-cas/detect.ps1:1:6: non-ASCII byte 0xC3", refused.Message, StringComparison.Ordinal);
        Assert.Contains("intune/aovpn-vpn-profiles/detect.ps1: starts with a UTF-8 byte order mark", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, provider.Signatures);
    }

    [Fact]
    public async Task A_signer_that_fails_halfway_leaves_the_folder_as_it_was_with_its_manifest_consistent()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var output = WriteUnsignedOutput();
        await SignFolder(output, new InMemoryProvider(signer));
        var before = Snapshot(output);

        var failing = new CountingProvider(signer, failAfter: 5);
        var failure = await Assert.ThrowsAsync<ScriptSigningException>(() => SignFolder(output, failing));

        Assert.Contains("the signing key went away", failure.Message, StringComparison.Ordinal);
        Assert.Equal(6, failing.Signatures);
        Assert.Equal(before, Snapshot(output));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(temp.FullPath), e => Path.GetFileName(e).StartsWith('.'));
        OutputReader.Read(output);
    }

    [Fact]
    public async Task A_folder_that_differs_from_its_manifest_or_holds_an_unlisted_file_is_not_signed()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var edited = WriteUnsignedOutput("edited");
        File.AppendAllText(Path.Combine(edited, "intune", "aovpn-trusted-cas", "detect.ps1"), "# edited\r\n");
        var added = WriteUnsignedOutput("added");
        File.WriteAllText(Path.Combine(added, "intune", "notes.txt"), "mine");
        var editedBefore = Snapshot(edited);

        var editedFailure = await Assert.ThrowsAsync<OutputException>(() => SignFolder(edited, new InMemoryProvider(signer)));
        var addedFailure = await Assert.ThrowsAsync<OutputException>(() => SignFolder(added, new InMemoryProvider(signer)));

        Assert.Contains("intune/aovpn-trusted-cas/detect.ps1: sha256", editedFailure.Message, StringComparison.Ordinal);
        Assert.Contains("intune/notes.txt: not listed in manifest.json", addedFailure.Message, StringComparison.Ordinal);
        Assert.Equal(editedBefore, Snapshot(edited));
    }

    [Fact]
    public async Task A_self_signed_signer_goes_to_trusted_publishers_and_root_in_the_trust_files()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var signed = await SignInMemory(new InMemoryProvider(signer));
        var trust = SignerTrust.Describe(signer);

        Assert.Equal(signer.RawData, signed.Tree.Find($"signing/{trust.CerFileName}")!.Content);
        var profile = JsonNode.Parse(signed.Tree.Find($"signing/{SignerTrustFiles.IntuneProfileFileName}")!.Content)!;
        Assert.Equal("#microsoft.graph.windows10CustomConfiguration", (string?)profile["@odata.type"]);
        var uris = profile["omaSettings"]!.AsArray().Select(s => (string)s!["omaUri"]!).ToList();
        Assert.Equal(
            [$"./Device/Vendor/MSFT/RootCATrustedCertificates/TrustedPublisher/{signer.Thumbprint}/EncodedCertificate", $"./Device/Vendor/MSFT/RootCATrustedCertificates/Root/{signer.Thumbprint}/EncodedCertificate"],
            uris);
        Assert.All(profile["omaSettings"]!.AsArray(), s => Assert.Equal(Convert.ToBase64String(signer.RawData), (string?)s!["value"]));
        var readme = Encoding.ASCII.GetString(signed.Tree.Find("signing/README.md")!.Content);
        Assert.Contains(signer.Thumbprint, readme, StringComparison.Ordinal);
        Assert.Contains("self-signed", readme, StringComparison.Ordinal);
        Assert.Contains("https://learn.microsoft.com/en-us/intune/intune-service/fundamentals/remediations", readme, StringComparison.Ordinal);
        Assert.Null(SignableText.FindProblem(Encoding.ASCII.GetBytes(readme), "README.md"));
    }

    [Fact]
    public async Task A_ca_issued_signer_ships_its_intermediate_but_not_the_root_it_chains_to()
    {
        using var root = SigningPki.Root();
        using var intermediate = SigningPki.Intermediate(root);
        using var leaf = SigningPki.Leaf(intermediate);
        var signed = await SignInMemory(new InMemoryProvider(leaf, intermediate));

        var trustFiles = signed.Tree.Files.Where(f => f.Path.StartsWith("signing/", StringComparison.Ordinal)).Select(f => f.Path).ToList();
        Assert.Contains($"signing/aovpn-script-signer-ca-{intermediate.Thumbprint[..8].ToLowerInvariant()}.cer", trustFiles);
        Assert.DoesNotContain(signed.Tree.Files, f => f.Content.AsSpan().SequenceEqual(root.RawData));
        var uris = JsonNode.Parse(signed.Tree.Find($"signing/{SignerTrustFiles.IntuneProfileFileName}")!.Content)!["omaSettings"]!.AsArray().Select(s => (string)s!["omaUri"]!).ToList();
        Assert.Equal(["TrustedPublisher", "CA"], uris.Select(u => u.Split('/')[5]));
        var anchors = new SignatureVerificationOptions { TrustAnchors = SigningPki.Anchors(root) };
        Assert.All(signed.Tree.Files.Where(f => f.Path.EndsWith(".ps1", StringComparison.Ordinal)), f => Assert.True(ScriptSignatureVerifier.Verify(f.Content, f.Path, anchors).IsValid, f.Path));
    }

    [Fact]
    public async Task Verify_signatures_refuses_a_one_character_change_after_signing_and_an_unsigned_file()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var output = WriteUnsignedOutput();
        await SignFolder(output, new InMemoryProvider(signer));
        var changed = Path.Combine(output, "intune", "aovpn-trusted-cas", "detect.ps1");
        var bytes = File.ReadAllBytes(changed);
        var at = Encoding.ASCII.GetString(bytes).IndexOf("Invoke-AovpnMain", StringComparison.Ordinal);
        bytes[at] = (byte)'i';
        File.WriteAllBytes(changed, bytes);
        var unsignedPath = Path.Combine(output, "configmgr", "aovpn-nps-mfa", "discovery.ps1");
        File.WriteAllBytes(unsignedPath, Build.Value.Tree.Find("configmgr/aovpn-nps-mfa/discovery.ps1")!.Content);

        var verdicts = OutputSignatureCheck.Verify(output, Trusting(signer)).ToDictionary(v => v.Path);

        var edited = verdicts["intune/aovpn-trusted-cas/detect.ps1"];
        Assert.False(edited.IsValid);
        Assert.Contains(edited.Signature.Problems, p => p.Code == SignatureProblemCode.ContentChanged);
        Assert.Contains(edited.Problems, p => p.Contains("changed after signing", StringComparison.Ordinal));
        Assert.Contains(verdicts["configmgr/aovpn-nps-mfa/discovery.ps1"].Signature.Problems, p => p.Code == SignatureProblemCode.NotSigned);
        Assert.Contains(verdicts[ConfigMgrImportPath].Problems, p => p.Contains("does not embed configmgr/aovpn-nps-mfa/discovery.ps1", StringComparison.Ordinal));
        Assert.Equal(3, verdicts.Values.Count(v => !v.IsValid));
    }

    private static string ConfigMgrImportPath => BuildPipeline.ConfigMgrImportPath;

    private static async Task<SignedOutput> SignInMemory(ICodeSigningProvider provider, OutputTree? tree = null)
    {
        using var signer = await ScriptSigner.OpenAsync(provider);
        return await OutputSigning.SignAsync(tree ?? Build.Value.Tree, BuildManifestJson.Parse(Build.Value.Manifest.Content), signer, Verifier);
    }

    private static async Task<SignedOutput> SignFolder(string output, ICodeSigningProvider provider)
    {
        using var signer = await ScriptSigner.OpenAsync(provider);
        return await OutputSigning.SignFolderAsync(output, signer, Verifier);
    }

    private string WriteUnsignedOutput(string name = "output")
    {
        var path = temp.Path(name);
        OutputWriter.Write(path, Build.Value.Tree, [Build.Value.Manifest]);
        return path;
    }

    private CertificateFileProvider PfxProvider(X509Certificate2 signer)
    {
        const string password = "correct horse battery staple";
        var pfx = temp.Path("signer.pfx");
        File.WriteAllBytes(pfx, signer.Export(X509ContentType.Pfx, password));
        return new CertificateFileProvider(pfx, passwordEnvironmentVariable: PasswordVariable, environment: name => name == PasswordVariable ? password : null);
    }

    private static SignatureVerificationOptions Trusting(X509Certificate2 anchor) => new() { TrustAnchors = SigningPki.Anchors(anchor) };

    private static string Unsigned(string path) => Encoding.ASCII.GetString(Build.Value.Tree.Find(path)!.Content);

    /// <summary>The descriptions of the configuration items (the baselines' carry no signer).</summary>
    private static List<string> Descriptions(string importer) =>
        [.. DescriptionLine().Matches(importer).Select(m => m.Groups[1].Value).Where(d => d.Contains("[managed-by:aovpn-remediations package:", StringComparison.Ordinal))];

    /// <summary>The scripts the importer embeds, decoded from its base64 literals as ConvertFrom-AovpnBase64 does.</summary>
    private static List<byte[]> EmbeddedScripts(string importer) =>
        [.. EmbeddedBlock().Matches(importer).Select(m => Convert.FromBase64String(string.Concat(Base64Literal().Matches(m.Groups[1].Value).Select(l => l.Groups[1].Value))))];

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [GeneratedRegex(@"^\s+Description\s+= '(.*)'\r?$", RegexOptions.Multiline)]
    private static partial Regex DescriptionLine();

    [GeneratedRegex(@"ConvertFrom-AovpnBase64 -Lines @\(([^)]*)\)")]
    private static partial Regex EmbeddedBlock();

    [GeneratedRegex(@"'([A-Za-z0-9+/=]+)'")]
    private static partial Regex Base64Literal();
}
