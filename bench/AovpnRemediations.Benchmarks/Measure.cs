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

    public static string Format(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
