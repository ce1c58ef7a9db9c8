using System.Security.Cryptography;

namespace AovpnRemediations.Signing;

/// <summary>The digest algorithms a signature may use: SHA-256 (the default), SHA-384, SHA-512.</summary>
internal static class DigestAlgorithms
{
    public static string Oid(HashAlgorithmName algorithm)
    {
        if (algorithm == HashAlgorithmName.SHA256)
        {
            return Oids.Sha256;
        }

        if (algorithm == HashAlgorithmName.SHA384)
        {
            return Oids.Sha384;
        }

        if (algorithm == HashAlgorithmName.SHA512)
        {
            return Oids.Sha512;
        }

        // SHA-1 and MD5 signatures are refused by current Windows policy; nothing else is worth supporting.
        throw new ScriptSigningException($"Digest algorithm {algorithm.Name} is not supported for signing; use SHA256 (the default), SHA384 or SHA512.");
    }

    public static HashAlgorithmName? FromOid(string? oid) => oid switch
    {
        Oids.Sha256 => HashAlgorithmName.SHA256,
        Oids.Sha384 => HashAlgorithmName.SHA384,
        Oids.Sha512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    public static byte[] Hash(HashAlgorithmName algorithm, ReadOnlySpan<byte> data)
    {
        if (algorithm == HashAlgorithmName.SHA256)
        {
            return SHA256.HashData(data);
        }

        if (algorithm == HashAlgorithmName.SHA384)
        {
            return SHA384.HashData(data);
        }

        if (algorithm == HashAlgorithmName.SHA512)
        {
            return SHA512.HashData(data);
        }

        throw new ScriptSigningException($"Digest algorithm {algorithm.Name} is not supported.");
    }
}
