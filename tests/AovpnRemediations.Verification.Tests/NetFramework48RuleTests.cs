using AovpnRemediations.Verification.DotNet;
using static AovpnRemediations.Verification.Tests.Scripts;

namespace AovpnRemediations.Verification.Tests;

public sealed class NetFramework48RuleTests
{
    [Fact]
    public void The_index_holds_the_public_types_of_the_assemblies_5_1_loads_and_of_its_automation_library()
    {
        var index = ReferenceIndex.Embedded;

        Assert.Equal("mscorlib", index.Find("System.String")?.Assembly);
        Assert.Equal("System", index.Find("System.Security.Cryptography.X509Certificates.X509Certificate2")?.Assembly);
        Assert.Equal("System.Core", index.Find("System.Diagnostics.Eventing.Reader.EventLogRecord")?.Assembly);
        Assert.Equal("System.Management.Automation", index.Find("System.Management.Automation.ErrorRecord")?.Assembly);
        Assert.NotNull(index.Find("system.collections.generic.list`1"));
        Assert.NotNull(index.Find("System.Environment+SpecialFolder"));
        Assert.Null(index.Find("System.Security.Cryptography.X509Certificates.X509ChainTrustMode"));
        Assert.True(index.Count > 3_000, $"{index.Count} types");
    }

    [Theory]
    [InlineData("$x = [System.Security.Cryptography.ProtectedData]::Protect($null, $null, 'CurrentUser')", "ProtectedData")]
    [InlineData("$x = [System.IO.Compression.ZipFile]::OpenRead('a.zip')", "ZipFile")]
    [InlineData("$x = [System.Net.Http.HttpClient]::new()", "HttpClient")]
    public void A_type_in_an_assembly_5_1_does_not_load_is_a_finding(string statement, string type)
    {
        var finding = Assert.Single(Verify(Package("    " + statement)));

        Assert.Equal(VerificationRules.NotInNetFramework48, finding.Rule);
        Assert.Contains(type, finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$x = [System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromCertFile('a.cer')")]
    [InlineData("$x = [System.Security.Cryptography.X509Certificates.StoreName]::My")]
    [InlineData("$x = [System.Security.Cryptography.X509Certificates.StoreName]::Parse([System.Security.Cryptography.X509Certificates.StoreName], 'My')")]
    [InlineData("$x = [datetime]::get_UtcNow()")]
    [InlineData("$x = [System.IO.Path]::Combine('a', 'b', 'c', 'd', 'e', 'f')")]
    [InlineData("$x = [System.Management.Automation.PSCredential]::Empty")]
    [InlineData("$x = [guid]::new()")]
    [InlineData("$x = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList (, $bytes)")]
    [InlineData("$x = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList $args")]
    [InlineData("$x = [ciminstance]$null")]
    public void Inherited_enum_params_and_unknowable_cases_are_accepted(string statement) =>
        Assert.Empty(Verify(Package("    " + statement)));

    [Theory]
    [InlineData("$x = [Math]::Clamp(1, 0, 2)", "Clamp")]
    [InlineData("$x = [string]::Join(',', 'a', 'b')", null)]
    [InlineData("$x = [System.Text.Encoding]::Latin1", "Latin1")]
    [InlineData("$x = [System.IO.Path]::GetRelativePath('a', 'b')", "GetRelativePath")]
    [InlineData("$x = [semver]'1.0.0'", "PowerShell 6")]
    [InlineData("$x = [ulong]1", "[System.UInt64]")]
    [InlineData("$x = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Store -ArgumentList 'My', 'CurrentUser', 'ReadOnly'", "0, 1 or 2")]
    [InlineData("$x = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new('a', 'b', 'c', 'd')", "takes that many")]
    [InlineData("$x = [System.Collections.Generic.List[string, int]]::new()", "2 type arguments")]
    [InlineData("$x = [System.Convert]::new()", "no public constructor")]
    public void APIs_newer_than_NET_Framework_4_8_are_findings(string statement, string? messagePart)
    {
        var findings = Verify(Package("    " + statement));

        if (messagePart is null)
        {
            Assert.Empty(findings); // string.Join(string, params string[]) exists in 4.8
            return;
        }

        var finding = Assert.Single(findings);
        Assert.Equal(VerificationRules.NotInNetFramework48, finding.Rule);
        Assert.Contains(messagePart, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_the_script_defines_is_no_missing_type()
    {
        var script = Package("    $x = [AovpnResult]::new()") + "class AovpnResult { [int]$Code }\n";
        script = script.Replace(Guard + "\n", "", StringComparison.Ordinal) + Guard + "\n";

        Assert.DoesNotContain(VerificationRules.NotInNetFramework48, Rules(script));
    }

    [Fact]
    public void The_accelerator_map_is_the_5_1_list_and_says_where_it_comes_from()
    {
        Assert.Equal("System.Management.Automation.PSObject", TypeAccelerators.WindowsPowerShell51["PSCustomObject"]);
        Assert.Equal("System.Management.ManagementObject", TypeAccelerators.WindowsPowerShell51["wmi"]);
        Assert.False(TypeAccelerators.WindowsPowerShell51.ContainsKey("ordered"));
        Assert.False(TypeAccelerators.WindowsPowerShell51.ContainsKey("semver"));
        Assert.EndsWith("view=powershell-5.1", TypeAccelerators.SourceUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_5_1_accelerator_outside_the_CIM_types_resolves_in_the_index()
    {
        var missing = TypeAccelerators.WindowsPowerShell51
            .Where(pair => !pair.Value.StartsWith("Microsoft.Management.Infrastructure.", StringComparison.Ordinal))
            .Where(pair => ReferenceIndex.Embedded.Find(pair.Value) is null)
            .Select(pair => $"{pair.Key} -> {pair.Value}")
            .ToList();

        // PowerShell Standard is a subset of 5.1's System.Management.Automation: what it lacks is listed here, found by this test.
        Assert.Equal(KnownMissingFromPowerShellStandard, missing);
    }

    private static readonly List<string> KnownMissingFromPowerShellStandard = ["ValidateTrustedData -> System.Management.Automation.ValidateTrustedDataAttribute"];
}
