using System.Globalization;
using System.Text;
using AovpnRemediations.History.Changes;
using AovpnRemediations.Report.History;
using Spectre.Console;
using static AovpnRemediations.Report.Output.SvgCharts;

namespace AovpnRemediations.Report.Output;

/// <summary>What <c>report diff</c> shows: per package, the changes between two stored snapshots and the trend over the stored ones.</summary>
public sealed record ChangesReport(DateTimeOffset GeneratedAt, string Store, IReadOnlyList<PackageChanges> Packages);

/// <summary>
/// The changes between snapshots as console tables, CSV (one row per changed device), JSON, an HTML page, and the "What
/// changed" section the report's own page carries. Device text is encoded where it is written, as everywhere in the report.
/// </summary>
public static class ChangesWriter
{
    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "package", "from_snapshot", "to_snapshot", "change", "kind", "rule", "code", "device_id", "device_name", "user", "last_report", "status", "detail", "previously_failing_at",
    ];

    public static void Write(ChangesReport report, ReportFormat format, TextWriter output, IAnsiConsole? terminal)
    {
        switch (format)
        {
            case ReportFormat.Json:
                output.Write(System.Text.Json.JsonSerializer.Serialize(report, JsonReportWriter.Options));
                output.Write('\n');
                break;
            case ReportFormat.Csv:
                WriteCsv(report, output);
                break;
            case ReportFormat.Html:
                HtmlReportWriter.WritePage(output, "Always On VPN fleet changes", $"History store {report.Store}, generated {report.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC.",
                    sb => Section(sb, report.Packages));
                break;
            case ReportFormat.Table:
                WriteTables(report, terminal ?? TableWriter.PlainConsole(output), terminal is null);
                break;
            default:
                throw new ReportInputException($"report diff writes table, csv, json or html, not {format.ToString().ToLowerInvariant()}.");
        }
    }

    /// <summary>The "What changed" section: per package, the counts, a trend chart per finding and the changed devices.</summary>
    public static void Section(StringBuilder sb, IReadOnlyList<PackageChanges> packages)
    {
        sb.Append("<section id=\"changes\">\n<h2>What changed</h2>\n");
        if (packages.Count == 0)
        {
            sb.Append("<p class=\"note\">No snapshot stored (the store is off, or nothing was read).</p>\n");
        }

        foreach (var changes in packages)
        {
            var package = changes.Trend.PackageId;
            sb.Append(CultureInfo.InvariantCulture, $"<section class=\"package-changes\" id=\"changes-{Encode(package)}\">\n<h3><code>{Encode(package)}</code></h3>\n");
            if (changes.Diff is not { } diff)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Snapshot {changes.SnapshotId} is the first of this package in the store: nothing to compare with yet.</p>\n");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Snapshot {diff.From.Id} ({diff.From.TakenAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC) to snapshot {diff.To.Id} ({diff.To.TakenAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC); recurring: the finding was fixed and back within {diff.Options.RecurringDays} days; stale: no report for {diff.Options.StaleDays} days.</p>\n");
                sb.Append("<div class=\"cards\">");
                Card(sb, $"newly-{package}", "Newly failing", diff.NewlyFailing);
                Card(sb, $"recurring-{package}", "Recurring", diff.Recurring);
                Card(sb, $"fixed-{package}", "Fixed", diff.Fixed);
                Card(sb, $"stale-{package}", "Gone stale", diff.GoneStale);
                sb.Append("</div>\n");
                Rows(sb, ["Finding", "Kind", "Devices before", "Devices now", "Newly failing", "Recurring", "Fixed"],
                    diff.Findings.Select(f => new[] { $"{f.Rule} {f.Code}".Trim(), Kind(f.Kind), N(f.DevicesBefore), N(f.DevicesNow), N(f.NewlyFailing), N(f.Recurring), N(f.Fixed) }));
            }

            var trend = changes.Trend;
            if (trend.Snapshots.Count > 0)
            {
                var labels = trend.Snapshots.Select(s => s.TakenAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
                sb.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Fresh devices per finding in each of the {trend.Snapshots.Count} stored snapshots.</p>\n<div class=\"trends\">");
                var colour = 0;
                foreach (var finding in trend.Findings.Take(12))
                {
                    var name = $"{finding.Rule} {finding.Code}".Trim();
                    sb.Append(Lines($"chart-history-{package}-{finding.Rule}-{finding.Code}", $"{name}: fresh devices per snapshot", labels,
                        [new Series(name, Palette[colour++ % Palette.Length], finding.Devices)])).Append('\n');
                }

                sb.Append("</div>\n");
            }

            if (changes.Diff is { Devices.Count: > 0 } listed)
            {
                Rows(sb, ["Change", "Finding", "Device", "User", "Last report", "Status", "Detail"], listed.Devices.Select(d => new[]
                {
                    Change(d.Change), d.Rule is null ? "" : $"{d.Rule} {d.Code}".Trim(), d.DeviceName, d.UserPrincipalName,
                    d.LastReport?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "", d.Status, d.Detail,
                }));
                if (listed.DevicesCut)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">At most {listed.Options.MaxDevicesPerGroup} devices are listed per change and finding; the counts above are exact. <code>report diff --format csv</code> lists every device.</p>\n");
                }
            }

            sb.Append("</section>\n");
        }

        sb.Append("</section>\n");
    }

    private static readonly string[] Palette = ["#c05621", "#2b6cb0", "#2f855a", "#b7791f", "#6b46c1", "#c53030", "#2c7a7b", "#4a5568"];

    private static void WriteCsv(ChangesReport report, TextWriter output)
    {
        var line = new StringBuilder(512);
        output.Write(string.Join(',', CsvHeader));
        output.Write("\r\n");
        foreach (var diff in report.Packages.Select(p => p.Diff).OfType<SnapshotDiff>())
        {
            foreach (var d in diff.Devices)
            {
                line.Clear();
                string[] cells =
                [
                    diff.To.PackageId, diff.From.Id.ToString(CultureInfo.InvariantCulture), diff.To.Id.ToString(CultureInfo.InvariantCulture), Change(d.Change), Kind(d.Kind),
                    d.Rule ?? "", d.Code ?? "", d.DeviceId, d.DeviceName, d.UserPrincipalName, Iso(d.LastReport), d.Status, d.Detail, Iso(d.PreviouslyFailingAt),
                ];
                for (var i = 0; i < cells.Length; i++)
                {
                    DrillDownCsvWriter.AppendCell(line, cells[i], untrusted: i >= 5);
                    line.Append(i == cells.Length - 1 ? "\r\n" : ",");
                }

                output.Write(line);
            }
        }
    }

    private static void WriteTables(ChangesReport report, IAnsiConsole console, bool plain)
    {
        console.WriteLine($"Changes from the history store {report.Store}");
        foreach (var changes in report.Packages)
        {
            console.WriteLine();
            if (changes.Diff is not { } diff)
            {
                console.WriteLine($"{changes.Trend.PackageId}: snapshot {changes.SnapshotId} is the only one; nothing to compare.");
                continue;
            }

            console.WriteLine($"{diff.To.PackageId}: snapshot {diff.From.Id} ({diff.From.TakenAt.UtcDateTime:yyyy-MM-dd HH:mm}) -> {diff.To.Id} ({diff.To.TakenAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC): "
                + $"{diff.NewlyFailing:N0} newly failing, {diff.Recurring:N0} recurring, {diff.Fixed:N0} fixed, {diff.GoneStale:N0} gone stale.");
            var findings = NewTable(plain, "Finding", "Kind", "Before", "Now", "Newly failing", "Recurring", "Fixed");
            foreach (var f in diff.Findings)
            {
                findings.AddRow(Cell($"{f.Rule} {f.Code}".Trim()), Cell(Kind(f.Kind)), Cell(N(f.DevicesBefore)), Cell(N(f.DevicesNow)), Cell(N(f.NewlyFailing)), Cell(N(f.Recurring)), Cell(N(f.Fixed)));
            }

            console.Write(findings);
            if (diff.Devices.Count > 0)
            {
                var devices = NewTable(plain, "Change", "Finding", "Device", "User", "Last report", "Detail");
                foreach (var d in diff.Devices)
                {
                    devices.AddRow(Cell(Change(d.Change)), Cell(d.Rule is null ? "" : $"{d.Rule} {d.Code}"), Cell(d.DeviceName), Cell(d.UserPrincipalName),
                        Cell(d.LastReport?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? ""), Cell(d.Detail));
                }

                console.Write(devices);
                if (diff.DevicesCut)
                {
                    console.WriteLine($"(at most {diff.Options.MaxDevicesPerGroup:N0} devices per change and finding; --format csv with --devices lists more)");
                }
            }
        }
    }

    private static Spectre.Console.Table NewTable(bool plain, params string[] headers)
    {
        var table = new Spectre.Console.Table { Border = plain ? TableBorder.Ascii : TableBorder.Rounded };
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)));
        }

        return table;
    }

    private static Text Cell(string text) => new(text);

    private static void Card(StringBuilder sb, string id, string label, long value) =>
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"card\" id=\"card-{Encode(id)}\" data-value=\"{value}\"><b>{value:N0}</b>{Encode(label)}</div>");

    private static void Rows(StringBuilder sb, string[] headers, IEnumerable<string[]> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return;
        }

        sb.Append("<table>\n<tr>");
        foreach (var header in headers)
        {
            sb.Append("<th>").Append(Encode(header)).Append("</th>");
        }

        sb.Append("</tr>\n");
        foreach (var row in list)
        {
            sb.Append("<tr>");
            foreach (var cell in row)
            {
                sb.Append("<td>").Append(Encode(cell)).Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n");
    }

    public static string Change(ChangeKind change) => change switch
    {
        ChangeKind.NewlyFailing => "newly failing",
        ChangeKind.Recurring => "recurring",
        ChangeKind.Fixed => "fixed",
        _ => "gone stale",
    };

    private static string Kind(FindingKind kind) => kind == FindingKind.CheckError ? "check error" : "finding";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "";
}
