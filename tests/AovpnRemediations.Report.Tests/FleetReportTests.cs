using System.Text.Json;
using AovpnRemediations.GraphEmulator.Fleet;
using AovpnRemediations.Report.Model;
using AovpnRemediations.Report.Output;
using AovpnRemediations.Report.Sources;
using nietras.SeparatedValues;

namespace AovpnRemediations.Report.Tests;

/// <summary>The report over the emulator's synthetic fleets, compared with what the generator put in.</summary>
public class FleetReportTests
{
    [Theory]
    [InlineData(SourceChoice.RunStates)]
    [InlineData(SourceChoice.Export)]
    public async Task Aggregates_match_the_generators_truth(SourceChoice source)
    {
        await using var harness = await FleetHarness.StartAsync();
        var trusted = harness.AddFleet(FleetHarness.TrustedCas, 2_345, seed: 11);
        var health = harness.AddFleet(FleetHarness.ConnectionHealth, 1_200, seed: 12);

        var run = await harness.RunAsync(ReportFormat.Json, source);
        Assert.True(run.Ok, run.ToString());
        var report = JsonSerializer.Deserialize<FleetReport>(run.Out, JsonReportWriter.Options)!;

        Assert.Equal(["aovpn-connection-health", "aovpn-trusted-cas"], report.Packages.Select(p => p.PackageId));
        AssertMatches(trusted, report.Packages.Single(p => p.PackageId == "aovpn-trusted-cas"));
        AssertMatches(health, report.Packages.Single(p => p.PackageId == "aovpn-connection-health"));
        Assert.All(report.Packages, p => Assert.Equal(source == SourceChoice.Export ? "export" : "runstates", p.Source));
    }

    public static TheoryData<string> CataloguePackages() => [.. AovpnRemediations.Catalogue.RuleCatalogue.Packages.Select(p => p.Id)];

    [Theory]
    [MemberData(nameof(CataloguePackages))]
    public async Task Every_catalogue_package_is_reported_from_its_own_finding_codes_and_fields(string packageId)
    {
        await using var harness = await FleetHarness.StartAsync();
        var package = FleetPackage.From(AovpnRemediations.Catalogue.RuleCatalogue.FindPackage(packageId)!, "1234abcd");
        var fleet = harness.AddFleet(package, 400, seed: packageId.Length);
        var run = await harness.RunAsync(ReportFormat.Json, SourceChoice.RunStates);
        Assert.True(run.Ok, run.ToString());
        var report = JsonSerializer.Deserialize<FleetReport>(run.Out, JsonReportWriter.Options)!.Packages.Single();
        AssertMatches(fleet, report);
        Assert.All(report.Findings, f => Assert.True(f.Known, $"{f.Rule} {f.Code} is not in the catalogue"));
    }

    private static void AssertMatches(SyntheticFleet fleet, PackageReport p)
    {
        var truth = fleet.Truth;
        Assert.Equal(truth.Devices, p.Devices);
        Assert.Equal(truth.Stale, p.Stale.Devices);
        Assert.Equal(Sorted(truth.StaleByStatus), p.Stale.ByStatus);
        Assert.Equal(Sorted(truth.Statuses), p.Statuses);
        Assert.Equal(Sorted(truth.DetectionStates), p.DetectionStates);
        Assert.Equal(fleet.Package.Version, Assert.Single(p.Versions).Value);

        Assert.Equal(truth.FindingDevices.Count, p.Findings.Count);
        foreach (var f in p.Findings)
        {
            var key = (f.Rule, f.Code);
            Assert.Equal(truth.FindingDevices[key], f.Devices);
            Assert.Equal(truth.FindingOccurrences[key], f.Occurrences);
            Assert.Equal(truth.FindingStill.GetValueOrDefault(key), f.StillAfterRemediation);
        }

        Assert.Equal(truth.ErrorCodeDevices.Count, p.ErrorCodes.Count);
        foreach (var e in p.ErrorCodes)
        {
            Assert.Equal(truth.ErrorCodeDevices[e.Code], e.Devices);
            Assert.Equal(truth.ErrorCodeEvents[e.Code], e.Events);
        }

        Assert.Equal(Sorted(truth.AfterRemediation), p.Remediation.AfterRemediation);
        Assert.Equal(Sorted(truth.RemediationStates), p.Remediation.States);
        Assert.Equal(truth.CheckErrorGroups.Values.Order(), p.CheckErrors.Select(g => g.Count).Order());
        Assert.Equal(truth.ScriptErrorGroups.Values.Order(), p.ScriptErrorOutput.Select(g => g.Count).Order());

        var pre = p.Unparsed.SingleOrDefault(u => u.Slot == "pre-remediation detection");
        Assert.Equal(truth.Statuses.GetValueOrDefault("notJson"), pre?.NotJson ?? 0);
        Assert.Equal(truth.Statuses.GetValueOrDefault("notOurs"), pre?.NotOurs ?? 0);
        Assert.Equal(30, p.History.Count);
    }

    [Fact]
    public async Task A_run_with_the_store_returns_with_the_store_closed_and_its_snapshot_in_the_file_alone()
    {
        await using var harness = await FleetHarness.StartAsync();
        harness.AddFleet(FleetHarness.TrustedCas, 1_500, seed: 31);
        using var folder = new TestSupport.TempDirectory();
        var path = folder.Path("history.duckdb");

        var run = await harness.RunAsync(ReportFormat.Json, SourceChoice.Export, history: new History.ReportHistory(path));

        // The store closes while the report is written, and the run waits for it: by the time it returns DuckDB has
        // checkpointed (no WAL left beside the file) and let go of the file (a writer can open it at once).
        Assert.True(run.Ok, run.ToString());
        Assert.False(File.Exists(path + ".wal"));
        using var reopened = AovpnRemediations.History.Store.HistoryStore.Open(path, new AovpnRemediations.History.Store.HistoryStoreOptions());
        Assert.Equal(1_500, Assert.Single(reopened.ListSnapshots("aovpn-trusted-cas")).Devices);
    }

    [Fact]
    public async Task Export_lines_carry_the_remediation_scripts_own_result()
    {
        await using var harness = await FleetHarness.StartAsync();
        var fleet = harness.AddFleet(FleetHarness.TrustedCas, 900, seed: 5);
        var run = await harness.RunAsync(ReportFormat.Json, SourceChoice.Export);
        var p = JsonSerializer.Deserialize<FleetReport>(run.Out, JsonReportWriter.Options)!.Packages.Single();
        Assert.Equal(Sorted(fleet.Truth.RemediationResults), p.Remediation.ScriptResults);
        Assert.Contains(p.Remediation.Actions, a => a.Value == "AOVPN2001 RepairedRootCaMissing");
    }

    [Fact]
    public async Task Error_codes_carry_the_knowledge_base_meaning_and_both_forms()
    {
        await using var harness = await FleetHarness.StartAsync();
        harness.AddFleet(FleetHarness.ConnectionHealth, 3_000, seed: 3);
        var run = await harness.RunAsync(ReportFormat.Json, SourceChoice.RunStates);
        var codes = JsonSerializer.Deserialize<FleetReport>(run.Out, JsonReportWriter.Options)!.ErrorCodes;
        var untrusted = codes.Single(c => c.Code == -2146762487);
        Assert.Equal(("0x800B0109", "CERT_E_UNTRUSTEDROOT"), (untrusted.Hex, untrusted.Symbol));
        Assert.Contains("LocalMachine\\Root", untrusted.WhatToCheck);
        Assert.Equal(["Contoso Device Tunnel", "Contoso VPN"], untrusted.Profiles.Select(p => p.Value).Order());
        var unknown = codes.Single(c => c.Code == 4242);
        Assert.Null(unknown.Symbol);
        Assert.Equal("0x00001092", unknown.Hex);
    }

    [Fact]
    public async Task Auto_reads_run_states_for_a_small_fleet_and_the_export_for_a_large_one()
    {
        await using var harness = await FleetHarness.StartAsync();
        harness.AddFleet(FleetHarness.TrustedCas, 250, seed: 1);
        var small = await harness.RunAsync(ReportFormat.Json, SourceChoice.Auto, autoThreshold: 250);
        Assert.Contains(small.Log, r => r.Path.Contains("/deviceRunStates", StringComparison.Ordinal));
        Assert.DoesNotContain(small.Log, r => r.Path.Contains("exportJobs", StringComparison.Ordinal));

        var large = await harness.RunAsync(ReportFormat.Json, SourceChoice.Auto, autoThreshold: 249);
        Assert.DoesNotContain(large.Log, r => r.Path.Contains("/deviceRunStates", StringComparison.Ordinal));
        Assert.Contains(large.Log, r => r.Method == "POST" && r.Path.EndsWith("/reports/exportJobs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_export_job_is_polled_with_a_growing_wait_and_the_download_sends_no_token()
    {
        await using var harness = await FleetHarness.StartAsync();
        harness.AddFleet(FleetHarness.TrustedCas, 100, seed: 2);
        harness.Emulator.Fleets.PollsInProgress = 4;
        var run = await harness.RunAsync(ReportFormat.Json, SourceChoice.Export, verbose: true);
        Assert.True(run.Ok, run.ToString());
        var polls = run.Log.Where(r => r.Method == "GET" && r.Path.Contains("exportJobs('", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, polls.Count); // four inProgress, then completed
        Assert.Equal([2.0, 3.0, 4.5, 6.75, 10.125], harness.Waits.Select(w => w.TotalSeconds));
        Assert.Contains(run.Log, r => r.Path.StartsWith("/_blobs/exports/", StringComparison.Ordinal) && r.Status == 200);
        // The SAS signature is a secret: the verbose log shows the download without it.
        Assert.DoesNotContain("c2FzLXNpZ25hdHVyZS1zZWNyZXQ", run.Error, StringComparison.Ordinal);
        Assert.Contains("(export download)", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(harness.ExportFolder) ? Directory.GetFiles(harness.ExportFolder, "aovpn-report-*") : []);
    }

    [Fact]
    public async Task Paging_follows_every_next_link_and_survives_throttling()
    {
        await using var harness = await FleetHarness.StartAsync(pageSize: 50);
        var fleet = harness.AddFleet(FleetHarness.TrustedCas, 1_000, seed: 4);
        harness.Emulator.Faults.FailureRate = 0.2;
        harness.Emulator.Faults.WeightDropped = 0;
        var run = await harness.RunAsync(ReportFormat.Json, SourceChoice.RunStates);
        Assert.True(run.Ok, run.ToString());
        var p = JsonSerializer.Deserialize<FleetReport>(run.Out, JsonReportWriter.Options)!.Packages.Single();
        Assert.Equal(fleet.Truth.Devices, p.Devices);
        Assert.Equal(Sorted(fleet.Truth.Statuses), p.Statuses);
        Assert.Equal(20, run.Log.Count(r => r.Path.Contains("/deviceRunStates", StringComparison.Ordinal) && r.Status == 200));
        Assert.Contains(run.Log, r => r.Fault == "429");
    }

    [Fact]
    public async Task The_drill_down_csv_has_one_row_per_device_and_finding_and_defuses_formulas()
    {
        await using var harness = await FleetHarness.StartAsync();
        var fleet = harness.AddFleet(FleetHarness.TrustedCas, 2_000, seed: 9);
        using var folder = new TestSupport.TempDirectory();
        var path = folder.Path("fleet.csv");
        var run = await harness.RunAsync(ReportFormat.Csv, SourceChoice.Export, outPath: path);
        Assert.True(run.Ok, run.ToString());
        Assert.Contains("Wrote", run.Error, StringComparison.Ordinal);

        using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true }).FromFile(path);
        var records = reader.GetEnumerator();
        Assert.True(records.MoveNext());
        Assert.Equal(DrillDownCsvWriter.Header, Fields(records.Current));
        long rows = 0, staleRows = 0;
        var hostile = 0;
        while (records.MoveNext())
        {
            var fields = Fields(records.Current);
            rows++;
            Assert.Equal(DrillDownCsvWriter.Header.Count, fields.Count);
            staleRows += fields[5] == "true" ? 1 : 0;
            if (fields[2]!.Contains("<script>", StringComparison.Ordinal))
            {
                hostile++;
                Assert.StartsWith("'", fields[2], StringComparison.Ordinal);
            }
        }

        Assert.Equal(fleet.Truth.DrillDownRows, rows);
        Assert.True(staleRows >= fleet.Truth.Stale);
        Assert.True(hostile > 0);
    }

    [Fact]
    public async Task Tables_are_plain_when_redirected_and_name_findings_and_stale_devices()
    {
        await using var harness = await FleetHarness.StartAsync();
        var fleet = harness.AddFleet(FleetHarness.TrustedCas, 600, seed: 6);
        var run = await harness.RunAsync(ReportFormat.Table, SourceChoice.RunStates);
        Assert.True(run.Ok, run.ToString());
        Assert.DoesNotContain('\u001b', run.Out);
        Assert.Contains("RootCaMissing", run.Out, StringComparison.Ordinal);
        Assert.Contains("stale (apart)", run.Out, StringComparison.Ordinal);
        Assert.Contains($"{fleet.Truth.Stale:N0} stale", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_exit_3_and_a_fix()
    {
        await using var harness = await FleetHarness.StartAsync();
        harness.AddFleet(FleetHarness.TrustedCas, 10, seed: 1);
        var unknown = await harness.RunAsync(ReportFormat.Json, packages: ["aovpn-nope"]);
        Assert.IsType<ReportInputException>(unknown.Failure);
        Assert.Contains("aovpn-nope: no managed script for it in the tenant. Managed packages found: aovpn-trusted-cas", unknown.Error, StringComparison.Ordinal);

        var stale = await harness.RunAsync(ReportFormat.Json, staleDays: 0);
        Assert.IsType<ReportInputException>(stale.Failure);
        Assert.Contains("--stale-days 0 is out of range", stale.Error, StringComparison.Ordinal);

        var folder = await harness.RunAsync(ReportFormat.Html, outPath: "/nonexistent-folder/report.html");
        Assert.IsType<ReportInputException>(folder.Failure);
        Assert.Contains("does not exist", folder.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_without_managed_scripts_gives_an_empty_report_that_says_so()
    {
        await using var harness = await FleetHarness.StartAsync();
        var run = await harness.RunAsync(ReportFormat.Table);
        Assert.True(run.Ok, run.ToString());
        Assert.Contains("No managed remediation found", run.Out, StringComparison.Ordinal);
    }

    private static List<string> Fields(SepReader.Row row)
    {
        var fields = new List<string>(row.ColCount);
        for (var i = 0; i < row.ColCount; i++)
        {
            fields.Add(row[i].ToString());
        }

        return fields;
    }

    private static SortedDictionary<string, long> Sorted(Dictionary<string, long> counts) => new(counts, StringComparer.Ordinal);
}
