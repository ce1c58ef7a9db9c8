using System.Security.Cryptography;

namespace AovpnRemediations.Signing.Providers;

/// <summary>Signs a digest elsewhere (a Key Vault, an HSM): the digest goes out, the signature comes back.</summary>
/// <remarks>RSA: a PKCS#1 v1.5 signature. ECDSA: r||s (IEEE P1363), which is what Key Vault returns.</remarks>
public delegate byte[] DigestSigner(byte[] digest, HashAlgorithmName hashAlgorithm);

/// <summary>
/// An RSA key whose private half is elsewhere. SignedCms needs an <see cref="AsymmetricAlgorithm"/> to sign with;
/// this one holds only the public parameters and forwards SignHash to a <see cref="DigestSigner"/>. Doing it this
/// way (as dotnet/sign does) keeps all of the CMS encoding in System.Security.Cryptography.Pkcs instead of building
/// the SignerInfo by hand. The call is synchronous because SignHash is; the signer therefore uses synchronous HTTP.
/// </summary>
public sealed class RemoteRsa : RSA
{
    private readonly RSAParameters _publicKey;
    private readonly DigestSigner _signer;

    public RemoteRsa(RSAParameters publicKey, DigestSigner signer)
    {
        _publicKey = new RSAParameters { Modulus = publicKey.Modulus, Exponent = publicKey.Exponent };
        _signer = signer;
        KeySizeValue = (publicKey.Modulus ?? throw new ArgumentException("The public key has no modulus.", nameof(publicKey))).Length * 8;
        LegalKeySizesValue = [new KeySizes(KeySizeValue, KeySizeValue, 0)];
    }

    public override RSAParameters ExportParameters(bool includePrivateParameters) =>
        includePrivateParameters
            ? throw new CryptographicException("The private key is held remotely and cannot be exported.")
            : _publicKey;

    public override void ImportParameters(RSAParameters parameters) =>
        throw new NotSupportedException("A remote key cannot be replaced.");

    public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        if (padding != RSASignaturePadding.Pkcs1)
        {
            // Authenticode on Windows expects PKCS#1 v1.5; nothing here asks for PSS.
            throw new CryptographicException($"Remote RSA signing supports PKCS#1 v1.5 padding only, not {padding.Mode}.");
        }

        return _signer(hash, hashAlgorithm);
    }

    public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        using var rsa = Create(_publicKey);
        return rsa.VerifyHash(hash, signature, hashAlgorithm, padding);
    }
}

/// <summary>An ECDSA key whose private half is elsewhere; see <see cref="RemoteRsa"/>.</summary>
public sealed class RemoteECDsa : ECDsa
{
    private readonly ECParameters _publicKey;
    private readonly DigestSigner _signer;

    /// <param name="publicKey">The public point and curve.</param>
    /// <param name="signer">Returns r||s.</param>
    public RemoteECDsa(ECParameters publicKey, DigestSigner signer)
    {
        _publicKey = new ECParameters { Curve = publicKey.Curve, Q = publicKey.Q };
        _signer = signer;
        KeySizeValue = (publicKey.Q.X ?? throw new ArgumentException("The public key has no point.", nameof(publicKey))).Length switch
        {
            32 => 256,
            48 => 384,
            66 => 521,
            var n => n * 8,
        };
        LegalKeySizesValue = [new KeySizes(KeySizeValue, KeySizeValue, 0)];
    }

    public override ECParameters ExportParameters(bool includePrivateParameters) =>
        includePrivateParameters
            ? throw new CryptographicException("The private key is held remotely and cannot be exported.")
            : _publicKey;

    public override void ImportParameters(ECParameters parameters) =>
        throw new NotSupportedException("A remote key cannot be replaced.");

    public override void GenerateKey(ECCurve curve) =>
        throw new NotSupportedException("A remote key cannot be replaced.");

    // ECDSA's SignHash is not told the digest algorithm; the digest length says it (Key Vault checks the same).
    public override byte[] SignHash(byte[] hash) => _signer(hash, hash.Length switch
    {
        32 => HashAlgorithmName.SHA256,
        48 => HashAlgorithmName.SHA384,
        64 => HashAlgorithmName.SHA512,
        _ => throw new CryptographicException($"A {hash.Length}-byte digest is not SHA-256, SHA-384 or SHA-512."),
    });

    public override bool VerifyHash(byte[] hash, byte[] signature)
    {
        using var ecdsa = Create(_publicKey);
        return ecdsa.VerifyHash(hash, signature);
    }
}
