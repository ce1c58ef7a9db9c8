using System.Reflection;

namespace AovpnRemediations.Cli.Tests;

public class ExitCodeTests
{
    [Fact]
    public void PublishAndReportReturnTheCliExitCodes()
    {
        // Publish (and report, through it) returns plain ints because it cannot reference the CLI; every
        // code it defines must mean the same as the CLI's enum value of the same name.
        var constants = typeof(Publish.ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToList();
        Assert.NotEmpty(constants);
        foreach (var constant in constants)
        {
            Assert.True(Enum.TryParse<ExitCode>(constant.Name, out var code), $"ExitCode has no {constant.Name}");
            Assert.Equal((int)code, (int)constant.GetRawConstantValue()!);
        }
    }
}
