using System.Globalization;
using System.Text;
using AovpnRemediations.Catalogue.KnowledgeBase;
using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Report.Aggregation;
using AovpnRemediations.Report.Graph;
using AovpnRemediations.Report.Parsing;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Report.Output;

/// <summary>
/// The drill-down CSV: one row per device and finding (a device without findings gets one row with empty rule and code),
/// written as each device is parsed. Cells that a spreadsheet would run as a formula are prefixed with a quote, since
/// device text is untrusted.
/// </summary>
public sealed class DrillDownCsvWriter(TextWriter output) : IDrillDownWriter
{
    public static readonly IReadOnlyList<string> Header =
    [
        "package", "device_id", "device_name", "user", "last_report", "stale", "detection_state", "result",
        "rule", "code", "details", "error_code", "error_hex", "error_symbol", "still_after_remediation", "remediation_state",
    ];

    private static readonly string ErrorField = FindingField.Error.JsonName();
    private readonly StringBuilder _line = new(512);
    private bool _headerWritten;

    public long Rows { get; private set; }

    public void Write(ManagedScript script, DeviceRow row, ResultLine pre, ResultLine post, string result, bool stale)
    {
        if (!_headerWritten)
        {
            output.Write(string.Join(',', Header));
            output.Write("\r\n");
            _headerWritten = true;
        }

        if (pre.Findings.Count == 0)
        {
            WriteRow(script, row, result, stale, null, post);
            return;
        }

        foreach (var finding in pre.Findings)
        {
            WriteRow(script, row, result, stale, finding, post);
        }
    }

    /// <summary>Writes the header when no device was written (an empty fleet still gives a valid CSV).</summary>
    public void Complete()
    {
        if (!_headerWritten)
        {
            output.Write(string.Join(',', Header));
            output.Write("\r\n");
            _headerWritten = true;
        }

        output.Flush();
    }

    private void WriteRow(ManagedScript script, DeviceRow row, string result, bool stale, LineFinding? finding, ResultLine post)
    {
        _line.Clear();
        Cell(script.PackageId);
        Cell(row.DeviceId, untrusted: true);
        Cell(row.DeviceName, untrusted: true);
        Cell(row.UserName, untrusted: true);
        Cell(row.LastReport?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "");
        Cell(stale ? "true" : "false");
        Cell(RunStateNames.Name(row.Detection));
        Cell(result);
        if (finding is null)
        {
            Cell("");
            Cell("");
            Cell("");
            Cell("");
            Cell("");
            Cell("");
            Cell("");
        }
        else
        {
            Cell(finding.Rule, untrusted: true);
            Cell(finding.Code, untrusted: true);
            Cell(string.Join("; ", finding.Fields.Where(f => f.Key != ErrorField).Select(f => $"{f.Key}={f.Value}")), untrusted: true);
            if (ErrorCodeValue.TryParse(finding.Field(ErrorField), out var code))
            {
                Cell(code.ToString(CultureInfo.InvariantCulture));
                Cell(ErrorCodeValue.Hex(code));
                Cell(ConnectionErrorCodes.Find(code)?.Symbol ?? "");
            }
            else
            {
                Cell(finding.Field(ErrorField) ?? "", untrusted: true);
                Cell("");
                Cell("");
            }

            Cell(!post.IsOurs ? "" : post.Findings.Any(f => f.Rule == finding.Rule && f.Code == finding.Code) ? "true" : "false");
        }

        Cell(RunStateNames.Name(row.Remediation), last: true);
        _line.Append("\r\n");
        output.Write(_line);
        Rows++;
    }

    private void Cell(string value, bool untrusted = false, bool last = false)
    {
        AppendCell(_line, value, untrusted);
        if (!last)
        {
            _line.Append(',');
        }
    }

    /// <summary>One CSV cell: quoted when it must be, and a device's text that a spreadsheet would run as a formula prefixed with a quote.</summary>
    public static void AppendCell(StringBuilder line, string value, bool untrusted)
    {
        if (untrusted && value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !(value[0] == '-' && value.Length > 1 && char.IsAsciiDigit(value[1])))
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            line.Append(value);
        }
    }
}
