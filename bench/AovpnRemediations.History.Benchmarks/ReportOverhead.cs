using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using AovpnRemediations.History.LogAnalytics;
using AovpnRemediations.History.Model;
using AovpnRemediations.History.Parquet;
using AovpnRemediations.History.Store;
using AovpnRemediations.History.Tests;
using AovpnRemediations.Report;
using AovpnRemediations.Report.Aggregation;
using AovpnRemediations.Report.Graph;
using AovpnRemediations.Report.Parsing;
using AovpnRemediations.Report.Sources;
using static AovpnRemediations.History.Benchmarks.Figures;

namespace AovpnRemediations.History.Benchmarks;

/// <summary>
/// What the store adds to the report. An export zip of N devices (the export's columns, detection lines in the generated
/// scripts' format) is read by the report's own code (ExportJobSource.ReadZip, which pipelines inflate/CSV against
/// parse/aggregate on two threads) into its PackageAggregator, once alone and once with each device also mapped (through
/// the aggregator's drill-down hook, so no line is parsed twice) and written to the store, or to Parquet. Each run is
/// a child process, best of three; beside it the raw floor, <c>unzip -p | wc -l</c>.
/// </summary>
internal static class ReportOverhead
{
    private static readonly DateTimeOffset TakenAt = SyntheticFleet.TakenAt(10);

    public static int Run(int rows)
    {
        var work = Path.Combine(AppContext.BaseDirectory, "bench-history");
        Directory.CreateDirectory(work);
        var zip = Path.Combine(work, $"export-{rows}.zip");
        if (!File.Exists(zip))
        {
            var watch = Stopwatch.StartNew();
            WriteExport(zip, rows);
            Console.WriteLine($"generated {zip} ({F(new FileInfo(zip).Length / 1e6, 1)} MB) in {F(watch.Elapsed.TotalSeconds, 1)} s");
        }

        Console.WriteLine($"report overhead on {N(rows)} devices; load average {LoadAverage()}");
        var floor = Best(() =>
        {
            var watch = Stopwatch.StartNew();
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"unzip -p '{zip}' | wc -l");
            using var p = Process.Start(start)!;
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return new Dictionary<string, string> { ["seconds"] = F(watch.Elapsed.TotalSeconds), ["cpu"] = "?", ["rss"] = "?" };
        });
        Console.WriteLine($"raw floor (unzip -p | wc -l): {floor["seconds"]} s");
        var floorSeconds = double.Parse(floor["seconds"], CultureInfo.InvariantCulture);
        double? read = null;
        foreach (var mode in new[] { "read", "store", "store-bg", "parquet" })
        {
            var store = Path.Combine(work, "history.duckdb");
            var v = Best(() =>
            {
                File.Delete(store);
                File.Delete(store + ".wal");
                return Figures.Child("report-child", mode, zip, store);
            });
            var seconds = double.Parse(v["seconds"], CultureInfo.InvariantCulture);
            read ??= seconds;
            var added = seconds - read.Value;
            Console.WriteLine($"report read {(mode == "read" ? "alone" : "+ " + mode),-10}: {v["seconds"]} s wall ({F(seconds / floorSeconds, 1)}x floor), {v["cpu"]} s CPU, peak RSS {v["rss"]} MB"
                + (mode == "read" ? "" : $"; adds {F(added)} s = {F(added / floorSeconds, 2)}x the floor"));
        }

        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    public static int Child(string mode, string zip, string storePath)
    {
        var script = new ManagedScript("policy-1", SyntheticFleet.PackageId, "bench");
        var cpu = CpuSeconds();
        var watch = Stopwatch.StartNew();
        HistoryStore? store = null;
        SnapshotWriter? writer = null;
        ParquetSnapshotWriter? parquet = null;
        IDeviceRowSink? sink = null;
        var start = new SnapshotStart(SyntheticFleet.PackageId, "policy-1", "export", TakenAt, RunId: Guid.NewGuid().ToString("D"));
        if (mode is "store" or "store-bg")
        {
            store = HistoryStore.Open(storePath, new HistoryStoreOptions { BackgroundWrites = mode == "store-bg" });
            sink = writer = store.BeginSnapshot(start);
        }
        else if (mode == "parquet")
        {
            sink = parquet = ParquetSnapshotWriter.CreateAsync(storePath + ".parquet", RunContext.From(start)).GetAwaiter().GetResult();
        }

        var aggregator = new PackageAggregator(script, TakenAt.AddDays(-7), sink is null ? null : new SnapshotRowAdapter(sink));
        ExportJobSource.ReadZip(zip, script, aggregator.Add, NoProgress.Instance, CancellationToken.None);
        writer?.Commit();
        parquet?.CompleteAsync(CancellationToken.None).GetAwaiter().GetResult();
        store?.Dispose();
        Console.WriteLine($"seconds={F(watch.Elapsed.TotalSeconds)}");
        Console.WriteLine($"cpu={F(CpuSeconds() - cpu)}");
        Console.WriteLine($"rss={F(PeakRssMb(), 0)}");
        Console.WriteLine($"devices={aggregator.Devices}");
        return 0;
    }

    private static Dictionary<string, string> Best(Func<Dictionary<string, string>> run) =>
        Enumerable.Range(0, 3).Select(_ => run()).MinBy(v => double.Parse(v["seconds"], CultureInfo.InvariantCulture))!;

    /// <summary>
    /// The mapping the integration step needs, here as a prototype: the report's row and parsed pre-remediation line
    /// (which the aggregator hands its drill-down writer) become the history's row.
    /// </summary>
    private sealed class SnapshotRowAdapter(IDeviceRowSink sink) : IDrillDownWriter
    {
        public void Write(ManagedScript script, DeviceRow row, ResultLine pre, ResultLine post, string result, bool stale) =>
            sink.Add(new DeviceSnapshotRow(
                row.DeviceId,
                row.DeviceName,
                row.UserName,
                row.LastReport,
                RunStateNames.Name(row.Detection),
                RunStateNames.Name(row.Remediation),
                result,
                pre.Findings.Count == 0 ? [] : pre.Findings.Select(f => new SnapshotFinding(f.Rule, f.Code, f.Fields)).ToArray(),
                pre.Errors.Count == 0 ? [] : pre.Errors.Select(e => new SnapshotError(e.Rule, e.Code)).ToArray()));
    }

    /// <summary>An export zip like Intune's: the report's columns, one CSV row per device, detection lines as the generated scripts write them.</summary>
    private static void WriteExport(string path, int rows)
    {
        var fleet = new SyntheticFleet(rows);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using var stream = zip.CreateEntry("DeviceRunStatesByProactiveRemediation.csv", CompressionLevel.Fastest).Open();
        using var csv = new StreamWriter(stream, new UTF8Encoding(true), 1 << 16);
        csv.Write(string.Join(',', ExportJobSource.Columns.Select(c => '"' + c + '"')));
        csv.Write("\r\n");
        var line = new StringBuilder(512);
        foreach (var row in fleet.Rows(10))
        {
            line.Clear();
            Cell(line, row.DeviceId);
            Cell(line, row.DeviceName);
            Cell(line, row.UserPrincipalName);
            Cell(line, row.DetectionState == "fail" ? "With issues" : row.DetectionState == "scriptError" ? "Error" : "Without issues");
            Cell(line, row.RemediationState == "remediationFailed" ? "Failed" : "Not run");
            Cell(line, row.LastReport?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) ?? "");
            Cell(line, DetectionLine(row));
            Cell(line, row.ResultStatus == "error" ? "AOVPN aovpn-trusted-cas: could not check AOVPN2001 (AccessDenied)" : "");
            Cell(line, "");
            Cell(line, "");
            Cell(line, "");
            Cell(line, "", last: true);
            csv.Write(line);
            csv.Write("\r\n");
        }
    }

    private static string DetectionLine(DeviceSnapshotRow row)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("schema", 1);
            json.WriteString("package", SyntheticFleet.PackageId);
            json.WriteString("version", "766d5d82");
            json.WriteString("status", row.ResultStatus);
            json.WriteStartArray("findings");
            foreach (var finding in row.Findings)
            {
                json.WriteStartObject();
                json.WriteString("rule", finding.Rule);
                json.WriteString("code", finding.Code);
                foreach (var (name, value) in finding.Fields)
                {
                    json.WriteString(name, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (row.Errors.Count > 0)
            {
                json.WriteStartArray("errors");
                foreach (var error in row.Errors)
                {
                    json.WriteStartObject();
                    json.WriteString("rule", error.Rule);
                    json.WriteString("code", error.Code);
                    json.WriteString("message", "Access is denied.");
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Cell(StringBuilder line, string value, bool last = false)
    {
        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        if (!last)
        {
            line.Append(',');
        }
    }
}
