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
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AovpnRemediations.History.Benchmarks compare [rows] | store [rows] [snapshots] | report [rows]");
    return 2;
}
