using System.Management.Automation;
using System.Management.Automation.Runspaces;
using AovpnRemediations.GraphEmulator.Fleet;
using AovpnRemediations.Report.Parsing;

namespace AovpnRemediations.Report.Tests;

/// <summary>The emulator's lines are the real thing: a generated detection script, run for real, writes the same bytes.</summary>
public class RealLineTests
{
    [Fact]
    public void The_fleet_generator_writes_exactly_what_a_generated_script_writes()
    {
        var script = TestSupport.Repository.Path("output", "intune", "aovpn-trusted-cas", "detect.ps1");
        var version = FleetHarness.OutputVersion("aovpn-trusted-cas");

        // Dot-source the real script, give it an empty certificate store through its platform layer, run it.
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var shell = PowerShell.Create(runspace);
        shell.AddScript($$"""
            . '{{script.Replace("'", "''", StringComparison.Ordinal)}}'
            function Get-AovpnStoreCertificate { param($Location, $StoreName) @() }
            function Write-AovpnLog { param($Message) }
            (Invoke-AovpnMain).Line
            """);
        var real = string.Concat(shell.Invoke().Select(o => o.ToString()));
        Assert.False(shell.HadErrors, string.Join("\n", shell.Streams.Error));

        // Rebuild the same line with the generator from the findings the script reported.
        var parsed = ResultLineParser.Parse(real);
        Assert.Equal(LineKind.Ours, parsed.Kind);
        Assert.Equal(["AOVPN2001 RootCaMissing", "AOVPN2002 IntermediateCaMissing"], parsed.Findings.Select(f => $"{f.Rule} {f.Code}"));
        var entries = parsed.Findings
            .Select(f => LineEntry.Finding(f.Rule, f.Code, [.. f.Fields.Select(x => (x.Key, (LineValue)x.Value))]))
            .ToList();
        Assert.Equal(real, ResultLineWriter.Detection("aovpn-trusted-cas", version, "issue", entries));

        // And the field names the catalogue declares are the ones the script writes.
        var catalogue = FleetHarness.TrustedCas.Codes.Select(c => string.Join(",", c.Fields));
        Assert.Equal(catalogue, parsed.Findings.Select(f => string.Join(",", f.Fields.Select(x => x.Key))));
    }

    [Fact]
    public void Long_lines_are_cut_the_way_the_scripts_cut_them()
    {
        var findings = Enumerable.Range(0, 40)
            .Select(i => LineEntry.Finding("AOVPN2001", "RootCaMissing", ("thumbprint", new string('A', 40)), ("subject", $"CN=Root {i}, O=Example, C=GB")))
            .ToList();
        var line = ResultLineWriter.Detection("aovpn-trusted-cas", "766d5d82", "issue", findings);
        Assert.True(line.Length <= 2048);
        var parsed = ResultLineParser.Parse(line);
        Assert.Equal(LineKind.Ours, parsed.Kind);
        Assert.Equal(40, parsed.Findings.Count + parsed.Truncated);
        Assert.True(parsed.Truncated > 0);
    }

    [Fact]
    public void Text_outside_printable_ascii_is_escaped_as_the_scripts_do()
    {
        Assert.Equal("\"a\\\"b\\\\c\\u00e9\\u000d\\u000a\"", ResultLineWriter.JsonString("a\"b\\c\u00e9\r\n"));
    }
}
