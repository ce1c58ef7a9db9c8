namespace AovpnRemediations.Contracts.Tests;

public sealed class ResultLineSchemaTests
{
    [Fact]
    public void The_utf8_names_spell_the_same_names()
    {
        Assert.Equal(ResultLineSchema.Members.Findings, System.Text.Encoding.UTF8.GetString(ResultLineSchema.Utf8.Findings));
        Assert.Equal(ResultLineSchema.Status.Remediated, System.Text.Encoding.UTF8.GetString(ResultLineSchema.Utf8.Remediated));
        Assert.Equal(ResultLineSchema.Entry.Message, System.Text.Encoding.UTF8.GetString(ResultLineSchema.Utf8.Message));
    }

    [Theory]
    [InlineData("ok", true)]
    [InlineData("remediated", true)]
    [InlineData("OK", false)]
    [InlineData("warning", false)]
    [InlineData(null, false)]
    public void Only_the_five_statuses_are_known(string? status, bool known) =>
        Assert.Equal(known, ResultLineSchema.Status.IsKnown(status));
}
