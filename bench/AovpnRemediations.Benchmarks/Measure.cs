using System.Diagnostics;
using System.Globalization;

namespace AovpnRemediations.Benchmarks;

/// <summary>Times an action after warm-up and reports median and fastest, in milliseconds.</summary>
internal static class Measure
{
    public static (double Median, double Fastest) Milliseconds(int iterations, Action action, int warmup = 3)
    {
        for (var i = 0; i < warmup; i++)
        {
            action();
        }

        var samples = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        return (samples[samples.Count / 2], samples[0]);
    }

    /// <summary>
    /// One run of a stage: wall and CPU seconds, what it allocated, the collections it caused and how long they paused
    /// the program, and the process's RSS and peak RSS after it (the peak is the whole process's so far).
    /// </summary>
    public static string Stage(Action action)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var bytes = GC.GetTotalAllocatedBytes();
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var paused = GC.GetTotalPauseDuration();
        var watch = Stopwatch.StartNew();
        action();
        var process = Process.GetCurrentProcess();
        return $"{watch.Elapsed.TotalSeconds:F2} s ({(process.TotalProcessorTime - cpu).TotalSeconds:F2} s CPU, {(GC.GetTotalAllocatedBytes() - bytes) / 1e6:N0} MB allocated, "
            + $"GCs {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}, paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms; RSS {process.WorkingSet64 / 1e6:F0} MB, peak {process.PeakWorkingSet64 / 1e6:F0} MB)";
    }

    public static string Format(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
