using System.Text;

namespace AovpnRemediations.Graph.Permissions;

/// <summary>The token lacks permissions the command needs; nothing was sent. The message names each and how to grant it.</summary>
public sealed class MissingPermissionException(string message, IReadOnlyList<PermissionNeed> missing) : Exception(message)
{
    public IReadOnlyList<PermissionNeed> Missing { get; } = missing;
}

/// <summary>
/// Reads the command's token before its first request and compares it with <see cref="GraphPermissions"/>, so a missing
/// permission is named up front instead of surfacing as a 403 halfway through an apply or a run.
/// </summary>
public static class PermissionCheck
{
    /// <summary>The needs the token does not meet.</summary>
    public static IReadOnlyList<PermissionNeed> Missing(IEnumerable<PermissionNeed> needs, AccessTokenClaims claims) =>
        [.. needs.Where(n => !n.Permission.IsSatisfiedBy(claims.Granted)).DistinctBy(n => n.Permission.Name)];

    /// <summary>
    /// Gets the token the connection will use and checks it; throws <see cref="MissingPermissionException"/> when something
    /// is missing. Returns the claims, or null when the token cannot be read (an opaque token: the service decides).
    /// </summary>
    public static async Task<AccessTokenClaims?> VerifyAsync(GraphConnection graph, CommandPermissions command,
        IEnumerable<PermissionCondition> conditions, CancellationToken cancellationToken)
    {
        var token = await graph.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        var claims = AccessTokenClaims.TryRead(token);
        if (claims is null)
        {
            graph.Options.Log?.Invoke("permissions: the token is not a JWT; its permissions are not checked before the first request");
            return null;
        }

        var missing = Missing(command.For(conditions), claims);
        graph.Options.Log?.Invoke($"permissions: {claims.Who} has {(claims.Granted.Count == 0 ? "no permissions" : string.Join(", ", claims.Granted))}");
        if (missing.Count > 0)
        {
            throw new MissingPermissionException(MissingMessage(command.Command, claims, missing), missing);
        }

        return claims;
    }

    public static string MissingMessage(string command, AccessTokenClaims claims, IReadOnlyList<PermissionNeed> missing)
    {
        var o = new StringBuilder();
        o.Append($"{command}: the token of {claims.Who} lacks {missing.Count} Microsoft Graph {(claims.IsDelegated ? "delegated" : "application")} permission(s) this command needs; nothing was sent:");
        foreach (var need in missing)
        {
            o.Append(Environment.NewLine).Append("  ").Append(GraphPermissions.Describe(need));
        }

        o.Append(Environment.NewLine).Append(GraphPermissions.HowToGrant(claims.IsDelegated));
        o.Append(Environment.NewLine).Append($"`aovpn-remediations permissions {command}` lists everything {command} needs.");
        return o.ToString();
    }

    /// <summary>The hint after a 403: the permission of the failing route, from the same table, and how to grant it.</summary>
    public static string ForbiddenHint(string? command, string method, string path, bool delegated = false)
    {
        var need = GraphPermissions.ForRoute(command, method, path);
        var which = need is null
            ? $"the permissions `aovpn-remediations permissions{(command is null ? "" : " " + command)}` lists"
            : $"{need.Permission.Name} ({need.Why})";
        return $"Permission denied (403): {method} {path} needs {which}. {GraphPermissions.HowToGrant(delegated)} "
            + "If the token already carries it, an Intune role or scope tag of the account may forbid the object.";
    }
}
