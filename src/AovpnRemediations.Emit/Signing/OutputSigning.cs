using System.Diagnostics;
using System.Text;
using AovpnRemediations.Contracts;
using AovpnRemediations.Rendering;
using AovpnRemediations.Signing;
using AovpnRemediations.Verification;

namespace AovpnRemediations.Emit.Signing;

/// <summary>One script as signing wrote it.</summary>
/// <param name="BytesAdded">What the signature block added to the file.</param>
public sealed record SignedFile(string Path, string UnsignedSha256, string SignedSha256, int BytesAdded, DateTimeOffset? TimestampTime);

/// <summary>A signed output tree, its manifest, and what was signed by whom.</summary>
public sealed record SignedOutput(
    OutputTree Tree,
    OutputFile Manifest,
    string SignerThumbprint,
    string SignerSubject,
    IReadOnlyList<SignedFile> Scripts,
    IReadOnlyList<string> TrustFiles,
    TimeSpan Elapsed);

/// <summary>
/// Signs an output tree in memory, as one step after verification and before the folder is swapped in: every
/// <c>.ps1</c> (Intune scripts, ConfigMgr scripts, the importer with the signed ConfigMgr scripts embedded, the signer
/// import script), the package.json signature members, the manifest's per-file signing members, and
/// <c>signing/</c> (what devices need to trust the signer). Signing is a function of the unsigned output and the
/// signer: a signed tree is first made unsigned again (<see cref="Unsign"/>), so signing twice, or with another
/// signer, starts from the same text and the unsigned text's sha256 never changes.
/// </summary>
public static class OutputSigning
{
    /// <summary>Where the trust deliverables go in output/.</summary>
    public const string SigningFolder = "signing";

    /// <summary>Refuses any script that cannot be signed safely, naming every one; nothing is signed until all pass.</summary>
    public static void CheckSignable(OutputTree tree)
    {
        var problems = tree.Files
            .Where(f => IsScript(f.Path))
            .Select(f => SignableText.FindProblem(f.Content, f.Path))
            .OfType<string>()
            .ToList();
        if (problems.Count > 0)
        {
            throw new ScriptSigningException(
                $"{problems.Count} script(s) cannot be signed safely; nothing was signed or written:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }
    }

    /// <summary>
    /// The output as the unsigned build wrote it: scripts without their signature blocks, the importer embedding the
    /// unsigned ConfigMgr scripts and naming no signer, package.json without a signature, no <c>signing/</c> folder.
    /// An unsigned tree comes back unchanged.
    /// </summary>
    public static OutputTree Unsign(OutputTree tree)
    {
        CheckSignable(tree);
        var unsigned = new OutputTree();
        var configMgrScripts = new List<(string Path, byte[] Current, byte[] Unsigned)>();
        foreach (var file in tree.Files.Where(f => !f.Path.StartsWith(SigningFolder + "/", StringComparison.Ordinal)))
        {
            if (IsScript(file.Path))
            {
                var bytes = Strip(file);
                if (IsConfigMgrPackageScript(file.Path))
                {
                    configMgrScripts.Add((file.Path, file.Content, bytes));
                }

                if (file.Path != BuildPipeline.ConfigMgrImportPath)
                {
                    unsigned.Add(file.Path, bytes);
                }
            }
            else if (IsPackageJson(file.Path))
            {
                var package = PackageJson.Parse(file.Content);
                unsigned.Add(file.Path, package.Signature is null ? file.Content : AsciiJson.Serialize((package with { Signature = null }).ToJsonNode()));
            }
            else
            {
                unsigned.Add(file.Path, file.Content);
            }
        }

        if (tree.Find(BuildPipeline.ConfigMgrImportPath) is { } importer)
        {
            var text = Encoding.ASCII.GetString(Strip(importer));
            foreach (var (path, current, bytes) in configMgrScripts.Where(s => !s.Current.AsSpan().SequenceEqual(s.Unsigned)))
            {
                text = Embedding(() => ConfigMgrImportEmbedding.ReplaceScript(text, current, bytes, path));
            }

            unsigned.Add(importer.Path, Encoding.ASCII.GetBytes(ConfigMgrImportEmbedding.SetSigner(text, null)));
        }

        return unsigned;
    }

    /// <summary>Signs an unsigned tree (a fresh build, or <see cref="Unsign"/> of an output folder).</summary>
    /// <param name="manifest">The tree's manifest: tool version, profile hash and packages are kept; the file list is made anew.</param>
    /// <param name="verifier">Verifies the importer again once the signed scripts are embedded in it.</param>
    public static async Task<SignedOutput> SignAsync(OutputTree tree, BuildManifestJson manifest, ScriptSigner signer, ScriptVerifier verifier, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        CheckSignable(tree);
        foreach (var file in tree.Files.Where(f => IsScript(f.Path)))
        {
            if (SignatureBlock.Split(Encoding.ASCII.GetString(file.Content), file.Path).IsSigned)
            {
                throw new InvalidOperationException($"{file.Path} is signed already; sign an unsigned tree (OutputSigning.Unsign).");
            }
        }

        var signed = new Dictionary<string, SignedScript>(StringComparer.Ordinal);
        async Task<byte[]> Sign(string path, byte[] content)
        {
            var result = await signer.SignAsync(content, path, cancellationToken).ConfigureAwait(false);
            signed[path] = result;
            return result.SignedBytes;
        }

        var output = new OutputTree();

        // The ConfigMgr package scripts first: the importer embeds their signed bytes (ConfigMgr can require signed scripts).
        foreach (var file in tree.Files.Where(f => IsConfigMgrPackageScript(f.Path)))
        {
            output.Add(file.Path, await Sign(file.Path, file.Content).ConfigureAwait(false));
        }

        if (tree.Find(BuildPipeline.ConfigMgrImportPath) is { } importer)
        {
            var text = Encoding.ASCII.GetString(importer.Content);
            foreach (var file in tree.Files.Where(f => IsConfigMgrPackageScript(f.Path)))
            {
                text = Embedding(() => ConfigMgrImportEmbedding.ReplaceScript(text, file.Content, output.Find(file.Path)!.Content, file.Path));
            }

            text = ConfigMgrImportEmbedding.SetSigner(text, signer.SignerThumbprint);
            var bytes = Encoding.ASCII.GetBytes(text);
            var findings = verifier.Verify(importer.Path, bytes, ScriptRole.ConfigMgrImportScript);
            if (findings.Count > 0)
            {
                throw new VerificationException(findings);
            }

            output.Add(importer.Path, await Sign(importer.Path, bytes).ConfigureAwait(false));
        }

        foreach (var file in tree.Files.Where(f => IsScript(f.Path) && output.Find(f.Path) is null))
        {
            var bytes = await Sign(file.Path, file.Content).ConfigureAwait(false);
            if (file.Path.StartsWith("intune/", StringComparison.Ordinal) && bytes.Length > ScriptVerifier.MaxScriptBytes)
            {
                throw new ScriptSigningException($"{file.Path}: {bytes.Length} bytes once signed; Intune takes at most {ScriptVerifier.MaxScriptBytes} bytes (200 KB). Sign without a timestamp or with a shorter chain, or make the package smaller.");
            }

            output.Add(file.Path, bytes);
        }

        foreach (var file in tree.Files.Where(f => output.Find(f.Path) is null))
        {
            output.Add(file.Path, IsPackageJson(file.Path) ? WithSignature(file, signed, signer.SignerThumbprint) : file.Content);
        }

        var trust = SignerTrustFiles.Create(signer.SignerCertificate, signer.EmbeddedChain, signed.Values.Any(s => s.TimestampTime is not null));
        foreach (var file in trust)
        {
            var path = $"{SigningFolder}/{file.Name}";
            output.Add(path, IsScript(path) ? await Sign(path, file.Content).ConfigureAwait(false) : file.Content);
        }

        var files = output.Files
            .Select(f => signed.TryGetValue(f.Path, out var s)
                ? new BuildManifestFile(f.Path, f.Sha256, s.UnsignedSha256, s.SignerThumbprint)
                : new BuildManifestFile(f.Path, f.Sha256))
            .ToList();
        var manifestFile = new OutputFile(BuildManifest.FileName, AsciiJson.Serialize((manifest with { Files = files }).ToJsonNode()));
        return new SignedOutput(
            output,
            manifestFile,
            signer.SignerThumbprint,
            signer.SignerCertificate.Subject,
            [.. signed.Values.OrderBy(s => s.FileName, StringComparer.Ordinal).Select(s => new SignedFile(s.FileName, s.UnsignedSha256, s.SignedSha256, s.SignatureBytes, s.TimestampTime))],
            [.. trust.Select(t => $"{SigningFolder}/{t.Name}")],
            watch.Elapsed);
    }

    /// <summary>
    /// Signs an output folder in place: read it (it must match its manifest exactly), make it unsigned again, sign,
    /// then replace the folder atomically. A failure at any point leaves the folder as it was.
    /// </summary>
    public static async Task<SignedOutput> SignFolderAsync(string outputDirectory, ScriptSigner signer, ScriptVerifier verifier, CancellationToken cancellationToken = default)
    {
        var read = OutputReader.Read(outputDirectory);
        var signed = await SignAsync(Unsign(read.Tree), read.Manifest, signer, verifier, cancellationToken).ConfigureAwait(false);
        OutputWriter.Write(outputDirectory, signed.Tree, [signed.Manifest]);
        return signed;
    }

    /// <summary>Whether signing treats the file as a PowerShell script.</summary>
    public static bool IsScript(string path) => path.EndsWith(".ps1", StringComparison.Ordinal);

    private static bool IsConfigMgrPackageScript(string path) =>
        path.StartsWith("configmgr/", StringComparison.Ordinal) && IsScript(path) && path != BuildPipeline.ConfigMgrImportPath;

    private static bool IsPackageJson(string path) =>
        path.StartsWith("intune/", StringComparison.Ordinal) && path.EndsWith("/" + PackageJson.FileName, StringComparison.Ordinal);

    private static byte[] Strip(OutputFile file) =>
        Encoding.ASCII.GetBytes(ScriptSignature.UnsignedText(file.Content, file.Path));

    private static byte[] WithSignature(OutputFile file, Dictionary<string, SignedScript> signed, string thumbprint)
    {
        var folder = file.Path[..^PackageJson.FileName.Length];
        var package = PackageJson.Parse(file.Content);
        var detection = signed[folder + package.DetectionScript];
        var remediation = package.RemediationScript is null ? null : signed[folder + package.RemediationScript];
        return AsciiJson.Serialize((package with
        {
            Signature = new PackageJsonSignature
            {
                SignerThumbprint = thumbprint,
                DetectionUnsignedSha256 = detection.UnsignedSha256,
                RemediationUnsignedSha256 = remediation?.UnsignedSha256,
            },
        }).ToJsonNode());
    }

    /// <summary>An importer that does not embed its scripts as built is a folder from two builds: the output's problem.</summary>
    private static string Embedding(Func<string> change)
    {
        try
        {
            return change();
        }
        catch (InvalidOperationException e)
        {
            throw new OutputException(e.Message, "build again, then sign what it writes.");
        }
    }
}
