using System.Text;

namespace AovpnRemediations.Contracts.Tests;

/// <summary>The members signing adds to package.json and manifest.json: left out when unsigned, checked when present.</summary>
public sealed class SigningMembersTests
{
    private const string Thumbprint = "0123456789ABCDEF0123456789ABCDEF01234567";
    private static readonly string Sha = new('a', 64);

    private static PackageJson Package(PackageJsonSignature? signature, bool remediates = true) => new()
    {
        Id = "aovpn-trusted-cas",
        Version = "0a1b2c3d",
        DisplayName = "AOVPN - Trusted CAs",
        Description = "Checks. " + OwnershipMarker.ForPackage("aovpn-trusted-cas"),
        Marker = OwnershipMarker.ForPackage("aovpn-trusted-cas"),
        Publisher = "Example",
        RunAsAccount = PackageJson.Accounts.System,
        RemediationScript = remediates ? PackageJson.RemediationFileName : null,
        Signature = signature,
    };

    [Fact]
    public void An_unsigned_package_json_has_no_signature_member_so_its_bytes_are_what_they_were()
    {
        var text = Package(null).ToJsonNode().ToJsonString();
        Assert.DoesNotContain("signature", text, StringComparison.Ordinal);
        Assert.EndsWith("\"assignments\":[]}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signed_package_json_round_trips_and_a_package_json_from_before_signing_reads_as_unsigned()
    {
        var signed = Package(new PackageJsonSignature { SignerThumbprint = Thumbprint, DetectionUnsignedSha256 = Sha, RemediationUnsignedSha256 = Sha });
        var read = PackageJson.Parse(Encoding.UTF8.GetBytes(signed.ToJsonNode().ToJsonString()));
        Assert.Equal(signed.Signature, read.Signature);
        Assert.Empty(read.Problems("aovpn-trusted-cas"));

        var committed = PackageJson.Parse(File.ReadAllBytes(TestSupport.Repository.Path("output", "intune", "aovpn-trusted-cas", PackageJson.FileName)));
        Assert.Null(committed.Signature);
        Assert.Empty(committed.Problems("aovpn-trusted-cas"));
    }

    [Fact]
    public void A_malformed_signature_is_named_member_by_member()
    {
        var problems = Package(new PackageJsonSignature { SignerThumbprint = "not-a-thumbprint", DetectionUnsignedSha256 = "ABC", RemediationUnsignedSha256 = Sha }, remediates: false)
            .Problems("aovpn-trusted-cas");
        Assert.Contains("signature: signerThumbprint 'not-a-thumbprint' is not 40 upper-case hex digits", problems);
        Assert.Contains("signature: detectionUnsignedSha256 'ABC' is not 64 lower-case hex digits", problems);
        Assert.Contains("signature: remediationUnsignedSha256 must be null for a package without remediation", problems);
    }

    [Fact]
    public void A_manifest_file_entry_carries_the_signing_members_only_when_signed()
    {
        var unsigned = new BuildManifestJson { Files = [new BuildManifestFile("intune/aovpn-x/detect.ps1", Sha)] }.ToJsonNode().ToJsonString();
        var signed = new BuildManifestJson { Files = [new BuildManifestFile("intune/aovpn-x/detect.ps1", Sha, new string('b', 64), Thumbprint)] };

        Assert.Contains("{\"path\":\"intune/aovpn-x/detect.ps1\",\"sha256\":\"" + Sha + "\"}", unsigned, StringComparison.Ordinal);
        var read = BuildManifestJson.Parse(Encoding.UTF8.GetBytes(signed.ToJsonNode().ToJsonString()));
        Assert.Equal(signed.Files[0], read.Files[0]);
        Assert.True(read.Files[0].IsSigned);
        Assert.Empty(read.Problems());
        Assert.DoesNotContain("isSigned", signed.ToJsonNode().ToJsonString(), StringComparison.Ordinal);
        Assert.All(BuildManifestJson.Parse(File.ReadAllBytes(TestSupport.Repository.Path("output", BuildManifestJson.FileName))).Files, f => Assert.False(f.IsSigned));
    }

    [Fact]
    public void A_manifest_entry_with_half_its_signing_members_is_a_problem()
    {
        var manifest = new BuildManifestJson { Files = [new BuildManifestFile("intune/aovpn-x/detect.ps1", Sha, null, Thumbprint)] };
        Assert.Equal(["intune/aovpn-x/detect.ps1: unsignedSha256 '' is not 64 lower-case hex digits"], manifest.Problems());
    }
}
