using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Report.Aggregation;
using AovpnRemediations.Report.Graph;
using AovpnRemediations.Report.Model;
using AovpnRemediations.Report.Output;
using AovpnRemediations.Report.Parsing;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Report.Tests;

/// <summary>The export reader's share of the aggregator's work: the same report whichever thread parsed a row's line.</summary>
public sealed class ReaderSharedWorkTests
{
    private static readonly ManagedScript Script = new("s", "aovpn-trusted-cas", "Trusted CAs");

    private static IEnumerable<DeviceRow> Fleet()
    {
        for (var i = 0; i < 3_000; i++)
        {
            yield return new DeviceRow
            {
                DeviceId = $"d{i}",
                LastReport = FleetHarness.Now.AddDays(-(i % 9)), // some stale
                Detection = i % 5 == 0 ? DetectionState.Fail : DetectionState.Success,
                PreOutput = (i % 6) switch
                {
                    0 => null,
                    1 => "not json at all",
                    2 => $$"""{"schema":1,"package":"aovpn-trusted-cas","version":"1","status":"issue","findings":[{"rule":"AOVPN1101","code":"RootMissing","thumbprint":"{{i % 4:X40}}"}]}""",
                    3 => $"WARNING: a module\n{{\"schema\":1,\"package\":\"aovpn-trusted-cas\",\"version\":\"2\",\"status\":\"ok\",\"findings\":[]}}",
                    4 => $$"""{"schema":1,"package":"other","version":"1","status":"ok","findings":[]}""",
                    _ => $$"""{"schema":1,"package":"aovpn-trusted-cas","version":"1","status":"error","findings":[],"errors":[{"rule":"AOVPN1102","code":"StoreUnreadable","message":"Gave up after {{i % 7}} tries"}]}""",
                },
            };
        }
    }

    private static string Json(PackageAggregator aggregator)
    {
        var report = new FleetReport(FleetHarness.Now, "contoso", 7, [aggregator.ToReport("export", new RunSummary(), [])]);
        var text = new StringWriter();
        JsonReportWriter.Write(report, text);
        return text.ToString();
    }

    [Fact]
    public void Rows_the_reader_parsed_while_the_aggregator_was_behind_aggregate_as_if_the_aggregator_had_parsed_them()
    {
        var direct = new PackageAggregator(Script, FleetHarness.Now.AddDays(-7), null);
        foreach (var row in Fleet())
        {
            direct.Add(row);
        }

        var shared = new PackageAggregator(Script, FleetHarness.Now.AddDays(-7), null);
        var lines = new ResultLineCache();
        var parsedByReader = 0;
        ExportJobSource.Pipelined(
            emit =>
            {
                foreach (var row in Fleet())
                {
                    emit(row);
                }
            },
            row =>
            {
                Thread.SpinWait(2_000); // an aggregator slower than the reader, as with the snapshot store
                parsedByReader += row.DetectionLine is null ? 0 : 1;
                shared.Add(row);
            },
            CancellationToken.None,
            whileBehind: row => row.DetectionLine = lines.Parse(row.PreOutput));

        Assert.InRange(parsedByReader, 1, 2_999); // the reader took some of the work, and the queue started empty
        Assert.Equal(Json(direct), Json(shared));
    }
}
