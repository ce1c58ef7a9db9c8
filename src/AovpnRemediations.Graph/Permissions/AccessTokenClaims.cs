using System.Text;
using System.Text.Json;

namespace AovpnRemediations.Graph.Permissions;

/// <summary>
/// What an access token says about its permissions, read without validating it (Graph validates; this only reads):
/// <c>roles</c> for an app-only token, <c>scp</c> (space-separated) for a delegated one, and who it was issued to.
/// https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
/// </summary>
public sealed record AccessTokenClaims(
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Scopes,
    string? AppId,
    string? AppName,
    string? TenantId,
    string? User)
{
    /// <summary>A delegated token (a signed-in user) carries scp; an app-only token carries roles only.</summary>
    public bool IsDelegated => Scopes.Count > 0;

    public IReadOnlyList<string> Granted => IsDelegated ? Scopes : Roles;

    /// <summary>Who the token is for, as messages name it.</summary>
    public string Who =>
        (IsDelegated ? $"user {User ?? "(unknown)"} through app " : "app ")
        + (AppName is null ? AppId ?? "(unknown)" : $"{AppName} ({AppId})")
        + (TenantId is null ? "" : $" in tenant {TenantId}");

    /// <summary>The claims of a JWT; null for anything else (an opaque token for an emulator, a malformed value).</summary>
    public static AccessTokenClaims? TryRead(string? token)
    {
        var parts = token?.Split('.') ?? [];
        if (parts.Length < 2)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Base64UrlDecode(parts[1]));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var roles = root.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : [];
            var scopes = root.TryGetProperty("scp", out var s) && s.ValueKind == JsonValueKind.String
                ? s.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList()
                : [];

            // A Graph token with neither claim carries no permission at all (an app nobody granted anything); a token
            // for another audience with neither says nothing we can check, so the service decides.
            if (roles.Count == 0 && scopes.Count == 0 && !IsGraphAudience(Text(root, "aud")))
            {
                return null;
            }
            return new AccessTokenClaims(roles, scopes,
                Text(root, "appid") ?? Text(root, "azp"),
                Text(root, "app_displayname"),
                Text(root, "tid"),
                Text(root, "upn") ?? Text(root, "preferred_username"));
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Graph's audience, as a URL or as its app id.</summary>
    private static bool IsGraphAudience(string? audience) =>
        audience is not null && (audience.TrimEnd('/').Equals("https://graph.microsoft.com", StringComparison.OrdinalIgnoreCase)
            || audience.Equals("00000003-0000-0000-c000-000000000000", StringComparison.OrdinalIgnoreCase)
            || audience.StartsWith("https://graph.", StringComparison.OrdinalIgnoreCase));

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        return Convert.FromBase64String(s);
    }

    /// <summary>An unsigned JWT carrying these claims (the emulator's tokens, tests).</summary>
    public static string CreateUnsigned(IReadOnlyDictionary<string, object?> claims)
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = Encode(Encoding.UTF8.GetBytes("{\"typ\":\"JWT\",\"alg\":\"none\"}"));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(claims));
        return $"{header}.{payload}.";
    }
}
