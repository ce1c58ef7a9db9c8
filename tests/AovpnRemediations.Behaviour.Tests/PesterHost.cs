using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace AovpnRemediations.Behaviour.Tests;

/// <summary>
/// Runs Pester 6.2.0 in an in-process PowerShell host. One runspace with Pester imported serves all
/// specs of a test run (importing Pester costs more than most specs).
/// </summary>
public sealed class PesterHost : IDisposable
{
    private readonly Runspace runspace;

    public PesterHost()
    {
        // Setting InitialSessionState.ExecutionPolicy throws on Linux; the default is fine there.
        runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var powershell = PowerShell.Create(runspace);
        // HadErrors is set by errors Pester handles itself while loading; judge by what got imported.
        var version = powershell.AddScript("param($Path) (Import-Module -Name $Path -PassThru).Version.ToString()").AddArgument(PesterManifest).Invoke();
        if (powershell.Streams.Error.Count > 0 || version.Count != 1 || version[0].ToString() != "6.2.0")
        {
            throw new InvalidOperationException($"Pester 6.2.0 could not be imported from {PesterManifest}: " + string.Join("; ", powershell.Streams.Error));
        }
    }

    public static string PesterManifest { get; } =
        typeof(PesterHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PesterManifest").Value!;

    /// <summary>One host for the whole test run: scenario discovery and the runs share it.</summary>
    public static PesterHost Shared => SharedHost.Value;

    private static readonly Lazy<PesterHost> SharedHost = new(() => new PesterHost());

    private readonly Lock gate = new();

    /// <summary>The scenario names of a spec, from Pester's discovery phase (nothing runs).</summary>
    public IReadOnlyList<string> Discover(string specPath)
    {
        const string Script = """
            param($Path)
            $configuration = New-PesterConfiguration
            $configuration.Run.Container = New-PesterContainer -Path $Path -Data @{ Context = @{} }
            $configuration.Run.PassThru = $true
            $configuration.Run.SkipRun = $true
            $configuration.Output.Verbosity = 'None'
            (Invoke-Pester -Configuration $configuration).Tests | ForEach-Object { $_.ExpandedPath }
            """;
        lock (gate)
        {
            using var powershell = PowerShell.Create(runspace);
            return [.. powershell.AddScript(Script).AddArgument(specPath).Invoke().Select(o => o.ToString())];
        }
    }

    /// <summary>Runs one spec file with the given data and returns each test's outcome.</summary>
    public IReadOnlyList<PesterTestResult> Run(string specPath, Hashtable context)
    {
        lock (gate)
        {
            return RunLocked(specPath, context);
        }
    }

    private IReadOnlyList<PesterTestResult> RunLocked(string specPath, Hashtable context)
    {
        const string Script = """
            param($Path, $Context)
            $configuration = New-PesterConfiguration
            $configuration.Run.Container = New-PesterContainer -Path $Path -Data @{ Context = $Context }
            $configuration.Run.PassThru = $true
            $configuration.Output.Verbosity = 'None'
            $run = Invoke-Pester -Configuration $configuration
            foreach ($container in $run.Containers) {
                if ($container.Result -ne 'Passed' -and $container.ErrorRecord.Count -gt 0) {
                    [pscustomobject]@{ Name = "$($container.Item) (container)"; Result = 'Failed'; Message = ($container.ErrorRecord | ForEach-Object { $_.ToString() }) -join "`n" }
                }
            }
            foreach ($test in $run.Tests) {
                [pscustomobject]@{
                    Name    = $test.ExpandedPath
                    Result  = [string]$test.Result
                    Message = ($test.ErrorRecord | ForEach-Object { $_.ToString() + ' ' + $_.ScriptStackTrace }) -join "`n"
                }
            }
            """;
        using var powershell = PowerShell.Create(runspace);
        var results = powershell.AddScript(Script).AddArgument(specPath).AddArgument(context).Invoke();
        if (powershell.Streams.Error.Count > 0)
        {
            throw new InvalidOperationException("Invoke-Pester failed: " + string.Join("; ", powershell.Streams.Error));
        }

        return [.. results.Select(r => new PesterTestResult(
            (string)r.Properties["Name"].Value,
            (string)r.Properties["Result"].Value,
            r.Properties["Message"].Value as string ?? string.Empty))];
    }

    public void Dispose() => runspace.Dispose();
}

public sealed record PesterTestResult(string Name, string Result, string Message);
