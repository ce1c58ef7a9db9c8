using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Microsoft.AspNetCore.Http;

namespace AovpnRemediations.TestSupport.Signing;

/// <summary>
/// The three Key Vault REST operations the signer uses, on loopback: GET keys/{name}[/{version}],
/// POST keys/{name}/{version}/sign, GET certificates/{name}[/{version}], each needing api-version=7.4 and the
/// expected bearer token. It holds the private keys and signs the digests it is sent, as the service does.
/// </summary>
public sealed class KeyVaultEmulator : IAsyncDisposable
{
    public const string Token = "emulator-token";
    public const string KeyVersion = "0123456789abcdef0123456789abcdef";

    private readonly Dictionary<string, AsymmetricAlgorithm> _keys = [];
    private readonly Dictionary<string, X509Certificate2> _certificates = [];
    private LoopbackServer? _server;

    public ConcurrentQueue<(string Method, string Path, string Body)> Log { get; } = new();

    public Uri VaultUri => _server!.BaseUrl;

    public static async Task<KeyVaultEmulator> StartAsync()
    {
        var emulator = new KeyVaultEmulator();
        emulator._server = await LoopbackServer.StartAsync(emulator.HandleAsync);
        return emulator;
    }

    /// <summary>Adds a key; the certificate (issued for it) is also served as a Key Vault certificate of the same name.</summary>
    public void Add(string name, X509Certificate2 certificateWithKey, bool asCertificate = true)
    {
        _keys[name] = (AsymmetricAlgorithm?)certificateWithKey.GetRSAPrivateKey() ?? certificateWithKey.GetECDsaPrivateKey()!;
        if (asCertificate)
        {
            _certificates[name] = X509CertificateLoader.LoadCertificate(certificateWithKey.RawData);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        Log.Enqueue((request.Method, request.Path.Value ?? string.Empty, body));
        if (request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await Error(context, 401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
            return;
        }

        if (request.Query["api-version"] != "7.4")
        {
            await Error(context, 400, "BadParameter", "The specified version is not supported.");
            return;
        }

        var segments = (request.Path.Value ?? string.Empty).Trim('/').Split('/');
        switch (request.Method, segments)
        {
            case ("GET", ["keys", var name, ..]) when _keys.TryGetValue(name, out var key):
                await Json(context, new JsonObject { ["key"] = Jwk(name, key), ["attributes"] = new JsonObject { ["enabled"] = true } });
                return;
            case ("POST", ["keys", var name, KeyVersion, "sign"]) when _keys.TryGetValue(name, out var key):
                await SignAsync(context, name, key, body);
                return;
            case ("GET", ["certificates", var name, ..]) when _certificates.TryGetValue(name, out var certificate):
                await Json(context, new JsonObject
                {
                    ["id"] = $"{VaultUri}certificates/{name}/{KeyVersion}",
                    ["kid"] = $"{VaultUri}keys/{name}/{KeyVersion}",
                    ["cer"] = Convert.ToBase64String(certificate.RawData),
                });
                return;
            default:
                await Error(context, 404, "KeyNotFound", $"{request.Method} {request.Path} was not found in this vault.");
                return;
        }
    }

    private async Task SignAsync(HttpContext context, string name, AsymmetricAlgorithm key, string body)
    {
        var json = JsonNode.Parse(body)!;
        var alg = (string)json["alg"]!;
        var digest = FromBase64Url((string)json["value"]!);
        byte[] signature;
        switch (key, alg, digest.Length)
        {
            case (RSA rsa, "RS256", 32):
            case (RSA rsa2, "RS384", 48):
            case (RSA rsa3, "RS512", 64):
                var hash = alg switch { "RS256" => HashAlgorithmName.SHA256, "RS384" => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 };
                signature = ((RSA)key).SignHash(digest, hash, RSASignaturePadding.Pkcs1);
                break;
            case (ECDsa ecdsa, "ES256", 32) when ecdsa.KeySize == 256:
                signature = ecdsa.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                break;
            default:
                await Error(context, 400, "BadParameter", $"Algorithm {alg} with a {digest.Length}-byte digest does not fit key {name}.");
                return;
        }

        await Json(context, new JsonObject { ["kid"] = $"{VaultUri}keys/{name}/{KeyVersion}", ["value"] = ToBase64Url(signature) });
    }

    private JsonObject Jwk(string name, AsymmetricAlgorithm key)
    {
        var jwk = new JsonObject { ["kid"] = $"{VaultUri}keys/{name}/{KeyVersion}", ["key_ops"] = new JsonArray("sign", "verify") };
        if (key is RSA rsa)
        {
            var p = rsa.ExportParameters(false);
            jwk["kty"] = "RSA-HSM";
            jwk["n"] = ToBase64Url(p.Modulus!);
            jwk["e"] = ToBase64Url(p.Exponent!);
        }
        else
        {
            var p = ((ECDsa)key).ExportParameters(false);
            jwk["kty"] = "EC";
            jwk["crv"] = "P-256";
            jwk["x"] = ToBase64Url(p.Q.X!);
            jwk["y"] = ToBase64Url(p.Q.Y!);
        }

        return jwk;
    }

    private static Task Json(HttpContext context, JsonObject value)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(value.ToJsonString());
    }

    private static Task Error(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return Json(context, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
    }

    public static string ToBase64Url(byte[] value) => Convert.ToBase64String(value).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string value) =>
        Convert.FromBase64String(value.Replace('-', '+').Replace('_', '/').PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '='));

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>A credential handing out a fixed token, recording the scopes asked for.</summary>
public sealed class FixedTokenCredential(string token) : TokenCredential
{
    public ConcurrentQueue<string> Scopes { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            Scopes.Enqueue(scope);
        }

        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
