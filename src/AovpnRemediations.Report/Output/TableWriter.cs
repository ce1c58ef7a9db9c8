using System.Globalization;
using AovpnRemediations.Report.Model;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace AovpnRemediations.Report.Output;

/// <summary>
/// Console tables. On a terminal Spectre draws them with colour; redirected, the same tables come out as plain ASCII.
/// Device text is always passed as <see cref="Text"/>, never as markup, so a device cannot inject styling.
/// </summary>
public static class TableWriter
{
    public static void Write(FleetReport report, IAnsiConsole console, bool plain)
    {
        console.WriteLine($"Fleet report for {report.Tenant} at {report.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC; stale = no report for {report.StaleDays} days or more.");
        if (report.Packages.Count == 0)
        {
            console.WriteLine("No managed remediation found in the tenant (scripts whose description carries [managed-by:" + Contracts.OwnershipMarker.Tool + " package:...]). Run `apply` first.");
            return;
        }

        foreach (var package in report.Packages)
        {
            WritePackage(package, console, plain);
        }

        if (report.ErrorCodes.Count > 0 && report.Packages.Count > 1)
        {
            console.WriteLine();
            console.WriteLine("Connection error codes across packages");
            console.Write(ErrorCodes(report.ErrorCodes, plain));
        }
    }

    public static IAnsiConsole PlainConsole(TextWriter output, int width = 160)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        return console;
    }

    private static void WritePackage(PackageReport p, IAnsiConsole console, bool plain)
    {
        console.WriteLine();
        console.Write(plain ? new Text($"{p.DisplayName} ({p.PackageId})") : new Text($"{p.DisplayName} ({p.PackageId})", new Style(decoration: Decoration.Bold)));
        console.WriteLine();
        var fresh = p.Devices - p.Stale.Devices;
        console.WriteLine($"  {p.Devices:N0} devices read from {p.Source} ({fresh:N0} reported within the window, {p.Stale.Devices:N0} stale); Intune's run summary counts {p.RunSummary.DeviceCount:N0}.");

        var statuses = NewTable(plain, "Result", "Devices", "Share");
        foreach (var (status, count) in p.Statuses.OrderByDescending(s => s.Value))
        {
            statuses.AddRow(Cell(status), Number(count), Cell(Share(count, fresh)));
        }

        if (p.Stale.Devices > 0)
        {
            statuses.AddRow(Cell("stale (apart)"), Number(p.Stale.Devices), Cell(string.Join(", ", p.Stale.ByStatus.Select(s => $"{s.Key} {s.Value:N0}"))));
        }

        console.Write(statuses);

        if (p.Findings.Count > 0)
        {
            var findings = NewTable(plain, "Rule", "Code", "Devices", "Still after remediation", "Most affected by", "Meaning");
            foreach (var f in p.Findings)
            {
                var top = f.Values.Select(v => v.Value.FirstOrDefault() is { } best ? $"{v.Key}={best.Value} ({best.Count:N0})" : null).Where(v => v is not null);
                findings.AddRow(Cell(f.Rule), Cell(f.Code), Number(f.Devices), Number(f.StillAfterRemediation), Cell(string.Join("\n", top)), Cell(f.Meaning ?? "(not in this version's catalogue)"));
            }

            console.Write(findings);
        }

        if (p.ErrorCodes.Count > 0)
        {
            console.Write(ErrorCodes(p.ErrorCodes, plain));
        }

        if (p.Remediation.States.Count + p.Remediation.AfterRemediation.Count + p.Remediation.ScriptResults.Count > 0)
        {
            var remediation = NewTable(plain, "Remediation", "Outcome", "Devices");
            foreach (var (state, count) in p.Remediation.States)
            {
                remediation.AddRow(Cell("Intune remediation state"), Cell(state), Number(count));
            }

            foreach (var (state, count) in p.Remediation.AfterRemediation)
            {
                remediation.AddRow(Cell("detection after remediation"), Cell(state), Number(count));
            }

            foreach (var (state, count) in p.Remediation.ScriptResults)
            {
                remediation.AddRow(Cell("remediation script line"), Cell(state), Number(count));
            }

            foreach (var action in p.Remediation.Actions)
            {
                remediation.AddRow(Cell("action taken"), Cell(action.Value), Number(action.Count));
            }

            console.Write(remediation);
        }

        WriteMessages(console, plain, "Checks that could not run (grouped)", p.CheckErrors);
        WriteMessages(console, plain, "Script error output (grouped)", p.ScriptErrorOutput);

        if (p.Unparsed.Count > 0)
        {
            var unparsed = NewTable(plain, "Output", "Not JSON", "Not ours", "Example");
            foreach (var u in p.Unparsed)
            {
                unparsed.AddRow(Cell(u.Slot), Number(u.NotJson), Number(u.NotOurs), Cell(u.Example ?? ""));
            }

            console.Write(unparsed);
        }

        if (p.History.Count > 0)
        {
            var history = NewTable(plain, "Day", "Remediated", "No issue", "Detection failed");
            foreach (var day in p.History.TakeLast(7))
            {
                history.AddRow(Cell(day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), Number(day.RemediatedDeviceCount), Number(day.NoIssueDeviceCount), Number(day.DetectFailedDeviceCount));
            }

            console.Write(history);
        }
    }

    private static Table ErrorCodes(IReadOnlyList<ErrorCodeSummary> codes, bool plain)
    {
        var table = NewTable(plain, "Error", "Hex", "Symbol", "Devices", "Events", "Meaning", "What to check");
        foreach (var e in codes.Take(25))
        {
            table.AddRow(Cell(e.Code.ToString(CultureInfo.InvariantCulture)), Cell(e.Hex), Cell(e.Symbol ?? "?"), Number(e.Devices), Number(e.Events),
                Cell(e.Meaning ?? "Not in the knowledge base."), Cell(e.WhatToCheck ?? ""));
        }

        return table;
    }

    private static void WriteMessages(IAnsiConsole console, bool plain, string title, IReadOnlyList<MessageGroup> groups)
    {
        if (groups.Count == 0)
        {
            return;
        }

        var table = NewTable(plain, title, "Devices", "Example");
        foreach (var g in groups.Take(15))
        {
            table.AddRow(Cell(g.Key), Number(g.Count), Cell(g.Example ?? ""));
        }

        console.Write(table);
    }

    private static Table NewTable(bool plain, params string[] columns)
    {
        var table = new Table { Border = plain ? TableBorder.Ascii : TableBorder.Rounded, Expand = false };
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column)));
        }

        return table;
    }

    private static Text Cell(string text) => new(text);

    private static IRenderable Number(long value) => new Text(value.ToString("N0", CultureInfo.InvariantCulture)).RightJustified();

    private static string Share(long count, long total) =>
        total == 0 ? "" : (100.0 * count / total).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
