using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using AovpnRemediations.Profile.Model;

namespace AovpnRemediations.Profile.Loading;

/// <summary>
/// Reads aovpn.json: syntax, then the schema, then the certificate files it names. Every problem found
/// is reported at once, each with file, JSON path, line/column and a fix.
/// </summary>
public sealed class ProfileLoader(TimeProvider clock)
{
    public static JsonSerializerOptions SerializerOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public LoadedProfile Load(ProfileSource source)
    {
        var file = source.DisplayName;
        byte[] bytes;
        try
        {
            bytes = source.ReadProfile();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ProfileException(new ProfileError(file, null, null, null, "the profile file does not exist.", "check the path, or run `aovpn-remediations init` to write a starter aovpn.json."));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProfileException(new ProfileError(file, null, null, null, $"the profile file cannot be read: {e.Message}", "check that the file exists and you may read it."));
        }

        var json = StripUtf8Bom(bytes);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = (int)(e.BytePositionInLine ?? 0) + 1;
            throw new ProfileException(new ProfileError(file, null, line, column, $"the file is not valid JSON: {FirstSentence(e.Message)}", "fix the JSON syntax at that position (comments and trailing commas are not allowed)."));
        }

        using (document)
        {
            var locator = JsonLocator.Index(json);
            if (locator.DuplicateProperties.Count > 0)
            {
                throw new ProfileException([.. locator.DuplicateProperties.Select(d => new ProfileError(
                    file, d.Path, d.Line, d.Column, "is written twice in the same object; only one would count.", "keep one of them (merge their settings)."))]);
            }

            var schemaErrors = ProfileSchema.Embedded.Validate(document.RootElement, file, locator);
            if (schemaErrors.Count > 0)
            {
                throw new ProfileException(schemaErrors);
            }

            OrgProfile profile;
            try
            {
                profile = document.RootElement.Deserialize<OrgProfile>(SerializerOptions)!;
            }
            catch (JsonException e)
            {
                // The schema should have caught this; report it anyway rather than crash.
                var location = locator.Locate(PointerFromJsonPath(e.Path));
                throw new ProfileException(new ProfileError(file, location.Path, location.Line, location.Column, FirstSentence(e.Message), "correct the value's type."));
            }

            var errors = new List<ProfileError>();
            var roots = ReadCertificates(source, locator, profile.Pki.RootCertificates, i => JsonLocator.Pointer("pki", "rootCertificates", i), errors);
            var intermediates = ReadCertificates(source, locator, profile.Pki.IntermediateCertificates, i => JsonLocator.Pointer("pki", "intermediateCertificates", i), errors);
            var blocked = ReadCertificates(source, locator, [.. profile.DenyList.Devices.Select(d => new CertificateReference { File = d.Certificate })], i => JsonLocator.Pointer("denyList", "devices", i, "certificate"), errors);
            if (roots.Count == profile.Pki.RootCertificates.Count)
            {
                // Chain checks only make sense once every root could be read.
                CheckCertificateAuthorities(source, locator, roots, intermediates, errors);
            }

            CheckBlockedDevices(source, locator, blocked, errors);
            CheckDuplicates(source, locator, roots.Concat(intermediates).ToList(), errors);
            if (errors.Count > 0)
            {
                throw new ProfileException(errors);
            }

            return new LoadedProfile(
                source,
                profile,
                Convert.ToHexStringLower(SHA256.HashData(bytes)),
                locator,
                [.. roots.Select(r => r.Certificate)],
                [.. intermediates.Select(i => i.Certificate)],
                [.. blocked.Select(b => b.Certificate)]);
        }
    }

    private static List<Located> ReadCertificates(ProfileSource source, JsonLocator locator, IReadOnlyList<CertificateReference> references, Func<int, string> pointerOf, List<ProfileError> errors)
    {
        var result = new List<Located>();
        for (var i = 0; i < references.Count; i++)
        {
            var reference = references[i];
            var pointer = pointerOf(i);
            var location = locator.Locate(reference.Thumbprint is null ? pointer : pointer + "/file");
            var described = source.DescribeRelative(reference.File);
            byte[] bytes;
            try
            {
                bytes = source.ReadRelative(reference.File);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                errors.Add(Error(source, location, $"certificate file '{described}' does not exist.", "check the path; it is relative to the profile's folder."));
                continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(Error(source, location, $"certificate file '{described}' cannot be read: {e.Message}", "check that the file exists and you may read it."));
                continue;
            }

            var (certificate, problem, fix) = CertificateFileReader.Read(reference.File, bytes);
            if (certificate is null)
            {
                errors.Add(Error(source, location, $"'{described}': {problem}", fix!));
                continue;
            }

            var pinned = reference.Thumbprint?.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
            if (pinned is not null && pinned != certificate.Thumbprint)
            {
                errors.Add(Error(source, locator.Locate(pointer + "/thumbprint"), $"'{described}' has thumbprint {certificate.Thumbprint}, not the pinned {pinned}.", "check that the file is the CA certificate you meant; update the thumbprint only if the CA was renewed."));
                continue;
            }

            result.Add(new Located(certificate, pointer, location));
        }

        return result;
    }

    private void CheckCertificateAuthorities(ProfileSource source, JsonLocator locator, List<Located> roots, List<Located> intermediates, List<ProfileError> errors)
    {
        var now = clock.GetUtcNow();
        foreach (var (certificate, _, location) in roots.Concat(intermediates))
        {
            if (certificate.NotAfter <= now)
            {
                errors.Add(Error(source, location, $"CA certificate '{certificate.Subject}' expired on {certificate.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.", "replace it with the CA's current certificate; clients cannot chain to an expired CA."));
            }
            else if (certificate.NotBefore > now)
            {
                errors.Add(Error(source, location, $"CA certificate '{certificate.Subject}' is not valid before {certificate.NotBefore.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.", "check the file; a CA certificate from the future is usually the wrong file or a wrong clock."));
            }

            if (!certificate.IsCertificateAuthority)
            {
                errors.Add(Error(source, location, $"'{certificate.Subject}' is not a CA certificate (no CA basic constraint).", "list only root and issuing CA certificates here; device or user certificates go elsewhere."));
            }
        }

        foreach (var (certificate, _, location) in roots)
        {
            if (!certificate.IsSelfIssued)
            {
                errors.Add(Error(source, location, $"'{certificate.Subject}' is issued by '{certificate.Issuer}', so it is not a root CA.", "move it to pki.intermediateCertificates and list its root in pki.rootCertificates."));
            }
        }

        var authorities = roots.Concat(intermediates).Select(l => l.Certificate).ToList();
        foreach (var (certificate, _, location) in intermediates)
        {
            if (certificate.IsSelfIssued)
            {
                errors.Add(Error(source, location, $"'{certificate.Subject}' is self-issued, so it is a root CA.", "move it to pki.rootCertificates."));
            }
            else if (!authorities.Any(a => a != certificate && IssuedBy(certificate, a)))
            {
                errors.Add(Error(source, location, $"'{certificate.Subject}' is not issued by any CA of the profile (issuer '{certificate.Issuer}').", "add its issuing CA to pki.rootCertificates or pki.intermediateCertificates."));
            }
        }
    }

    private static void CheckBlockedDevices(ProfileSource source, JsonLocator locator, List<Located> blocked, List<ProfileError> errors)
    {
        foreach (var (certificate, _, location) in blocked.Where(b => b.Certificate.IsCertificateAuthority))
        {
            errors.Add(Error(source, location, $"'{certificate.Subject}' is a CA certificate; putting it in Disallowed would block every certificate it issued.", "point at the blocked device's own certificate."));
        }
    }

    private static void CheckDuplicates(ProfileSource source, JsonLocator locator, List<Located> authorities, List<ProfileError> errors)
    {
        foreach (var group in authorities.GroupBy(a => a.Certificate.Thumbprint).Where(g => g.Count() > 1))
        {
            var second = group.Skip(1).First();
            errors.Add(Error(source, second.Location, $"certificate {group.Key} ('{second.Certificate.Subject}') is listed more than once.", "list each CA certificate once."));
        }
    }

    private static bool IssuedBy(ProfileCertificate child, ProfileCertificate issuer)
    {
        if (!string.Equals(child.Issuer, issuer.Subject, StringComparison.Ordinal))
        {
            return false;
        }

        using var childCertificate = child.Load();
        using var issuerCertificate = issuer.Load();
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority | X509VerificationFlags.IgnoreNotTimeValid;
        if (issuerCertificate.Subject == issuerCertificate.Issuer)
        {
            chain.ChainPolicy.CustomTrustStore.Add(issuerCertificate);
        }
        else
        {
            chain.ChainPolicy.ExtraStore.Add(issuerCertificate);
        }

        chain.Build(childCertificate);
        return chain.ChainElements.Count > 1 && chain.ChainElements[1].Certificate.Thumbprint == issuerCertificate.Thumbprint
            && chain.ChainElements[0].ChainElementStatus.All(s => s.Status is X509ChainStatusFlags.NoError or X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain or X509ChainStatusFlags.NotTimeValid);
    }

    private static ProfileError Error(ProfileSource source, JsonLocation location, string message, string fix) =>
        new(source.DisplayName, location.Path, location.Line, location.Column, message, fix);

    private static byte[] StripUtf8Bom(byte[] bytes) =>
        bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? bytes[3..] : bytes;

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).Trim();
    }

    private static string PointerFromJsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return string.Empty;
        }

        var pointer = path.TrimStart('$').Replace("['", "/", StringComparison.Ordinal).Replace("']", string.Empty, StringComparison.Ordinal)
            .Replace("[", "/", StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal).Replace('.', '/');
        return pointer.StartsWith('/') ? pointer : "/" + pointer;
    }

    private sealed record Located(ProfileCertificate Certificate, string Pointer, JsonLocation Location);
}
