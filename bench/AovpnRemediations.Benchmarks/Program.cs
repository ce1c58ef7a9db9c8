using System.Globalization;
using AovpnRemediations.Benchmarks;

// Usage: dotnet run -c Release --project bench/AovpnRemediations.Benchmarks -- build [iterations]
//        dotnet run -c Release --project bench/AovpnRemediations.Benchmarks -- report [rows] [pwsh-rows] [paged-devices]
//        dotnet run -c Release --project bench/AovpnRemediations.Benchmarks -- sign [iterations]
//        dotnet run -c Release --project bench/AovpnRemediations.Benchmarks -- history [rows] [changed-per-mille]
//        dotnet run -c Release --project bench/AovpnRemediations.Benchmarks -- history-local store-holding-day0 day1-zip day1-time   (the store's stages, in one process)
//            (AOVPN_BENCH_INGEST_ONLY=1: only the writer adding day 1's rows from memory, on one thread)
//            (AOVPN_BENCH_FIRST_INGEST=1: day 1 into a new store, every device written)
//        dotnet run -c Release --project bench/AovpnRemediations.Benchmarks -- outputs rows folder   (every output, to diff before and after a change)
var which = args.Length > 0 ? args[0] : "build";
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
return which switch
{
    "build" => BuildBenchmark.Run(Arg(1, 20)),
    "sign" => await SignBenchmark.RunAsync(Arg(1, 5)),
    "report" => await ReportBenchmark.RunAsync(Arg(1, 1_000_000), Arg(2, 100_000), Arg(3, 100_000)),
    "report-serve" when args.Length == 3 => await ReportBenchmark.ServeAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture)),
    "report-local" when args.Length == 2 => ReportBenchmark.Local(args[1]),
    "report-child" when args.Length == 4 => await ReportBenchmark.ChildAsync(args[1], args[2], args[3]),
    "history" => await HistoryBenchmark.RunAsync(Arg(1, 1_000_000), Arg(2, 20)),
    "history-local" when args.Length == 4 => HistoryLocal.Run(args[1], args[2], args[3]),
    "history-child" when args.Length == 4 => await HistoryBenchmark.ChildAsync(args[1], args[2], args[3]),
    "outputs" when args.Length == 3 => await OutputsCheck.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture), args[2]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AovpnRemediations.Benchmarks build [iterations] | sign [iterations] | report [rows] [pwsh-rows] [paged-devices] | history [rows] [changed-per-mille]");
    return 2;
}
