using System.Text.Json;

namespace AovpnRemediations.Cli.Tests;

/// <summary>The runtime settings the installed command ships with (CliRuntime.props), read from its runtimeconfig.json.</summary>
public class RuntimeConfigTests
{
    [Fact]
    public void The_command_caps_the_young_generation_and_tiers_up_without_dynamic_pgo_or_a_startup_delay_only_what_runs_often()
    {
        var cli = typeof(CliApp).Assembly.Location;
        var config = Path.ChangeExtension(cli, ".runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(config));
        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        // Without the cap the budget follows the CPU's L3 cache (80 MB on a 260 MB-L3 server), and so does the peak RSS.
        Assert.Equal(16L * 1024 * 1024, properties.GetProperty("System.GC.Gen0MaxBudget").GetInt64());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        // With the default 100 ms the report's hot callees stayed unoptimized for much of a 1M-device read.
        Assert.Equal(0, properties.GetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs").GetInt32());
        // With no delay and the default 30 calls, thousands of startup-only methods were recompiled as well.
        Assert.Equal(1000, properties.GetProperty("System.Runtime.TieredCompilation.CallCountThreshold").GetInt32());
    }
}
