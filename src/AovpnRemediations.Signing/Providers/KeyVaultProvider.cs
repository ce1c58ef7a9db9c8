using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Azure.Core;

namespace AovpnRemediations.Signing.Providers;

/// <summary>Which Key Vault key signs, and where its certificate (public part) comes from.</summary>
public sealed record KeyVaultSignerOptions
{
    /// <summary>The vault, e.g. https://contoso-signing.vault.azure.net.</summary>
    public required Uri VaultUri { get; init; }

    /// <summary>
    /// A Key Vault certificate: its public certificate is read from the vault and its key (same name) signs.
    /// Set this, or <see cref="KeyName"/> and <see cref="CertificateFile"/>.
    /// </summary>
    public string? CertificateName { get; init; }

    public string? CertificateVersion { get; init; }

    /// <summary>A plain Key Vault key; its certificate comes from <see cref="CertificateFile"/>.</summary>
    public string? KeyName { get; init; }

    /// <summary>The key version; the current one when null.</summary>
    public string? KeyVersion { get; init; }

    /// <summary>PEM or DER file with the signer certificate (and any intermediates) for <see cref="KeyName"/>.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>The token scope; other clouds have other vault audiences.</summary>
    public string Scope { get; init; } = "https://vault.azure.net/.default";

    public string ApiVersion { get; init; } = "7.4";
}

/// <summary>
/// An Azure Key Vault (or Managed HSM) key, used through the REST API directly: the Key Vault Keys SDK is not
/// available to this project, and three calls are all that is needed (get key, get certificate, sign). Only the
/// digest of the signed attributes leaves the machine; the private key never does.
/// </summary>
public sealed class KeyVaultProvider : ICodeSigningProvider
{
    private readonly KeyVaultSignerOptions _options;
    private readonly TokenCredential _credential;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public KeyVaultProvider(KeyVaultSignerOptions options, TokenCredential credential, HttpClient? http = null, TimeProvider? time = null)
    {
        if ((options.CertificateName is null) == (options.KeyName is null))
        {
            throw new ScriptSigningException("Key Vault signing needs either a certificate name (its key signs) or a key name with a certificate file; give exactly one of them.");
        }

        if (options.KeyName is not null && options.CertificateFile is null)
        {
            throw new ScriptSigningException($"Key Vault key {options.KeyName} needs its certificate: give the certificate file (PEM or DER) that holds its public key, or sign with the Key Vault certificate instead.");
        }

        _options = options;
        _credential = credential;
        _http = http ?? new HttpClient();
        _time = time ?? TimeProvider.System;
    }

    public string Description => _options.CertificateName is not null
        ? $"Key Vault certificate {Url("certificates", _options.CertificateName, _options.CertificateVersion).GetLeftPart(UriPartial.Path)}"
        : $"Key Vault key {Url("keys", _options.KeyName!, _options.KeyVersion).GetLeftPart(UriPartial.Path)}";

    public async Task<CodeSigningKey> OpenAsync(CancellationToken cancellationToken = default)
    {
        List<X509Certificate2> certificates;
        string keyName;
        string? keyVersion;
        if (_options.CertificateName is not null)
        {
            using var bundle = await GetJsonAsync(Url("certificates", _options.CertificateName, _options.CertificateVersion), cancellationToken).ConfigureAwait(false);
            var cer = bundle.RootElement.GetProperty("cer").GetString() ?? throw Malformed("certificate", "cer");
            certificates = [X509CertificateLoader.LoadCertificate(Convert.FromBase64String(cer))];
            var kid = bundle.RootElement.GetProperty("kid").GetString() ?? throw Malformed("certificate", "kid");
            (keyName, keyVersion) = KeyOf(kid);
        }
        else
        {
            certificates = LoadCertificateFile(_options.CertificateFile!);
            keyName = _options.KeyName!;
            keyVersion = _options.KeyVersion;
        }

        using var keyBundle = await GetJsonAsync(Url("keys", keyName, keyVersion), cancellationToken).ConfigureAwait(false);
        var jwk = keyBundle.RootElement.GetProperty("key");
        // Pin the version the vault reports, so every script of a run is signed by the same key version.
        (_, keyVersion) = KeyOf(jwk.GetProperty("kid").GetString() ?? throw Malformed("key", "kid"));
        var signUrl = Url("keys", keyName, keyVersion, "/sign");

        AsymmetricAlgorithm key = KeyType(jwk) switch
        {
            "RSA" => new RemoteRsa(
                new RSAParameters { Modulus = Base64Url(jwk, "n"), Exponent = Base64Url(jwk, "e") },
                (digest, hash) => Sign(signUrl, "RS" + Bits(hash), digest)),
            "EC" => CreateEc(jwk, signUrl),
            var other => throw new ScriptSigningException($"{Description}: key type {other} cannot sign Authenticode signatures; use an RSA or EC key."),
        };

        var signer = certificates.FirstOrDefault(c => CodeSigningCertificates.KeyMatches(c, key));
        if (signer is null)
        {
            key.Dispose();
            throw new ScriptSigningException($"{Description}: the key {signUrl.GetLeftPart(UriPartial.Path)} is not the key of the certificate{(_options.CertificateFile is null ? string.Empty : " in " + _options.CertificateFile)}; give the certificate issued for this key.");
        }

        CodeSigningCertificates.CheckFitForSigning(signer, Description, _time.GetUtcNow());
        var chain = certificates.Where(c => !ReferenceEquals(c, signer) && !c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)).ToList();
        return new CodeSigningKey(signer, key, chain, Description);
    }

    private RemoteECDsa CreateEc(JsonElement jwk, Uri signUrl)
    {
        var curveName = jwk.GetProperty("crv").GetString();
        var (curve, alg, hash) = curveName switch
        {
            "P-256" => (ECCurve.NamedCurves.nistP256, "ES256", HashAlgorithmName.SHA256),
            "P-384" => (ECCurve.NamedCurves.nistP384, "ES384", HashAlgorithmName.SHA384),
            "P-521" => (ECCurve.NamedCurves.nistP521, "ES512", HashAlgorithmName.SHA512),
            _ => throw new ScriptSigningException($"{Description}: EC curve {curveName} is not supported; use P-256, P-384 or P-521."),
        };
        var parameters = new ECParameters { Curve = curve, Q = new ECPoint { X = Base64Url(jwk, "x"), Y = Base64Url(jwk, "y") } };
        return new RemoteECDsa(parameters, (digest, digestAlgorithm) =>
        {
            // Key Vault ties each ECDSA algorithm to one curve and one digest size.
            if (digestAlgorithm != hash)
            {
                throw new ScriptSigningException($"{Description}: a {curveName} key signs {hash.Name} digests only ({alg}); sign with the {hash.Name} digest algorithm.");
            }

            return Sign(signUrl, alg, digest);
        });
    }

    /// <summary>Synchronous on purpose: SignedCms calls SignHash synchronously, and blocking on async HTTP there could deadlock under a synchronization context.</summary>
    private byte[] Sign(Uri signUrl, string algorithm, byte[] digest)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["alg"] = algorithm, ["value"] = Base64UrlEncode(digest) });
        using var request = new HttpRequestMessage(HttpMethod.Post, signUrl)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        var token = _credential.GetToken(new TokenRequestContext([_options.Scope]), CancellationToken.None);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        using var response = _http.Send(request);
        using var stream = response.Content.ReadAsStream();
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        if (!response.IsSuccessStatusCode)
        {
            throw Failed("sign", signUrl, response, text);
        }

        using var result = JsonDocument.Parse(text);
        return Base64Url(result.RootElement, "value");
    }

    private async Task<JsonDocument> GetJsonAsync(Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var token = await _credential.GetTokenAsync(new TokenRequestContext([_options.Scope]), cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Failed("get", url, response, text);
        }

        return JsonDocument.Parse(text);
    }

    private ScriptSigningException Failed(string operation, Uri url, HttpResponseMessage response, string body)
    {
        var detail = string.Empty;
        try
        {
            using var error = JsonDocument.Parse(body);
            if (error.RootElement.TryGetProperty("error", out var e))
            {
                detail = $" {e.GetProperty("code").GetString()}: {e.GetProperty("message").GetString()}";
            }
        }
        catch (JsonException)
        {
            // Not a Key Vault error body (a proxy page, say): the status is all there is to say.
        }

        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        var hint = response.StatusCode switch
        {
            System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden =>
                " The signing identity needs get and sign on keys (role Key Vault Crypto User) and get on certificates (Key Vault Certificate User).",
            System.Net.HttpStatusCode.NotFound => " Check the vault URL and the key or certificate name and version.",
            _ => string.Empty,
        };
        return new ScriptSigningException($"{Description}: {operation} {url.GetLeftPart(UriPartial.Path)} failed with HTTP {status}{detail}.{hint}");
    }

    private Uri Url(string collection, string name, string? version, string suffix = "")
    {
        var path = $"{collection}/{Uri.EscapeDataString(name)}{(version is null ? string.Empty : "/" + Uri.EscapeDataString(version))}{suffix}";
        var baseUri = _options.VaultUri.AbsoluteUri.TrimEnd('/') + "/";
        return new Uri(new Uri(baseUri), $"{path}?api-version={_options.ApiVersion}");
    }

    /// <summary>
    /// Name and version from a key id (https://vault/keys/name/version). Only these are taken: the request then goes
    /// to the configured vault, so a key id naming another host never receives our token.
    /// </summary>
    private (string Name, string? Version) KeyOf(string kid)
    {
        var segments = new Uri(kid).AbsolutePath.Trim('/').Split('/');
        if (segments.Length < 2 || segments[0] != "keys")
        {
            throw new ScriptSigningException($"{Description}: the vault returned key id '{kid}', which is not .../keys/name/version.");
        }

        return (Uri.UnescapeDataString(segments[1]), segments.Length > 2 ? Uri.UnescapeDataString(segments[2]) : null);
    }

    private static string KeyType(JsonElement jwk) =>
        (jwk.GetProperty("kty").GetString() ?? string.Empty).Replace("-HSM", string.Empty, StringComparison.Ordinal);

    private static string Bits(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? "256"
        : hash == HashAlgorithmName.SHA384 ? "384"
        : hash == HashAlgorithmName.SHA512 ? "512"
        : throw new ScriptSigningException($"Key Vault RSA signing supports SHA-256/384/512 digests, not {hash.Name}.");

    private static List<X509Certificate2> LoadCertificateFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ScriptSigningException($"Certificate file {path} (for the Key Vault key) does not exist.");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.AsSpan().IndexOf("-----BEGIN CERTIFICATE-----"u8) >= 0)
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(Encoding.ASCII.GetString(bytes));
            return [.. collection];
        }

        return [X509CertificateLoader.LoadCertificate(bytes)];
    }

    private ScriptSigningException Malformed(string what, string field) =>
        new($"{Description}: the vault's {what} answer has no '{field}'.");

    private static byte[] Base64Url(JsonElement element, string property)
    {
        var value = element.GetProperty(property).GetString() ?? string.Empty;
        return Convert.FromBase64String(value.Replace('-', '+').Replace('_', '/').PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '='));
    }

    private static string Base64UrlEncode(byte[] value) =>
        Convert.ToBase64String(value).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
