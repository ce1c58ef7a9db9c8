using System.Text;
using System.Text.Json.Nodes;
using AovpnRemediations.TestSupport.Signing;
using Xunit.Abstractions;

namespace AovpnRemediations.Publish.Tests;

/// <summary>
/// plan and apply with signed scripts against the emulator: they compare the text before the signature block and the
/// signer, never the signed bytes, which change at every signing. The signers are ECDSA so that re-signing really gives
/// new bytes (an RSA key without a timestamp signs the same text to the same bytes).
/// </summary>
public sealed class SignedPublishTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Re_signing_the_same_text_with_the_same_signer_makes_zero_writes()
    {
        await using var h = await Harness.StartAsync();
        using var signer = SigningPki.SelfSignedSigner(ecdsa: true);
        var folder = TestOutput.Write(h.Folder("out"), TestOutput.Sample());
        var first = await TestOutput.SignAsync(folder, new InMemoryProvider(signer));
        var applied = await h.ApplyAsync(folder);
        Assert.True(applied.Ok, applied.ToString());
        Assert.Equal(16, applied.Writes);
        var uploaded = h.State.SnapshotScripts().Single(s => s.Description.Contains("package:aovpn-nps-mfa]", StringComparison.Ordinal));
        Assert.Equal(first["intune/aovpn-nps-mfa/detect.ps1"].SignedBytes, Convert.FromBase64String((string)uploaded.Body["detectionScriptContent"]!));

        var second = await TestOutput.SignAsync(folder, new InMemoryProvider(signer));
        Assert.All(first.Keys, path => Assert.NotEqual(first[path].SignedSha256, second[path].SignedSha256));

        var plan = await h.PlanAsync(folder);
        Assert.True(plan.Ok && !plan.Changes, plan.ToString());
        Assert.Contains("No changes", plan.Out, StringComparison.Ordinal);
        var again = await h.ApplyAsync(folder);
        Assert.True(again.Ok && !again.Changes, again.ToString());
        Assert.Equal(0, again.Writes);
        output.WriteLine($"re-signed 14 scripts: plan {plan.Requests} requests / {plan.Writes} writes; apply {again.Requests} requests / {again.Writes} writes");
    }

    [Fact]
    public async Task A_new_signer_is_one_update_with_a_signer_line_and_no_text_diff()
    {
        await using var h = await Harness.StartAsync();
        using var signer = SigningPki.SelfSignedSigner(ecdsa: true);
        using var next = SigningPki.SelfSignedSigner("CN=AOVPN Next Signer", ecdsa: true);
        var packages = TestOutput.Sample().Where(p => p.Id == "aovpn-trusted-cas").ToList();
        var folder = TestOutput.Write(h.Folder("out"), packages);
        await TestOutput.SignAsync(folder, new InMemoryProvider(signer));
        Assert.True((await h.ApplyAsync(folder)).Ok);

        await TestOutput.SignAsync(folder, new InMemoryProvider(next));
        var plan = await h.PlanAsync(folder);
        var json = await h.PlanAsync(folder, json: true);
        var apply = await h.ApplyAsync(folder);

        Assert.True(plan.Ok && plan.Changes, plan.ToString());
        Assert.Contains($"    detect.ps1: signer {signer.Thumbprint} -> {next.Thumbprint} (text unchanged)", plan.Out, StringComparison.Ordinal);
        Assert.Contains($"    remediate.ps1: signer {signer.Thumbprint} -> {next.Thumbprint} (text unchanged)", plan.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("@@", plan.Out, StringComparison.Ordinal);
        Assert.Contains("0 to create, 1 to update, 0 to reassign", plan.Out, StringComparison.Ordinal);
        var script = JsonNode.Parse(json.Out)!["packages"]![0]!["scripts"]![0]!;
        Assert.Equal(signer.Thumbprint, (string?)script["signer"]!["from"]);
        Assert.Equal(next.Thumbprint, (string?)script["signer"]!["to"]);
        Assert.Equal("", (string?)script["diff"]);
        Assert.True(apply.Ok, apply.ToString());
        Assert.Equal(1, apply.Writes);
        Assert.Single(apply.Log, e => e.Method == "PATCH");
        Assert.Equal(0, (await h.ApplyAsync(folder)).Writes);
    }

    [Fact]
    public async Task New_text_signed_again_is_one_update_with_the_diff_of_the_unsigned_text_only()
    {
        await using var h = await Harness.StartAsync();
        using var signer = SigningPki.SelfSignedSigner(ecdsa: true);
        var packages = TestOutput.Sample();
        var folder = TestOutput.Write(h.Folder("out"), packages);
        await TestOutput.SignAsync(folder, new InMemoryProvider(signer));
        Assert.True((await h.ApplyAsync(folder)).Ok);

        var changed = packages.Select(p => p.Id == "aovpn-nps-mfa"
            ? p with { Detect = p.Detect.Replace("-StoreName Root", "-StoreName CA", StringComparison.Ordinal) }
            : p).ToList();
        TestOutput.Write(folder, changed);
        await TestOutput.SignAsync(folder, new InMemoryProvider(signer));
        var plan = await h.PlanAsync(folder);
        var apply = await h.ApplyAsync(folder);

        Assert.True(plan.Ok && plan.Changes, plan.ToString());
        Assert.Contains("~ update \"AOVPN - nps mfa\"", plan.Out, StringComparison.Ordinal);
        Assert.Contains("-    Get-AovpnStoreCertificate -Location LocalMachine -StoreName Root | Out-Null", plan.Out, StringComparison.Ordinal);
        Assert.Contains("+    Get-AovpnStoreCertificate -Location LocalMachine -StoreName CA | Out-Null", plan.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("# SIG #", plan.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("signer ", plan.Out, StringComparison.Ordinal);
        Assert.Contains("1 to update, 0 to reassign, 0 to delete, 7 unchanged", plan.Out, StringComparison.Ordinal);
        Assert.Equal(1, apply.Writes);
    }

    [Fact]
    public async Task Signing_a_published_unsigned_package_is_one_update_from_unsigned_and_unsigning_it_is_one_back()
    {
        await using var h = await Harness.StartAsync();
        using var signer = SigningPki.SelfSignedSigner(ecdsa: true);
        var packages = TestOutput.Sample().Where(p => p.Id == "aovpn-connection-health").ToList();
        var folder = TestOutput.Write(h.Folder("out"), packages);
        Assert.True((await h.ApplyAsync(folder)).Ok);

        await TestOutput.SignAsync(folder, new InMemoryProvider(signer));
        var signPlan = await h.PlanAsync(folder);
        Assert.Contains($"    detect.ps1: signer (unsigned) -> {signer.Thumbprint} (text unchanged)", signPlan.Out, StringComparison.Ordinal);
        Assert.Equal(1, (await h.ApplyAsync(folder)).Writes);

        TestOutput.Write(folder, packages);
        var unsignPlan = await h.PlanAsync(folder);
        Assert.Contains($"    detect.ps1: signer {signer.Thumbprint} -> (unsigned) (text unchanged)", unsignPlan.Out, StringComparison.Ordinal);
        Assert.Equal(1, (await h.ApplyAsync(folder)).Writes);
        Assert.Equal(0, (await h.ApplyAsync(folder)).Writes);
    }

    [Fact]
    public async Task With_enforce_signature_check_an_unsigned_package_is_refused_before_any_request()
    {
        await using var h = await Harness.StartAsync();
        var packages = TestOutput.Sample().Select(p => p.Id == "aovpn-trusted-cas" ? p with { EnforceSignatureCheck = true } : p).ToList();
        var folder = TestOutput.Write(h.Folder("out"), packages);

        var plan = await h.PlanAsync(folder);
        var apply = await h.ApplyAsync(folder);

        Assert.IsType<UnsignedScriptsException>(plan.Failure);
        Assert.Contains("aovpn-trusted-cas", plan.Failure!.Message, StringComparison.Ordinal);
        Assert.Contains("not signed", plan.Failure.Message, StringComparison.Ordinal);
        Assert.IsType<UnsignedScriptsException>(apply.Failure);
        Assert.Equal(0, plan.Requests + apply.Requests);
        Assert.Equal(0, h.Emulator.Log.WriteCount);

        using var signer = SigningPki.SelfSignedSigner(ecdsa: true);
        await TestOutput.SignAsync(folder, new InMemoryProvider(signer));
        var signed = await h.ApplyAsync(folder);
        Assert.True(signed.Ok, signed.ToString());
        var script = h.State.SnapshotScripts().Single(s => s.Description.Contains("package:aovpn-trusted-cas]", StringComparison.Ordinal));
        Assert.True((bool)script.Body["enforceSignatureCheck"]!);
    }

    [Fact]
    public async Task A_package_json_signature_that_does_not_match_its_script_is_refused_before_any_request()
    {
        await using var h = await Harness.StartAsync();
        using var signer = SigningPki.SelfSignedSigner(ecdsa: true);
        using var other = SigningPki.SelfSignedSigner("CN=AOVPN Other Signer", ecdsa: true);
        var folder = TestOutput.Write(h.Folder("out"), TestOutput.Sample().Take(1));
        await TestOutput.SignAsync(folder, new InMemoryProvider(signer));
        var id = TestOutput.Sample()[0].Id;
        var packagePath = Path.Combine(folder, "intune", id, "package.json");
        var package = JsonNode.Parse(File.ReadAllText(packagePath))!;
        package["signature"]!["signerThumbprint"] = other.Thumbprint;
        File.WriteAllText(packagePath, package.ToJsonString());
        TestOutput.Rehash(folder);

        var plan = await h.PlanAsync(folder);

        Assert.IsType<OutputMismatchException>(plan.Failure);
        Assert.Contains($"package.json says detect.ps1 is signed by {other.Thumbprint}, but the script is signed by {signer.Thumbprint}", plan.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(0, plan.Requests);
    }

    [Fact]
    public async Task A_tenant_script_that_is_not_ascii_is_one_update_not_a_failure()
    {
        await using var h = await Harness.StartAsync();
        using var signer = SigningPki.SelfSignedSigner(ecdsa: true);
        var packages = TestOutput.Sample().Where(p => p.Id == "aovpn-vpn-profiles").ToList();
        var folder = TestOutput.Write(h.Folder("out"), packages);
        await TestOutput.SignAsync(folder, new InMemoryProvider(signer));
        Assert.True((await h.ApplyAsync(folder)).Ok);
        lock (h.State.Gate)
        {
            h.State.Scripts.Single(s => !s.IsGlobalScript).Body["detectionScriptContent"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("# edited in the portal: caf\u00e9\r\nexit 0\r\n"));
        }

        var plan = await h.PlanAsync(folder);

        Assert.True(plan.Ok && plan.Changes, plan.ToString());
        Assert.Contains("-# edited in the portal: caf\u00e9", plan.Out, StringComparison.Ordinal);
        Assert.Contains($"    detect.ps1: signer (unsigned) -> {signer.Thumbprint}", plan.Out, StringComparison.Ordinal);
        Assert.Equal(1, (await h.ApplyAsync(folder)).Writes);
    }
}
