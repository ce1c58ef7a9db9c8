using System.CommandLine;
using AovpnRemediations.Graph;
using AovpnRemediations.Publish;

namespace AovpnRemediations.Cli.Commands;

/// <summary>Options of the commands that talk to Microsoft Graph, and the console publish writes to.</summary>
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

    /// <summary>Progress bars and prompts only on a real terminal; tests and redirected runs get plain lines.</summary>
    public static PublishConsole Console(CliConsole console)
    {
        if (ReferenceEquals(console, CliConsole.System))
        {
            return PublishConsole.FromSystem();
        }

        return new PublishConsole { Out = console.Out, Error = console.Error };
    }
}
