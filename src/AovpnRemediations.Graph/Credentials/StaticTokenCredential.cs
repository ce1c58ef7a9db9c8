using Azure.Core;

namespace AovpnRemediations.Graph.Credentials;

/// <summary>A token handed over as is (AOVPN_GRAPH_ACCESS_TOKEN), for emulators and CI jobs that obtain tokens elsewhere.</summary>
public sealed class StaticTokenCredential(string token) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
