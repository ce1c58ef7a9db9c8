using Azure.Core;
using Azure.Identity;

namespace AovpnRemediations.Graph.Credentials;

/// <summary>The credential chosen for a run, what to call it in messages, and the values the redactor must hide.</summary>
public sealed record GraphCredential(TokenCredential Credential, string Description, IReadOnlyList<string> Secrets);

/// <summary>
/// Picks the credential from the environment, in this order:
/// <list type="number">
/// <item><c>AOVPN_GRAPH_ACCESS_TOKEN</c>: a static bearer token (emulator, CI);</item>
/// <item><c>AZURE_TENANT_ID</c> + <c>AZURE_CLIENT_ID</c> + <c>AZURE_CLIENT_SECRET</c> or <c>AZURE_CLIENT_CERTIFICATE_PATH</c>: Azure.Identity's EnvironmentCredential;</item>
/// <item>a managed identity endpoint in the environment (<c>IDENTITY_ENDPOINT</c>/<c>MSI_ENDPOINT</c>), or no terminal to ask on: ManagedIdentityCredential
/// (user-assigned when <c>AZURE_CLIENT_ID</c> is set);</item>
/// <item>otherwise, on a terminal: DeviceCodeCredential (public client <c>AOVPN_GRAPH_CLIENT_ID</c>, default Microsoft Graph Command Line Tools).</item>
/// </list>
/// </summary>
public static class GraphCredentials
{
    public const string AccessTokenVariable = "AOVPN_GRAPH_ACCESS_TOKEN";
    public const string PublicClientVariable = "AOVPN_GRAPH_CLIENT_ID";

    /// <summary>Microsoft Graph Command Line Tools, the public client Microsoft's own Graph PowerShell uses for device code sign-in.</summary>
    public const string DefaultPublicClientId = "14d82eec-204b-4c2f-b7e8-296a70dab67e";

    /// <summary>The variables whose values must never be shown, whichever credential is chosen.</summary>
    public static IReadOnlyList<string> SecretVariables { get; } = [AccessTokenVariable, "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_PASSWORD"];

    /// <summary>The secret values set in <paramref name="env"/>, to hand to a <see cref="Redactor"/> before anything can fail.</summary>
    public static List<string> SecretsIn(Func<string, string?> env) =>
        [.. SecretVariables.Select(env).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];

    public static GraphCredential FromEnvironment(Func<string, string?> env, bool interactive, Action<string> deviceCodePrompt)
    {
        var secrets = SecretsIn(env);

        if (env(AccessTokenVariable) is { Length: > 0 } token)
        {
            return new GraphCredential(new StaticTokenCredential(token.Trim()), $"static token from {AccessTokenVariable}", secrets);
        }

        var tenant = env("AZURE_TENANT_ID");
        var client = env("AZURE_CLIENT_ID");
        if (!string.IsNullOrEmpty(tenant) && !string.IsNullOrEmpty(client)
            && (!string.IsNullOrEmpty(env("AZURE_CLIENT_SECRET")) || !string.IsNullOrEmpty(env("AZURE_CLIENT_CERTIFICATE_PATH"))))
        {
            var kind = string.IsNullOrEmpty(env("AZURE_CLIENT_SECRET")) ? "certificate" : "client secret";
            return new GraphCredential(new EnvironmentCredential(), $"app {client} ({kind} from AZURE_* variables)", secrets);
        }

        if (!interactive || !string.IsNullOrEmpty(env("IDENTITY_ENDPOINT")) || !string.IsNullOrEmpty(env("MSI_ENDPOINT")))
        {
            var id = string.IsNullOrEmpty(client) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(client);
            return new GraphCredential(new ManagedIdentityCredential(id),
                string.IsNullOrEmpty(client) ? "managed identity (system-assigned)" : $"managed identity {client}", secrets);
        }

        var options = new DeviceCodeCredentialOptions
        {
            ClientId = env(PublicClientVariable) is { Length: > 0 } publicClient ? publicClient : DefaultPublicClientId,
            TenantId = string.IsNullOrEmpty(tenant) ? "organizations" : tenant,
            DeviceCodeCallback = (info, _) =>
            {
                deviceCodePrompt(info.Message);
                return Task.CompletedTask;
            },
        };
        return new GraphCredential(new DeviceCodeCredential(options), "device code sign-in", secrets);
    }

    /// <summary>The scope to ask for: the resource's .default (https://graph.microsoft.com/.default for the global cloud).</summary>
    public static string[] DefaultScopes(Uri baseUrl) =>
        baseUrl.IsLoopback || baseUrl.Scheme != Uri.UriSchemeHttps
            ? ["https://graph.microsoft.com/.default"]
            : [$"{baseUrl.GetLeftPart(UriPartial.Authority)}/.default"];
}
