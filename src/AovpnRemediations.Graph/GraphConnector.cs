using AovpnRemediations.Graph.Credentials;

namespace AovpnRemediations.Graph;

/// <summary>What the command line says about the connection: <c>--graph-base-url</c> and <c>--verbose</c>.</summary>
public sealed record GraphSettings(Uri BaseUrl, bool Verbose)
{
    public static GraphSettings Default { get; } = new(GraphConnectionOptions.DefaultBaseUrl, Verbose: false);
}

/// <summary>
/// Opens the connection every tenant command shares, the same way for each: the base URL checked, the credential
/// chosen from the environment (its secrets told to the redactor first), the verbose log to the message stream.
/// </summary>
public static class GraphConnector
{
    /// <param name="environment">Environment variables (the process's, or a test's).</param>
    /// <param name="interactive">A person is at a terminal: device code sign-in may be offered.</param>
    /// <param name="messages">Where the verbose log and the device code prompt go (stderr).</param>
    /// <param name="configure">Last changes to the options (tests: no-op waits, a small write budget).</param>
    public static GraphConnection Connect(GraphSettings settings, Func<string, string?> environment, bool interactive, TextWriter messages,
        Redactor redactor, Action<GraphConnectionOptions>? configure = null)
    {
        CheckUrl(settings.BaseUrl);
        return Connect(settings, GraphCredentials.FromEnvironment(environment, interactive, messages.WriteLine), messages, redactor, configure);
    }

    /// <summary>Opens a connection with a credential chosen elsewhere (a tenant file of a several-tenant run).</summary>
    public static GraphConnection Connect(GraphSettings settings, GraphCredential credential, TextWriter messages,
        Redactor redactor, Action<GraphConnectionOptions>? configure = null)
    {
        var url = settings.BaseUrl;
        CheckUrl(url);
        foreach (var secret in credential.Secrets)
        {
            redactor.AddSecret(secret);
        }

        var options = new GraphConnectionOptions
        {
            BaseUrl = url,
            Credential = credential.Credential,
            Redactor = redactor,
            Log = settings.Verbose ? line => messages.WriteLine("graph: " + line) : null,
        };
        configure?.Invoke(options);
        if (settings.Verbose)
        {
            messages.WriteLine($"graph: {options.BaseUrl} with {credential.Description}");
        }

        return new GraphConnection(options);
    }

    private static void CheckUrl(Uri url)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http") || (url.Scheme == "http" && !url.IsLoopback))
        {
            throw new GraphSettingsException($"--graph-base-url '{url}' must be an https URL (plain http only for a local emulator on 127.0.0.1).");
        }
    }
}
