using System.CommandLine;
using AovpnRemediations.Graph.Credentials;
using AovpnRemediations.Signing;
using AovpnRemediations.Signing.Providers;
using AovpnRemediations.Signing.Timestamping;
using Azure.Core;

namespace AovpnRemediations.Cli.Commands;

/// <summary>
/// The signer options <c>sign</c> and <c>build --sign</c> share, and how they become exactly one opened signer. A
/// password is never an option: only the name of the environment variable holding it, whose value is also handed to
/// the run's redactor so no message can show it.
/// </summary>
internal sealed class SignerOptions
{
    /// <summary>A static Key Vault token (tests, CI that gets tokens elsewhere); the Graph token variable is for another audience.</summary>
    public const string KeyVaultTokenVariable = "AOVPN_KEYVAULT_ACCESS_TOKEN";

    private readonly Option<string?> pfx = new("--pfx") { Description = "Sign with the certificate and key in this PKCS#12 file (.pfx/.p12)." };
    private readonly Option<string?> pem = new("--pem") { Description = "Sign with the certificate(s) in this PEM file; the key is in it or in --key." };
    private readonly Option<string?> key = new("--key") { Description = "The PEM private key of --pem, when it is in a file of its own." };
    private readonly Option<string?> passwordEnv = new("--password-env") { Description = "The NAME of the environment variable holding the password of --pfx or of an encrypted --pem/--key (never the password itself)." };
    private readonly Option<string?> thumbprint = new("--cert-store-thumbprint") { Description = "Windows only: sign with this certificate from Cert:\\CurrentUser\\My (SHA-1 thumbprint)." };
    private readonly Option<string?> keyVault = new("--key-vault") { Description = "Sign with an Azure Key Vault key (https://NAME.vault.azure.net); only the digest leaves the machine. Credentials as for plan/apply, or " + KeyVaultTokenVariable + "." };
    private readonly Option<string?> keyName = new("--key-name") { Description = "The Key Vault key; without --certificate, the Key Vault certificate of this name (its key signs)." };
    private readonly Option<string?> keyVersion = new("--key-version") { Description = "The key (or certificate) version; the current one by default." };
    private readonly Option<string?> certificate = new("--certificate") { Description = "The public certificate (PEM or DER, with any intermediates) of the Key Vault key --key-name." };
    private readonly Option<string?> timestampUrl = new("--timestamp-url") { Description = "An RFC 3161 timestamp authority, so signatures stay valid after the certificate expires." };

    private IEnumerable<Option> All => [pfx, pem, key, passwordEnv, thumbprint, keyVault, keyName, keyVersion, certificate, timestampUrl];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The signer options given on this command line, as typed.</summary>
    public IReadOnlyList<string> Given(ParseResult parse) =>
        [.. All.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name)];

    /// <summary>Checks the options name exactly one signer, then opens it (the key is opened once for the whole run).</summary>
    /// <exception cref="UsageException">No signer, several, or options that do not go together.</exception>
    /// <exception cref="ScriptSigningException">The signer cannot be opened (missing file or variable, wrong password, unfit certificate).</exception>
    public async Task<ScriptSigner> OpenAsync(ParseResult parse, CliSession session, CancellationToken cancellationToken)
    {
        var settings = Settings(parse);
        var environment = session.Console.Environment;
        if (settings.PasswordEnvironmentVariable is { } variable && environment(variable) is { Length: > 0 } password)
        {
            session.Redactor.AddSecret(password);
        }

        var provider = settings.CreateProvider(() => KeyVaultCredential(session), environment: environment);
        var timestamp = parse.GetValue(timestampUrl) is { } url ? new Rfc3161Timestamper(HttpUrl(url, "--timestamp-url", allowPlainHttp: true)) : null;
        return await ScriptSigner.OpenAsync(provider, new ScriptSigningOptions { Timestamper = timestamp }, cancellationToken);
    }

    private SignerSettings Settings(ParseResult parse)
    {
        string? Value(Option<string?> option) => parse.GetValue(option) is { Length: > 0 } v ? v : null;

        var signers = new List<string>();
        if (Value(pfx) is not null)
        {
            signers.Add("--pfx");
        }

        if (Value(pem) is not null)
        {
            signers.Add("--pem");
        }

        if (Value(thumbprint) is not null)
        {
            signers.Add("--cert-store-thumbprint");
        }

        if (Value(keyVault) is not null)
        {
            signers.Add("--key-vault");
        }

        if (signers.Count == 0)
        {
            throw new UsageException("No signer given. Pass one of: --pfx FILE --password-env NAME; --pem FILE [--key FILE] [--password-env NAME]; --cert-store-thumbprint THUMBPRINT (Windows); --key-vault URL --key-name NAME [--certificate FILE].");
        }

        if (signers.Count > 1)
        {
            throw new UsageException($"Several signers given ({string.Join(", ", signers)}); pass exactly one.");
        }

        void Only(Option<string?> option, string with)
        {
            if (Value(option) is not null)
            {
                throw new UsageException($"{option.Name} goes with {with} only.");
            }
        }

        if (signers[0] != "--pem")
        {
            Only(key, "--pem");
        }

        if (signers[0] is not ("--pfx" or "--pem"))
        {
            Only(passwordEnv, "--pfx or --pem");
        }

        if (signers[0] != "--key-vault")
        {
            Only(keyName, "--key-vault");
            Only(keyVersion, "--key-vault");
            Only(certificate, "--key-vault");
        }

        switch (signers[0])
        {
            case "--pfx":
                var pfxPath = Value(pfx)!;
                if (Path.GetExtension(pfxPath).ToLowerInvariant() is not (".pfx" or ".p12"))
                {
                    throw new UsageException($"--pfx {pfxPath}: a PKCS#12 file ends with .pfx or .p12; for PEM files use --pem.");
                }

                return new SignerSettings { CertificateFile = pfxPath, PasswordEnvironmentVariable = Value(passwordEnv) };
            case "--pem":
                var pemPath = Value(pem)!;
                if (Path.GetExtension(pemPath).ToLowerInvariant() is ".pfx" or ".p12")
                {
                    throw new UsageException($"--pem {pemPath}: this is a PKCS#12 file; use --pfx.");
                }

                return new SignerSettings { CertificateFile = pemPath, KeyFile = Value(key), PasswordEnvironmentVariable = Value(passwordEnv) };
            case "--cert-store-thumbprint":
                return new SignerSettings { Thumbprint = Value(thumbprint) };
            default:
                var vault = HttpUrl(Value(keyVault)!, "--key-vault", allowPlainHttp: false);
                var name = Value(keyName) ?? throw new UsageException("--key-vault needs --key-name: the key (with --certificate) or the Key Vault certificate whose key signs.");
                return Value(certificate) is { } certificateFile
                    ? new SignerSettings { KeyVaultUrl = vault, KeyVaultKey = name, KeyVaultKeyVersion = Value(keyVersion), CertificateFile = certificateFile }
                    : new SignerSettings { KeyVaultUrl = vault, KeyVaultCertificate = name, KeyVaultCertificateVersion = Value(keyVersion) };
        }
    }

    /// <summary>https, or plain http to loopback only (an emulator) where a token is sent; a timestamp authority gets no secret.</summary>
    private static Uri HttpUrl(string text, string option, bool allowPlainHttp)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            throw new UsageException($"{option} '{text}' is not an absolute http(s) URL.");
        }

        if (url.Scheme == "http" && !allowPlainHttp && !url.IsLoopback)
        {
            throw new UsageException($"{option} '{text}' must be an https URL (plain http only for a local emulator on 127.0.0.1): the request carries an access token.");
        }

        return url;
    }

    /// <summary>
    /// The credential for Key Vault: <see cref="KeyVaultTokenVariable"/>, else the chain plan and apply use
    /// (<see cref="GraphCredentials.FromEnvironment"/>: AZURE_* app credentials, managed identity, device code) without
    /// its static Graph token, which Key Vault would refuse.
    /// </summary>
    private static TokenCredential KeyVaultCredential(CliSession session)
    {
        var environment = session.Console.Environment;
        if (environment(KeyVaultTokenVariable) is { Length: > 0 } token)
        {
            session.Redactor.AddSecret(token);
            return new StaticTokenCredential(token.Trim());
        }

        var chosen = GraphCredentials.FromEnvironment(
            name => name == GraphCredentials.AccessTokenVariable ? null : environment(name),
            session.Console.Interactive,
            session.Console.Error.WriteLine);
        foreach (var secret in chosen.Secrets)
        {
            session.Redactor.AddSecret(secret);
        }

        return chosen.Credential;
    }
}
