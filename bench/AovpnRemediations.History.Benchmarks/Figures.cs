using System.Diagnostics;
using System.Globalization;

namespace AovpnRemediations.History.Benchmarks;

/// <summary>Process figures read from /proc (Linux): peak resident set size, CPU time.</summary>
internal static class Figures
{
    /// <summary>VmHWM: the peak RSS of this process so far, in MB.</summary>
    public static double PeakRssMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return double.NaN;
    }

    public static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public static long SizeOf(string path) =>
        (File.Exists(path) ? new FileInfo(path).Length : 0) + (File.Exists(path + ".wal") ? new FileInfo(path + ".wal").Length : 0)
        + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);

    public static string F(double value, int decimals = 2) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Runs this benchmark in a child process and returns its stdout lines (children print key=value lines).</summary>
    public static Dictionary<string, string> Child(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Figures).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (process.StandardOutput.ReadLine() is { } line)
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[line[..equals]] = line[(equals + 1)..];
            }
            else
            {
                Console.WriteLine("  " + line);
            }
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"child {string.Join(' ', args)} exited with {process.ExitCode}");
        }

        return values;
    }
}
