using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Profile.Tests;

public class CertificateFileReaderTests
{
    private static readonly X509Certificate2 Root = TestCertificates.Root("CN=Reader Root");

    [Fact]
    public void DER_and_PEM_give_the_same_certificate()
    {
        var der = CertificateFileReader.Read("a.cer", TestCertificates.PublicDer(Root)).Certificate!;
        var pem = CertificateFileReader.Read("a.pem", Encoding.ASCII.GetBytes(TestCertificates.PublicPem(Root))).Certificate!;
        Assert.Equal(Root.Thumbprint, der.Thumbprint);
        Assert.Equal(der.RawData, pem.RawData);
        Assert.True(der.IsCertificateAuthority);
    }

    [Fact]
    public void A_PFX_is_refused_because_it_carries_a_private_key()
    {
        var pfx = Root.Export(X509ContentType.Pfx, "secret");
        var (certificate, problem, fix) = CertificateFileReader.Read("a.pfx", pfx);
        Assert.Null(certificate);
        Assert.Contains("PFX", problem, StringComparison.Ordinal);
        Assert.Contains("public certificate only", fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_PEM_with_a_private_key_is_refused()
    {
        using var key = ECDsa.Create();
        var pem = TestCertificates.PublicPem(Root) + key.ExportPkcs8PrivateKeyPem();
        var (certificate, problem, _) = CertificateFileReader.Read("a.pem", Encoding.ASCII.GetBytes(pem));
        Assert.Null(certificate);
        Assert.Contains("private key", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello, I am not a certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    public void Text_that_is_not_a_certificate_is_refused(string text)
    {
        var (certificate, problem, _) = CertificateFileReader.Read("a.cer", Encoding.ASCII.GetBytes(text));
        Assert.Null(certificate);
        Assert.NotNull(problem);
    }
}
