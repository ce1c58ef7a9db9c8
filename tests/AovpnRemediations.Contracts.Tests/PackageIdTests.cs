namespace AovpnRemediations.Contracts.Tests;

public sealed class PackageIdTests
{
    [Theory]
    [InlineData("aovpn-trusted-cas")]
    [InlineData("aovpn-nps-mfa")]
    [InlineData("aovpn-x1")]
    public void Catalogue_shaped_ids_are_package_ids(string id) => Assert.True(PackageId.IsValid(id));

    [Theory]
    [InlineData("")]
    [InlineData("trusted-cas")] // publish's old pattern took any kebab id; the catalogue never makes one
    [InlineData("aovpn-")]
    [InlineData("aovpn--cas")]
    [InlineData("aovpn-cas-")]
    [InlineData("Aovpn-cas")]
    [InlineData("aovpn-cas\n")]
    [InlineData("aovpn-ca s")]
    [InlineData("aovpn-ca_s")]
    public void Anything_else_is_not(string id)
    {
        Assert.False(PackageId.IsValid(id));
        Assert.Contains("is not a package id", PackageId.Problem(id), StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_longer_than_64_characters_are_refused()
    {
        var longest = "aovpn-" + new string('a', PackageId.MaxLength - 6);
        Assert.True(PackageId.IsValid(longest));
        Assert.False(PackageId.IsValid(longest + "b"));
    }
}
