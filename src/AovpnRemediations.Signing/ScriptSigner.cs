using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AovpnRemediations.Signing.Providers;
using AovpnRemediations.Signing.Timestamping;

namespace AovpnRemediations.Signing;

/// <summary>How scripts are signed.</summary>
public sealed record ScriptSigningOptions
{
    /// <summary>The digest of the script and of the signature; SHA-256 unless a key demands another.</summary>
    public HashAlgorithmName DigestAlgorithm { get; init; } = HashAlgorithmName.SHA256;

    /// <summary>An RFC 3161 authority to timestamp each signature, or null for none.</summary>
    public Rfc3161Timestamper? Timestamper { get; init; }

    /// <summary>Shown as the program name in Windows' signature details (SpcSpOpusInfo); empty by default, as Set-AuthenticodeSignature leaves it.</summary>
    public string? Description { get; init; }

    public Uri? DescriptionUrl { get; init; }
}

/// <summary>One signed script, with what the manifest records about it.</summary>
/// <param name="FileName">As given, for messages.</param>
/// <param name="SignedBytes">The file to write: unsigned text, CRLF, signature block.</param>
/// <param name="UnsignedText">The text the signature covers (equal to the input with any old block removed).</param>
/// <param name="UnsignedSha256">Lower-case hex SHA-256 of the unsigned text's bytes: stable across re-signing.</param>
/// <param name="SignedSha256">Lower-case hex SHA-256 of <paramref name="SignedBytes"/>: new at every signing.</param>
/// <param name="SignatureBytes">Bytes the signature block adds to the file.</param>
public sealed record SignedScript(
    string FileName,
    byte[] SignedBytes,
    string UnsignedText,
    string SignerThumbprint,
    string UnsignedSha256,
    string SignedSha256,
    int SignatureBytes,
    DateTimeOffset? TimestampTime);

/// <summary>
/// Signs PowerShell scripts with Authenticode on any OS: the PowerShell SIP digest in an SpcIndirectDataContent,
/// a CMS SignedData made by System.Security.Cryptography.Pkcs, signed attributes as Windows writes them
/// (content type, message digest, SpcSpOpusInfo, SpcStatementType), an optional RFC 3161 timestamp, and the
/// <c># SIG #</c> block. Open it once per run: the key is opened once and used for every file.
/// </summary>
public sealed class ScriptSigner : IDisposable
{
    private readonly CodeSigningKey _key;
    private readonly ScriptSigningOptions _options;
    private readonly string _digestOid;

    private ScriptSigner(CodeSigningKey key, ScriptSigningOptions options)
    {
        _key = key;
        _options = options;
        _digestOid = DigestAlgorithms.Oid(options.DigestAlgorithm);
    }

    public X509Certificate2 SignerCertificate => _key.Certificate;

    public IReadOnlyList<X509Certificate2> EmbeddedChain => _key.Chain;

    public string SignerThumbprint => _key.Thumbprint;

    public static async Task<ScriptSigner> OpenAsync(ICodeSigningProvider provider, ScriptSigningOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ScriptSigningOptions();
        DigestAlgorithms.Oid(options.DigestAlgorithm);
        var key = await provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        return new ScriptSigner(key, options);
    }

    /// <summary>Signs a script's bytes; a signed script is re-signed (its old block is replaced).</summary>
    /// <exception cref="ScriptSigningException">The bytes are not ASCII CRLF without BOM, or the old block is malformed.</exception>
    public async Task<SignedScript> SignAsync(ReadOnlyMemory<byte> script, string fileName, CancellationToken cancellationToken = default)
    {
        var text = SignableText.Decode(script.Span, fileName);
        var unsigned = SignatureBlock.Split(text, fileName).UnsignedText;
        var digest = PowerShellSip.Digest(unsigned, _options.DigestAlgorithm);

        var content = new ContentInfo(new Oid(Oids.SpcIndirectDataContent), PowerShellSip.EncodeIndirectData(digest, _options.DigestAlgorithm));
        var cms = new SignedCms(content, detached: false);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _key.Certificate, _key.PrivateKey)
        {
            DigestAlgorithm = new Oid(_digestOid),
            // The leaf and the intermediates added below; roots are the device's to trust, not ours to ship.
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        foreach (var certificate in _key.Chain)
        {
            signer.Certificates.Add(certificate);
        }

        signer.SignedAttributes.Add(new AsnEncodedData(Oids.SpcSpOpusInfo, PowerShellSip.EncodeOpusInfo(_options.Description, _options.DescriptionUrl)));
        signer.SignedAttributes.Add(new AsnEncodedData(Oids.SpcStatementType, PowerShellSip.EncodeStatementType()));
        try
        {
            cms.ComputeSignature(signer, silent: true);
        }
        catch (CryptographicException e)
        {
            throw new ScriptSigningException($"{fileName}: signing with {_key.Description} failed: {e.Message}", e);
        }

        DateTimeOffset? timestampTime = null;
        if (_options.Timestamper is { } timestamper)
        {
            var signerInfo = cms.SignerInfos[0];
            var timestamp = await timestamper.TimestampAsync(signerInfo, cancellationToken).ConfigureAwait(false);
            signerInfo.AddUnsignedAttribute(new AsnEncodedData(Oids.SpcRfc3161Timestamp, timestamp.Token));
            timestampTime = timestamp.Time;
        }

        var signedText = SignatureBlock.Attach(unsigned, cms.Encode());
        var signedBytes = Encoding.ASCII.GetBytes(signedText);
        var unsignedBytes = Encoding.ASCII.GetBytes(unsigned);
        return new SignedScript(
            fileName,
            signedBytes,
            unsigned,
            _key.Thumbprint,
            Hex(SHA256.HashData(unsignedBytes)),
            Hex(SHA256.HashData(signedBytes)),
            signedBytes.Length - unsignedBytes.Length,
            timestampTime);
    }

    /// <summary>Signs a file in place (written only once the signature is complete).</summary>
    public async Task<SignedScript> SignFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var signed = await SignAsync(bytes, path, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(path, signed.SignedBytes, cancellationToken).ConfigureAwait(false);
        return signed;
    }

    public void Dispose() => _key.Dispose();

    internal static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
