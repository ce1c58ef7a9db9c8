using System.Management.Automation.Language;
using AovpnRemediations.Rendering.Models;
using AovpnRemediations.Rendering.Templates;

namespace AovpnRemediations.Rendering.Tests;

/// <summary>A script carries exactly the library functions its code calls, found from the syntax tree.</summary>
public class FunctionLibraryTests
{
    private static readonly PlatformModel Platform = new() { PackageId = "aovpn-test", Mode = "detect", RunAs = "system", Target = "intune" };

    private static FunctionLibrary Library() => new(
        TemplateSet.Embedded,
        new Dictionary<string, (string, object)>
        {
            ["runtime"] = ("line", ResultLineModel.Instance),
            ["shared"] = ("shared", new SharedModel { RootCas = [], IntermediateCas = [] }),
            ["platform"] = ("platform", Platform),
        });

    [Fact]
    public void Every_library_template_defines_one_function_named_as_its_file()
    {
        var library = Library();
        foreach (var group in FunctionLibrary.Groups)
        {
            Assert.NotEmpty(library.FunctionsOf(group));
            foreach (var function in library.FunctionsOf(group))
            {
                var code = library.NeededBy(function)[group];
                var script = Parser.ParseInput(code, out _, out var errors);
                Assert.Empty(errors);
                var defined = script.FindAll(a => a is FunctionDefinitionAst, searchNestedScriptBlocks: true).Cast<FunctionDefinitionAst>().Select(f => f.Name).ToList();
                Assert.Contains(function, defined);
            }
        }
    }

    [Fact]
    public void A_function_named_only_in_a_comment_or_a_string_is_not_included()
    {
        var needed = Library().NeededBy("# Get-AovpnNow\n$text = 'Get-AovpnComputerFqdn'\nWrite-Output \"Get-AovpnVpnSession\"\n");
        Assert.All(needed.Values, Assert.Empty);
    }

    [Fact]
    public void Functions_are_included_through_the_functions_that_call_them_in_the_order_of_first_call()
    {
        // Write-AovpnLog calls Get-AovpnNow; Invoke-AovpnCheck calls ConvertTo-AovpnError and Write-AovpnLog.
        var needed = Library().NeededBy("function Test-X { Invoke-AovpnCheck -Run $null -Rule 'x' -Check { Get-AovpnStoreCertificate -Location 'LocalMachine' -StoreName 'My' } }");
        Assert.Equal(["Invoke-AovpnCheck", "ConvertTo-AovpnError"], Names(needed["runtime"]));
        Assert.Equal(["Get-AovpnStoreCertificate", "Write-AovpnLog", "Get-AovpnNow"], Names(needed["platform"]));
        Assert.Empty(needed["shared"]);
    }

    [Fact]
    public void Sample_scripts_define_each_function_once_call_every_one_and_detection_carries_no_remediation_runtime()
    {
        var renderer = new PackageRenderer(TemplateSet.Embedded, "0.0.0");
        var profile = new Profile.Loading.ProfileLoader(TimeProvider.System).Load(Profile.Loading.SampleProfileSource.Instance);
        foreach (var package in Binding.PackageBinder.Bind(profile, Catalogue.RuleCatalogue.Packages))
        {
            foreach (var script in renderer.Render(package).Scripts.Values.SelectMany(s => s))
            {
                var defined = Names(script.Text);
                Assert.True(defined.Count == defined.Distinct(StringComparer.OrdinalIgnoreCase).Count(), $"{package.Id}/{script.FileName} defines a function twice");
                var called = FunctionLibrary.CommandsCalledBy(script.Text).ToHashSet(StringComparer.OrdinalIgnoreCase);
                Assert.All(defined, name => Assert.True(called.Contains(name), $"{package.Id}/{script.FileName} defines {name} and never calls it"));
                if (script.Mode == ScriptMode.Detect)
                {
                    Assert.DoesNotContain("New-AovpnAction", defined);
                    Assert.DoesNotContain("Invoke-AovpnRepair", defined);
                    Assert.DoesNotContain("Complete-AovpnRemediation", defined);
                }
            }
        }
    }

    [Fact]
    public void The_runtime_writes_the_result_line_of_the_contract()
    {
        // The runtime's own functions, run for real: the line's members, their order and the status are the contract's.
        var code = string.Join("\n", Library().NeededBy("New-AovpnRun; New-AovpnFinding; Complete-AovpnDetection").Values) + "\n";
        using var powershell = System.Management.Automation.PowerShell.Create();
        var line = powershell.AddScript(code + """
            function Write-AovpnLog { param($Message) }
            $run = New-AovpnRun -Package 'aovpn-test' -Version '1' -Mode 'detect'
            [void]$run.Findings.Add((New-AovpnFinding -Rule 'AOVPN0001' -Code 'Broken' -Data ([ordered]@{ count = 2 })))
            (Complete-AovpnDetection -Run $run).Line
            """).Invoke().Single().ToString();
        Assert.Empty(powershell.Streams.Error);
        using var json = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal(
            [Contracts.ResultLineSchema.Members.Schema, Contracts.ResultLineSchema.Members.Package, Contracts.ResultLineSchema.Members.Version, Contracts.ResultLineSchema.Members.Status, Contracts.ResultLineSchema.Members.Findings],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Contracts.ResultLineSchema.Version, json.RootElement.GetProperty(Contracts.ResultLineSchema.Members.Schema).GetInt32());
        Assert.Equal(Contracts.ResultLineSchema.Status.Issue, json.RootElement.GetProperty(Contracts.ResultLineSchema.Members.Status).GetString());
        var finding = json.RootElement.GetProperty(Contracts.ResultLineSchema.Members.Findings)[0];
        Assert.Equal("AOVPN0001", finding.GetProperty(Contracts.ResultLineSchema.Entry.Rule).GetString());
        Assert.Equal("Broken", finding.GetProperty(Contracts.ResultLineSchema.Entry.Code).GetString());
    }

    private static List<string> Names(string code) =>
        [.. Parser.ParseInput(code, out _, out _).FindAll(a => a is FunctionDefinitionAst, searchNestedScriptBlocks: true).Cast<FunctionDefinitionAst>().Select(f => f.Name)];
}
