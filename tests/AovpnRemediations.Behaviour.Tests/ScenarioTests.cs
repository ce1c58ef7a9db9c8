using AovpnRemediations.TestSupport;
using Xunit.Abstractions;

namespace AovpnRemediations.Behaviour.Tests;

/// <summary>
/// Every Pester scenario under Specs/ is one test. Each spec file runs once (in the fixture); the
/// scenarios are found by Pester's discovery, so a scenario that stops running shows up as a failure.
/// </summary>
public class ScenarioTests(ScenarioFixture fixture, ITestOutputHelper output) : IClassFixture<ScenarioFixture>
{
    private static readonly string SpecFolder = Repository.Path("tests", "AovpnRemediations.Behaviour.Tests", "Specs");

    public static TheoryData<string> Specs => [.. SpecFiles()];

    public static TheoryData<string, string> Scenarios
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var spec in SpecFiles())
            {
                foreach (var name in PesterHost.Shared.Discover(Path.Combine(SpecFolder, spec)))
                {
                    data.Add(spec, name);
                }
            }

            return data;
        }
    }

    private static IEnumerable<string> SpecFiles() =>
        Directory.EnumerateFiles(SpecFolder, "*.Tests.ps1").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_passes(string spec, string name)
    {
        var results = fixture.ResultsOf(Path.Combine(SpecFolder, spec));
        var failedContainer = results.FirstOrDefault(r => r.Name.EndsWith("(container)", StringComparison.Ordinal));
        Assert.True(failedContainer is null, failedContainer?.Message);
        var result = results.SingleOrDefault(r => r.Name == name);
        Assert.True(result is not null, $"{spec}: scenario '{name}' was discovered but did not run.");
        output.WriteLine($"{result.Result} {name}");
        Assert.True(result.Result == "Passed", $"{result.Result}: {name}\n{result.Message}");
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Spec_runs_every_scenario_it_declares(string spec)
    {
        var path = Path.Combine(SpecFolder, spec);
        var discovered = PesterHost.Shared.Discover(path);
        var ran = fixture.ResultsOf(path).Select(r => r.Name).ToList();
        Assert.True(discovered.Count >= 3, $"{spec} declares only {discovered.Count} scenario(s).");
        Assert.Equal(discovered, ran);
    }
}
