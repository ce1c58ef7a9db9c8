using System.Text;
using AovpnRemediations.Profile.Loading;

namespace AovpnRemediations.Profile.Tests;

public class JsonLocatorTests
{
    private static readonly JsonLocator Locator = JsonLocator.Index(Encoding.UTF8.GetBytes(
        "{\n  \"a\": {\n    \"b-c\": [10,\n      {\"d\": true}]\n  }\n}"));

    [Theory]
    [InlineData("/a", "$.a", 2, 8)]
    [InlineData("/a/b-c", "$.a['b-c']", 3, 12)]
    [InlineData("/a/b-c/0", "$.a['b-c'][0]", 3, 13)]
    [InlineData("/a/b-c/1/d", "$.a['b-c'][1].d", 4, 13)]
    public void ValuesMapToDisplayPathLineAndColumn(string pointer, string path, int line, int column)
    {
        Assert.Equal(new JsonLocation(path, line, column), Locator.Locate(pointer));
    }

    [Fact]
    public void A_missing_value_is_placed_at_its_nearest_parent()
    {
        var location = Locator.Locate("/a/missing");
        Assert.Equal("$.a.missing", location.Path);
        Assert.Equal((2, 8), (location.Line, location.Column));
    }
}
