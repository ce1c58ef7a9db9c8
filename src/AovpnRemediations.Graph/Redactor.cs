using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace AovpnRemediations.Graph;

/// <summary>
/// Removes secrets from any text before it is shown or logged: the exact values it was told about (the static token,
/// client secret, every access token the pipeline obtained) and anything shaped like one (bearer values, JWTs,
/// secret-looking query parameters such as a SAS <c>sig</c>).
/// </summary>
public sealed partial class Redactor
{
    public const string Mask = "***";
    private readonly ConcurrentDictionary<string, byte> _secrets = new(StringComparer.Ordinal);

    /// <summary>Registers a value that must never be shown. Very short values are ignored (they would mask ordinary text).</summary>
    public void AddSecret(string? secret)
    {
        if (!string.IsNullOrWhiteSpace(secret) && secret.Length >= 6)
        {
            _secrets.TryAdd(secret, 0);
        }
    }

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        // Longest first, so a secret that contains another is masked whole.
        foreach (var secret in _secrets.Keys.OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = AuthorizationHeader().Replace(text, m => m.Groups[1].Value + Mask);
        text = Bearer().Replace(text, m => m.Groups[1].Value + Mask);
        text = Jwt().Replace(text, Mask);
        text = SecretParameter().Replace(text, m => m.Groups[1].Value + Mask);
        return text;
    }

    /// <summary>The message of an exception and its inner exceptions, redacted.</summary>
    public string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (!string.IsNullOrWhiteSpace(e.Message) && !parts.Contains(e.Message))
            {
                parts.Add(e.Message);
            }
        }

        return Redact(string.Join(" -> ", parts));
    }

    [GeneratedRegex(@"(?i)(authorization\s*[:=]\s*)(?![\s*])[^\r\n,;}]+")]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"(?i)(bearer\s+)(?!\*\*\*)[A-Za-z0-9\-._~+/]+=*")]
    private static partial Regex Bearer();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"(?i)((?:client_secret|access_token|refresh_token|id_token|assertion|password|sig|code)=)(?!\*\*\*)[^&\s""']+")]
    private static partial Regex SecretParameter();
}
