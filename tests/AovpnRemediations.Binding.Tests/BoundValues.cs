namespace AovpnRemediations.Binding.Tests;

/// <summary>Typed reads of a bound rule's parameters: a wrong type or a missing name fails the test.</summary>
internal static class BoundValues
{
    public static string Text(this BoundRule rule, string name) => Assert.IsType<BoundValue.Text>(rule.CheckValue(name)).Value;

    public static string Identifier(this BoundRule rule, string name) => Assert.IsType<BoundValue.Identifier>(rule.CheckValue(name)).Value;

    public static IReadOnlyList<string> Texts(this BoundRule rule, string name) => Assert.IsType<BoundValue.TextList>(rule.CheckValue(name)).Values;

    public static int Number(this BoundRule rule, string name) => Assert.IsType<BoundValue.Number>(rule.CheckValue(name)).Value;

    public static bool Flag(this BoundRule rule, string name) => Assert.IsType<BoundValue.Flag>(rule.CheckValue(name)).Value;

    public static IReadOnlyList<Profile.Loading.ProfileCertificate> Certificates(this BoundRule rule, string name) =>
        Assert.IsType<BoundValue.Certificates>(rule.CheckValue(name)).Values;

    public static int RemedyNumber(this BoundRule rule, string name) => Assert.IsType<BoundValue.Number>(rule.RemedyValue(name)).Value;

    public static bool RemedyFlag(this BoundRule rule, string name) => Assert.IsType<BoundValue.Flag>(rule.RemedyValue(name)).Value;
}
