using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Report.Sources;
using nietras.SeparatedValues;

namespace AovpnRemediations.Report.Tests;

/// <summary>The export's CSV as Intune writes it: every device a record, whatever its output holds.</summary>
public sealed class ExportCsvTests
{
    private static readonly ManagedScript Script = new("s", "aovpn-trusted-cas", "Trusted CAs");

    private const string Header = "DeviceId,DeviceName,UPN,DetectionStatus,RemediationStatus,ModifiedTime,PreRemediationDetectionScriptOutput,PreRemediationDetectionScriptError";

    private static List<DeviceRow> Read(string text)
    {
        var rows = new List<DeviceRow>();
        ExportJobSource.ReadCsv(new StringReader(text), Script, rows.Add, NoProgress.Instance, CancellationToken.None);
        return rows;
    }

    [Fact]
    public void Quoted_fields_keep_their_commas_doubled_quotes_and_CRLF_line_breaks()
    {
        // A detection output of two lines (a warning, then the result line) is one quoted field with a CRLF inside.
        var output = "WARNING: module loading\r\n{\"schema\":1,\"package\":\"aovpn-trusted-cas\",\"status\":\"ok\",\"findings\":[]}";
        var text = Header + "\r\n"
            + $"d1,\"DESKTOP, 1\",u1@example.net,1,0,2026-01-15T07:00:00,\"{output.Replace("\"", "\"\"", StringComparison.Ordinal)}\",\"said \"\"no\"\"\r\nthen stopped\"\r\n"
            + "d2,DESKTOP-2,u2@example.net,2,0,2026-01-15T07:00:00,,\r\n";
        var rows = Read(text);

        Assert.Equal(2, rows.Count);
        Assert.Equal("DESKTOP, 1", rows[0].DeviceName);
        Assert.Equal(output, rows[0].PreOutput);
        Assert.Equal("said \"no\"\r\nthen stopped", rows[0].PreError);
        Assert.Equal(DetectionState.Success, rows[0].Detection);
        Assert.Equal("d2", rows[1].DeviceId);
        Assert.Equal(DetectionState.Fail, rows[1].Detection);
        Assert.Equal("", rows[1].PreOutput);
    }

    [Fact]
    public void Fields_are_unquoted_exactly_as_Sep_unescapes_them_whatever_their_quotes()
    {
        // Sep's own unescaping is the oracle: random rows of quotes, commas, line breaks and text, read once with Sep
        // unescaping and once raw through CsvField, must give the same text in every column.
        var random = new Random(20261203);
        var alphabet = "ab\",\"\"\n ";
        var compared = 0;
        for (var i = 0; i < 4000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 14)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()) + "\n";
            List<string> expected;
            try
            {
                expected = Columns(text, unescape: true, raw => raw.ToString());
            }
            catch (InvalidDataException)
            {
                continue; // not CSV Sep reads at all
            }

            Assert.Equal(expected, Columns(text, unescape: false, raw => CsvField.Text(raw)));
            Assert.Equal(expected, Columns(text, unescape: false, raw => new RepeatedTexts().Text(raw)));
            compared++;
        }

        Assert.True(compared > 3000, $"only {compared} rows compared");

        static List<string> Columns(string text, bool unescape, Func<ReadOnlySpan<char>, string> read)
        {
            using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = unescape, DisableColCountCheck = true }).FromText(text);
            var columns = new List<string>();
            foreach (var row in reader)
            {
                for (var c = 0; c < row.ColCount; c++)
                {
                    columns.Add(read(row[c].Span));
                }

                columns.Add("<row>");
            }

            return columns;
        }
    }

    [Fact]
    public void A_repeated_output_is_the_same_string_and_a_changed_one_is_new()
    {
        var texts = new RepeatedTexts();
        var line = "\"{\"\"status\"\":\"\"ok\"\"}\"";
        var first = texts.Text(line);
        var second = texts.Text(line);
        var third = texts.Text(line);
        Assert.Equal("{\"status\":\"ok\"}", first);
        Assert.Same(second, third); // kept from its second sighting on
        Assert.Equal("{\"status\":\"issue\"}", texts.Text("\"{\"\"status\"\":\"\"issue\"\"}\""));
        Assert.Equal("", texts.Text(""));
    }

    [Fact]
    public void A_full_table_keeps_its_texts_while_it_serves_and_starts_over_once_a_span_of_misses_outnumbers_its_hits()
    {
        var texts = new RepeatedTexts();
        string Read(string raw) => texts.Text(raw);
        const int Capacity = RepeatedTexts.MaxTexts;
        var kept = new string[Capacity];
        for (var i = 0; i < kept.Length; i++)
        {
            Read($"kept {i}");
            kept[i] = Read($"kept {i}"); // the second sighting is the string kept
        }

        for (var i = 0; i < kept.Length; i++)
        {
            Assert.Same(kept[i], Read($"kept {i}")); // 1,024 hits
        }

        // Full: a text repeated now is read right but not kept (every read after its first is a miss).
        for (var i = 0; i < 400; i++)
        {
            Read($"late {i}");
            Assert.NotSame(Read($"late {i}"), Read($"late {i}"));
        }

        Assert.Same(kept[0], Read("kept 0")); // 800 misses, 1,025 hits

        // The span of 1,024 misses ends with 1,025 hits in it: the table stays, and both counts start again.
        for (var i = 0; i < Capacity - 800; i++)
        {
            Read($"more {i}");
            Read($"more {i}");
        }

        Assert.Same(kept[^1], Read($"kept {Capacity - 1}"));

        // The next span has two hits in 1,024 misses: the table stays until the span ends, then is emptied and keeps what
        // repeats now.
        for (var i = 0; i < Capacity; i++)
        {
            Read($"new {i}");
            Read($"new {i}");
            if (i == Capacity / 2)
            {
                Assert.Same(kept[^2], Read($"kept {Capacity - 2}"));
            }
        }

        Assert.NotSame(kept[0], Read("kept 0"));
        Assert.Same(Read($"new {Capacity - 1}"), Read($"new {Capacity - 1}"));
    }

    [Fact]
    public void Blank_lines_LF_endings_short_rows_and_header_case_are_tolerated()
    {
        var text = Header.ToUpperInvariant() + "\n\nd1,n1,u1,1\n\r\nd2,n2,u2,1,0,2026-01-15T07:00:00,out,err,extra\n";
        var rows = Read(text);
        Assert.Equal(["d1", "d2"], rows.Select(r => r.DeviceId));
        Assert.Null(rows[0].PreOutput); // the row stopped before the column
        Assert.Equal("out", rows[1].PreOutput);
    }

    [Fact]
    public void A_field_larger_than_any_buffer_arrives_whole()
    {
        var big = new string('q', 300_000);
        var rows = Read(Header + "\r\n" + $"d1,n1,u1,1,0,,\"{big}\r\n{big}\",\r\n");
        Assert.Equal(big + "\r\n" + big, Assert.Single(rows).PreOutput);
    }

    [Fact]
    public void An_empty_export_or_one_without_the_needed_columns_is_refused_with_the_reason()
    {
        Assert.Contains("not even a header line", Assert.Throws<ReportDataException>(() => Read("\r\n")).Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ReportDataException>(() => Read("DeviceName,UPN\r\nn,u\r\n"));
        Assert.Contains("lacks the column(s) DeviceId", missing.Message, StringComparison.Ordinal);
    }
}
