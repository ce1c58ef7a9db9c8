using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Beta;
using AovpnRemediations.Graph.V1;

namespace AovpnRemediations.Publish.TenantCheck;

public enum PrincipalState
{
    Ok,
    Missing,
    Disabled,
}

public sealed record PrincipalStatus(string AppId, string Name, PrincipalState State, string? ObjectId);

/// <summary>
/// The Azure MFA service principals the NPS extension needs (replaces the retired MSOnline commands in the source
/// article): they must exist and be enabled.
/// </summary>
public static class TenantChecker
{
    public static readonly IReadOnlyList<(string AppId, string Name)> RequiredPrincipals =
    [
        ("981f26a1-7f43-403b-a875-f8b09b8cd720", "Azure Multi-Factor Auth Client"),
        ("1f5530b3-261a-47a9-b357-ded261e17918", "Azure Multi-Factor Auth Connector"),
    ];

    public static async Task<IReadOnlyList<PrincipalStatus>> CheckAsync(GraphConnection graph, CancellationToken cancellationToken)
    {
        var result = new List<PrincipalStatus>();
        foreach (var (appId, name) in RequiredPrincipals)
        {
            var found = await graph.Http.GetAsync<GraphPage<ServicePrincipal>>(
                DirectoryObjects.Query(DirectoryObjects.ServicePrincipals, "appId eq " + DirectoryObjects.Literal(appId), "id,appId,displayName,accountEnabled"),
                cancellationToken).ConfigureAwait(false);
            var sp = found.Value.FirstOrDefault();
            var state = sp is null ? PrincipalState.Missing : sp.AccountEnabled == true ? PrincipalState.Ok : PrincipalState.Disabled;
            result.Add(new PrincipalStatus(appId, name, state, sp?.Id));
        }

        return result;
    }

    /// <summary>Creates a missing principal or enables a disabled one.</summary>
    public static async Task FixAsync(GraphConnection graph, PrincipalStatus status, CancellationToken cancellationToken)
    {
        switch (status.State)
        {
            case PrincipalState.Missing:
                // A create: not repeated after a dropped connection (a second one would be refused as a duplicate anyway).
                await graph.Http.SendOrThrowAsync(HttpMethod.Post, DirectoryObjects.ServicePrincipals,
                    new ServicePrincipal { AppId = status.AppId, AccountEnabled = true }, idempotent: false, cancellationToken).ConfigureAwait(false);
                break;
            case PrincipalState.Disabled:
                await graph.Http.SendOrThrowAsync(HttpMethod.Patch, $"{DirectoryObjects.ServicePrincipals}/{Uri.EscapeDataString(status.ObjectId ?? "")}",
                    new ServicePrincipal { AccountEnabled = true }, idempotent: true, cancellationToken).ConfigureAwait(false);
                break;
        }
    }
}
