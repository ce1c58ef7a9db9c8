using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AovpnRemediations.Signing.Providers;

/// <summary>
/// A key in a file: a PKCS#12 (.pfx/.p12) with the signer, its key and optionally intermediates, or PEM
/// certificates (signer first or anywhere, intermediates beside it) with the key in the same or a separate PEM file.
/// The password is read from an environment variable whose NAME is given, so it never appears in a command line,
/// a shell history or a process list.
/// </summary>
public sealed class CertificateFileProvider : ICodeSigningProvider
{
    private readonly string _certificatePath;
    private readonly string? _keyPath;
    private readonly string? _passwordVariable;
    private readonly Func<string, string?> _environment;
    private readonly TimeProvider _time;

    /// <param name="certificatePath">A .pfx/.p12, or a PEM file of certificates (and perhaps the key).</param>
    /// <param name="keyPath">A PEM private key, when it is not in <paramref name="certificatePath"/>; ignored for PKCS#12.</param>
    /// <param name="passwordEnvironmentVariable">Name of the environment variable holding the PFX or encrypted-PEM password.</param>
    /// <param name="environment">Reads environment variables (tests pass a dictionary).</param>
    public CertificateFileProvider(string certificatePath, string? keyPath = null, string? passwordEnvironmentVariable = null, Func<string, string?>? environment = null, TimeProvider? time = null)
    {
        _certificatePath = certificatePath;
        _keyPath = keyPath;
        _passwordVariable = passwordEnvironmentVariable;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _time = time ?? TimeProvider.System;
    }

    public string Description => $"certificate file {_certificatePath}";

    public Task<CodeSigningKey> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(_certificatePath))
        {
            throw new ScriptSigningException($"Signing certificate file {_certificatePath} does not exist; give the path of a .pfx/.p12 or a PEM certificate.");
        }

        var password = ReadPassword();
        var extension = Path.GetExtension(_certificatePath).ToLowerInvariant();
        var key = extension is ".pfx" or ".p12" ? OpenPkcs12(password) : OpenPem(password);
        try
        {
            CodeSigningCertificates.CheckFitForSigning(key.Certificate, Description, _time.GetUtcNow());
        }
        catch
        {
            key.Dispose();
            throw;
        }

        return Task.FromResult(key);
    }

    private string? ReadPassword()
    {
        if (_passwordVariable is null)
        {
            return null;
        }

        return _environment(_passwordVariable)
            ?? throw new ScriptSigningException($"Environment variable {_passwordVariable} (named as the password of {_certificatePath}) is not set; set it to the password, or name no variable when the file has none.");
    }

    private CodeSigningKey OpenPkcs12(string? password)
    {
        X509Certificate2Collection all;
        try
        {
            // EphemeralKeySet keeps the key out of any on-disk key store; macOS cannot do it.
            var flags = OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(_certificatePath, password, flags);
        }
        catch (CryptographicException e)
        {
            var hint = _passwordVariable is null
                ? "if it has a password, name the environment variable that holds it"
                : $"check the password in {_passwordVariable}";
            throw new ScriptSigningException($"Cannot open {_certificatePath} as PKCS#12 ({e.Message.TrimEnd('.')}); {hint}.", e);
        }

        var withKey = all.Where(c => c.HasPrivateKey).ToList();
        if (withKey.Count != 1)
        {
            DisposeAll(all);
            throw new ScriptSigningException($"{_certificatePath} holds {withKey.Count} certificates with a private key; it must hold exactly one (the signer) and optionally its intermediates.");
        }

        var signer = withKey[0];
        return new CodeSigningKey(signer, CodeSigningCertificates.PrivateKeyOf(signer, Description), Intermediates(all, signer), Description);
    }

    private CodeSigningKey OpenPem(string? password)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(_certificatePath);
        }
        catch (CryptographicException e)
        {
            throw new ScriptSigningException($"Cannot read certificates from {_certificatePath} ({e.Message.TrimEnd('.')}); give a .pfx/.p12 or a PEM file with '-----BEGIN CERTIFICATE-----' blocks.", e);
        }

        if (certificates.Count == 0)
        {
            throw new ScriptSigningException($"{_certificatePath} holds no PEM certificate; give a .pfx/.p12 or a PEM file with '-----BEGIN CERTIFICATE-----' blocks.");
        }

        var keyPath = _keyPath ?? _certificatePath;
        var key = ReadPemKey(keyPath, password);
        var signer = certificates.FirstOrDefault(c => CodeSigningCertificates.KeyMatches(c, key));
        if (signer is null)
        {
            key.Dispose();
            DisposeAll(certificates);
            throw new ScriptSigningException($"The private key in {keyPath} belongs to none of the certificates in {_certificatePath}; give the key of the signing certificate.");
        }

        return new CodeSigningKey(signer, key, Intermediates(certificates, signer), Description);
    }

    private AsymmetricAlgorithm ReadPemKey(string keyPath, string? password)
    {
        if (!File.Exists(keyPath))
        {
            throw new ScriptSigningException($"Private key file {keyPath} does not exist.");
        }

        var pem = File.ReadAllText(keyPath);
        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new ScriptSigningException($"{keyPath} holds no PEM private key; give the key file as well as the certificate (or a .pfx).");
        }

        var encrypted = pem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);
        if (encrypted && password is null)
        {
            throw new ScriptSigningException($"The private key in {keyPath} is encrypted; name the environment variable that holds its password.");
        }

        foreach (var create in new Func<AsymmetricAlgorithm>[] { RSA.Create, () => ECDsa.Create() })
        {
            var key = create();
            try
            {
                if (encrypted)
                {
                    key.ImportFromEncryptedPem(pem, password);
                }
                else
                {
                    key.ImportFromPem(pem);
                }

                return key;
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                // Not this key type, or a wrong password: try the next type, then report.
                key.Dispose();
            }
        }

        throw new ScriptSigningException($"Cannot read the private key in {keyPath} as RSA or ECDSA{(encrypted ? " (is the password right?)" : string.Empty)}.");
    }

    private static List<X509Certificate2> Intermediates(X509Certificate2Collection all, X509Certificate2 signer)
    {
        // Self-signed certificates are roots: a device must already trust them, so embedding them only adds bytes.
        var result = new List<X509Certificate2>();
        foreach (var certificate in all)
        {
            if (ReferenceEquals(certificate, signer))
            {
                continue;
            }

            if (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData))
            {
                certificate.Dispose();
                continue;
            }

            result.Add(certificate);
        }

        return result;
    }

    private static void DisposeAll(X509Certificate2Collection certificates)
    {
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}
