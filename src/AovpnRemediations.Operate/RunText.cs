using System.Globalization;
using System.Text;
using AovpnRemediations.Report.Parsing;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Operate;

/// <summary>What run prints: the selection, one line per trigger, the summary, and before/after result lines.</summary>
public static class RunText
{
    public static string Selection(RunSelection selection, bool dryRun)
    {
        var o = new StringBuilder();
        o.Append(CultureInfo.InvariantCulture, $"{(dryRun ? "Dry run: would run" : "Run")} \"{selection.Script.DisplayName}\" ({selection.Script.PackageId}, script {selection.Script.Id}) on {selection.Targets.Count} device(s):\n");
        foreach (var note in selection.Notes)
        {
            o.Append("  ").Append(note).Append('\n');
        }

        var width = Math.Min(40, selection.Targets.Select(t => t.Name.Length).DefaultIfEmpty(6).Max());
        foreach (var t in selection.Targets)
        {
            o.Append(CultureInfo.InvariantCulture, $"  {Cut(t.Name, 40).PadRight(width)}  {t.Id}  {t.User ?? "-"}  ({t.Via})\n");
        }

        foreach (var s in selection.Skipped)
        {
            o.Append(CultureInfo.InvariantCulture, $"  skip {Cut(s.Device, 60)}: {s.Reason}\n");
        }

        if (dryRun)
        {
            o.Append(selection.OverLimit
                ? $"Dry run: nothing was triggered. A real run would refuse: {Runner.OverLimitMessage(selection)}\n"
                : "Dry run: nothing was triggered.\n");
        }

        return o.ToString();
    }

    public static string Trigger(TriggerResult r) => r.Outcome switch
    {
        TriggerOutcome.Accepted => $"triggered {r.Target.Name} ({r.Target.Id})",
        TriggerOutcome.Landed => $"triggered {r.Target.Name} ({r.Target.Id}): the answer was lost, the device's action results show it landed; not sent again",
        _ => $"failed    {r.Target.Name} ({r.Target.Id}): {r.Reason}",
    };

    public static string Summary(RunResult result) =>
        $"Run: {result.Triggered} device(s) triggered"
        + (result.Landed > 0 ? $" ({result.Landed} whose answer was lost, found landed in deviceActionResults)" : "")
        + $", {result.Failed} failed; {result.Sends} trigger request(s) sent. Results reach Intune minutes later: `report`, or run with --wait.";

    /// <summary>A device's result line as the report reads it: status, findings, checks that could not run.</summary>
    public static string Describe(DeviceRow? row)
    {
        if (row is null)
        {
            return "(no result)";
        }

        var line = ResultLineParser.Parse(row.PreOutput);
        var when = row.LastReport?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "never";
        var what = line.Kind switch
        {
            LineKind.Ours => line.Status + Codes(line.Findings.Select(f => $"{f.Rule}/{f.Code}"), " ")
                + (line.Errors.Count == 0 ? "" : " could not check " + string.Join(", ", line.Errors.Take(3).Select(e => $"{e.Rule}/{e.Code}"))),
            LineKind.Empty => RunStateNames.Name(row.Detection),
            LineKind.NotOurs => "not a result line of this tool",
            _ => "not JSON",
        };
        return $"{what} ({when})";
    }

    public static IEnumerable<string> Wait(IReadOnlyList<WaitResult> results, TimeSpan timeout)
    {
        foreach (var r in results)
        {
            var after = r.After is not null
                ? Describe(r.After)
                : r.ActionState is "failed" or "canceled" or "notSupported"
                    ? $"the action {r.ActionState}"
                    : $"no new result within {timeout.TotalMinutes:0} min (action {r.ActionState ?? "not seen"}; the device may be offline)";
            yield return $"{Cut(r.Target.Name, 40)}: before {Describe(r.Before)} -> after {after}";
        }

        var reported = results.Count(r => r.After is not null);
        yield return $"Wait: {reported} of {results.Count} device(s) reported a new result.";
    }

    /// <summary>Distinct codes, the first three, and how many more.</summary>
    private static string Codes(IEnumerable<string> codes, string prefix)
    {
        var distinct = codes.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 0 ? "" : prefix + string.Join(", ", distinct.Take(3)) + (distinct.Count > 3 ? $" +{distinct.Count - 3}" : "");
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 3), "...");
}
