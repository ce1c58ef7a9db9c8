using System.Diagnostics;
using System.Globalization;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Contracts;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.GraphEmulator;
using AovpnRemediations.GraphEmulator.Fleet;
using AovpnRemediations.Report;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Benchmarks;

/// <summary>
/// Fleet report figures. Export path: a zipped CSV of N device rows served by the emulator; the report runs in a child
/// process (so its peak RSS is its own) from the Graph calls to the written output, beside the raw floor
/// (<c>unzip -p | wc -l</c>) and the PowerShell a user would write (Import-Csv + ConvertFrom-Json + Group-Object) under
/// real pwsh 7.6.9. Paged path: deviceRunStates of M devices, requests made against the minimum, wall time.
/// </summary>
internal static class ReportBenchmark
{
    private const string TokenVariable = "AOVPN_GRAPH_ACCESS_TOKEN";
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 8, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(int rows, int pwshRows, int pagedDevices)
    {
        var work = Path.Combine(RepositoryRoot(), "artifacts", "bench-report");
        Directory.CreateDirectory(work);
        var package = FleetPackage.From(RuleCatalogue.FindPackage("aovpn-trusted-cas")!, "766d5d82");
        const string scriptId = "00000000-0000-4000-8000-00000000b001";

        var zip = Path.Combine(work, $"export-{rows}.zip");
        var fleet = new SyntheticFleet(package, rows, seed: 77, Now);
        if (!File.Exists(zip))
        {
            var generate = Stopwatch.StartNew();
            ExportFile.Write(fleet, scriptId, ExportJobSource.Columns, localized: true, zip);
            Console.WriteLine($"generated {rows:N0} rows in {generate.Elapsed.TotalSeconds:F1} s");
        }

        Console.WriteLine($"export file: {zip} ({new FileInfo(zip).Length / 1e6:F1} MB zipped)");

        // The machine is shared: every figure is the best of three runs, with its CPU time and the load average beside it.
        Console.WriteLine($"load average before: {LoadAverage()}");

        // 1. The raw floor: inflate and count lines, nothing else.
        var floor = Best(3, () => Timed("/usr/bin/time", ["-f", TimeFormat, "bash", "-c", $"unzip -p '{zip}' | wc -l"], measureFromStderr: true));
        Console.WriteLine($"raw floor  (unzip -p | wc -l): {floor.Seconds:F2} s wall, {floor.CpuSeconds:F2} s CPU, {floor.Output.Trim()} lines, {rows / floor.Seconds:N0} rows/s");

        // 2. The report end to end in a child process against the emulator (job create, poll, download, stream, aggregate, write).
        await using (var emulator = new GraphEmulator.GraphEmulator(new EmulatorOptions { Delay = (_, _) => Task.CompletedTask }))
        {
            emulator.State.AddScript("AOVPN - Trusted root and intermediate CAs", OwnershipMarker.ForPackage("aovpn-trusted-cas"), "exit 0\r\n"u8.ToArray());
            var id = emulator.State.SnapshotScripts().Single().Id;
            emulator.Fleets.Attach(id, fleet, prebuiltZip: zip);
            emulator.Fleets.PollsInProgress = 1;
            var url = (await emulator.StartAsync()).ToString().TrimEnd('/');
            // The emulator counts its run summary by generating every device once; do that before the clock runs.
            using (var warm = new HttpClient())
            {
                warm.DefaultRequestHeaders.Authorization = new("Bearer", "bench-token-0001");
                await warm.GetStringAsync($"{url}/beta/deviceManagement/deviceHealthScripts/{id}/runSummary");
            }

            foreach (var format in new[] { "json", "csv" })
            {
                var output = Path.Combine(work, $"report.{format}");
                var run = Best(format == "json" ? 3 : 1, () => Timed("/usr/bin/time", ["-f", TimeFormat, "dotnet", typeof(ReportBenchmark).Assembly.Location, "report-child", url, format, output], measureFromStderr: true));
                Console.WriteLine($"report --source export --format {format}: {run.Seconds:F2} s wall, {run.CpuSeconds:F2} s CPU, {rows / run.Seconds:N0} rows/s, peak RSS {run.PeakRssMb:F0} MB, output {new FileInfo(output).Length / 1e6:F1} MB"
                    + $" ({run.Seconds / floor.Seconds:F1}x the raw floor's wall time, {run.CpuSeconds / floor.CpuSeconds:F1}x its CPU)");
                if (run.ExitCode != 0)
                {
                    Console.WriteLine(run.Output);
                }
            }

            Console.WriteLine($"load average after: {LoadAverage()}");
        }

        // 2b. The streaming part alone in this process, cold then warm: how much of the child's time is start-up and JIT.
        var managed = new ManagedScript(scriptId, "aovpn-trusted-cas", "bench");
        for (var pass = 1; pass <= 2; pass++)
        {
            var aggregator = new Report.Aggregation.PackageAggregator(managed, Now.AddDays(-7), null);
            var watch = Stopwatch.StartNew();
            ExportJobSource.ReadZip(zip, managed, aggregator.Add, NoProgress.Instance, CancellationToken.None);
            Console.WriteLine($"in-process read + parse + aggregate, pass {pass} ({(pass == 1 ? "cold" : "warm JIT")}): {watch.Elapsed.TotalSeconds:F2} s, {rows / watch.Elapsed.TotalSeconds:N0} rows/s ({watch.Elapsed.TotalSeconds / floor.Seconds:F1}x the raw floor)");
        }

        // 3. What a user would write in PowerShell, on a smaller file, scaled.
        var pwsh = EnsurePwsh(work);
        if (pwsh is not null)
        {
            var small = Path.Combine(work, $"export-{pwshRows}.zip");
            if (!File.Exists(small))
            {
                ExportFile.Write(new SyntheticFleet(package, pwshRows, seed: 77, Now), scriptId, ExportJobSource.Columns, localized: true, small);
            }

            var script = Path.Combine(work, "Group-Findings.ps1");
            File.WriteAllText(script, PowerShellEquivalent);
            var ps = Timed("/usr/bin/time", ["-f", TimeFormat, pwsh, "-NoProfile", "-File", script, small], measureFromStderr: true);
            var scaled = ps.Seconds * rows / pwshRows;
            Console.WriteLine($"PowerShell (Import-Csv + ConvertFrom-Json + Group-Object), {pwshRows:N0} rows: {ps.Seconds:F1} s wall, {ps.CpuSeconds:F1} s CPU, {pwshRows / ps.Seconds:N0} rows/s, peak RSS {ps.PeakRssMb:F0} MB; "
                + $"scaled to {rows:N0} rows: {scaled:F0} s wall, {ps.CpuSeconds * rows / pwshRows:F0} s CPU");
            Console.WriteLine(ps.Output.Trim());
        }

        // 4. The paged path: deviceRunStates of many devices from the emulator.
        await PagedAsync(package, pagedDevices);
        return 0;
    }

    /// <summary>Serves a prebuilt export zip until killed (to run the child by hand, e.g. under a profiler).</summary>
    public static async Task<int> ServeAsync(string zip, int rows)
    {
        var package = FleetPackage.From(RuleCatalogue.FindPackage("aovpn-trusted-cas")!, "766d5d82");
        await using var emulator = new GraphEmulator.GraphEmulator(new EmulatorOptions { Delay = (_, _) => Task.CompletedTask });
        emulator.State.AddScript("AOVPN - Trusted root and intermediate CAs", OwnershipMarker.ForPackage("aovpn-trusted-cas"), "exit 0\r\n"u8.ToArray());
        var id = emulator.State.SnapshotScripts().Single().Id;
        emulator.Fleets.Attach(id, new SyntheticFleet(package, rows, seed: 77, Now), prebuiltZip: zip);
        emulator.Fleets.PollsInProgress = 1;
        Console.WriteLine((await emulator.StartAsync()).ToString().TrimEnd('/'));
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    /// <summary>The child process: one report run against the emulator the parent started.</summary>
    public static async Task<int> ChildAsync(string url, string format, string output)
    {
        var verbose = Environment.GetEnvironmentVariable("AOVPN_BENCH_VERBOSE") == "1";
        var settings = new ReportSettings([], null, SourceChoice.Export, format == "csv" ? ReportFormat.Csv : ReportFormat.Json, output, 7);
        var options = new ReportOptions
        {
            Time = new FixedTime(Now),
            // Intune's job takes tens of seconds whatever we do; the emulator's is ready at the first poll, asked for at once.
            Export = new ExportOptions { FirstPollInterval = TimeSpan.Zero, TempFolder = Path.GetDirectoryName(output)! },
        };
        return await RunReportAsync(new GraphSettings(new Uri(url), verbose), settings, Console.Out, options);
    }

    /// <summary>Only the streaming part on a zip already on disk, three times (the first includes JIT): read, parse, aggregate.</summary>
    public static int Local(string zip)
    {
        var script = new ManagedScript("local", "aovpn-trusted-cas", "local");
        for (var i = 0; i < 3; i++)
        {
            long count = 0;
            var read = Measure.Stage(() => ExportJobSource.ReadZip(zip, script, row => count++, NoProgress.Instance, CancellationToken.None));
            var parse = Measure.Stage(() => ExportJobSource.ReadZip(zip, script, row => Report.Parsing.ResultLineParser.Parse(row.PreOutput), NoProgress.Instance, CancellationToken.None));
            var aggregator = new Report.Aggregation.PackageAggregator(script, Now.AddDays(-7), null);
            var all = Measure.Stage(() => ExportJobSource.ReadZip(zip, script, aggregator.Add, NoProgress.Instance, CancellationToken.None));
            Console.WriteLine($"{count:N0} rows: unzip + CSV {read}; + parse pre-remediation lines {parse}; + full aggregation {all}");
        }

        return 0;
    }

    private static async Task PagedAsync(FleetPackage package, int devices)
    {
        await using var emulator = new GraphEmulator.GraphEmulator(new EmulatorOptions { Delay = (_, _) => Task.CompletedTask });
        emulator.State.AddScript("AOVPN - Trusted root and intermediate CAs", OwnershipMarker.ForPackage("aovpn-trusted-cas"), "exit 0\r\n"u8.ToArray());
        var id = emulator.State.SnapshotScripts().Single().Id;
        emulator.Fleets.Attach(id, new SyntheticFleet(package, devices, seed: 78, Now));
        var url = await emulator.StartAsync();
        var output = Path.Combine(Path.GetTempPath(), $"aovpn-bench-{Guid.NewGuid():N}.json");
        var settings = new ReportSettings([], null, SourceChoice.RunStates, ReportFormat.Json, output, 7);
        var watch = Stopwatch.StartNew();
        var code = await RunReportAsync(new GraphSettings(url, Verbose: false), settings, TextWriter.Null, new ReportOptions { Time = new FixedTime(Now) });
        watch.Stop();
        File.Delete(output);
        var pages = (devices + emulator.Fleets.PageSize - 1) / emulator.Fleets.PageSize;
        var requests = emulator.Log.WireRequestCount;
        // Beside the pages: the script list, the run summary and the history.
        Console.WriteLine($"paged path, {devices:N0} devices (page size {emulator.Fleets.PageSize}): {requests:N0} requests for a minimum of {pages:N0} pages + 3 = {pages + 3:N0}; "
            + $"{watch.Elapsed.TotalSeconds:F1} s, {devices / watch.Elapsed.TotalSeconds:N0} devices/s (exit {code})");
    }

    /// <summary>The report stage as the CLI runs it (connect, run, say where it wrote); 0 on success, 1 with the reason on stderr.</summary>
    internal static async Task<int> RunReportAsync(GraphSettings graphSettings, ReportSettings settings, TextWriter output, ReportOptions options)
    {
        var redactor = new Redactor();
        try
        {
            using var graph = GraphConnector.Connect(graphSettings, name => name == TokenVariable ? "bench-token-0001" : null, interactive: false, Console.Error, redactor);
            var result = await Reporter.RunAsync(graph, settings, new ReportOutput(output), options, CancellationToken.None);
            if (result.Summary is { } summary)
            {
                Console.Error.WriteLine(summary);
            }

            return 0;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine("error: " + redactor.Describe(ex));
            return 1;
        }
    }

    private const string PowerShellEquivalent = """
        param([string]$Zip)
        # What an endpoint engineer writes today: unpack, Import-Csv, parse each detection output, group.
        $folder = Join-Path ([System.IO.Path]::GetTempPath()) ('aovpn-ps-' + [guid]::NewGuid())
        Expand-Archive -Path $Zip -DestinationPath $folder
        $csv = Get-ChildItem -Path $folder -Filter *.csv | Select-Object -First 1
        $rows = Import-Csv -Path $csv.FullName
        $results = foreach ($row in $rows) {
            $last = ($row.PreRemediationDetectionScriptOutput -split "`n")[-1]
            try { $json = $last | ConvertFrom-Json -ErrorAction Stop } catch { $json = $null }
            [pscustomobject]@{ Device = $row.DeviceName; Status = $(if ($json) { $json.status } else { 'unparsed' }); Findings = $(if ($json) { @($json.findings) } else { @() }) }
        }
        $byStatus = $results | Group-Object -Property Status | Sort-Object -Property Count -Descending
        $byFinding = $results | ForEach-Object { foreach ($f in $_.Findings) { '{0} {1}' -f $f.rule, $f.code } } | Group-Object | Sort-Object -Property Count -Descending
        Remove-Item -Path $folder -Recurse -Force
        'statuses: ' + (($byStatus | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }) -join ', ')
        'findings: ' + (($byFinding | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }) -join ', ')
        """;

    /// <summary>pwsh 7.6.9 as a .NET tool in a gitignored folder (never a repo tool manifest: CI must not download it).</summary>
    private static string? EnsurePwsh(string work)
    {
        var folder = Path.Combine(RepositoryRoot(), ".tools", "pwsh");
        var pwsh = Path.Combine(folder, "pwsh");
        if (!File.Exists(pwsh))
        {
            var install = Timed("dotnet", ["tool", "install", "PowerShell", "--version", "7.6.9", "--tool-path", folder]);
            if (install.ExitCode != 0 || !File.Exists(pwsh))
            {
                Console.WriteLine($"PowerShell comparison skipped: `dotnet tool install PowerShell --version 7.6.9` failed:\n{install.Output}");
                return null;
            }
        }

        return pwsh;
    }

    internal sealed record Timing(double Seconds, double PeakRssMb, int ExitCode, string Output, double CpuSeconds = 0, double SysSeconds = 0, long MinorFaults = 0);

    /// <summary>/usr/bin/time's format for <see cref="Timed"/>: elapsed, peak RSS (KB), user and system CPU, minor page faults.</summary>
    internal const string TimeFormat = "%e %M %U %S %R";

    internal static Timing Best(int runs, Func<Timing> run) =>
        Enumerable.Range(0, runs).Select(_ => run()).MinBy(t => t.Seconds)!;

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <param name="measureFromStderr">The command runs under /usr/bin/time -f <see cref="TimeFormat"/>: take elapsed, peak RSS, CPU and page faults from its last stderr line.</param>
    internal static Timing Timed(string file, string[] arguments, bool measureFromStderr = false)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[TokenVariable] = "bench-token-0001";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        watch.Stop();
        var error = stderr.Result.TrimEnd();
        if (!measureFromStderr)
        {
            return new Timing(watch.Elapsed.TotalSeconds, 0, process.ExitCode, stdout.Result + error);
        }

        var last = error[(error.LastIndexOf('\n') + 1)..].Split(' ');
        var seconds = double.Parse(last[0], CultureInfo.InvariantCulture);
        var rss = double.Parse(last[1], CultureInfo.InvariantCulture) / 1024;
        var sys = double.Parse(last[3], CultureInfo.InvariantCulture);
        var cpu = double.Parse(last[2], CultureInfo.InvariantCulture) + sys;
        var faults = long.Parse(last[4], CultureInfo.InvariantCulture);
        return new Timing(seconds, rss, process.ExitCode, stdout.Result + error[..Math.Max(0, error.LastIndexOf('\n'))], cpu, sys, faults);
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AovpnRemediations.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("AovpnRemediations.sln not found above " + AppContext.BaseDirectory);
    }

    internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
