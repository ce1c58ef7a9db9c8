using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;

namespace AovpnRemediations.Signing;

/// <summary>What the manifest and plan need to know about a script file, signed or not, without verifying it.</summary>
/// <param name="UnsignedText">The text before the signature block, exactly as it was before signing (the whole text when unsigned).</param>
/// <param name="SignerThumbprint">The embedded signer's SHA-1 thumbprint (not verified), or null when unsigned.</param>
/// <param name="UnsignedSha256">Lower-case hex SHA-256 of the unsigned text's bytes; equals the unsigned file's sha256.</param>
/// <param name="FileSha256">Lower-case hex SHA-256 of the file as it is.</param>
public sealed record ScriptSignatureInfo(string UnsignedText, bool IsSigned, string? SignerThumbprint, string UnsignedSha256, string FileSha256);

/// <summary>
/// Reading signed scripts for comparison: every signing gives new bytes (signature value, timestamp), so a plan that
/// compares a local script with the one in Intune compares unsigned text and signer instead of raw bytes.
/// </summary>
public static class ScriptSignature
{
    /// <exception cref="ScriptSigningException">The file is not ASCII CRLF, or its signature block is malformed.</exception>
    public static ScriptSignatureInfo Inspect(ReadOnlySpan<byte> file, string fileName)
    {
        var split = SignatureBlock.Split(SignableText.Decode(file, fileName), fileName);
        string? thumbprint = null;
        if (split.Signature is not null)
        {
            var cms = new SignedCms();
            try
            {
                cms.Decode(split.Signature);
            }
            catch (CryptographicException e)
            {
                throw new ScriptSigningException($"{fileName}: the signature block does not hold a PKCS#7 signature ({e.Message.TrimEnd('.')}); remove the block and sign again.", e);
            }

            thumbprint = cms.SignerInfos.Count == 1 ? cms.SignerInfos[0].Certificate?.Thumbprint : null;
        }

        return new ScriptSignatureInfo(
            split.UnsignedText,
            split.IsSigned,
            thumbprint,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(split.UnsignedText))),
            Convert.ToHexStringLower(SHA256.HashData(file)));
    }

    /// <summary>The text before the signature block, exactly as it was before signing.</summary>
    public static string UnsignedText(ReadOnlySpan<byte> file, string fileName) => Inspect(file, fileName).UnsignedText;
}
