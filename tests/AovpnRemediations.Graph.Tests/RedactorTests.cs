namespace AovpnRemediations.Graph.Tests;

public sealed class RedactorTests
{
    [Theory]
    [InlineData("Authorization: Bearer abc.def-ghi", "Authorization: ***")]
    [InlineData("header authorization=Basic dXNlcjpwYXNz, next", "header authorization=***, next")]
    [InlineData("sent bearer AbCdEf0123456789== to x", "sent bearer *** to x")]
    [InlineData("token eyJhbGciOi.eyJzdWIiOjF9.c2ln here", "token *** here")]
    [InlineData("https://blob/x.zip?sv=2024&sig=AbC%2Bd&se=1", "https://blob/x.zip?sv=2024&sig=***&se=1")]
    [InlineData("client_secret=s3cr3t&scope=x", "client_secret=***&scope=x")]
    [InlineData("nothing secret here", "nothing secret here")]
    public void Masks_what_looks_like_a_secret(string input, string expected) =>
        Assert.Equal(expected, new Redactor().Redact(input));

    [Fact]
    public void Masks_registered_values_anywhere_and_is_idempotent()
    {
        var redactor = new Redactor();
        redactor.AddSecret("plain-secret-value-42");
        redactor.AddSecret("abc"); // too short to mask safely: ignored
        var once = redactor.Redact("x plain-secret-value-42 y; Authorization: Bearer plain-secret-value-42; abc");
        Assert.Equal("x *** y; Authorization: ***; abc", once);
        Assert.Equal(once, redactor.Redact(once));
    }

    [Fact]
    public void Describes_exception_chains_redacted()
    {
        var redactor = new Redactor();
        redactor.AddSecret("the-client-secret-value");
        var ex = new InvalidOperationException("outer failed", new HttpRequestException("inner with the-client-secret-value inside"));
        Assert.Equal("outer failed -> inner with *** inside", redactor.Describe(ex));
    }
}
