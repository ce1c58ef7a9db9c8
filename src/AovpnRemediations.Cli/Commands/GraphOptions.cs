using System.CommandLine;
using AovpnRemediations.Graph;

namespace AovpnRemediations.Cli.Commands;

/// <summary>Options of the commands that talk to Microsoft Graph.</summary>
internal static class GraphOptions
{
    public static Option<Uri> BaseUrl() => new("--graph-base-url")
    {
        Description = "Graph service root (default https://graph.microsoft.com); plain http only for a local emulator on 127.0.0.1. "
            + "Credentials: AOVPN_GRAPH_ACCESS_TOKEN, or AZURE_TENANT_ID/AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, or a managed identity, or device code sign-in on a terminal.",
        DefaultValueFactory = _ => GraphConnectionOptions.DefaultBaseUrl,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                return uri;
            }

            result.AddError($"--graph-base-url '{text}' is not an absolute URL.");
            return GraphConnectionOptions.DefaultBaseUrl;
        },
    };

    public static Option<bool> Verbose() => new("--verbose", "-v")
    {
        Description = "Log every Graph request (method, URL, status, duration, attempt) to stderr; tokens and secrets are redacted.",
    };

    public static Option<bool> Yes() => new("--yes", "-y")
    {
        Description = "Do not ask for confirmation (scripts and CI).",
    };

    public static Option<string[]> Tenant() => new("--tenant")
    {
        Description = "A tenant file (JSON: name, tenantId, clientId, clientSecretVariable | clientCertificatePath | managedIdentity | accessTokenVariable, "
            + "graphBaseUrl?, output?); repeat for several tenants in one run, each with its own summary. Without it, the environment's credential.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>What publish says when a plan or apply is cut off: the next run starts from the tenant, so nothing doubles.</summary>
    public const string PublishCancelAdvice = "Cancelled. Run the command again: apply starts from what the tenant now holds, so nothing is duplicated.";
}
