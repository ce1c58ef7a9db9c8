using System.Management.Automation.Language;
using System.Text;
using AovpnRemediations.Signing.Tests.Support;
using AovpnRemediations.Signing.Trust;

namespace AovpnRemediations.Signing.Tests;

public sealed class TrustTests
{
    [Fact]
    public void A_self_signed_signer_goes_to_trusted_publishers_and_to_root()
    {
        using var signer = SigningPki.SelfSignedSigner();

        var trust = SignerTrust.Describe(signer);

        Assert.True(trust.IsSelfSigned);
        Assert.Equal(signer.RawData, trust.CertificateDer);
        Assert.Equal(
            [$"./Device/Vendor/MSFT/RootCATrustedCertificates/TrustedPublisher/{signer.Thumbprint}/EncodedCertificate",
             $"./Device/Vendor/MSFT/RootCATrustedCertificates/Root/{signer.Thumbprint}/EncodedCertificate"],
            trust.OmaUriSettings.Select(s => s.OmaUri));
        Assert.All(trust.OmaUriSettings, s => Assert.Equal(Convert.ToBase64String(signer.RawData), s.Value));
        Assert.All(trust.OmaUriSettings, s => Assert.Equal("String", s.DataType));
        Assert.EndsWith(".cer", trust.CerFileName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ca_issued_signer_goes_to_trusted_publishers_and_its_issuers_to_ca_and_root()
    {
        using var root = SigningPki.Root();
        using var intermediate = SigningPki.Intermediate(root);
        using var leaf = SigningPki.Leaf(intermediate);

        var trust = SignerTrust.Describe(leaf, [intermediate, root]);

        Assert.False(trust.IsSelfSigned);
        Assert.Equal(
            [$"TrustedPublisher/{leaf.Thumbprint}", $"CA/{intermediate.Thumbprint}", $"Root/{root.Thumbprint}"],
            trust.OmaUriSettings.Select(s => s.OmaUri.Split('/')[5] + "/" + s.OmaUri.Split('/')[6]));
    }

    [Fact]
    public void The_import_script_is_ascii_crlf_windows_powershell_that_parses_and_names_each_store_and_thumbprint()
    {
        using var root = SigningPki.Root();
        using var intermediate = SigningPki.Intermediate(root);
        using var leaf = SigningPki.Leaf(intermediate);

        var script = SignerTrust.Describe(leaf, [intermediate, root]).ImportScript;

        Assert.Null(SignableText.FindProblem(Encoding.ASCII.GetBytes(script), "import.ps1"));
        Assert.True(Encoding.ASCII.GetBytes(script).All(b => b < 0x80));
        Parser.ParseInput(script, out _, out var errors);
        Assert.Empty(errors);
        Assert.Contains($"Store = 'TrustedPublisher'; Thumbprint = '{leaf.Thumbprint}'", script, StringComparison.Ordinal);
        Assert.Contains($"Store = 'CA'; Thumbprint = '{intermediate.Thumbprint}'", script, StringComparison.Ordinal);
        Assert.Contains($"Store = 'Root'; Thumbprint = '{root.Thumbprint}'", script, StringComparison.Ordinal);
    }
}
