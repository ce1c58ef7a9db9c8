using System.Security.Cryptography.X509Certificates;
using System.Text;
using AovpnRemediations.Signing.Providers;
using AovpnRemediations.Signing.Verification;
using AovpnRemediations.TestSupport;
using AovpnRemediations.TestSupport.Signing;

namespace AovpnRemediations.Signing.Tests.Support;

internal static class TestSigning
{
    public static byte[] Script(string text) => Encoding.ASCII.GetBytes(text);

    public const string SmallScript = "Write-Output 'hello'\r\n$r = 1\r\nexit $r\r\n";

    /// <summary>Every generated script in output/ (the committed sample build).</summary>
    public static IReadOnlyList<string> OutputScripts() =>
        [.. Directory.EnumerateFiles(Repository.Path("output"), "*.ps1", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    public static SignatureVerificationOptions Trusting(params X509Certificate2[] anchors) =>
        new() { TrustAnchors = SigningPki.Anchors(anchors) };

    public static async Task<SignedScript> SignAsync(X509Certificate2 signer, string text, ScriptSigningOptions? options = null, params X509Certificate2[] chain)
    {
        using var scriptSigner = await ScriptSigner.OpenAsync(new InMemoryProvider(signer, chain), options);
        return await scriptSigner.SignAsync(Script(text), "test.ps1");
    }
}
