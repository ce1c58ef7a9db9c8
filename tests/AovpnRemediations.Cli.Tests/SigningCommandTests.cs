using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AovpnRemediations.GraphEmulator;
using AovpnRemediations.TestSupport;
using AovpnRemediations.TestSupport.Signing;

namespace AovpnRemediations.Cli.Tests;

/// <summary>
/// sign, build --sign and verify-signatures through the real command line: the signer options and their errors, the
/// Key Vault and timestamp backends on loopback, and the whole path a new user takes (build, sign with a PFX on Linux,
/// verify, apply, re-sign, plan shows nothing to change).
/// </summary>
public sealed class SigningCommandTests : IDisposable
{
    private const string Password = "Pfx-Passw0rd~for.tests";
    private const string PasswordVariable = "AOVPN_SIGNING_PASSWORD";
    private const string GraphToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJhdWQiOiJzaWduIn0.c2lnbmluZy1jbGktMDA0Mg";
    private readonly TempDirectory temp = new();

    /// <summary>What `sign` signs in the sample's build: every script of output/ and the signer import script it adds.</summary>
    private static readonly int Signed = Directory.EnumerateFiles(Repository.Path("output"), "*.ps1", SearchOption.AllDirectories).Count() + 1;

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_new_user_signs_output_with_a_pfx_verifies_it_applies_it_and_after_a_re_sign_plan_shows_nothing_to_change()
    {
        await using var tenant = await TenantCli.StartEmulatorAsync();
        // ECDSA, so the re-sign really gives new bytes (an RSA key without a timestamp would give the same ones).
        using var signer = SigningPki.SelfSignedSigner("CN=Contoso Endpoint Scripts", ecdsa: true);
        var pfx = WritePfx(signer);
        var cer = WriteCer(signer);
        var output = temp.Path("output");
        Assert.Equal(0, Run("build", "--output", output).ExitCode);

        var sign = Run("sign", "--output", output, "--pfx", pfx, "--password-env", PasswordVariable);
        Assert.True(sign.ExitCode == 0, sign.Stdout + sign.Stderr);
        Assert.Contains($"as CN=Contoso Endpoint Scripts ({signer.Thumbprint})", sign.Stdout, StringComparison.Ordinal);
        Assert.Contains("signing/README.md", sign.Stdout.Replace('\\', '/'), StringComparison.Ordinal);

        var verify = Run("verify-signatures", "--output", output, "--trust-anchor", cer);
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        Assert.Contains($"{Signed} script(s): {Signed} valid, 0 failed.", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok      configmgr/Import-AovpnBaseline.ps1", verify.Stdout, StringComparison.Ordinal);

        var apply = Run("apply", "--output", output, "--graph-base-url", tenant.BaseUrl.ToString(), "--yes");
        Assert.True(apply.ExitCode == 0, apply.Stdout + apply.Stderr);
        var detect = Path.Combine(output, "intune", "aovpn-trusted-cas", "detect.ps1");
        var before = File.ReadAllBytes(detect);

        Assert.Equal(0, Run("sign", "--output", output, "--pfx", pfx, "--password-env", PasswordVariable).ExitCode);
        Assert.NotEqual(before, File.ReadAllBytes(detect));
        var writes = tenant.Log.WriteCount;
        var plan = Run("plan", "--output", output, "--graph-base-url", tenant.BaseUrl.ToString(), "--detailed-exitcode");

        Assert.True(plan.ExitCode == 0, plan.Stdout + plan.Stderr);
        Assert.Contains("No changes", plan.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Run("verify-signatures", "--output", output, "--trust-anchor", cer).ExitCode);
        Assert.Equal(writes, tenant.Log.WriteCount);
        Assert.DoesNotContain(Password, sign.Stdout + sign.Stderr + verify.Stdout + apply.Stdout + apply.Stderr + plan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_sign_with_a_pem_certificate_and_key_signs_before_the_folder_is_swapped_in()
    {
        using var root = SigningPki.Root();
        using var intermediate = SigningPki.Intermediate(root);
        using var leaf = SigningPki.Leaf(intermediate);
        var certificates = SigningPki.WritePem(temp.Path("signer.pem"), leaf, intermediate);
        var key = temp.Path("signer.key");
        File.WriteAllText(key, leaf.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var output = temp.Path("output");

        var build = Run("build", "--output", output, "--sign", "--pem", certificates, "--key", key);

        Assert.True(build.ExitCode == 0, build.Stdout + build.Stderr);
        Assert.Contains("script(s) verified", build.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Signed {Signed} script(s) in {output}", build.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "signing", $"aovpn-script-signer-ca-{intermediate.Thumbprint[..8].ToLowerInvariant()}.cer")));
        var verify = Run("verify-signatures", "--output", output, "--trust-anchor", WriteCer(root));
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        var untrusted = Run("verify-signatures", "--output", output, "--trust-anchor", WriteCer(SigningPki.Root("CN=Someone Else")));
        Assert.Equal(7, untrusted.ExitCode);
        Assert.Contains("does not chain to a trusted root", untrusted.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_signatures_refuses_a_one_character_change_and_an_unsigned_output_with_exit_code_7()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var output = temp.Path("output");
        Assert.Equal(0, Run("build", "--output", output, "--sign", "--pfx", WritePfx(signer), "--password-env", PasswordVariable).ExitCode);
        var cer = WriteCer(signer);
        var script = Path.Combine(output, "intune", "aovpn-user-tunnel-cert", "remediate.ps1");
        var bytes = File.ReadAllBytes(script);
        var at = Encoding.ASCII.GetString(bytes).IndexOf("exit $r.ExitCode", StringComparison.Ordinal);
        bytes[at + 1] = (byte)'X';
        File.WriteAllBytes(script, bytes);

        var changed = Run("verify-signatures", "--output", output, "--trust-anchor", cer);
        var unsigned = Run("verify-signatures", "--output", TestSupport.Repository.Path("output"), "--trust-anchor", cer);

        Assert.Equal(7, changed.ExitCode);
        Assert.Contains("FAILED  intune/aovpn-user-tunnel-cert/remediate.ps1", changed.Stdout, StringComparison.Ordinal);
        Assert.Contains("it changed after signing", changed.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{Signed} script(s): {Signed - 1} valid, 1 failed.", changed.Stdout, StringComparison.Ordinal);
        Assert.Contains($"1 of {Signed} script(s)", changed.Stderr, StringComparison.Ordinal);
        Assert.Equal(7, unsigned.ExitCode);
        Assert.Contains("not signed", unsigned.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, Run("verify-signatures", "--output", output).ExitCode);
        Assert.Equal(3, Run("verify-signatures", "--output", output, "--trust-anchor", temp.Path("missing.cer")).ExitCode);
    }

    [Fact]
    public void Signer_option_mistakes_exit_3_with_a_clear_message_and_never_show_the_password()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var pfx = WritePfx(signer);
        var pem = SigningPki.WritePem(temp.Path("signer.pem"), signer);
        var output = temp.Path("output");
        Assert.Equal(0, Run("build", "--output", output).ExitCode);
        var manifest = File.ReadAllBytes(Path.Combine(output, "manifest.json"));

        void Refused(string expected, params string[] args)
        {
            var run = Run(args);
            Assert.True(run.ExitCode == 3, $"{string.Join(' ', args)}: exit {run.ExitCode}\n{run.Stdout}{run.Stderr}");
            Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, run.Stdout + run.Stderr, StringComparison.Ordinal);
        }

        Refused("No signer given", "sign", "--output", output);
        Refused("Several signers given (--pfx, --pem)", "sign", "--output", output, "--pfx", pfx, "--pem", pem);
        Refused("Environment variable AOVPN_NOT_SET", "sign", "--output", output, "--pfx", pfx, "--password-env", "AOVPN_NOT_SET");
        Refused("check the password in AOVPN_WRONG_PASSWORD", "sign", "--output", output, "--pfx", pfx, "--password-env", "AOVPN_WRONG_PASSWORD");
        Refused("--key goes with --pem only", "sign", "--output", output, "--pfx", pfx, "--password-env", PasswordVariable, "--key", pem);
        Refused("--pfx " + pem + ": a PKCS#12 file ends with .pfx or .p12", "sign", "--output", output, "--pfx", pem);
        Refused("--pfx is a signer option: add --sign", "build", "--output", output, "--pfx", pfx);
        Refused("must be an https URL", "sign", "--output", output, "--key-vault", "http://vault.example.net", "--key-name", "k");
        Refused("--key-vault needs --key-name", "sign", "--output", output, "--key-vault", "https://contoso.vault.azure.net");
        Refused(
            OperatingSystem.IsWindows() ? "No certificate with thumbprint" : "not available on this OS",
            "sign", "--output", output, "--cert-store-thumbprint", signer.Thumbprint);
        Assert.Equal(manifest, File.ReadAllBytes(Path.Combine(output, "manifest.json")));
        Assert.Equal(5, Run("sign", "--output", temp.Path("not-an-output"), "--pfx", pfx, "--password-env", PasswordVariable).ExitCode);
    }

    [Fact]
    public void A_script_that_cannot_be_signed_safely_is_refused_naming_the_file_and_nothing_changes()
    {
        using var signer = SigningPki.SelfSignedSigner();
        var output = temp.Path("output");
        Assert.Equal(0, Run("build", "--output", output).ExitCode);
        // As if a build had written a BOM (the manifest agrees with the file, so only the signing check can refuse it).
        var script = Path.Combine(output, "intune", "aovpn-vpn-profiles", "detect.ps1");
        File.WriteAllBytes(script, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(script)]);
        var manifestPath = Path.Combine(output, "manifest.json");
        File.WriteAllText(manifestPath, File.ReadAllText(manifestPath).Replace(
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(script).AsSpan(3))),
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(script))),
            StringComparison.Ordinal));
        var before = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

        var run = Run("sign", "--output", output, "--pfx", WritePfx(signer), "--password-env", PasswordVariable);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("intune/aovpn-vpn-profiles/detect.ps1: starts with a UTF-8 byte order mark", run.Stderr, StringComparison.Ordinal);
        Assert.All(before, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));
        Assert.Equal(before.Keys.Order(), Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Order());
    }

    [Fact]
    public async Task Key_vault_signing_uses_the_key_vault_token_and_sends_the_vault_only_digests()
    {
        await using var vault = await KeyVaultEmulator.StartAsync();
        using var signer = SigningPki.SelfSignedSigner("CN=AOVPN Key Vault Signer");
        vault.Add("aovpn-signing", signer);
        vault.Add("aovpn-plain-key", signer, asCertificate: false);
        var output = temp.Path("output");
        Assert.Equal(0, Run("build", "--output", output).ExitCode);

        var byCertificate = Run(KeyVault, "sign", "--output", output, "--key-vault", vault.VaultUri.ToString(), "--key-name", "aovpn-signing");
        var byKey = Run(KeyVault, "sign", "--output", output, "--key-vault", vault.VaultUri.ToString(), "--key-name", "aovpn-plain-key", "--certificate", WriteCer(signer));

        Assert.True(byCertificate.ExitCode == 0, byCertificate.Stdout + byCertificate.Stderr);
        Assert.True(byKey.ExitCode == 0, byKey.Stdout + byKey.Stderr);
        Assert.Equal(0, Run("verify-signatures", "--output", output, "--trust-anchor", WriteCer(signer)).ExitCode);
        var signs = vault.Log.Where(e => e.Method == "POST").ToList();
        Assert.Equal(2 * Signed, signs.Count);
        Assert.All(signs, e => Assert.Matches("^\\{\"alg\":\"RS256\",\"value\":\"[A-Za-z0-9_-]{43}\"\\}$", e.Body));
        Assert.DoesNotContain(TestSupport.Signing.KeyVaultEmulator.Token, byCertificate.Stdout + byCertificate.Stderr + byKey.Stdout + byKey.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timestamp_url_timestamps_every_signature_and_verify_checks_it_against_the_tsa_anchor()
    {
        using var tsaRoot = SigningPki.Root("CN=AOVPN Test TSA Root");
        await using var tsa = await LoopbackTsa.StartAsync(tsaRoot);
        using var signer = SigningPki.SelfSignedSigner();
        var output = temp.Path("output");

        var build = Run("build", "--output", output, "--sign", "--pfx", WritePfx(signer), "--password-env", PasswordVariable, "--timestamp-url", tsa.Url.ToString());
        var verify = Run("verify-signatures", "--output", output, "--trust-anchor", WriteCer(signer), "--tsa-anchor", WriteCer(tsaRoot));
        var withoutTsaAnchor = Run("verify-signatures", "--output", output, "--trust-anchor", WriteCer(signer));

        Assert.True(build.ExitCode == 0, build.Stdout + build.Stderr);
        Assert.Contains(", timestamped ", build.Stdout, StringComparison.Ordinal);
        Assert.Equal(Signed, tsa.Requests);
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        Assert.Contains(", timestamp ", verify.Stdout, StringComparison.Ordinal);
        Assert.Equal(7, withoutTsaAnchor.ExitCode);
        Assert.Contains("timestamp authority", withoutTsaAnchor.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_enforce_signature_check_plan_and_apply_refuse_an_unsigned_output_with_exit_code_7_before_any_request()
    {
        await using var tenant = await TenantCli.StartEmulatorAsync();
        var profile = SampleProfile.Json();
        profile["intune"]!["enforceSignatureCheck"] = true;
        var profilePath = SampleProfile.WriteTo(temp.Path("profile"), profile);
        var output = temp.Path("output");
        var build = Run("build", "--profile", profilePath, "--output", output);
        Assert.Equal(0, build.ExitCode);
        Assert.Contains("sets intune.enforceSignatureCheck", build.Stderr, StringComparison.Ordinal);

        var plan = Run("plan", "--output", output, "--graph-base-url", tenant.BaseUrl.ToString());
        var apply = Run("apply", "--output", output, "--graph-base-url", tenant.BaseUrl.ToString(), "--yes");

        Assert.Equal(7, plan.ExitCode);
        Assert.Equal(7, apply.ExitCode);
        Assert.Contains("are not signed", apply.Stderr, StringComparison.Ordinal);
        Assert.Empty(tenant.Log.Entries);

        using var signer = SigningPki.SelfSignedSigner();
        Assert.Equal(0, Run("sign", "--output", output, "--pfx", WritePfx(signer), "--password-env", PasswordVariable).ExitCode);
        var signed = Run("apply", "--output", output, "--graph-base-url", tenant.BaseUrl.ToString(), "--yes");
        Assert.True(signed.ExitCode == 0, signed.Stdout + signed.Stderr);
    }

    private static readonly IReadOnlyDictionary<string, string> KeyVault = new Dictionary<string, string> { ["AOVPN_KEYVAULT_ACCESS_TOKEN"] = TestSupport.Signing.KeyVaultEmulator.Token };

    private static CliRun Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    private static CliRun Run(IReadOnlyDictionary<string, string> extra, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr)
        {
            Environment = name => extra.TryGetValue(name, out var value) ? value : name switch
            {
                PasswordVariable => Password,
                "AOVPN_WRONG_PASSWORD" => "not-the-password",
                "AOVPN_GRAPH_ACCESS_TOKEN" => GraphToken,
                _ => null,
            },
        };
        var exit = CliApp.Run(args, console, TimeProvider.System).GetAwaiter().GetResult();
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    private string WritePfx(X509Certificate2 signer)
    {
        var path = temp.Path($"signer-{signer.Thumbprint[..8]}.pfx");
        File.WriteAllBytes(path, signer.Export(X509ContentType.Pfx, Password));
        return path;
    }

    private string WriteCer(X509Certificate2 certificate)
    {
        var path = temp.Path($"anchor-{certificate.Thumbprint[..8]}.cer");
        File.WriteAllBytes(path, certificate.RawData);
        return path;
    }
}
