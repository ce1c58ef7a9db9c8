using System.Diagnostics;
using AovpnRemediations.Emit;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering.Templates;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Cli.Tests;

/// <summary>The installed command in its own process: what a build machine in another zone and culture writes.</summary>
public class BuildProcessTests
{
    [Fact]
    public void Another_time_zone_and_culture_in_another_process_give_the_same_bytes()
    {
        using var temp = new TempDirectory();
        var cli = typeof(CliApp).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [cli, "build", "--output", temp.Path("out")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TZ"] = "Pacific/Kiritimati";
        start.Environment["LANG"] = "th_TH.UTF-8";
        start.Environment["LC_ALL"] = "th_TH.UTF-8";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);

        var result = Compile();
        foreach (var file in result.Tree.Files.Append(result.Manifest))
        {
            Assert.Equal(file.Content, File.ReadAllBytes(temp.Path("out", file.Path)));
        }
    }

    private static BuildResult Compile() =>
        new BuildPipeline(TimeProvider.System, TemplateSet.Embedded, BuildPipeline.ToolVersion).Compile(SampleProfileSource.Instance);
}
