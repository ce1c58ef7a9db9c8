using System.Net;
using System.Net.Http.Headers;
using AovpnRemediations.Graph.Pipeline;

namespace AovpnRemediations.Graph.Tests;

public sealed class RedirectHandlerTests
{
    [Fact]
    public async Task A_redirect_on_the_same_host_keeps_the_token_and_the_body()
    {
        var server = new Answers(
            Redirect(HttpStatusCode.TemporaryRedirect, "/beta/other"),
            new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client(server);
        using var request = Post("https://graph.example/beta/first");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["POST https://graph.example/beta/first", "POST https://graph.example/beta/other"], server.Seen);
        Assert.Equal(["Bearer secret-token", "Bearer secret-token"], server.Authorization);
        Assert.Equal(["{\"a\":1}", "{\"a\":1}"], server.Bodies);
    }

    [Fact]
    public async Task A_redirect_to_another_host_drops_the_token_and_a_303_becomes_a_get()
    {
        var server = new Answers(
            Redirect(HttpStatusCode.SeeOther, "https://blob.example/download?sig=abc"),
            new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client(server);
        using var request = Post("https://graph.example/beta/jobs");
        using var response = await client.SendAsync(request);

        Assert.Equal(["POST https://graph.example/beta/jobs", "GET https://blob.example/download?sig=abc"], server.Seen);
        Assert.Equal(["Bearer secret-token", null], server.Authorization);
        Assert.Null(server.Bodies[1]);
    }

    [Fact]
    public async Task A_redirect_loop_stops_after_five_and_returns_the_last_answer()
    {
        var server = new Answers([.. Enumerable.Range(0, 10).Select(_ => Redirect(HttpStatusCode.Found, "/again"))]);
        using var client = Client(server);
        using var response = await client.GetAsync(new Uri("https://graph.example/start"));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(RedirectHandler.MaxRedirects + 1, server.Seen.Count);
    }

    private static HttpClient Client(Answers server) => new(new RedirectHandler { InnerHandler = server });

    private static HttpRequestMessage Post(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{\"a\":1}") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "secret-token");
        return request;
    }

    private static HttpResponseMessage Redirect(HttpStatusCode status, string location)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
        return response;
    }

    /// <summary>Answers in turn and records what it was sent.</summary>
    private sealed class Answers(params HttpResponseMessage[] answers) : HttpMessageHandler
    {
        private int _next;

        public List<string> Seen { get; } = [];

        public List<string?> Authorization { get; } = [];

        public List<string?> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add($"{request.Method} {request.RequestUri}");
            Authorization.Add(request.Headers.Authorization?.ToString());
            Bodies.Add(request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken));
            return answers[Math.Min(_next++, answers.Length - 1)];
        }
    }
}
