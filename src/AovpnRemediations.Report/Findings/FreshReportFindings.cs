using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Report.Aggregation;
using AovpnRemediations.Report.Graph;
using AovpnRemediations.Report.Parsing;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Report.Findings;

/// <summary>
/// Finds the devices that report a finding by reading the package's device states now, the way <c>report</c> does: the same
/// source choice (run states up to the auto threshold, the export job above), the same parser (the last line of the
/// pre-remediation output), the same stale cut-off (stale devices are left out: their finding may be long gone). Only the
/// matching devices are kept.
/// </summary>
public sealed class FreshReportFindings(GraphConnection graph, ReportOptions options, int staleDays, SourceChoice source = SourceChoice.Auto) : IDeviceFindingSource
{
    /// <summary>More matching devices than this is not a run anyone means (and keeps memory bounded).</summary>
    public const int MaxDevices = 100_000;

    /// <summary>What every finding source says past <see cref="MaxDevices"/>.</summary>
    internal static ReportInputException TooManyDevices(IReadOnlyList<FindingRef> findings) =>
        new($"More than {MaxDevices:N0} devices report {string.Join(", ", findings)}; narrow the run (a group, a package's pilot).");

    public async Task<FindingSelection> FindAsync(ManagedScript script, IReadOnlyList<FindingRef> findings, CancellationToken cancellationToken)
    {
        var summary = await ReportGraph.RunSummaryAsync(graph, script.Id, cancellationToken).ConfigureAwait(false);
        var choice = SourcePicker.Pick(source, summary, options.AutoThreshold);
        IDeviceSource states = choice == SourceChoice.Export ? new ExportJobSource(graph, options.Export) : new RunStatesSource(graph);
        var staleBefore = options.Time.GetUtcNow().AddDays(-staleDays);
        var wanted = findings.Select(f => (f.Rule, f.Code)).ToHashSet();
        var devices = new List<DeviceFinding>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long read = 0, stale = 0;
        await states.ReadAsync(script, row =>
        {
            read++;
            if (PackageAggregator.IsStale(row, staleBefore))
            {
                stale++;
                return;
            }

            var line = ResultLineParser.Parse(row.PreOutput);
            if (!line.IsOurs || row.DeviceId.Length == 0)
            {
                return;
            }

            var matched = line.Findings.Where(f => wanted.Contains((f.Rule, f.Code))).Select(f => new FindingRef(f.Rule, f.Code)).Distinct().ToList();
            if (matched.Count > 0 && seen.Add(row.DeviceId))
            {
                if (devices.Count >= MaxDevices)
                {
                    throw TooManyDevices(findings);
                }

                devices.Add(new DeviceFinding(row.DeviceId, row.DeviceName, row.LastReport, matched));
            }
        }, NoProgress.Instance, cancellationToken).ConfigureAwait(false);

        return new FindingSelection(devices, read, stale, $"a fresh report ({states.Name})");
    }
}
