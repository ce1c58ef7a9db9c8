using System.Globalization;
using System.Text;
using AovpnRemediations.Report.Model;
using static AovpnRemediations.Report.Output.SvgCharts;

namespace AovpnRemediations.Report.Output;

/// <summary>
/// One self-contained HTML page: inline CSS and SVG charts, no script, no font, no external reference, and a
/// Content-Security-Policy that would block any script that slipped in. Every text that came from a device is
/// HTML-encoded where it is written (detection output is untrusted).
/// </summary>
public static class HtmlReportWriter
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1a202c;max-width:1200px}
        h1{font-size:1.6em;margin-bottom:4px}h2{margin-top:36px;border-bottom:2px solid #e2e8f0;padding-bottom:4px}h3{margin-top:24px}
        .meta{color:#4a5568}.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
        .card{border:1px solid #e2e8f0;border-radius:6px;padding:10px 16px;min-width:120px}.card b{display:block;font-size:1.5em}
        table{border-collapse:collapse;margin:8px 0 16px;font-size:.9em}th,td{border:1px solid #e2e8f0;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f7fafc}td.n{text-align:right;font-variant-numeric:tabular-nums}.note{color:#4a5568;font-size:.9em}
        svg.chart text{font-size:12px;fill:#2d3748}code{font-size:.9em}.trends svg.chart{width:400px;height:auto}
        """;

    public static void Write(FleetReport report, TextWriter output) =>
        WritePage(output, "Always On VPN fleet report",
            $"Tenant {report.Tenant}, generated {report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC. Stale: no report for {report.StaleDays} days or more; stale devices are counted apart and nowhere else.",
            sb =>
            {
                Overview(sb, report);
                if (report.Packages.Any(p => p.Changes is not null))
                {
                    ChangesWriter.Section(sb, report.Packages.Select(p => p.Changes).OfType<History.PackageChanges>().ToList());
                }

                foreach (var package in report.Packages)
                {
                    Package(sb, package);
                }
            });

    /// <summary>The page shell every HTML output shares: the CSP (no script can run), inline style, a title and a meta line (plain text, encoded here).</summary>
    public static void WritePage(TextWriter output, string title, string meta, Action<StringBuilder> body)
    {
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>").Append(Encode(title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        sb.Append("<h1>").Append(Encode(title)).Append("</h1>\n");
        sb.Append("<p class=\"meta\">").Append(Encode(meta)).Append("</p>\n");
        body(sb);
        sb.Append("<p class=\"note\">Made by aovpn-remediations report. Intune reports recurring scripts only on change for 6 days and in full every 7 days, so the newest state of a device can lag by up to a week.</p>\n");
        sb.Append("</body>\n</html>\n");
        output.Write(sb);
    }

    private static void Overview(StringBuilder sb, FleetReport report)
    {
        var statuses = report.Packages.SelectMany(p => p.Statuses).GroupBy(s => s.Key, StringComparer.Ordinal)
            .Select(g => new Bar(g.Key, g.Sum(s => s.Value))).OrderByDescending(b => b.Value).ThenBy(b => b.Label, StringComparer.Ordinal).ToList();
        var stale = report.Packages.Sum(p => p.Stale.Devices);
        var devices = report.Packages.Sum(p => p.Devices);
        sb.Append("<section id=\"overview\">\n<div class=\"cards\">");
        Card(sb, "devices", "Device reports", devices);
        Card(sb, "issue", "With an issue", statuses.Where(s => s.Label == "issue").Sum(s => s.Value));
        Card(sb, "error", "Could not check", statuses.Where(s => s.Label == "error").Sum(s => s.Value));
        Card(sb, "stale", "Stale", stale);
        Card(sb, "unparsed", "Output not ours / not JSON", statuses.Where(s => s.Label is "notOurs" or "notJson").Sum(s => s.Value));
        sb.Append("</div>\n");

        sb.Append("<h2>Devices by result</h2>\n");
        var parts = statuses.ToList();
        if (stale > 0)
        {
            parts.Add(new Bar("stale", stale));
        }

        sb.Append(Stacked("chart-status", "Devices by result", parts)).Append('\n');

        sb.Append("<h2>Top findings</h2>\n");
        sb.Append(Bars("chart-findings", "Devices per finding", report.TopFindings.Take(15)
            .Select(f => new Bar($"{f.Rule} {f.Code}", f.Devices, f.Meaning)).ToList(), "#c05621")).Append('\n');

        sb.Append("<h2>Connection error codes</h2>\n");
        sb.Append(Bars("chart-errors", "Devices per connection error code", report.ErrorCodes.Take(15)
            .Select(e => new Bar($"{e.Code} {e.Symbol ?? e.Hex}", e.Devices, e.Meaning)).ToList(), "#c53030")).Append('\n');

        sb.Append("<h2>Remediation trend</h2>\n");
        var days = report.Packages.SelectMany(p => p.History).GroupBy(d => d.Date).OrderBy(g => g.Key).ToList();
        sb.Append(Lines("chart-trend", "Devices per day (getRemediationHistory)",
            days.Select(d => d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList(),
            [
                new Series("remediated", "#2b6cb0", days.Select(d => (long)d.Sum(x => x.RemediatedDeviceCount)).ToList()),
                new Series("no issue", "#2f855a", days.Select(d => (long)d.Sum(x => x.NoIssueDeviceCount)).ToList()),
                new Series("detection failed", "#c53030", days.Select(d => (long)d.Sum(x => x.DetectFailedDeviceCount)).ToList()),
            ])).Append('\n');
        sb.Append("</section>\n");
    }

    private static void Package(StringBuilder sb, PackageReport p)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<section class=\"package\" id=\"package-{Encode(p.PackageId)}\">\n<h2>{Encode(p.DisplayName)} <code>{Encode(p.PackageId)}</code></h2>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{p.Devices:N0} device reports from <b>{Encode(p.Source)}</b>; {p.Stale.Devices:N0} stale (last report before {p.Stale.Before.UtcDateTime:yyyy-MM-dd}); Intune's run summary: {p.RunSummary.NoIssueDetectedDeviceCount:N0} without issue, {p.RunSummary.IssueDetectedDeviceCount:N0} with issue, {p.RunSummary.DetectionScriptErrorDeviceCount:N0} errors, {p.RunSummary.IssueRemediatedDeviceCount:N0} remediated.");
        if (p.TruncatedLines > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $" {p.TruncatedLines:N0} result lines were cut at 2,048 characters: their finding counts are lower bounds.");
        }

        sb.Append("</p>\n");

        Table(sb, "Results", ["Result", "Devices"], p.Statuses.OrderByDescending(s => s.Value).Select(s => new[] { s.Key, N(s.Value) }));
        if (p.Stale.Devices > 0)
        {
            Table(sb, "Stale devices, by their last result", ["Last result", "Devices"], p.Stale.ByStatus.Select(s => new[] { s.Key, N(s.Value) }));
        }

        Table(sb, "Findings", ["Rule", "Code", "Severity", "Devices", "Findings", "Still after remediation", "Meaning", "Most affected by"],
            p.Findings.Select(f => new[]
            {
                f.Rule, f.Code, f.Severity ?? "", N(f.Devices), N(f.Occurrences), N(f.StillAfterRemediation),
                f.Meaning ?? "Not in this version's catalogue.",
                string.Join("\n", f.Values.SelectMany(v => v.Value.Take(3).Select(x => $"{v.Key} = {x.Value} ({x.Count:N0})"))) + (f.Exact ? "" : "\n(counts estimated: many distinct values)"),
            }));
        Table(sb, "Connection error codes (RasClient 20227)", ["Error", "Hex", "Symbol", "Devices", "Events", "Meaning", "Likely cause", "What to check", "Profiles"],
            p.ErrorCodes.Select(e => new[]
            {
                e.Code.ToString(CultureInfo.InvariantCulture), e.Hex, e.Symbol ?? "", N(e.Devices), N(e.Events), e.Meaning ?? "Not in the knowledge base.",
                e.LikelyCause ?? "", e.WhatToCheck ?? "", string.Join(", ", e.Profiles.Select(x => $"{x.Value} ({x.Count:N0})")),
            }));
        Table(sb, "Remediation", ["What", "Outcome", "Devices"],
            p.Remediation.States.Select(s => new[] { "Intune remediation state", s.Key, N(s.Value) })
                .Concat(p.Remediation.AfterRemediation.Select(s => new[] { "Detection after remediation", s.Key, N(s.Value) }))
                .Concat(p.Remediation.ScriptResults.Select(s => new[] { "Remediation script result", s.Key, N(s.Value) }))
                .Concat(p.Remediation.Actions.Select(a => new[] { "Action taken", a.Value, N(a.Count) })));
        Table(sb, "Checks that could not run", ["Rule, code and message (normalised)", "Count", "Example"], p.CheckErrors.Select(g => new[] { g.Key, N(g.Count), g.Example ?? "" }));
        Table(sb, "Script error output", ["Message (normalised)", "Count", "Example"], p.ScriptErrorOutput.Select(g => new[] { g.Key, N(g.Count), g.Example ?? "" }));
        Table(sb, "Output that is not a result line of this tool", ["Output", "Not JSON", "Not ours", "Example"], p.Unparsed.Select(u => new[] { u.Slot, N(u.NotJson), N(u.NotOurs), u.Example ?? "" }));
        Table(sb, "Script versions reporting", ["Version", "Devices"], p.Versions.Select(v => new[] { v.Value, N(v.Count) }));
        sb.Append("</section>\n");
    }

    private static void Card(StringBuilder sb, string id, string label, long value) =>
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"card\" id=\"card-{id}\" data-value=\"{value}\"><b>{value:N0}</b>{Encode(label)}</div>");

    private static void Table(StringBuilder sb, string title, string[] headers, IEnumerable<string[]> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return;
        }

        sb.Append("<h3>").Append(Encode(title)).Append("</h3>\n<table>\n<tr>");
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
                var numeric = cell.Length > 0 && cell.All(c => char.IsAsciiDigit(c) || c == ',');
                sb.Append(numeric ? "<td class=\"n\">" : "<td>").Append(Encode(cell).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
