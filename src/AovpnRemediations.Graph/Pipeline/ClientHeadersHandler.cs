using System.Net.Http.Headers;

namespace AovpnRemediations.Graph.Pipeline;

/// <summary>
/// Names the tool in User-Agent and gives every request a <c>client-request-id</c>, which Microsoft support asks for
/// when a Graph call has to be traced on their side.
/// </summary>
public sealed class ClientHeadersHandler(string product, string version) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.UserAgent.Count == 0)
        {
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue(product, version));
        }

        if (!request.Headers.Contains("client-request-id"))
        {
            request.Headers.TryAddWithoutValidation("client-request-id", Guid.NewGuid().ToString());
        }

        return base.SendAsync(request, cancellationToken);
    }
}
