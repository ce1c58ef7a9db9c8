using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;
using Azure.Identity;

namespace AovpnRemediations.Graph.Credentials;

/// <summary>
/// One tenant of a several-tenant run (<c>--tenant FILE</c>, repeatable): who to sign in as and, optionally, its own Graph
/// URL and output folder. Secrets never live in the file: it names the environment variable that holds them, so the file
/// can be committed beside the profile.
/// <code>
/// { "name": "contoso", "tenantId": "…", "clientId": "…", "clientSecretVariable": "CONTOSO_GRAPH_SECRET", "output": "output-contoso" }
/// </code>
/// Exactly one way to sign in: <c>clientSecretVariable</c>, <c>clientCertificatePath</c> (with an optional
/// <c>clientCertificatePasswordVariable</c>), <c>managedIdentity: true</c>, <c>accessTokenVariable</c> (a token obtained
/// elsewhere; CI and the emulator) or none of them (device code sign-in on a terminal).
/// </summary>
public sealed record TenantProfile
{
    public string Name { get; init; } = "";

    public string? TenantId { get; init; }

    public string? ClientId { get; init; }

    public string? ClientSecretVariable { get; init; }

    public string? ClientCertificatePath { get; init; }

    public string? ClientCertificatePasswordVariable { get; init; }

    public bool ManagedIdentity { get; init; }

    public string? AccessTokenVariable { get; init; }

    public Uri? GraphBaseUrl { get; init; }

    /// <summary>The output folder plan and apply read for this tenant (relative to the file); null: the command's --output.</summary>
    public string? Output { get; init; }

    /// <summary>The file it was read from.</summary>
    [JsonIgnore]
    public string Path { get; init; } = "";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads and checks a tenant file; every problem is a <see cref="TenantProfileException"/> naming the file and the fix.</summary>
    public static TenantProfile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new TenantProfileException($"--tenant '{path}': the file does not exist.");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new TenantProfileException($"--tenant '{path}': cannot read it ({e.Message}).");
        }

        if (text.Contains("\"clientSecret\"", StringComparison.OrdinalIgnoreCase) || text.Contains("\"accessToken\"", StringComparison.OrdinalIgnoreCase))
        {
            throw new TenantProfileException($"--tenant '{path}': a secret is written in the file. Put it in an environment variable and name the variable in clientSecretVariable (or accessTokenVariable).");
        }

        TenantProfile profile;
        try
        {
            profile = JsonSerializer.Deserialize<TenantProfile>(text, Json)
                ?? throw new TenantProfileException($"--tenant '{path}': the file is empty.");
        }
        catch (JsonException e)
        {
            throw new TenantProfileException($"--tenant '{path}': not a valid tenant file ({e.Message}). Expected {{ \"name\", \"tenantId\", \"clientId\", \"clientSecretVariable\" | \"clientCertificatePath\" | \"managedIdentity\" | \"accessTokenVariable\", \"graphBaseUrl\"?, \"output\"? }}.");
        }

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        profile = profile with
        {
            Path = path,
            Name = string.IsNullOrWhiteSpace(profile.Name) ? System.IO.Path.GetFileNameWithoutExtension(path) : profile.Name.Trim(),
            ClientCertificatePath = profile.ClientCertificatePath is { } cert ? System.IO.Path.Combine(folder, cert) : null,
            Output = profile.Output is { } output ? System.IO.Path.Combine(folder, output) : null,
        };

        var ways = new[] { profile.ClientSecretVariable is not null, profile.ClientCertificatePath is not null, profile.ManagedIdentity, profile.AccessTokenVariable is not null }.Count(w => w);
        if (ways > 1)
        {
            throw new TenantProfileException($"--tenant '{path}': give one way to sign in (clientSecretVariable, clientCertificatePath, managedIdentity or accessTokenVariable), not {ways}.");
        }

        if ((profile.ClientSecretVariable is not null || profile.ClientCertificatePath is not null)
            && (string.IsNullOrWhiteSpace(profile.TenantId) || string.IsNullOrWhiteSpace(profile.ClientId)))
        {
            throw new TenantProfileException($"--tenant '{path}': tenantId and clientId are required with a client secret or certificate.");
        }

        return profile;
    }

    /// <summary>The credential the file describes, its secrets read from <paramref name="environment"/>.</summary>
    public GraphCredential Credential(Func<string, string?> environment, bool interactive, Action<string> deviceCodePrompt)
    {
        string Secret(string variable, string what) =>
            environment(variable) is { Length: > 0 } value
                ? value
                : throw new TenantProfileException($"--tenant '{Path}': the environment variable {variable} ({what}) is not set.");

        var secrets = GraphCredentials.SecretsIn(environment);
        if (AccessTokenVariable is { } tokenVariable)
        {
            var token = Secret(tokenVariable, "the access token");
            return new GraphCredential(new StaticTokenCredential(token.Trim()), $"static token from {tokenVariable}", [.. secrets, token]);
        }

        if (ClientSecretVariable is { } secretVariable)
        {
            var secret = Secret(secretVariable, "the client secret");
            return new GraphCredential(new ClientSecretCredential(TenantId, ClientId, secret), $"app {ClientId} (client secret from {secretVariable})", [.. secrets, secret]);
        }

        if (ClientCertificatePath is { } certificatePath)
        {
            if (!File.Exists(certificatePath))
            {
                throw new TenantProfileException($"--tenant '{Path}': clientCertificatePath '{certificatePath}' does not exist.");
            }

            TokenCredential credential;
            var extra = new List<string>();
            if (ClientCertificatePasswordVariable is { } passwordVariable)
            {
                var password = Secret(passwordVariable, "the certificate password");
                extra.Add(password);
                credential = new ClientCertificateCredential(TenantId, ClientId, X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password));
            }
            else
            {
                credential = new ClientCertificateCredential(TenantId, ClientId, certificatePath);
            }

            return new GraphCredential(credential, $"app {ClientId} (certificate {System.IO.Path.GetFileName(certificatePath)})", [.. secrets, .. extra]);
        }

        if (ManagedIdentity)
        {
            var id = string.IsNullOrEmpty(ClientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(ClientId);
            return new GraphCredential(new ManagedIdentityCredential(id), string.IsNullOrEmpty(ClientId) ? "managed identity (system-assigned)" : $"managed identity {ClientId}", secrets);
        }

        if (!interactive)
        {
            throw new TenantProfileException($"--tenant '{Path}' names no credential and there is no terminal for device code sign-in; add clientSecretVariable, clientCertificatePath, managedIdentity or accessTokenVariable.");
        }

        var options = new DeviceCodeCredentialOptions
        {
            ClientId = string.IsNullOrEmpty(ClientId) ? GraphCredentials.DefaultPublicClientId : ClientId,
            TenantId = string.IsNullOrEmpty(TenantId) ? "organizations" : TenantId,
            DeviceCodeCallback = (info, _) =>
            {
                deviceCodePrompt($"[{Name}] {info.Message}");
                return Task.CompletedTask;
            },
        };
        return new GraphCredential(new DeviceCodeCredential(options), "device code sign-in", secrets);
    }
}

/// <summary>A tenant file cannot be used; the message names the file and the fix.</summary>
public sealed class TenantProfileException(string message) : Exception(message);
