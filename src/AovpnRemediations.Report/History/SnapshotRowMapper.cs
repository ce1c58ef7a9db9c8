using System.Runtime.CompilerServices;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.History;
using AovpnRemediations.History.Model;
using AovpnRemediations.Report.Aggregation;
using AovpnRemediations.Report.Parsing;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Report.History;

/// <summary>
/// The aggregator's per-device hook turned into the history's row: the row the source read and the pre-remediation
/// line the aggregator already parsed become a <see cref="DeviceSnapshotRow"/> for the package's sinks (store, Log
/// Analytics, Parquet). No line is parsed twice; findings keep the parser's field lists as they are.
/// </summary>
public sealed class SnapshotRowMapper(IDeviceRowSink sink) : IDrillDownWriter
{
    // The findings and errors made for a line, by the line's reference: the aggregator's cache hands over the same
    // ResultLine object for a repeated line, so most devices share lists made once (both sides are never changed).
    private readonly (ResultLine? Line, IReadOnlyList<SnapshotFinding> Findings, IReadOnlyList<SnapshotError> Errors)[] _made =
        new (ResultLine?, IReadOnlyList<SnapshotFinding>, IReadOnlyList<SnapshotError>)[256];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    public void Write(ManagedScript script, DeviceRow row, ResultLine pre, ResultLine post, string result, bool stale)
    {
        ref var made = ref _made[RuntimeHelpers.GetHashCode(pre) & (_made.Length - 1)];
        if (!ReferenceEquals(made.Line, pre))
        {
            made = (pre, Findings(pre.Findings), Errors(pre.Errors));
        }

        sink.Add(new DeviceSnapshotRow(
            row.DeviceId,
            row.DeviceName,
            row.UserName,
            row.LastReport,
            RunStateNames.Name(row.Detection),
            RunStateNames.Name(row.Remediation),
            result,
            made.Findings,
            made.Errors));
    }

    // Plain arrays, not read-only wrappers: the store reads every device's lists as spans (RowHash.Items), and a wrapper
    // costs an interface call per item there. Nothing on either side changes them.
    private static IReadOnlyList<SnapshotFinding> Findings(IReadOnlyList<LineFinding> findings)
    {
        if (findings.Count == 0)
        {
            return [];
        }

        var list = new SnapshotFinding[findings.Count];
        for (var i = 0; i < list.Length; i++)
        {
            KeyValuePair<string, string>[] fields = [.. findings[i].Fields];
            list[i] = new SnapshotFinding(findings[i].Rule, findings[i].Code, fields);
        }

        return list;
    }

    private static IReadOnlyList<SnapshotError> Errors(IReadOnlyList<LineError> errors)
    {
        if (errors.Count == 0)
        {
            return [];
        }

        var list = new SnapshotError[errors.Count];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = new SnapshotError(errors[i].Rule, errors[i].Code);
        }

        return list;
    }
}

/// <summary>Hands each parsed device to several drill-down writers (the CSV and the history's sinks).</summary>
public sealed class DrillDownFanOut(IReadOnlyList<IDrillDownWriter> writers) : IDrillDownWriter
{
    public static IDrillDownWriter? Of(params IDrillDownWriter?[] writers)
    {
        var present = writers.Where(w => w is not null).Cast<IDrillDownWriter>().ToList();
        return present.Count switch
        {
            0 => null,
            1 => present[0],
            _ => new DrillDownFanOut(present),
        };
    }

    public void Write(ManagedScript script, DeviceRow row, ResultLine pre, ResultLine post, string result, bool stale)
    {
        foreach (var writer in writers)
        {
            writer.Write(script, row, pre, post, result, stale);
        }
    }
}
