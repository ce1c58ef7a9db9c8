namespace AovpnRemediations.Verification.Tests;

public sealed class FixtureTests
{
    public static TheoryData<string> FixtureNames => new(Fixture.Names);

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Fixture_yields_exactly_the_findings_it_declares(string name)
    {
        var fixture = Fixture.Load(name);

        var findings = Scripts.Verifier.Verify(name, fixture.Content, ScriptRole.PackageScript);

        Assert.Equal(fixture.Expected, findings.Select(ExpectedFinding.Of).ToList());
    }

    [Fact]
    public void Every_rule_has_a_failing_fixture_named_after_it()
    {
        // ScriptTooLarge is generated in a test: a 200 KB fixture is not worth keeping in git.
        var missing = VerificationRules.All
            .Where(rule => rule != VerificationRules.ScriptTooLarge)
            .Where(rule => !Fixture.Names.Any(name =>
                name.StartsWith(rule + ".", StringComparison.Ordinal) && Fixture.Load(name).Expected.Any(e => e.Rule == rule)))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Clean_fixture_is_CRLF_ASCII_without_BOM()
    {
        var content = Fixture.Load("Clean.ps1").Content;

        Assert.All(content, b => Assert.True(b <= 0x7F));
        Assert.Equal(content.Count(b => b == (byte)'\n'), content.Count(b => b == (byte)'\r'));
        Assert.NotEqual(0xEF, content[0]);
    }

    [Fact]
    public void Oversize_script_yields_only_script_too_large()
    {
        var padded = Pad(Fixture.Load("Clean.ps1").Content, ScriptVerifier.MaxScriptBytes + 1);

        var findings = Scripts.Verifier.Verify("big.ps1", padded, ScriptRole.PackageScript);

        Assert.Equal([new ExpectedFinding(VerificationRules.ScriptTooLarge, 1, 1)], findings.Select(ExpectedFinding.Of));
    }

    [Fact]
    public void Script_of_exactly_the_limit_is_accepted()
    {
        var padded = Pad(Fixture.Load("Clean.ps1").Content, ScriptVerifier.MaxScriptBytes);

        Assert.Equal(ScriptVerifier.MaxScriptBytes, padded.Length);
        Assert.Empty(Scripts.Verifier.Verify("limit.ps1", padded, ScriptRole.PackageScript));
    }

    [Fact]
    public void Import_script_may_exceed_the_Intune_limit_but_not_its_own()
    {
        // The ConfigMgr importer embeds every package's scripts and is never uploaded to Intune.
        const string Import = "Import-Module -Name ConfigurationManager\r\n";
        var large = Pad(System.Text.Encoding.ASCII.GetBytes(Import), ScriptVerifier.MaxScriptBytes * 3);
        var runaway = Pad(System.Text.Encoding.ASCII.GetBytes(Import), ScriptVerifier.MaxImportScriptBytes + 1);

        Assert.Empty(Scripts.Verifier.Verify("configmgr/Import-AovpnBaseline.ps1", large, ScriptRole.ConfigMgrImportScript));
        var finding = Assert.Single(Scripts.Verifier.Verify("configmgr/Import-AovpnBaseline.ps1", runaway, ScriptRole.ConfigMgrImportScript));
        Assert.Equal(VerificationRules.ScriptTooLarge, finding.Rule);
        Assert.Contains("4 MB", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>Prepends one comment line so that the script is exactly <paramref name="size"/> bytes.</summary>
    private static byte[] Pad(byte[] script, int size)
    {
        var padding = System.Text.Encoding.ASCII.GetBytes("#" + new string('x', size - script.Length - 3) + "\r\n");
        return [.. padding, .. script];
    }
}
