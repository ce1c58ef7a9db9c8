using System.Security.Cryptography;
using AovpnRemediations.Signing;

namespace AovpnRemediations.Publish.Planning;

/// <summary>What a script is for comparison: the bytes before its signature block, their sha256, and its signer.</summary>
/// <param name="Unsigned">The script's bytes without the signature block (all of them when unsigned).</param>
/// <param name="Signer">The embedded signer's thumbprint, upper-case hex (not verified: verify-signatures does that); null when unsigned.</param>
internal sealed record ScriptIdentity(byte[] Unsigned, string UnsignedSha256, string? Signer)
{
    /// <summary>A script of output/: its signature was checked against package.json when the folder was read.</summary>
    /// <param name="unsignedSha256">From package.json, when signed.</param>
    public static ScriptIdentity OfLocal(byte[] bytes, string? signer, string? unsignedSha256)
    {
        if (signer is null)
        {
            return new ScriptIdentity(bytes, Sha256(bytes), null);
        }

        var info = ScriptSignature.Inspect(bytes, "output script");
        return new ScriptIdentity(System.Text.Encoding.ASCII.GetBytes(info.UnsignedText), unsignedSha256 ?? info.UnsignedSha256, signer);
    }

    /// <summary>
    /// A script as the tenant holds it, split with the Signing library. One that is not ASCII CRLF or whose block does
    /// not read (edited in the portal, say) counts as unsigned whole bytes: it then differs, and the diff shows why.
    /// </summary>
    public static ScriptIdentity OfTenant(byte[] bytes)
    {
        try
        {
            var info = ScriptSignature.Inspect(bytes, "tenant script");
            return info.IsSigned
                ? new ScriptIdentity(System.Text.Encoding.ASCII.GetBytes(info.UnsignedText), info.UnsignedSha256, info.SignerThumbprint?.ToUpperInvariant() ?? "(unknown signer)")
                : new ScriptIdentity(bytes, info.UnsignedSha256, null);
        }
        catch (ScriptSigningException)
        {
            return new ScriptIdentity(bytes, Sha256(bytes), null);
        }
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
