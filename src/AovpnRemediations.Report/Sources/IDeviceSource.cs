using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Report.Graph;

namespace AovpnRemediations.Report.Sources;

/// <summary>Where per-device run states come from. Rows are pushed to <c>sink</c> as they are read, never collected.</summary>
public interface IDeviceSource
{
    /// <summary>"runstates" or "export", as the report shows it.</summary>
    string Name { get; }

    Task ReadAsync(ManagedScript script, Action<DeviceRow> sink, IReportProgress progress, CancellationToken cancellationToken);
}

/// <summary>Which source the user asked for.</summary>
public enum SourceChoice
{
    Auto,
    RunStates,
    Export,
}

/// <summary>How <c>--source auto</c> decides.</summary>
public static class SourcePicker
{
    /// <summary>
    /// Up to this many devices (the run summary's total) the paged deviceRunStates list is read: it answers at once and
    /// costs one request per page. Above it the export job wins: a fixed cost of a job and some polls (tens of seconds),
    /// then one download however large the fleet, instead of hundreds of page requests against the 2,000-per-20 s budget.
    /// </summary>
    public const long DefaultAutoThreshold = 5_000;

    public static SourceChoice Pick(SourceChoice choice, RunSummary summary, long threshold = DefaultAutoThreshold) =>
        choice != SourceChoice.Auto ? choice : summary.DeviceCount <= threshold ? SourceChoice.RunStates : SourceChoice.Export;
}
