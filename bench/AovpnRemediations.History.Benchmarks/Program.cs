using System.Globalization;
using AovpnRemediations.History.Benchmarks;

// Usage: dotnet run -c Release --project bench/AovpnRemediations.History.Benchmarks -- compare [rows]
//        dotnet run -c Release --project bench/AovpnRemediations.History.Benchmarks -- store [rows] [snapshots]
//        dotnet run -c Release --project bench/AovpnRemediations.History.Benchmarks -- report [rows]
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
return (args.Length > 0 ? args[0] : "") switch
{
    "compare" => EngineComparison.Run(Arg(1, 1_000_000)),
    "compare-child" when args.Length == 4 => EngineComparison.ChildMain(args[1], args[2], Arg(3, 0)),
    "store" => StoreBenchmark.Run(Arg(1, 1_000_000), Arg(2, 3)),
    "store-ingest" when args.Length == 4 => StoreBenchmark.Ingest(args[1], Arg(2, 0), Arg(3, 0)),
    "store-diff" when args.Length == 2 => StoreBenchmark.Diff(args[1]),
    "report" => ReportOverhead.Run(Arg(1, 1_000_000)),
    "report-child" when args.Length == 4 => ReportOverhead.Child(args[1], args[2], args[3]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AovpnRemediations.History.Benchmarks compare [rows] | store [rows] [snapshots] | report [rows]");
    return 2;
}
