using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AovpnRemediations.Signing.Providers;

namespace AovpnRemediations.Signing.Verification;

/// <summary>What a verification trusts. Only the anchors given here: the system's root store is never consulted.</summary>
public sealed record SignatureVerificationOptions
{
    /// <summary>Roots (or self-signed signers) the signer must chain to.</summary>
    public required X509Certificate2Collection TrustAnchors { get; init; }

    /// <summary>Roots a timestamp authority must chain to; <see cref="TrustAnchors"/> when null.</summary>
    public X509Certificate2Collection? TimestampTrustAnchors { get; init; }

    /// <summary>"Now" for signatures without a timestamp; the system clock when null.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Require the Code Signing EKU along the chain, as Windows does for scripts.</summary>
    public bool RequireCodeSigningEku { get; init; } = true;
}

public enum SignatureProblemCode
{
    NotSigned,
    UnsafeEncoding,
    MalformedSignature,
    NotPowerShellSignature,
    UnsupportedDigest,
    /// <summary>The text is not the text that was signed: the file changed after signing.</summary>
    ContentChanged,
    BadSignature,
    UntrustedChain,
    SignerNotTimeValid,
    NotCodeSigningCertificate,
    BadTimestamp,
    UntrustedTimestamp,
}

public sealed record SignatureProblem(SignatureProblemCode Code, string Message);

/// <summary>The outcome of verifying one script.</summary>
public sealed record SignatureVerificationResult
{
    public required string FileName { get; init; }

    public bool IsSigned { get; init; }

    public bool IsValid => IsSigned && Problems.Count == 0;

    public string? SignerThumbprint { get; init; }

    public string? SignerSubject { get; init; }

    /// <summary>E.g. "SHA256".</summary>
    public string? DigestAlgorithm { get; init; }

    /// <summary>The time the timestamp authority vouches for, when there is a valid token.</summary>
    public DateTimeOffset? TimestampTime { get; init; }

    /// <summary>The time the signer's chain was checked at: the timestamp time, else now.</summary>
    public DateTimeOffset? VerifiedAt { get; init; }

    public IReadOnlyList<SignatureProblem> Problems { get; init; } = [];

    public override string ToString() => IsValid
        ? $"{FileName}: valid, signed by {SignerSubject} ({SignerThumbprint})"
        : $"{FileName}: " + string.Join("; ", Problems.Select(p => p.Message));
}

/// <summary>
/// Verifies a signed script the way a device would, with our own trust anchors: the PowerShell SIP digest of the
/// text before the block, the CMS signature, the chain at signing time (the timestamp's) or now, the timestamp token.
/// </summary>
public static class ScriptSignatureVerifier
{
    public static SignatureVerificationResult Verify(ReadOnlySpan<byte> file, string fileName, SignatureVerificationOptions options)
    {
        var problems = new List<SignatureProblem>();
        SignatureVerificationResult Result(bool signed) => new() { FileName = fileName, IsSigned = signed, Problems = problems };

        var encodingProblem = SignableText.FindProblem(file, fileName);
        if (encodingProblem is not null)
        {
            problems.Add(new(SignatureProblemCode.UnsafeEncoding, encodingProblem));
            return Result(signed: false);
        }

        SplitScript split;
        try
        {
            split = SignatureBlock.Split(Encoding.ASCII.GetString(file), fileName);
        }
        catch (ScriptSigningException e)
        {
            problems.Add(new(SignatureProblemCode.MalformedSignature, e.Message));
            return Result(signed: true);
        }

        if (split.Signature is null)
        {
            problems.Add(new(SignatureProblemCode.NotSigned, $"{fileName}: not signed (no '{SignatureBlock.BeginLine}' block at the end)."));
            return Result(signed: false);
        }

        var cms = new SignedCms();
        string digestOid;
        byte[] signedDigest;
        try
        {
            cms.Decode(split.Signature);
            if (cms.ContentInfo.ContentType.Value != Oids.SpcIndirectDataContent)
            {
                throw new CryptographicException($"the content type is {cms.ContentInfo.ContentType.Value}, not Authenticode's SpcIndirectDataContent");
            }

            (digestOid, signedDigest) = PowerShellSip.DecodeIndirectData(cms.ContentInfo.Content);
        }
        catch (Exception e) when (e is CryptographicException or System.Formats.Asn1.AsnContentException)
        {
            problems.Add(new(SignatureProblemCode.NotPowerShellSignature, $"{fileName}: the signature block is not an Authenticode signature of a PowerShell script ({e.Message.TrimEnd('.')})."));
            return Result(signed: true);
        }

        if (cms.SignerInfos.Count != 1)
        {
            problems.Add(new(SignatureProblemCode.MalformedSignature, $"{fileName}: the signature has {cms.SignerInfos.Count} signers; Authenticode has exactly one."));
            return Result(signed: true);
        }

        var signerInfo = cms.SignerInfos[0];
        var signer = signerInfo.Certificate;
        var digestAlgorithm = DigestAlgorithms.FromOid(digestOid);
        var result = new SignatureVerificationResult
        {
            FileName = fileName,
            IsSigned = true,
            SignerThumbprint = signer?.Thumbprint,
            SignerSubject = signer?.Subject,
            DigestAlgorithm = digestAlgorithm?.Name ?? digestOid,
            Problems = problems,
        };

        if (digestAlgorithm is not { } algorithm)
        {
            problems.Add(new(SignatureProblemCode.UnsupportedDigest, $"{fileName}: digest algorithm {digestOid} is not SHA-256, SHA-384 or SHA-512."));
            return result;
        }

        if (!CryptographicOperations.FixedTimeEquals(PowerShellSip.Digest(split.UnsignedText, algorithm), signedDigest))
        {
            problems.Add(new(SignatureProblemCode.ContentChanged, $"{fileName}: the script text is not the text that was signed (it changed after signing); rebuild and sign it again."));
        }

        if (signer is null)
        {
            problems.Add(new(SignatureProblemCode.MalformedSignature, $"{fileName}: the signer's certificate is not in the signature."));
            return result;
        }

        try
        {
            // The signature over the signed attributes, and the message digest attribute over the content.
            signerInfo.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException e)
        {
            problems.Add(new(SignatureProblemCode.BadSignature, $"{fileName}: the signature does not verify with the signer's certificate ({e.Message.TrimEnd('.')})."));
            return result;
        }

        var timestamp = CheckTimestamp(signerInfo, cms, fileName, options, problems);
        var at = timestamp ?? options.Now ?? DateTimeOffset.UtcNow;
        CheckChain(signer, cms.Certificates, at, timestamp is not null, fileName, options, problems);
        return result with { TimestampTime = timestamp, VerifiedAt = at };
    }

    public static SignatureVerificationResult VerifyFile(string path, SignatureVerificationOptions options) =>
        Verify(File.ReadAllBytes(path), path, options);

    private static DateTimeOffset? CheckTimestamp(SignerInfo signerInfo, SignedCms cms, string fileName, SignatureVerificationOptions options, List<SignatureProblem> problems)
    {
        var attribute = signerInfo.UnsignedAttributes.Cast<CryptographicAttributeObject>()
            .FirstOrDefault(a => a.Oid.Value == Oids.SpcRfc3161Timestamp);
        if (attribute is null)
        {
            return null;
        }

        if (attribute.Values.Count != 1 || !Rfc3161TimestampToken.TryDecode(attribute.Values[0].RawData, out var token, out _))
        {
            problems.Add(new(SignatureProblemCode.BadTimestamp, $"{fileName}: the RFC 3161 timestamp attribute cannot be read."));
            return null;
        }

        if (!token.VerifySignatureForSignerInfo(signerInfo, out var tsaCertificate, cms.Certificates) || tsaCertificate is null)
        {
            problems.Add(new(SignatureProblemCode.BadTimestamp, $"{fileName}: the timestamp does not verify, or is not over this signature."));
            return null;
        }

        var time = token.TokenInfo.Timestamp;
        using var chain = NewChain(options.TimestampTrustAnchors ?? options.TrustAnchors, token.AsSignedCms().Certificates, time, Oids.TimeStampingEku);
        if (!chain.Build(tsaCertificate))
        {
            problems.Add(new(SignatureProblemCode.UntrustedTimestamp, $"{fileName}: the timestamp authority {tsaCertificate.Subject} is not trusted at {time.UtcDateTime:u} ({Describe(chain)})."));
            return null;
        }

        return time;
    }

    private static void CheckChain(X509Certificate2 signer, X509Certificate2Collection embedded, DateTimeOffset at, bool timestamped, string fileName, SignatureVerificationOptions options, List<SignatureProblem> problems)
    {
        using var chain = NewChain(options.TrustAnchors, embedded, at, options.RequireCodeSigningEku ? Oids.CodeSigningEku : null);
        if (chain.Build(signer))
        {
            return;
        }

        var statuses = chain.ChainStatus.Select(s => s.Status).ToHashSet();
        var when = timestamped ? $"at the timestamp time {at.UtcDateTime:u}" : $"now ({at.UtcDateTime:u}; the signature has no timestamp)";
        if (statuses.Contains(X509ChainStatusFlags.NotTimeValid))
        {
            problems.Add(new(SignatureProblemCode.SignerNotTimeValid, $"{fileName}: the signer {signer.Subject} (valid {signer.NotBefore.ToUniversalTime():u} to {signer.NotAfter.ToUniversalTime():u}) or its chain is not time-valid {when}; sign again with a valid certificate{(timestamped ? string.Empty : " and a timestamp")}."));
        }

        if (statuses.Contains(X509ChainStatusFlags.NotValidForUsage) || !CodeSigningCertificates.AllowsCodeSigning(signer))
        {
            problems.Add(new(SignatureProblemCode.NotCodeSigningCertificate, $"{fileName}: the signer {signer.Subject} is not allowed to sign code (no Code Signing EKU along its chain)."));
        }

        statuses.Remove(X509ChainStatusFlags.NotTimeValid);
        statuses.Remove(X509ChainStatusFlags.NotValidForUsage);
        if (statuses.Count > 0)
        {
            problems.Add(new(SignatureProblemCode.UntrustedChain, $"{fileName}: the signer {signer.Subject} does not chain to a trusted root ({Describe(chain)}); trust its root, or sign with a certificate from a trusted CA."));
        }
    }

    private static X509Chain NewChain(X509Certificate2Collection anchors, X509Certificate2Collection extra, DateTimeOffset at, string? eku)
    {
        var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(anchors);
        policy.ExtraStore.AddRange(extra);
        // Revocation is the device's business (and needs the network); this check is about the bytes and the chain.
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.VerificationTime = at.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        if (eku is not null)
        {
            policy.ApplicationPolicy.Add(new Oid(eku));
        }

        return chain;
    }

    private static string Describe(X509Chain chain) =>
        string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation.Trim().TrimEnd('.')).Distinct());
}
