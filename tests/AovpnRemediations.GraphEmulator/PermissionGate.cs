using System.Text;
using System.Text.Json;

namespace AovpnRemediations.GraphEmulator;

/// <summary>
/// Answers 403 when the token lacks the permission a route needs, as Graph does. A token restricts only when it says what it
/// carries: a JWT with <c>roles</c> (app-only) or <c>scp</c> (delegated), or an opaque token while
/// <see cref="EmulatorOptions.OpaqueTokenRoles"/> is set. Any other bearer value may do everything, so tests that do not
/// care about permissions need no special token. The table below is the emulator's own reading of Graph's pages (the
/// service's side), kept apart from the product's table on purpose: a test comparing the two would otherwise prove nothing.
/// </summary>
public sealed class PermissionGate(EmulatorOptions options) : IGraphGate
{
    private static readonly (string Method, string[] Path, string[] Roles)[] Table =
    [
        ("POST", ["deviceManagement", "managedDevices", "*", "initiateOnDemandProactiveRemediation"], ["DeviceManagementManagedDevices.PrivilegedOperations.All"]),
        ("GET", ["deviceManagement", "managedDevices", "**"], ["DeviceManagementManagedDevices.Read.All", "DeviceManagementManagedDevices.ReadWrite.All"]),
        ("GET", ["users", "*", "managedDevices"], ["DeviceManagementManagedDevices.Read.All", "DeviceManagementManagedDevices.ReadWrite.All"]),
        ("GET", ["deviceManagement", "deviceHealthScripts", "**"], ["DeviceManagementScripts.Read.All", "DeviceManagementScripts.ReadWrite.All"]),
        ("*", ["deviceManagement", "deviceHealthScripts", "**"], ["DeviceManagementScripts.ReadWrite.All"]),
        ("GET", ["groups", "**"], ["GroupMember.Read.All", "Group.Read.All", "Directory.Read.All", "GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"]),
        ("GET", ["deviceManagement", "assignmentFilters", "**"], ["DeviceManagementConfiguration.Read.All", "DeviceManagementConfiguration.ReadWrite.All"]),
        ("GET", ["deviceManagement", "roleScopeTags", "**"], ["DeviceManagementRBAC.Read.All", "DeviceManagementRBAC.ReadWrite.All"]),
        ("GET", ["deviceManagement", "operationApprovalRequests", "**"], ["DeviceManagementRBAC.Read.All", "DeviceManagementRBAC.ReadWrite.All", "DeviceManagementConfiguration.Read.All", "DeviceManagementConfiguration.ReadWrite.All"]),
        ("POST", ["deviceManagement", "reports", "exportJobs"], ["DeviceManagementConfiguration.ReadWrite.All", "DeviceManagementApps.ReadWrite.All", "DeviceManagementManagedDevices.ReadWrite.All"]),
        ("GET", ["deviceManagement", "reports", "**"], ["DeviceManagementConfiguration.Read.All", "DeviceManagementConfiguration.ReadWrite.All", "DeviceManagementApps.ReadWrite.All", "DeviceManagementManagedDevices.ReadWrite.All"]),
        ("GET", ["servicePrincipals", "**"], ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"]),
        ("*", ["servicePrincipals", "**"], ["Application.ReadWrite.All", "Directory.ReadWrite.All"]),
    ];

    public GraphResponse? Before(GraphRequest request, EmulatorState state)
    {
        var granted = Granted(request, options);
        if (granted is null)
        {
            return null;
        }

        foreach (var (method, path, roles) in Table)
        {
            if ((method == "*" || method == request.Method) && Matches(path, request.Segments))
            {
                return roles.Any(granted.Contains)
                    ? null
                    : GraphResponse.Error(403, "Forbidden", "Application is not authorized to perform this operation. Application must have one of the following scopes: " + string.Join(", ", roles))
                        with
                    { Fault = "forbidden" };
            }
        }

        return null;
    }

    public void After(GraphRequest request, GraphResponse response, EmulatorState state)
    {
    }

    /// <summary>True when the token may use one of <paramref name="roles"/> (or restricts nothing).</summary>
    public static bool Grants(GraphRequest request, EmulatorOptions options, params string[] roles) =>
        Granted(request, options) is not { } granted || roles.Any(granted.Contains);

    /// <summary>The permissions the token carries, or null when it restricts nothing.</summary>
    internal static HashSet<string>? Granted(GraphRequest request, EmulatorOptions options)
    {
        var token = request.Authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true ? request.Authorization[7..].Trim() : null;
        var claims = Claims(token);
        if (claims is { } c && (c.TryGetProperty("roles", out _) || c.TryGetProperty("scp", out _)))
        {
            var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (c.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array)
            {
                set.UnionWith(roles.EnumerateArray().Select(r => r.GetString() ?? ""));
            }

            if (c.TryGetProperty("scp", out var scp) && scp.ValueKind == JsonValueKind.String)
            {
                set.UnionWith(scp.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }

            return set;
        }

        return claims is null && options.OpaqueTokenRoles is { } opaque ? new HashSet<string>(opaque, StringComparer.OrdinalIgnoreCase) : null;
    }

    /// <summary>The payload of a JWT, or null for any other token.</summary>
    internal static JsonElement? Claims(string? token)
    {
        var parts = token?.Split('.') ?? [];
        if (parts.Length < 2)
        {
            return null;
        }

        try
        {
            var s = parts[1].Replace('-', '+').Replace('_', '/');
            s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Convert.FromBase64String(s));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static bool Matches(string[] pattern, IReadOnlyList<string> segments)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == "**")
            {
                return true;
            }

            if (i >= segments.Count || (pattern[i] != "*" && !pattern[i].Equals(segments[i], StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return pattern.Length == segments.Count;
    }
}

/// <summary>Tokens the emulator hands out for tests: unsigned JWTs with the claims Entra ID would put in an app-only or delegated token.</summary>
public static class EmulatorTokens
{
    public const string AppId = "11111111-2222-4333-8444-555555555555";
    public const string TenantId = "99999999-8888-4777-8666-555555555555";

    /// <summary>An app-only token with these application permissions (<c>roles</c>).</summary>
    public static string App(params string[] roles) => Jwt(new Dictionary<string, object?>
    {
        ["aud"] = "https://graph.microsoft.com",
        ["iss"] = $"https://sts.windows.net/{TenantId}/",
        ["tid"] = TenantId,
        ["appid"] = AppId,
        ["app_displayname"] = "AOVPN automation",
        ["idtyp"] = "app",
        ["roles"] = roles,
    });

    /// <summary>A delegated token for a signed-in user with these scopes (<c>scp</c>).</summary>
    public static string User(string upn, params string[] scopes) => Jwt(new Dictionary<string, object?>
    {
        ["aud"] = "https://graph.microsoft.com",
        ["tid"] = TenantId,
        ["appid"] = "14d82eec-204b-4c2f-b7e8-296a70dab67e",
        ["app_displayname"] = "Microsoft Graph Command Line Tools",
        ["upn"] = upn,
        ["scp"] = string.Join(' ', scopes),
    });

    private static string Jwt(Dictionary<string, object?> claims)
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Encode(Encoding.UTF8.GetBytes("{\"typ\":\"JWT\",\"alg\":\"none\"}"))}.{Encode(JsonSerializer.SerializeToUtf8Bytes(claims))}.";
    }
}
