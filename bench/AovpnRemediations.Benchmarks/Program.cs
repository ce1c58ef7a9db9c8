using AovpnRemediations.Benchmarks;

// Usage: dotnet run -c Release --project bench/AovpnRemediations.Benchmarks -- [build] [iterations]
var which = args.Length > 0 ? args[0] : "build";
return which switch
{
    "build" => BuildBenchmark.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AovpnRemediations.Benchmarks build [iterations]");
    return 2;
}
